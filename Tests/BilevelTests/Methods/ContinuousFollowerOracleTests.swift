@testable import Bilevel
import BilevelTestSupport
import Foundation
import XCTest

/// The oracle against the solver where the solver is already exact: the generated models with
/// every follower variable made continuous (LP followers; integer leader variables, coupling rows,
/// both senses). Agreement here checks the oracle's vertex enumeration and its optimistic reading
/// against an implementation that shares no code with it.
final class ContinuousFollowerOracleTests: XCTestCase {
    func testOracleMatchesSolverOnLPFollowers() {
        var agreed = 0, optimal = 0, infeasible = 0
        // 150 seeds in CI; `BILEVEL_ORACLE_SEEDS=2000 swift test --filter ContinuousFollowerOracleTests` goes deeper.
        // `auto` races two branching orders on most of these (integer linking): `PortfolioRace`.
        let seeds = UInt64(ProcessInfo.processInfo.environment["BILEVEL_ORACLE_SEEDS"] ?? "") ?? 150
        var raced = 0
        for seed in UInt64(1)...seeds {
            let model = Self.lpFollowerModel(seed: seed, suffix: "lp")
            let oracle = MIBLPOracle.solve(model)
            switch oracle {
            case .optimal: optimal += 1
            case .infeasible: infeasible += 1
            case .unsupported(let why): XCTFail("seed \(seed): oracle refused: \(why)")
            }
            if let p = try? PreparedProblem(model), PortfolioRace.applies(p, options: SolveOptions()) { raced += 1 }
            if let problem = IntegerFollowerOracleTests.compare(model, oracle: oracle) {
                XCTFail("seed \(seed) (LP follower): \(problem)")
            } else {
                agreed += 1
            }
        }
        print("ContinuousFollowerOracleTests: \(agreed)/\(seeds) agree"
              + " (oracle: \(optimal) optimal, \(infeasible) infeasible; \(raced) raced)")
        XCTAssertGreaterThan(raced, 0, "no model ran the race")
    }

    /// The same models with every one-sided follower row that holds leader variables rewritten as an
    /// equality with a bounded follower slack (`A x + B y − s = lo`, `0 ≤ s ≤` the row's largest
    /// activity − lo): the same bilevel problem, but the rows' multipliers are free, so the
    /// strong-duality row needs their proven bounds (`KKTSystem.boundFreeMultipliers`) to enter the
    /// relaxation. The leader's variables are also shifted by 3 (`x' = x + 3`, rows' sides and the
    /// objective's constant adjusted), so that the envelopes' constants, products of a leader bound
    /// and a multiplier bound, are not zero. The oracle enumerates the model as generated (the slacks
    /// are functions of x and y: the same optimum; it takes at most three continuous variables a
    /// level); the solver solves the rewritten one and must agree on every seed.
    func testOracleMatchesSolverWithEqualityRows() throws {
        // 400 seeds in CI: a wrong sign in an envelope's constant first showed at seed 300.
        let seeds = UInt64(ProcessInfo.processInfo.environment["BILEVEL_ORACLE_SEEDS"] ?? "") ?? 400
        var rewritten = 0, bounded = 0
        for seed in UInt64(1)...seeds {
            var model = Self.lpFollowerModel(seed: seed, suffix: "eq")
            let oracle = MIBLPOracle.solve(model)
            guard Self.rewriteAsEqualities(&model) else { continue }
            Self.shiftLeaders(&model, by: 3)
            rewritten += 1
            let p = try PreparedProblem(model)
            let kkt = try p.kkt(SolveOptions())
            if kkt.multipliers.contains(where: { $0.isFree && kkt.columnLower[$0.column].isFinite }) { bounded += 1 }
            if let problem = IntegerFollowerOracleTests.compare(model, oracle: oracle) {
                XCTFail("seed \(seed) (equality rows): \(problem)")
            }
        }
        print("ContinuousFollowerOracleTests: \(rewritten) models with equality rows, \(bounded) with a bounded "
              + "free multiplier")
        XCTAssertGreaterThan(bounded, 0, "no free multiplier was bounded")
    }

