import Foundation
import GLPK

/// KKT with big-M disjunctions, solved as a MILP by GLPK (Fortuny-Amat & McCarl 1981, "A
/// representation and economic interpretation of a two-level programming problem", J. Oper. Res.
/// Soc. 32(9), doi:10.1057/jors.1981.156).
///
/// For each complementarity pair (multiplier `λ`, slack `s`), a binary `z` and the rows
/// `bigm_dual[pair]: λ ≤ M_λ·z` and `bigm_primal[pair]: s ≤ M_s·(1 − z)`.
///
/// **Accepts** what `KKTSystem` accepts. **Creates** columns x, y, multipliers, one binary per pair;
/// the KKT rows plus two rows per pair.
/// **Exact** only when every M is valid. The Ms come from `BoundTightening`; where one cannot be
/// proven, `fallbackBigM` (or the user's `--big-m`) is used and the answer claims feasibility only:
/// a point found is verified and reported "feasible", an infeasible MILP is "unknown"
/// (Pineda & Morales 2019, "Solving linear bilevel problems using big-Ms: not all that glitters is
/// gold", IEEE Trans. Power Syst. 34(3), doi:10.1109/TPWRS.2019.2892607).
struct BigMMethod: SolveMethod {
    static let choice = MethodChoice.bigm

    func solve(_ problem: PreparedProblem, options: SolveOptions) throws -> Outcome {
        var outcome = try BigMReformulation(kkt: problem.kkt(options), options: options).run()
        outcome.method = Self.choice
        return outcome
    }
}

/// The big-M MILP of a KKT system: its constants, its rows, and one solve of it by GLPK.
struct BigMReformulation {
    let kkt: KKTSystem
    let options: SolveOptions

    /// The Ms for every pair: `(multiplier, slack, proven)`.
    func constants(_ tightening: BoundTightening?) -> (multiplier: [Double], slack: [Double], state: BigMState) {
        func everyPair(_ m: Double) -> [Double] { Array(repeating: m, count: kkt.pairs.count) }
        if let m = options.bigM { return (everyPair(m), everyPair(m), .userGiven(m)) }
        guard let t = tightening else {
            let m = options.fallbackBigM
            return (everyPair(m), everyPair(m), .unproven(m))
        }
        let fallback = options.fallbackBigM
        let state: BigMState = t.allProven ? .proven : .unproven(fallback)
        func orFallback(_ bound: Double) -> Double { bound.isFinite ? bound : fallback }
        return (t.multiplierBound.map(orFallback), t.slackBound.map(orFallback), state)
    }

    /// The big-M MILP as data (minimizing the leader's objective), rows and binaries named after
    /// their pair: `z[pair]`, `bigm_dual[pair]`, `bigm_primal[pair]`.
    func milp(multiplierM: [Double], slackM: [Double]) -> MILPData {
        var data = MILPData(kkt: kkt)
        if let sd = kkt.strongDualityRelaxation(xLower: kkt.canonical.xLower, xUpper: kkt.canonical.xUpper) {
            // Valid at every KKT point (the sum of the complementarity products is zero there).
            data.addRow(.init(name: "strong_duality", terms: sd.entries, lower: -.infinity, upper: sd.upper))
        }
        let primalRows = Array(data.rows[0..<(kkt.canonical.leaderRows.count + kkt.canonical.followerRows.count)])
        for (p, pair) in kkt.pairs.enumerated() {
            let z = data.addColumn(.init(name: "z[\(pair.name)]", lower: 0, upper: 1, isInteger: true))
            // λ − M_λ z ≤ 0
            data.addRow(.init(name: "bigm_dual[\(pair.name)]", terms: [(pair.multiplier, 1), (z, -multiplierM[p])],
                              lower: -.infinity, upper: 0))
            // s + M_s z ≤ M_s, with s = Σ terms + offset written out.
            let (terms, offset) = MILPData.slackExpression(pair.slack, rows: primalRows)
            data.addRow(.init(name: "bigm_primal[\(pair.name)]", terms: terms + [(z, slackM[p])],
                              lower: -.infinity, upper: slackM[p] - offset))
        }
        return data
    }

    /// The big-M MILP loaded into GLPK.
    func makeMILP(multiplierM: [Double], slackM: [Double]) throws -> LinearProblem {
        try milp(multiplierM: multiplierM, slackM: slackM).makeLinearProblem()
    }

    func run() throws -> Outcome {
        let start = Date()
        let tightening = options.bigM == nil
            ? try BoundTightening(kkt, timeLimit: options.timeLimit, shouldStop: options.shouldStop) : nil
        let (mMultiplier, mSlack, state) = constants(tightening)
        if let t = tightening, t.relaxationInfeasible || t.dualInfeasible {
            // No M is involved: the relaxation itself has no point.
            var outcome = Outcome(status: .infeasible, bound: .infinity,
                                  message: t.relaxationInfeasible ? Self.noRelaxationPoint : Self.noFollowerOptimum)
            outcome.bigM = state
            return outcome
        }
        let exact = state == .proven
        if let limit = options.timeLimit, Date().timeIntervalSince(start) >= limit {
            var outcome = Outcome(status: .timeLimit, bound: -.infinity,
                                  message: "the time limit ran out while proving the big-Ms")
            outcome.bigM = state
            return outcome
        }
        let milp = try makeMILP(multiplierM: mMultiplier, slackM: mSlack)
        let result = milp.solveMIP(options.mipOptions(since: start))
        let verdict = try MILPVerdict(result, milp: milp, kkt: kkt, exact: exact, name: "big-M", gap: options.gap)
        var outcome = verdict.outcome(nodes: result.nodes)
        outcome.bigM = state
        return outcome
    }

    static let noRelaxationPoint = "no point satisfies the rows of both levels"
    static let noFollowerOptimum = "the follower's LP has no dual feasible solution: "
        + "it has no optimum for any leader choice"

}
