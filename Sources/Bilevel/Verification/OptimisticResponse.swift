import GLPK

/// Among the follower's optimal responses at a fixed `x`, the one best for the leader:
/// `min cy·y` subject to the follower's rows and bounds, the follower's objective within a hair of
/// its optimum `φ*`, and the leader's coupling rows (leader rows that contain `y`).
final class OptimisticResponse {
    enum Outcome {
        case optimal(y: [Double])
        /// No follower optimum satisfies the leader's coupling rows.
        case infeasible
        /// The leader's objective decreases without bound on the follower's optimal face.
        case unbounded(ray: [Double]?)
        case failed(String)
    }

    private let canonical: CanonicalProblem
    private let lp: LinearProblem
    private let couplingRows: [CanonicalProblem.Row]
    /// Index of the row `d·y ≤ φ* + slack`.
    private let valueRow: Int

    /// Whether the objective is the leader's (optimistic choice) or a given one (pessimistic probes).
    private let customObjective: Bool
    /// An objective that depends on `x` (the pessimistic worst response with pricing terms).
    private let objectiveAt: (([Double]) -> [Double])?
    /// Columns with a nonzero in the follower-value row at the last solve (x·y terms move them).
    private var valuePattern: [Int]?

    /// - Parameters:
    ///   - objective: coefficients over `y` to minimize (default: the leader's, the optimistic choice).
    ///   - coupling: whether the leader's coupling rows constrain the choice (the optimistic reading).
    ///   - objectiveAt: an objective over `y` that depends on `x` (overrides `objective`).
    init(_ canonical: CanonicalProblem, objective: [Double]? = nil, coupling: Bool = true,
         objectiveAt: (([Double]) -> [Double])? = nil) throws {
        self.canonical = canonical
        self.objectiveAt = objectiveAt
        customObjective = objective != nil || objectiveAt != nil
        couplingRows = coupling ? canonical.leaderRows.filter { !$0.y.isEmpty } : []
        lp = LinearProblem(direction: .minimize)
        try lp.addColumns(canonical.ny, lower: 0)
        for k in 0..<canonical.ny { try lp.setColumnBounds(k, lower: canonical.yLower[k], upper: canonical.yUpper[k]) }
        let rows = canonical.followerRows + couplingRows
        try lp.addRows(rows.count + 1)
        valueRow = rows.count
        var entries: [MatrixEntry] = []
        for (i, row) in rows.enumerated() {
            for (k, v) in row.y { entries.append(MatrixEntry(row: i, column: k, value: v)) }
        }
        for k in 0..<canonical.ny where canonical.d[k] != 0 {
            entries.append(MatrixEntry(row: valueRow, column: k, value: canonical.d[k]))
        }
        try lp.loadMatrix(entries)
        lp.scale()
        let c = objective ?? canonical.cy
        for k in 0..<canonical.ny where c[k] != 0 { try lp.setObjective(column: k, c[k]) }
    }

    /// The optimistic response at `x`, given the follower's optimal value `phi` (minimized form).
    /// The follower's value is first held at `phi` exactly (GLPK's own tolerance applies); only if
    /// that LP is declared infeasible is a hair of slack allowed.
    func respond(to x: [Double], followerOptimum phi: Double, timeLimit: Double? = nil) -> Outcome {
        let exact = solve(at: x, valueLimit: phi, timeLimit: timeLimit)
        if case .infeasible = exact {
            return solve(at: x, valueLimit: phi + Tolerances.optimisticSlack * relativeFloor(phi), timeLimit: timeLimit)
        }
        return exact
    }

    private func solve(at x: [Double], valueLimit: Double, timeLimit: Double?) -> Outcome {
        do {
            if canonical.hasFollowerProducts {
                let g = canonical.followerGradientConstant(x: x)
                let entries = g.enumerated().filter { $0.element != 0 }.map { ($0.offset, $0.element) }
                try lp.setRow(valueRow, coefficients: entries)
                // A new sparsity pattern can leave the last basis singular (seen: GLPK's dual simplex
                // then faulted): start that solve from the standard basis.
                let pattern = entries.map(\.0)
                if pattern != valuePattern { lp.resetBasis() }
                valuePattern = pattern
            }
            if !customObjective && !canonical.leaderCrossProducts.isEmpty {
                // Products x·y are linear in y once x is fixed (products y·y are left out: the
                // response is still a follower optimum, only perhaps not the leader's best one).
                for (k, v) in canonical.leaderYCoefficients(x: x).enumerated() { try lp.setObjective(column: k, v) }
            }
            if let objectiveAt {
                for (k, v) in objectiveAt(x).enumerated() { try lp.setObjective(column: k, v) }
            }
            for (i, row) in (canonical.followerRows + couplingRows).enumerated() {
                let shift = row.x.reduce(0.0) { $0 + $1.value * x[$1.index] }
                try lp.setRowBounds(i, lower: row.lower - shift, upper: row.upper - shift)
            }
            try lp.setRowBounds(valueRow, lower: -.infinity, upper: valueLimit)
        } catch {
            return .failed("\(error)")
        }
        switch lp.solve(SimplexOptions(method: .dual, timeLimit: timeLimit)) {
        case .optimal: return .optimal(y: lp.columnValues)
        case .infeasible: return .infeasible
        case .unbounded: return .unbounded(ray: lp.unboundedRay())
        case .infeasibleOrUnbounded:
            lp.resetBasis()
            switch lp.solve(SimplexOptions(method: .primal, timeLimit: timeLimit)) {
            case .optimal: return .optimal(y: lp.columnValues)
            case .infeasible: return .infeasible
            case .unbounded: return .unbounded(ray: lp.unboundedRay())
            case let other: return .failed("optimistic LP: \(other)")
            }
        case let other: return .failed("optimistic LP: \(other)")
        }
    }
}
