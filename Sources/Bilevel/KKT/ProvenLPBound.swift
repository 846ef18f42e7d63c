import GLPK

/// An LP in GLPK with its data mirrored here, so that a bound on an objective over it is proven in
/// the model's own units rather than read off GLPK's (scaled, toleranced) optimum.
///
/// Weak duality: for any row multipliers `w`, `a·z = w·(Gz) + (a − Gᵀw)·z`, and both parts are
/// bounded over the rows' sides and the columns' box. The multipliers are whatever GLPK returns at
/// its optimum, so an inaccurate solve (data scaled far apart) can make the bound loose, never wrong.
/// Used where a wrong bound would cost the optimum silently: `KKTSystem.boundFreeMultipliers` (a
/// McCormick envelope).
///
/// Every solve has an iteration limit, not a time limit, so that the bounds are the same on every
/// run and in every process of a distributed search.
struct ProvenLPBound {
    private let lp: LinearProblem
    private let rows: [[(column: Int, value: Double)]]
    private let rowLower: [Double], rowUpper: [Double]
    private let columnLower: [Double], columnUpper: [Double]
    private let options: SimplexOptions
    /// Whether the LP had an optimum (for the zero objective: a feasible point) when it was built.
    private(set) var isFeasible = false

    init(columnLower: [Double], columnUpper: [Double], rows: [[(column: Int, value: Double)]],
         rowLower: [Double], rowUpper: [Double]) throws {
        (self.columnLower, self.columnUpper, self.rows, self.rowLower, self.rowUpper)
            = (columnLower, columnUpper, rows, rowLower, rowUpper)
        lp = LinearProblem(direction: .maximize)
        try lp.addColumns(columnLower.count)
        for j in columnLower.indices { try lp.setColumnBounds(j, lower: columnLower[j], upper: columnUpper[j]) }
        try lp.addRows(rows.count)
        var entries: [MatrixEntry] = []
        for (i, row) in rows.enumerated() {
            try lp.setRowBounds(i, lower: rowLower[i], upper: rowUpper[i])
            for (j, v) in row { entries.append(MatrixEntry(row: i, column: j, value: v)) }
        }
        try lp.loadMatrix(entries)
        lp.scale()
        options = SimplexOptions(method: .primal, iterationLimit: 20 * (rows.count + columnLower.count) + 1000)
        isFeasible = lp.solve(options) == .optimal
    }

    /// A proven upper bound on `objective·z` over the LP: `.infinity` when the solve does not end
    /// optimal or a multiplier meets an infinite side.
    func provenMaximum(_ objective: [(column: Int, value: Double)]) throws -> Double {
        for (j, v) in objective { try lp.setObjective(column: j, v) }
        let status = lp.solve(options)
        for (j, _) in objective { try lp.setObjective(column: j, 0) }
        guard status == .optimal else { return .infinity }
        var residual = [Double](repeating: 0, count: columnLower.count)
        for (j, v) in objective { residual[j] += v }
        var bound = 0.0
        // Any multipliers give a valid bound: those of rounding size are left out (they would meet a
        // relaxed side), and what they carried stays in the residual.
        for (i, w) in lp.rowDuals.enumerated() where abs(w) > Self.negligible {
            let side = w > 0 ? rowUpper[i] : rowLower[i]
            guard side.isFinite else { return .infinity }
            bound += w * side
            for (j, v) in rows[i] { residual[j] -= w * v }
        }
        for (j, r) in residual.enumerated() where r != 0 {
            let end = r > 0 ? columnUpper[j] : columnLower[j]
            if !end.isFinite {
                // A residual of rounding size on a column without a bound there: that column is basic.
                if abs(r) <= Self.negligible { continue }
                return .infinity
            }
            bound += r * end
        }
        return bound
    }

    /// Not a tolerance of the model: a row dual this small is rounding, and so is a residual this
    /// small on a column without a bound there (the column is basic), not a direction the bound misses.
    private static let negligible = 1e-12
}
