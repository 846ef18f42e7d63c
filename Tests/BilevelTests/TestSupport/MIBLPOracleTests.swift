import Bilevel
import BilevelTestSupport
import Foundation
import XCTest

/// Validates the solver-free `MIBLPOracle` itself: literature instances with known optima, models
/// answered by hand, its refusals, and the coverage of `RandomMIBLP` over the first 200 seeds.
/// (A third check, against scipy's MILP solver, is run outside: see `OracleDumpTests`.)
final class MIBLPOracleTests: XCTestCase {
    // MARK: Literature

    /// A literature instance, the box that makes every bound finite, and its known optimum.
    struct LiteratureCase {
        var file: String
        var raw: BilevelModel
        var model: BilevelModel
        var known: Double
    }

    /// Boxes for the variables the files leave unbounded (name → (lower, upper)), with the reason
    /// each box changes no answer. "P" is the polyhedron of the follower rows, the leader rows in
    /// leader variables only and the bounds; its extent (LP relaxation, computed with scipy from the
    /// `OracleDumpTests` dump) is quoted. A box that contains P changes nothing: for x in the box
    /// the follower's feasible set already lies inside the box, and outside it the follower is
    /// infeasible.
    static let boxes: [String: [String: (Double, Double)]] = [
        // Bounded in the file.
        "mibsdoc_generalExample": [:],
        // P: x ∈ [0, 8], y ∈ [0, 4].
        "pao_toyexample1": ["x": (0, 10), "y": (0, 5)],
        // P: x ∈ [1, 10], y ∈ [0, 13.5].
        "pao_toyexample2": ["x": (0, 10), "y": (0, 30)],
        // Moore-Bard with free integers: P has x ∈ [0, 8], y ∈ [0, 4].
        "bjump_mibs_v3": ["x": (-2, 10), "y": (-2, 6)],
        "bjump_mibs_v4": ["x": (-2, 10), "y": (-2, 6)],
        // P: x ∈ [2, 6], y ∈ [0.3, 4], z ∈ (−∞, 1.04]. z is only in F (−z) and U1 (2x + 25z ≤ 30),
        // which every z ≤ 0 satisfies for x ≤ 6: raising a z < −3 to −3 lowers F, so no optimum has z < −3.
        "bjump_mibs_v5": ["x": (-2, 10), "y": (-2, 6), "z": (-3, 3)],
        // P: leader y ∈ [0.53, 8], follower x ∈ [0, 5.69], z ∈ [0, ∞). z is only in F (+z) and
        // U4 (z ≥ 0): any z > 3 is beaten by z = 0.
        "bjump_mibs_basic1": ["y": (-1, 9), "x": (-1, 9), "z": (0, 3)],
        // P is unbounded below in x. The follower (min y, y ≥ 2x − 7 (L1), y ≤ 4 + x/2 (L2), y ≤ 5
        // (L3)) answers y = 2x − 7, so F = −3x − 7y = 49 − 17x ≥ 134 > −53 for x ≤ −5: no optimum
        // there. For x ∈ [−5, 10] its feasible set lies in [2x − 7, 5] ⊂ [−17, 5] ⊂ the y box.
        "bjump_mibs_v2": ["x": (-5, 10), "y": (-20, 6)],
        // As v2 with binary z: y = 2x + 3z − 7, F = 2x + 10z − 4y = 28 − 6x − 2z ≥ 56 > −8 for
        // x ≤ −5; for x ∈ [−5, 10] the follower's set lies in [2x + 3z − 7, 5] ⊂ [−17, 5].
        "bjump_mibs_ex2": ["x": (-5, 10), "y": (-20, 6)],
    ]