    /// The same models with each follower row's follower coefficients replaced by ±(the row's first
    /// magnitude), which often makes the follower's matrix totally unimodular: where
    /// `KKTSystem.boundMultipliersAtVertices` recognizes it, its multipliers are bounded at the dual
    /// polyhedron's vertices. A bound that cut off an optimal dual a bilevel-feasible point needs
    /// would lose that point: `auto`, the strong-duality MILP (exact on most of these) and the big-M
    /// MILP (where its Ms are proven) must each agree with the oracle on every seed.
    func testOracleMatchesSolverOnUnimodularFollowers() throws {
        let seeds = UInt64(ProcessInfo.processInfo.environment["BILEVEL_ORACLE_SEEDS"] ?? "") ?? 300
        var recognized = 0, exactDuality = 0, provenBigM = 0
        for seed in UInt64(1)...seeds {
            var model = Self.lpFollowerModel(seed: seed, suffix: "tu")
            Self.equalizeFollowerMagnitudes(&model)
            guard let p = try? PreparedProblem(model) else { continue }
            var kkt = KKTSystem(p.canonical)
            guard kkt.boundMultipliersAtVertices() > 0 else { continue }
            recognized += 1
            let oracle = MIBLPOracle.solve(model)
            for method in [MethodChoice.auto, .duality] {
                let options = SolveOptions(method: method, timeLimit: 30)
                if let problem = IntegerFollowerOracleTests.compare(model, oracle: oracle, options: options) {
                    XCTFail("seed \(seed) (unimodular follower, \(method.rawValue)): \(problem)")
                }
            }
            if let r = try? model.solve(SolveOptions(method: .duality, timeLimit: 30)), r.method == .duality {
                exactDuality += 1
            }
            if let r = try? model.solve(SolveOptions(method: .bigm, timeLimit: 30)), r.bigM == .proven {
                provenBigM += 1
                let options = SolveOptions(method: .bigm, timeLimit: 30)
                if let problem = IntegerFollowerOracleTests.compare(model, oracle: oracle, options: options) {
                    XCTFail("seed \(seed) (unimodular follower, bigm): \(problem)")
                }
            }
        }
        print("ContinuousFollowerOracleTests: \(recognized) unimodular followers, \(exactDuality) solved by the "
              + "strong-duality MILP, \(provenBigM) with proven big-Ms")
        XCTAssertGreaterThan(recognized, 20, "too few followers recognized as unimodular")
        XCTAssertGreaterThan(exactDuality, 0, "the strong-duality MILP was never exact")
    }

    /// The same models with one follower variable copied (the same column in every row, the same
    /// bounds and follower cost; another leader cost): a tie the optimistic leader breaks, and what the
    /// presolve merges into one pair per bound (`KKTSystem.mergeParallelColumnPairs`; every variable is
    /// boxed here, so both bounds' pairs are merged, the subtler case). The search on complementarity
    /// must agree with the oracle on every seed.
    func testOracleMatchesSolverWithCopiedFollowerVariables() throws {
        let seeds = UInt64(ProcessInfo.processInfo.environment["BILEVEL_ORACLE_SEEDS"] ?? "") ?? 300
        var merged = 0
        for seed in UInt64(1)...seeds {
            var model = Self.lpFollowerModel(seed: seed, suffix: "copy")
            guard Self.copyFollowerVariable(&model, seed: seed) else { continue }
            let oracle = MIBLPOracle.solve(model)
            if var kkt = try? PreparedProblem(model).kkt(SolveOptions()), kkt.mergeParallelColumnPairs() > 0 {
                merged += 1
            }
            let options = SolveOptions(method: .branch, timeLimit: 30)
            if let problem = IntegerFollowerOracleTests.compare(model, oracle: oracle, options: options) {
                XCTFail("seed \(seed) (copied follower variable): \(problem)")
            }
        }
        print("ContinuousFollowerOracleTests: \(merged) models with merged copies")
        XCTAssertGreaterThan(merged, Int(seeds) / 4, "too few copies merged")
    }

