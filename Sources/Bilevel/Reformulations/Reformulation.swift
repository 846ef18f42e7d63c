import Foundation
import GLPK

/// Single-level reformulations written to files for any MILP solver.
public enum Reformulation {
    /// How complementarity is written.
    public enum Kind: Sendable {
        /// One SOS1 set per complementarity pair (multiplier, slack): exact, no M. Rows get explicit
        /// slack columns where a pair's primal side is not a variable at a zero bound.
        case sos1
        /// Big-M disjunctions with the Ms proven by bound tightening, `fallback` where unproven.
        case bigM(fallback: Double)
        /// Big-M disjunctions with one M for every pair (not proven).
        case bigMGiven(Double)
    }

    /// Writes the KKT reformulation of `model` to `path` (`.lp`: CPLEX LP; anything else: free MPS,
    /// both with an SOS section for `.sos1`). Returns the state of the Ms for big-M (nil for SOS1)
    /// so that callers can say whether the file is exact.
    ///
    /// - Parameters:
    ///   - model: The model; it is validated first.
    ///   - kind: How complementarity is written.
    ///   - path: The file to write.
    /// - Returns: The state of the Ms of a big-M file (exact only when ``BigMState/proven``); `nil` for SOS1,
    ///   which is exact.
    /// - Throws: `BilevelError.invalidModel` for an inconsistent model, `.unsupported` for an integer
    ///   follower, a non-convex quadratic follower or a quadratic leader objective (pricing terms aside),
    ///   `.io` when the file cannot be written.
    @discardableResult
    public static func write(_ model: BilevelModel, kind: Kind, to path: String) throws -> BigMState? {
        let (data, state) = try milp(model, kind: kind)
        let text = path.lowercased().hasSuffix(".lp") ? MILPWriter.lp(data) : MILPWriter.mps(data)
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw BilevelError.io(path: path, "cannot write the reformulation: \(error.localizedDescription)")
        }
        return state
    }

    static func milp(_ model: BilevelModel, kind: Kind) throws -> (MILPData, BigMState?) {
        try model.validate()
        let canonical = CanonicalProblem(model)
        if canonical.hasIntegerFollower {
            throw BilevelError.unsupported(IntegerFollowerSearch.noKKT("a single-level KKT reformulation"))
        }
        try canonical.checkSolvable()
        if canonical.hasQuadraticLeader {
            throw BilevelError.unsupported("a quadratic leader objective cannot be written as a MILP reformulation")
        }
        switch kind {
        case .sos1:
            return (sos1(KKTSystem(canonical)), nil)
        case let .bigM(fallback):
            var options = SolveOptions(method: .bigm)
            options.fallbackBigM = fallback
            // The KKT system `solve --method bigm` proves its Ms on: without the sides the others imply
            // (`RedundantFollowerSides`), whose multipliers often make the dual polyhedron unbounded
            // (generated packing 20 s1: all 58 proven with its one implied side gone, none of 59 with it), and
            // with free multipliers bounded.
            let method = BigMReformulation(kkt: try PreparedProblem(model).kkt(options), options: options)
            let (mu, slack, state) = method.constants(try BoundTightening(method.kkt))
            return (method.milp(multiplierM: mu, slackM: slack), state)
        case let .bigMGiven(m):
            let method = BigMReformulation(kkt: KKTSystem(canonical), options: SolveOptions(method: .bigm, bigM: m))
            let (mu, slack, state) = method.constants(nil)
            return (method.milp(multiplierM: mu, slackM: slack), state)
        }
    }

    /// KKT with one SOS1 set per pair.
    static func sos1(_ kkt: KKTSystem) -> MILPData {
        var data = MILPData(kkt: kkt)
        let primalRows = Array(data.rows[0..<(kkt.canonical.leaderRows.count + kkt.canonical.followerRows.count)])
        for pair in kkt.pairs {
            let slackColumn: Int
            if case let .columnLower(j, v) = pair.slack, v == 0 {
                slackColumn = j   // y ≥ 0: the variable itself is the slack
            } else {
                slackColumn = data.addColumn(.init(name: "slack[\(pair.name)]", lower: 0, upper: .infinity))
                let (terms, offset) = MILPData.slackExpression(pair.slack, rows: primalRows)
                // s − Σ terms = offset
                let negated = terms.map { (column: $0.column, value: -$0.value) }
                let definition = [(column: slackColumn, value: 1.0)] + negated
                data.addRow(.init(name: "slackdef[\(pair.name)]", terms: definition, lower: offset, upper: offset))
            }
            data.sos1.append((name: "cc[\(pair.name)]", members: [pair.multiplier, slackColumn]))
        }
        return data
    }
}