    /// The cases of KNOWN.tsv. A missing index, a row without a numeric optimum, a file without its
    /// entry in `boxes` or a box naming an unknown variable throws (the tests fail; none is skipped).
    static func literature() throws -> [LiteratureCase] {
        let folder = "Tests/BilevelTests/Data/miblp-literature"
        var cases: [LiteratureCase] = []
        for fields in try Repository.tsvRows(folder + "/KNOWN.tsv", fields: 3) {
            guard let known = Double(fields[2]) else { throw CorpusError("KNOWN.tsv: no optimum for \(fields[0])") }
            guard let box = boxes[fields[0]] else { throw CorpusError("\(fields[0]): no entry in `boxes`") }
            let raw = try ModelFile.read(path: Repository.path("\(folder)/\(fields[0]).aux"))
            var model = raw
            model.name = fields[0] + "-boxed"
            for (name, (lower, upper)) in box {
                guard let j = model.variableIndex(named: name) else {
                    throw CorpusError("\(fields[0]): the box names \(name), which the model does not have")
                }
                model.variables[j].lower = max(model.variables[j].lower, lower)
                model.variables[j].upper = min(model.variables[j].upper, upper)
            }
            cases.append(LiteratureCase(file: fields[0], raw: raw, model: model, known: known))
        }
        return cases
    }

    func testLiteratureKnownOptima() throws {
        let cases = try Self.literature()
        var checked: [String] = []
        for c in cases {
            guard case .optimal(let value, let point) = MIBLPOracle.solve(c.model) else {
                XCTFail("\(c.file): oracle says \(MIBLPOracle.solve(c.model)), known optimum \(c.known)")
                continue
            }
            XCTAssertEqual(value, c.known, accuracy: 1e-6 * max(1, abs(c.known)), c.file)
            XCTAssertEqual(c.model.leaderObjective.value(at: point), value, accuracy: 1e-9 * max(1, abs(value)), c.file)
            checked.append(c.file)
        }
        let names = checked.joined(separator: ", ")
        print("MIBLPOracle literature: \(checked.count)/\(cases.count) known optima reproduced (\(names))")
        XCTAssertEqual(checked.count, cases.count)
        XCTAssertEqual(Set(cases.map(\.file)), Set(Self.boxes.keys), "every boxed file is in KNOWN.tsv")
    }

    // MARK: By hand

    /// MibS issue #45: min −x s.t. y ≤ 0 (leader row), y ∈ argmax{y : y ≤ 2}, x ∈ {0…5}. The follower
    /// always answers y = 2, which breaks the leader row: infeasible (though y = 0 satisfies all rows).
    func testCouplingRowExcludesEveryResponse() {
        var m = BilevelModel(name: "mibs-45")
        let x = m.leader.variable("x", bounds: 0...5, integer: true)
        let y = m.follower.variable("y", bounds: 0...10, integer: true)
        m.leader.constraint("u", y <= 0)
        m.follower.constraint("l", y <= 2)
        m.leader.minimize(-x)
        m.follower.maximize(y)
        let report = MIBLPOracle.analyze(m)
        XCTAssertEqual(report.answer, .infeasible)
        XCTAssertEqual(report.relaxationFeasible, true)
        XCTAssertEqual(report.leaderChoicesWithResponse, 6)
    }

    /// Ties: follower min y1 + y2 s.t. y1 + y2 ≥ x, y ∈ {0…2}², so every split of x is optimal.
    /// Leader min y1 − 2·y2 − x: optimistically y = (0, x), F = −3x, best x = 2: F = −6 at (2, 0, 2).
    /// A pessimistic follower would answer (x, 0): F = 0 for every x.
    func testOptimisticTieBreak() {
        var m = BilevelModel(name: "ties")
        let x = m.leader.variable("x", bounds: 0...2, integer: true)
        let y1 = m.follower.variable("y1", bounds: 0...2, integer: true)
        let y2 = m.follower.variable("y2", bounds: 0...2, integer: true)
        m.follower.constraint("cover", y1 + y2 >= x)
        m.leader.minimize(y1 - 2 * y2 - x)
        m.follower.minimize(y1 + y2)
        let report = MIBLPOracle.analyze(m)
        XCTAssertEqual(report.answer, .optimal(value: -6, point: [2, 0, 2]))
        XCTAssertTrue(report.tieMatters)
        XCTAssertEqual(report.worstResponseValue ?? .nan, 0, accuracy: 1e-9)
    }

