import GLPK

/// The follower's own MILP with the leader's variables fixed: `min d·y` subject to the follower rows
/// with `A x` moved to the sides, the bounds of `y`, and the integrality of its integer variables.
/// Built once; each call moves row bounds and solves to proven optimality (gap 0) by GLPK.
///
/// A solve cut short by a limit proves nothing: it answers `.stopped`, never a value.
///
/// Owns a GLPK problem: create and use on one thread.
final class FollowerMILP {
    /// What the follower does at a given `x`.
    enum Response {
        /// Proven optimal value φ(x) (minimized form) and an optimal `y`.
        case optimal(value: Double, y: [Double])
        /// No optimal response: the follower's problem is infeasible at `x`, or unbounded (then it
        /// has no optimum either); the bilevel problem has no point with this `x`.
        case noResponse(String)
        /// A time limit or an interruption stopped the solve: nothing is known.
        case stopped
        case failed(String)
    }

    private let canonical: CanonicalProblem
    private let lp: LinearProblem

    init(_ canonical: CanonicalProblem) throws {
        self.canonical = canonical
        lp = try FollowerProblem.makeLP(canonical, integer: true)
    }

    /// Solves the follower's MILP at `x` (only the linking entries of `x` matter).
    func respond(to x: [Double], timeLimit: Double? = nil, shouldStop: (() -> Bool)? = nil) -> Response {
        do {
            for (i, row) in canonical.followerRows.enumerated() {
                let shift = row.x.reduce(0.0) { $0 + $1.value * x[$1.index] }
                try lp.setRowBounds(i, lower: row.lower - shift, upper: row.upper - shift)
            }
        } catch {
            return .failed("\(error)")
        }
        let result = lp.solveMIP(MIPOptions(timeLimit: timeLimit, relativeGap: 0, shouldStop: shouldStop))
        switch result.status {
        case .optimal:
            guard let value = result.objective else { return .failed("follower MILP: optimal without a value") }
            return .optimal(value: value, y: lp.columnValues)
        case .infeasible:
            return .noResponse("the follower's problem is infeasible at the leader's choice")
        case .infeasibleOrUnbounded:
            // Its relaxation is unbounded: the MILP is infeasible, or unbounded (rational data, Meyer
            // 1974). Either way the follower has no optimal response.
            return .noResponse("the follower's problem has no optimum at the leader's choice (unbounded or infeasible)")
        case .feasible, .timeLimit, .interrupted:
            return .stopped
        case let .failed(why):
            return .failed("follower MILP: \(why)")
        }
    }
}
