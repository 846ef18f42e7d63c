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
/// redundant when the LP's optimum of its expression, proven by weak duality (`ProvenLPBound`),
/// stays within it (`Tolerances.redundantSide`).
/// Sides found redundant are relaxed before the next test, so no two sides excuse each other: every
/// side dropped is implied by the ones kept. Rows are tested before bounds (a bound is the cheaper
/// pair to lose, and the row may carry the leader's variables). Equality rows and fixed variables
/// (free multipliers, no pair) stay. A test cut short by its iteration limit keeps its side.
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
private struct SideTest {
    enum Side { case rowUpper(Int), rowLower(Int), columnUpper(Int), columnLower(Int) }

    private var lp: ProvenLPBound
    let firstFollowerRow: Int
    private(set) var isUsable = false

    init(_ c: CanonicalProblem) throws {
        // Rows every leader choice satisfies (no follower variable), then the follower's.
        let all = c.leaderRows.filter(\.y.isEmpty) + c.followerRows
        firstFollowerRow = all.count - c.followerRows.count
        lp = try ProvenLPBound(
            columnLower: c.xLower + c.yLower, columnUpper: c.xUpper + c.yUpper,
            rows: all.map { row in row.x.map { ($0.index, $0.value) } + row.y.map { (c.nx + $0.index, $0.value) } },
            rowLower: all.map(\.lower), rowUpper: all.map(\.upper))
        isUsable = lp.isFeasible
    }

    /// Whether `side` (of the expression `terms`) is implied by the other sides kept; if so it stays
    /// relaxed, else it is restored.
    mutating func isImplied(_ side: Side, terms: [(column: Int, value: Double)]) throws -> Bool {
        // Maximize the expression against an upper side, minimize it (maximize its negation) against a lower one.
        let limit: Double, sign: Double
        switch side {
        case let .rowUpper(i): limit = lp.rowUpper[i]; sign = 1; try lp.setRow(i, lp.rowLower[i], .infinity)
        case let .rowLower(i): limit = lp.rowLower[i]; sign = -1; try lp.setRow(i, -.infinity, lp.rowUpper[i])
        case let .columnUpper(j):
            limit = lp.columnUpper[j]; sign = 1; try lp.setColumn(j, lp.columnLower[j], .infinity)
        case let .columnLower(j):
            limit = lp.columnLower[j]; sign = -1; try lp.setColumn(j, -.infinity, lp.columnUpper[j])
        }
        let bound = try lp.provenMaximum(terms.map { ($0.column, sign * $0.value) })
        if bound <= sign * limit + Tolerances.redundantSide * max(1, abs(limit)) { return true }
        switch side {
        case let .rowUpper(i): try lp.setRow(i, lp.rowLower[i], limit)
        case let .rowLower(i): try lp.setRow(i, limit, lp.rowUpper[i])
        case let .columnUpper(j): try lp.setColumn(j, lp.columnLower[j], limit)
        case let .columnLower(j): try lp.setColumn(j, limit, lp.columnUpper[j])
        }
        return false
    }
}
