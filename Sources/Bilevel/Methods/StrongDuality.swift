import Foundation
import GLPK

/// The strong-duality reformulation: the follower is replaced by primal feasibility, dual
/// feasibility and "primal objective ≤ dual objective" (weak duality makes it an equality, which is
/// complementarity in one row), solved as a MILP by GLPK.
///
///     d·y ≤ D(λ, x) = α·(lo − Ax) − β·(hi − Ax) − π·(b − Ax) + γ·l − δ·u
///
/// **Accepts** an LP follower (no quadratic or x·y terms in its objective) whose rows contain only
/// integer, bounded leader variables. Each such `x_k = l_k + Σ_b 2^b z_kb` is expanded in binaries, and
/// each product `z_kb·λ_i` becomes a column w with the exact McCormick rows for a binary times a bounded
/// variable: `w ≤ M z`, `w ≤ λ`, `w ≥ λ − M(1 − z)`, `w ≥ 0`, where M is the multiplier's bound proven by
/// `BoundTightening`.
/// **Creates** columns x, y, multipliers, z, w; rows: leader and follower rows, stationarity, the
/// strong-duality row, the expansion rows and four McCormick rows per product.
/// **Exact** when every M it needs is proven. Otherwise (a continuous leader variable in a follower
/// row, an equality row whose free multiplier meets a leader variable, an unproven M) the solve falls
/// back to the branch-and-bound (`fallback`) and says so.
///
/// The Ms come from `BoundTightening` over the KKT system, whose multipliers carry the vertex bounds
/// of a totally unimodular follower (`KKTSystem.boundMultipliersAtVertices`): on max-flow
/// interdiction this is Wood's (1993) MILP with its capacity duals in [0, 1].
struct StrongDualityMethod: SolveMethod {
    static let choice = MethodChoice.duality
    /// The search that answers where the reformulation is not exact.
    var fallback = ComplementarityBranching()

    func solve(_ problem: PreparedProblem, options: SolveOptions) throws -> Outcome {
        let start = Date()
        let reformulation = StrongDualityReformulation(kkt: try problem.kkt(options), options: options)
        let why: String
        switch try reformulation.run() {
        case var .solved(outcome):
            outcome.method = Self.choice
            return outcome
        case let .notExact(obstacle): why = obstacle
        }
        if options.shouldStop?() ?? false {
            var outcome = Outcome(status: .interrupted, bound: -.infinity, message: "interrupted while proving bounds")
            outcome.method = Self.choice
            return outcome
        }
        // The fallback gets what is left of the time limit, not all of it again.
        var rest = options
        rest.timeLimit = options.timeLeft(since: start)
        var outcome = try fallback.solve(problem, options: rest)
        outcome.message = "the strong-duality reformulation is not exact here (\(why)); solved by the branch-and-bound"
            + (outcome.message.map { "; " + $0 } ?? "")
        return outcome
    }
}

/// The strong-duality MILP of a KKT system, and one solve of it by GLPK.
struct StrongDualityReformulation {
    let kkt: KKTSystem
    let options: SolveOptions

    /// Why the reformulation cannot be exact here, or nil when it can.
    func obstacle(_ tightening: BoundTightening?) -> String? {
        let c = kkt.canonical
        if c.isQuadraticFollower || c.hasFollowerProducts { return "the follower's objective is not linear" }
        if c.hasQuadraticLeader || kkt.hasDualTerms {
            return "the leader's objective has quadratic or multiplier terms"
        }
        for row in c.followerRows where !row.x.isEmpty {
            for (k, _) in row.x where !c.xInteger[k] || !c.xLower[k].isFinite || !c.xUpper[k].isFinite {
                let name = c.model.variables[c.leaderVariables[k]].name
                return "leader variable '\(name)' in a follower row is not an integer with finite bounds"
            }
            if row.lower == row.upper {
                let name = c.model.constraints[row.source].name
                return "the equality row '\(name)' contains leader variables (its multiplier is free)"
            }
        }
        guard let t = tightening else { return nil }
        for (p, pair) in kkt.pairs.enumerated() where t.multiplierBound[p] == .infinity {
            if let m = kkt.multipliers.first(where: { $0.column == pair.multiplier }), linkingRow(m) != nil {
                return "no bound on the multiplier of \(pair.name) could be proven"
            }
        }
        return nil
    }

    /// The follower row (and sign of its multiplier in D) that a multiplier prices, when the row has leader variables.
    private func linkingRow(_ m: KKTSystem.Multiplier) -> (row: CanonicalProblem.Row, sign: Double)? {
        switch m.origin {
        case let .rowLower(r) where !kkt.canonical.followerRows[r].x.isEmpty: return (kkt.canonical.followerRows[r], 1)
        case let .rowUpper(r) where !kkt.canonical.followerRows[r].x.isEmpty: return (kkt.canonical.followerRows[r], -1)
        default: return nil
        }
    }

