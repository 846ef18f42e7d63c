import GLPK

/// Presolve of the KKT system: the sides of the follower's rows and bounds that its other rows and
/// bounds imply for every leader choice. Such a side never changes the follower's feasible set, so
/// it can leave the follower's problem: its multiplier is zero and its complementarity pair goes
/// (`KKTSystem.init(_:dropping:)`). The primal rows stay in the relaxation, where they are implied.
///
/// Max-flow interdiction is the case in point: the capacity row `f_a + u_a·x_a ≤ u_a` implies the
/// bound `f_a ≤ u_a` for every `x_a ≥ 0`, so each arc has two pairs, not three, and the search no
/// longer branches between two multipliers that price the same capacity (dual degeneracy).
///
/// Each side is tested by one LP over the leader's box and rows without follower variables (every
/// leader choice satisfies them) and the follower's rows and bounds still kept: the side is
/// redundant when the LP's optimum of its expression stays within it (`Tolerances.redundantSide`).
/// Sides found redundant are relaxed before the next test, so no two sides excuse each other: every
/// side dropped is implied by the ones kept. Rows are tested before bounds (a bound is the cheaper
/// pair to lose, and the row may carry the leader's variables). Equality rows and fixed variables
/// (free multipliers, no pair) stay. Every LP has an iteration limit, not a time limit, so that the
/// sides found are the same on every run and in every process of a distributed search; a test cut
/// short keeps its side.
struct RedundantFollowerSides {
    /// The multipliers of the sides found redundant.
    private(set) var origins: Set<KKTSystem.Origin> = []

    init(_ c: CanonicalProblem) throws {
        guard c.ny > 0 else { return }
        var test = try SideTest(c)
        guard test.isUsable else { return }
        for (r, row) in c.followerRows.enumerated() where row.lower != row.upper {
            let i = test.firstFollowerRow + r
            let terms = row.x.map { ($0.index, $0.value) } + row.y.map { (c.nx + $0.index, $0.value) }
            if row.upper.isFinite, try test.isImplied(.rowUpper(i), terms: terms) { origins.insert(.rowUpper(r)) }
            if row.lower.isFinite, try test.isImplied(.rowLower(i), terms: terms) { origins.insert(.rowLower(r)) }
        }
        for k in 0..<c.ny where c.yLower[k] != c.yUpper[k] {
            let j = c.nx + k
            if c.yUpper[k].isFinite, try test.isImplied(.columnUpper(j), terms: [(j, 1)]) {
                origins.insert(.boundUpper(k))
            }
            if c.yLower[k].isFinite, try test.isImplied(.columnLower(j), terms: [(j, 1)]) {
                origins.insert(.boundLower(k))
            }
        }
    }
}

/// The LP over which sides are tested, with the sides found redundant so far relaxed.
///
/// A side is implied when a bound on its expression proven from the LP's dual solution by weak
/// duality stays within it: for any row multipliers `w`, `a·z = w·(Gz) + (a − Gᵀw)·z`, and both
/// parts are bounded over the rows' sides and the columns' box. The bound is computed in the model's
/// own units from whatever multipliers GLPK returns, so an inaccurate LP solve (scaled data far
/// apart) can make it loose, never wrong.
private struct SideTest {
    enum Side { case rowUpper(Int), rowLower(Int), columnUpper(Int), columnLower(Int) }

    let lp: LinearProblem
    let firstFollowerRow: Int
    private var rowLower: [Double], rowUpper: [Double]
    private var columnLower: [Double], columnUpper: [Double]
    private let rows: [[(column: Int, value: Double)]]
    private let options: SimplexOptions
    private(set) var isUsable = false

    init(_ c: CanonicalProblem) throws {
        lp = LinearProblem(direction: .maximize)
        let n = c.nx + c.ny
        try lp.addColumns(n)
        columnLower = c.xLower + c.yLower
        columnUpper = c.xUpper + c.yUpper
        for j in 0..<n { try lp.setColumnBounds(j, lower: columnLower[j], upper: columnUpper[j]) }
        // Rows every leader choice satisfies (no follower variable), then the follower's.
        let all = c.leaderRows.filter(\.y.isEmpty) + c.followerRows
        firstFollowerRow = all.count - c.followerRows.count
        try lp.addRows(all.count)
        rowLower = all.map(\.lower)
        rowUpper = all.map(\.upper)
        rows = all.map { row in row.x.map { ($0.index, $0.value) } + row.y.map { (c.nx + $0.index, $0.value) } }
        var entries: [MatrixEntry] = []
        for (i, row) in rows.enumerated() {
            try lp.setRowBounds(i, lower: rowLower[i], upper: rowUpper[i])
            for (j, v) in row { entries.append(MatrixEntry(row: i, column: j, value: v)) }
        }
        try lp.loadMatrix(entries)
        lp.scale()
        // An iteration limit, not a time limit: the same sides on every run and in every process.
        options = SimplexOptions(method: .primal, iterationLimit: 20 * (all.count + n) + 1000)
        isUsable = lp.solve(options) == .optimal
    }

    /// Whether `side` (of the expression `terms`) is implied by the other sides kept; if so it stays
    /// relaxed, else it is restored.
    mutating func isImplied(_ side: Side, terms: [(column: Int, value: Double)]) throws -> Bool {
        // Maximize the expression against an upper side, minimize it (maximize its negation) against a lower one.
        let limit: Double, sign: Double
        switch side {
        case let .rowUpper(i): limit = rowUpper[i]; sign = 1; try setRow(i, rowLower[i], .infinity)
        case let .rowLower(i): limit = rowLower[i]; sign = -1; try setRow(i, -.infinity, rowUpper[i])
        case let .columnUpper(j): limit = columnUpper[j]; sign = 1; try setColumn(j, columnLower[j], .infinity)
        case let .columnLower(j): limit = columnLower[j]; sign = -1; try setColumn(j, -.infinity, columnUpper[j])
        }
        for (j, v) in terms { try lp.setObjective(column: j, sign * v) }
        let status = lp.solve(options)
        for (j, _) in terms { try lp.setObjective(column: j, 0) }
        if status == .optimal,
           provenMaximum(terms.map { ($0.column, sign * $0.value) }) <= sign * limit
               + Tolerances.redundantSide * max(1, abs(limit)) {
            return true
        }
        switch side {
        case let .rowUpper(i): try setRow(i, rowLower[i], limit)
        case let .rowLower(i): try setRow(i, limit, rowUpper[i])
        case let .columnUpper(j): try setColumn(j, columnLower[j], limit)
        case let .columnLower(j): try setColumn(j, limit, columnUpper[j])
        }
        return false
    }

    /// An upper bound on `objective·z` over the LP's rows and box by weak duality with the LP's row
    /// duals (infinite when a multiplier meets an infinite side).
    private func provenMaximum(_ objective: [(column: Int, value: Double)]) -> Double {
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
            // A residual of rounding size on a column without a bound there: that column is basic.
            let end = r > 0 ? columnUpper[j] : columnLower[j]
            if !end.isFinite {
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

    private mutating func setRow(_ i: Int, _ lower: Double, _ upper: Double) throws {
        rowLower[i] = lower; rowUpper[i] = upper
        try lp.setRowBounds(i, lower: lower, upper: upper)
    }

    private mutating func setColumn(_ j: Int, _ lower: Double, _ upper: Double) throws {
        columnLower[j] = lower; columnUpper[j] = upper
        try lp.setColumnBounds(j, lower: lower, upper: upper)
    }
}