    /// Appends a copy of one follower variable (chosen by `seed`) with its bounds, its coefficients in
    /// every row and the follower's objective, and a leader cost that differs from the original's.
    /// False (and no copy) when the follower already has three variables (the oracle's limit).
    static func copyFollowerVariable(_ model: inout BilevelModel, seed: UInt64) -> Bool {
        let followers = model.variables.indices.filter { model.variables[$0].level == .follower }
        guard !followers.isEmpty, followers.count < MIBLPOracle.maxContinuousPerLevel else { return false }
        let original = followers[Int(seed % UInt64(followers.count))]
        var copy = model.variables[original]
        copy.name += "_copy"
        let j = model.addVariable(copy)
        func copied(_ terms: [LinearTerm]) -> [LinearTerm] {
            terms + terms.filter { $0.variable == original }
                .map { LinearTerm(variable: j, coefficient: $0.coefficient) }
        }
        for i in model.constraints.indices { model.constraints[i].terms = copied(model.constraints[i].terms) }
        model.followerObjective.terms = copied(model.followerObjective.terms)
        let leaderCost = model.leaderObjective.terms.filter { $0.variable == original }
            .reduce(0) { $0 + $1.coefficient }
        model.leaderObjective.terms.append(LinearTerm(variable: j, coefficient: leaderCost + (seed % 2 == 0 ? 1 : -2)))
        return true
    }

    /// Sets every follower coefficient of a follower row to ±(the magnitude of its first one).
    static func equalizeFollowerMagnitudes(_ model: inout BilevelModel) {
        for i in model.constraints.indices where model.constraints[i].level == .follower {
            let followerTerms = model.constraints[i].terms.indices.filter {
                model.variables[model.constraints[i].terms[$0].variable].level == .follower
                    && model.constraints[i].terms[$0].coefficient != 0
            }
            guard let first = followerTerms.first else { continue }
            let s = abs(model.constraints[i].terms[first].coefficient)
            for t in followerTerms {
                model.constraints[i].terms[t].coefficient = model.constraints[i].terms[t].coefficient > 0 ? s : -s
            }
        }
    }

    /// `RandomMIBLP`'s model of `seed` with every follower variable made continuous (an LP follower),
    /// its name suffixed.
    static func lpFollowerModel(seed: UInt64, suffix: String) -> BilevelModel {
        var model = RandomMIBLP.model(seed: seed)
        model.name += "-" + suffix
        for j in model.variables.indices where model.variables[j].level == .follower {
            model.variables[j].isInteger = false
        }
        return model
    }

    /// Replaces every leader variable x by x' = x + `offset`: bounds move by `offset`, each row's
    /// sides by `offset` times the variable's coefficient, the objectives' constants so that every
    /// point keeps its values.
    static func shiftLeaders(_ model: inout BilevelModel, by offset: Double) {
        for j in model.variables.indices where model.variables[j].level == .leader {
            model.variables[j].lower += offset
            model.variables[j].upper += offset
        }
        func shift(_ terms: [LinearTerm]) -> Double {
            terms.filter { model.variables[$0.variable].level == .leader }.reduce(0) { $0 + $1.coefficient * offset }
        }
        for i in model.constraints.indices {
            let moved = shift(model.constraints[i].terms)
            model.constraints[i].lower += moved
            model.constraints[i].upper += moved
        }
        model.leaderObjective.constant -= shift(model.leaderObjective.terms)
        model.followerObjective.constant -= shift(model.followerObjective.terms)
    }

    /// Rewrites each one-sided follower row with leader variables `lo ≤ a·v` (or `a·v ≤ hi`) as
    /// `a·v ∓ s = lo` (or `hi`) with a new follower variable `s ∈ [0, range]`, where `range` is how far
    /// the row's activity can get from its side over the variables' box. False when none was rewritten.
    static func rewriteAsEqualities(_ model: inout BilevelModel) -> Bool {
        var any = false
        for i in model.constraints.indices {
            let row = model.constraints[i]
            let hasLeader = row.terms.contains { model.variables[$0.variable].level == .leader }
            guard row.level == .follower, hasLeader, row.lower.isFinite != row.upper.isFinite else { continue }
            var low = 0.0, high = 0.0
            for t in row.terms {
                let v = model.variables[t.variable]
                low += min(t.coefficient * v.lower, t.coefficient * v.upper)
                high += max(t.coefficient * v.lower, t.coefficient * v.upper)
            }
            let atLower = row.lower.isFinite
            let range = atLower ? high - row.lower : row.upper - low
            guard range.isFinite, range > 0 else { continue }
            let s = model.variables.count
            model.variables.append(Variable(name: "slack_\(row.name)", lower: 0, upper: range, level: .follower))
            model.constraints[i].terms.append(LinearTerm(variable: s, coefficient: atLower ? -1 : 1))
            let side = atLower ? row.lower : row.upper
            (model.constraints[i].lower, model.constraints[i].upper) = (side, side)
            any = true
        }
        return any
    }
}