    func milp(_ tightening: BoundTightening) -> MILPData {
        let c = kkt.canonical
        var data = MILPData(kkt: kkt)
        // Binary expansion of every leader integer that appears in a follower row.
        var bits: [Int: [Int]] = [:]
        for k in kkt.linkingX {
            let range = Int(c.xUpper[k] - c.xLower[k])
            var count = 0
            while (1 << count) - 1 < range { count += 1 }
            let name = c.model.variables[c.leaderVariables[k]].name
            let zs = (0..<count).map { b in
                data.addColumn(.init(name: "bit[\(name),\(b)]", lower: 0, upper: 1, isInteger: true))
            }
            bits[k] = zs
            // x_k − Σ 2^b z_b = l_k
            let bitTerms = zs.enumerated().map { (column: $0.element, value: -Double(1 << $0.offset)) }
            let expansion = [(column: kkt.xColumn(k), value: 1.0)] + bitTerms
            data.addRow(.init(name: "expand[\(name)]", terms: expansion, lower: c.xLower[k], upper: c.xLower[k]))
        }
        // The strong-duality row: d·y − D(λ, x) ≤ 0, with D's constant part per multiplier and its
        // products x·λ written through the expansion.
        var terms: [(column: Int, value: Double)] = []
        for k in 0..<c.ny where c.d[k] != 0 { terms.append((kkt.yColumn(k), c.d[k])) }
        let multiplierBound = Dictionary(uniqueKeysWithValues: kkt.pairs.enumerated().map { p, pair in
            (pair.multiplier, tightening.multiplierBound[p])
        })
        for m in kkt.multipliers {
            terms.append((m.column, -kkt.dualObjectiveCoefficient(m)))
            guard let (row, sign) = linkingRow(m), let bound = multiplierBound[m.column] else { continue }
            // −D contains +α·(A_i x) and −β·(A_i x): sign·Σ_k A_ik (l_k λ + Σ_b 2^b w_kb).
            let mName = data.columns[m.column].name
            for (k, a) in row.x {
                terms.append((m.column, sign * a * c.xLower[k]))
                for (b, z) in bits[k, default: []].enumerated() {
                    let w = data.addColumn(.init(name: "prod[\(mName),\(b),\(k)]", lower: 0, upper: bound))
                    terms.append((w, sign * a * Double(1 << b)))
                    // w ≤ M z, w ≤ λ, w ≥ λ − M(1 − z)
                    data.addRow(.init(name: "mc1[\(w)]", terms: [(w, 1), (z, -bound)], lower: -.infinity, upper: 0))
                    data.addRow(.init(name: "mc2[\(w)]", terms: [(w, 1), (m.column, -1)], lower: -.infinity, upper: 0))
                    data.addRow(.init(name: "mc3[\(w)]", terms: [(w, 1), (m.column, -1), (z, -bound)],
                                      lower: -bound, upper: .infinity))
                }
            }
            // The multiplier itself is bounded by the same proven M.
            data.columns[m.column].upper = min(data.columns[m.column].upper, bound)
        }
        data.addRow(.init(name: "strong_duality", terms: terms, lower: -.infinity, upper: 0))
        return data
    }

    /// The MILP's answer, or why the reformulation is not exact here.
    enum Attempt {
        case solved(Outcome)
        case notExact(String)
    }

    func run() throws -> Attempt {
        let start = Date()
        // What the structure rules out needs no bound-tightening LPs.
        if let why = obstacle(nil) { return .notExact(why) }
        // Only multipliers' bounds enter this MILP; vertex bounds, where the KKT system has them, serve as they are.
        let tightening = try BoundTightening(kkt, timeLimit: options.timeLimit, shouldStop: options.shouldStop,
                                             slacks: false, tightenBoundedMultipliers: false)
        if tightening.relaxationInfeasible || tightening.dualInfeasible {
            return .solved(Outcome(status: .infeasible, bound: .infinity,
                                   message: tightening.relaxationInfeasible ? BigMReformulation.noRelaxationPoint
                                        : "the follower's LP has no dual feasible solution"))
        }
        if let why = obstacle(tightening) { return .notExact(why) }
        let milp = try milp(tightening).makeLinearProblem()
        let result = milp.solveMIP(options.mipOptions(since: start))
        // Exact: every multiplier bound in it is proven (else `obstacle` sent the solve to branch).
        let verdict = try MILPVerdict(result, milp: milp, kkt: kkt, exact: true, name: "strong-duality",
                                      gap: options.gap)
        return .solved(verdict.outcome(nodes: result.nodes))
    }
}