    /// A coupling row cuts some leader choices only: follower max y s.t. y ≤ 1 + x, y ∈ {0…5}, so
    /// y = 1 + x; leader row y ≤ 2 leaves x ∈ {0, 1}; leader max x + y: 3 at (1, 2) (the
    /// single-level relaxation would reach 5 at x = 3, y = 2).
    func testCouplingRowExcludesSomeChoices() {
        var m = BilevelModel(name: "coupling")
        let x = m.leader.variable("x", bounds: 0...3, integer: true)
        let y = m.follower.variable("y", bounds: 0...5, integer: true)
        m.leader.constraint("u", y <= 2)
        m.follower.constraint("l", y <= 1 + x)
        m.leader.maximize(x + y)
        m.follower.maximize(y)
        XCTAssertEqual(MIBLPOracle.solve(m), .optimal(value: 3, point: [1, 2]))
    }

    /// Mixed follower that maximizes, and a continuous leader variable optimized jointly.
    /// Follower: max 2y + z s.t. y + 2z ≤ 2 + x, y ∈ {0…3}, z ∈ [0, 4]. For fixed y, z = (2 + x − y)/2,
    /// value 1.5·y + (2 + x)/2, increasing in y: y = min(3, 2 + x). So x = 0: (y, z) = (2, 0);
    /// x = 1: (3, 0); x = 2: (3, 0.5). Leader: min −2x − w + 3z s.t. w + y ≤ 4.5, w ∈ [0, 3]:
    /// w = 4.5 − y, F = −2.5, −3.5, −4 for x = 0, 1, 2. Optimum −4 at x = 2, w = 1.5, y = 3, z = 0.5.
    func testMixedFollowerMaximizesWithContinuousLeader() {
        var m = BilevelModel(name: "mixed")
        let x = m.leader.variable("x", bounds: 0...2, integer: true)
        let w = m.leader.variable("w", bounds: 0...3)
        let y = m.follower.variable("y", bounds: 0...3, integer: true)
        let z = m.follower.variable("z", bounds: 0...4)
        m.leader.constraint("u", w + y <= 4.5)
        m.follower.constraint("l", y + 2 * z <= 2 + x)
        m.leader.minimize(-2 * x - w + 3 * z)
        m.follower.maximize(2 * y + z)
        let answer = MIBLPOracle.solve(m)
        guard case .optimal(let value, let point) = answer else { return XCTFail("\(answer)") }
        XCTAssertEqual(value, -4, accuracy: 1e-9)
        for (got, want) in zip(point, [2, 1.5, 3, 0.5]) { XCTAssertEqual(got, want, accuracy: 1e-9) }
    }

    /// Models outside the oracle's reach are refused, not answered.
    func testRefusals() {
        var m = BilevelModel(name: "refused")
        let x = m.leader.variable("x", bounds: 0...2)
        let y = m.follower.variable("y", bounds: 0...3, integer: true)
        m.follower.constraint("l", y + x <= 2)
        guard case .unsupported = MIBLPOracle.solve(m) else { return XCTFail("continuous linking variable accepted") }
        m.constraints[0].terms.removeLast()
        m.variables[y.index].upper = .infinity
        guard case .unsupported = MIBLPOracle.solve(m) else { return XCTFail("unbounded variable accepted") }
        m.variables[y.index].upper = 1e6
        guard case .unsupported = MIBLPOracle.solve(m) else { return XCTFail("huge enumeration accepted") }
    }

