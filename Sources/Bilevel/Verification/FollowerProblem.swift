import GLPK

/// The follower's own LP with the leader's variables fixed: `min d·y` subject to the follower rows
/// with `A x` moved to the sides, and the bounds of `y`. Built once; each call only moves row bounds
/// and re-solves warm.
final class FollowerProblem {
    /// What the follower does at a given `x`.
    enum Response {
        case optimal(value: Double, y: [Double])
        /// No `y` satisfies the follower's rows at this `x`.
        case infeasible
        /// The follower's objective is unbounded at this `x`: it has no optimal response.
        case unbounded
        case failed(String)
    }

    private let canonical: CanonicalProblem
    private let lp: LinearProblem

    init(_ canonical: CanonicalProblem) throws {
        self.canonical = canonical
        lp = try Self.makeLP(canonical, integer: false)
    }

    /// The follower's problem in `y` (`min d·y`, the follower rows' `y` parts with free sides for
    /// the caller to set at an `x`, the bounds of `y`), scaled; `integer` marks its integer variables.
    static func makeLP(_ canonical: CanonicalProblem, integer: Bool) throws -> LinearProblem {
        let lp = LinearProblem(direction: .minimize)
        try lp.addColumns(canonical.ny, lower: 0)
        for k in 0..<canonical.ny {
            try lp.setColumnBounds(k, lower: canonical.yLower[k], upper: canonical.yUpper[k])
            if integer && canonical.yInteger[k] { try lp.setInteger(column: k) }
        }
        try lp.addRows(canonical.followerRows.count)
        var entries: [MatrixEntry] = []
        for (i, row) in canonical.followerRows.enumerated() {
            for (k, v) in row.y { entries.append(MatrixEntry(row: i, column: k, value: v)) }
        }
        try lp.loadMatrix(entries)
        lp.scale()
        for k in 0..<canonical.ny where canonical.d[k] != 0 { try lp.setObjective(column: k, canonical.d[k]) }
        return lp
    }

    /// Solves the follower's problem at `x` (an LP follower: `Q = 0`).
    func respond(to x: [Double], timeLimit: Double? = nil) -> Response {
        do {
            if canonical.hasFollowerProducts {
                for (k, c) in canonical.followerGradientConstant(x: x).enumerated() {
                    try lp.setObjective(column: k, c)
                }
            }
            for (i, row) in canonical.followerRows.enumerated() {
                let shift = row.x.reduce(0.0) { $0 + $1.value * x[$1.index] }
                try lp.setRowBounds(i, lower: row.lower - shift, upper: row.upper - shift)
            }
        } catch {
            return .failed("\(error)")
        }
        switch lp.solve(SimplexOptions(method: .dual, timeLimit: timeLimit)) {
        case .optimal: return .optimal(value: lp.objectiveValue, y: lp.columnValues)
        case .infeasible: return .infeasible
        case .unbounded: return .unbounded
        case .infeasibleOrUnbounded:
            // Decide with the primal simplex from scratch.
            lp.resetBasis()
            switch lp.solve(SimplexOptions(method: .primal, timeLimit: timeLimit)) {
            case .optimal: return .optimal(value: lp.objectiveValue, y: lp.columnValues)
            case .infeasible: return .infeasible
            case .unbounded: return .unbounded
            case let other: return .failed("follower LP: \(other)")
            }
        case let other: return .failed("follower LP: \(other)")
        }
    }
}