    /// Odd but valid data: repeated and zero terms, a row without terms, an equality row fixing a
    /// continuous follower variable, a fixed leader variable, a follower without rows.
    /// Follower: max y s.t. y + y + 0·x ≤ 4, z − y = 0.5, y ∈ {0…3}, z ∈ [0, 5]: y = 2, z = 2.5.
    /// Leader: min x + w − z, w fixed at 1: x = 0, F = 1 − 2.5 = −1.5.
    func testOddButValidModels() {
        var m = BilevelModel(name: "odd")
        let x = m.leader.variable("x", bounds: 0...2, integer: true)
        let w = m.leader.variable("w", bounds: 1...1)
        let y = m.follower.variable("y", bounds: 0...3, integer: true)
        let z = m.follower.variable("z", bounds: 0...5)
        let twice = [LinearTerm(variable: y.index, coefficient: 1), LinearTerm(variable: y.index, coefficient: 1),
                     LinearTerm(variable: x.index, coefficient: 0)]
        m.addConstraint(Constraint(name: "twice", terms: twice, lower: -.infinity, upper: 4, level: .follower))
        m.addConstraint(Constraint(name: "empty", terms: [], lower: -1, upper: 1, level: .leader))
        m.follower.constraint("tie", z - y == 0.5)
        m.leader.minimize(x + w - z)
        m.follower.maximize(y)
        XCTAssertEqual(MIBLPOracle.solve(m), .optimal(value: -1.5, point: [0, 1, 2, 2.5]))
        // Without follower rows the follower takes y = 3 and z anywhere in [0, 5]: the leader picks 5.
        m.constraints.removeAll()
        XCTAssertEqual(MIBLPOracle.solve(m), .optimal(value: -4, point: [0, 1, 3, 5]))
    }

    /// Mutated generated models (infinite, inverted or fixed bounds, NaN data, emptied rows, flipped
    /// integrality) are answered or refused without crashing; NaN data is always refused.
    func testMutatedModelsDoNotCrash() {
        var rng = SplitMix64(seed: 2024)
        for seed in UInt64(1)...150 {
            var m = RandomMIBLP.model(seed: seed)
            for _ in 0...rng.int(0...3) {
                let j = rng.int(0...(m.variables.count - 1))
                switch rng.int(0...7) {
                case 0: m.variables[j].upper = .infinity
                case 1: (m.variables[j].lower, m.variables[j].upper) = (m.variables[j].upper, m.variables[j].lower)
                case 2: m.variables[j].upper = m.variables[j].lower
                case 3: m.variables[j].isInteger.toggle()
                case 4 where !m.constraints.isEmpty: m.constraints[rng.int(0...(m.constraints.count - 1))].terms = []
                case 5 where !m.constraints.isEmpty: m.constraints[rng.int(0...(m.constraints.count - 1))].upper = .nan
                case 6: m.constraints.removeAll()
                default: m.leaderObjective.terms.append(LinearTerm(variable: j, coefficient: 1e9))
                }
            }
            let answer = MIBLPOracle.solve(m)
            let poisoned = m.constraints.contains { $0.upper.isNaN }
            if poisoned, case .unsupported = answer { continue }
            XCTAssertFalse(poisoned, "seed \(seed): NaN data answered: \(answer)")
        }
    }

    // MARK: Generator coverage

    /// The first 200 generated models: none refused, every category present, and a fair share of
    /// infeasible models and of models where the optimistic tie-break matters.
    func testGeneratorCoverage() {
        var summary = CoverageSummary()
        let start = Date()
        for seed in 1...200 {
            let model = RandomMIBLP.model(seed: UInt64(seed))
            let report = MIBLPOracle.analyze(model)
            if case .unsupported(let why) = report.answer { XCTFail("seed \(seed): \(why)") }
            summary.add(model, report)
        }
        let seconds = Date().timeIntervalSince(start)
        print("MIBLPOracle on 200 generated models in \(Int(seconds * 1000)) ms: \(summary)")
        XCTAssertGreaterThanOrEqual(summary.infeasible, 30)
        XCTAssertGreaterThanOrEqual(summary.infeasibleNotTrivially, 20)
        XCTAssertGreaterThanOrEqual(summary.tieMatters, 20)
        for (name, count) in summary.categories { XCTAssertGreaterThanOrEqual(count, 20, name) }
    }
}
