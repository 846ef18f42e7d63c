import GLPK

/// The high-point relaxation (HPR) of a bilevel problem: the leader's objective over every row of
/// both levels, every bound and every integrality requirement, without the follower's optimality.
/// Its LP relaxation bounds the bilevel problem; its columns are `x` then `y` (as in the normal
/// form), its rows the leader's then the follower's.
struct HighPointRelaxation {
    let canonical: CanonicalProblem
    /// Positions in `x` of the linking variables (leader variables in follower rows).
    let linking: [Int]
    /// Columns that must be integral: integer leader and follower variables.
    let integerColumns: [Int]
    /// Column bounds: the model's, with the infinite bounds of linking variables replaced by those the
    /// relaxation implies (`tightenLinkingBounds`).
    private(set) var columnLower: [Double]
    private(set) var columnUpper: [Double]

    init(_ canonical: CanonicalProblem) {
        self.canonical = canonical
        linking = canonical.linkingX
        integerColumns = (0..<canonical.nx).filter { canonical.xInteger[$0] }
            + (0..<canonical.ny).filter { canonical.yInteger[$0] }.map { canonical.nx + $0 }
        columnLower = canonical.xLower + canonical.yLower
        columnUpper = canonical.xUpper + canonical.yUpper
    }

    /// Linking variables without a finite bound get the bound the LP relaxation implies (every
    /// bilevel-feasible point satisfies the relaxation, so nothing is cut off), rounded inward for
    /// integers. Returns the linking variables that remain unbounded.
    mutating func tightenLinkingBounds(timeLimit: Double?) throws -> [Int] {
        let open = linking.filter { !columnLower[$0].isFinite || !columnUpper[$0].isFinite }
        guard !open.isEmpty else { return [] }
        let lp = try makeProblem(integer: false)
        for j in 0..<columnCount { try lp.setObjective(column: j, 0) }
        try lp.setObjectiveConstant(0)
        for j in open {
            for (direction, isLower) in [(LinearProblem.Direction.minimize, true), (.maximize, false)] {
                guard isLower ? !columnLower[j].isFinite : !columnUpper[j].isFinite else { continue }
                try lp.setObjective(column: j, 1)
                lp.direction = direction
                let status = lp.solve(SimplexOptions(method: .primal, timeLimit: timeLimit))
                try lp.setObjective(column: j, 0)
                guard status == .optimal else { continue }
                let v = lp.columnValue(j)
                let slack = Tolerances.feasibility * relativeFloor(v)
                if isLower {
                    columnLower[j] = canonical.xInteger[j] ? (v - slack).rounded(.up) : v - slack
                } else {
                    columnUpper[j] = canonical.xInteger[j] ? (v + slack).rounded(.down) : v + slack
                }
            }
        }
        return linking.filter { !columnLower[$0].isFinite || !columnUpper[$0].isFinite }
    }

    var columnCount: Int { canonical.nx + canonical.ny }

    /// Whether the leader's objective is integral at every point with integral integer variables
    /// (integer coefficients on integer variables only, an integer constant): then a node's LP
    /// bound may be rounded up.
    var hasIntegralObjective: Bool {
        let c = canonical
        let integral = { (v: Double) in v == v.rounded() }
        return integral(c.c0)
            && (0..<c.nx).allSatisfy { c.cx[$0] == 0 || (c.xInteger[$0] && integral(c.cx[$0])) }
            && (0..<c.ny).allSatisfy { c.cy[$0] == 0 || (c.yInteger[$0] && integral(c.cy[$0])) }
    }
    var rows: [CanonicalProblem.Row] { canonical.leaderRows + canonical.followerRows }

    /// The HPR as a GLPK problem (minimizing the leader's objective); `integer` marks its integer
    /// columns (for MILP solves of it), and `extraRows` empty rows are appended after its own.
    func makeProblem(integer: Bool, extraRows: Int = 0) throws -> LinearProblem {
        let c = canonical
        let lp = LinearProblem(direction: .minimize)
        try lp.addColumns(columnCount)
        for j in 0..<columnCount { try lp.setColumnBounds(j, lower: columnLower[j], upper: columnUpper[j]) }
        if integer { for j in integerColumns { try lp.setInteger(column: j) } }
        let rows = self.rows
        try lp.addRows(rows.count + extraRows)
        var entries: [MatrixEntry] = []
        for (i, row) in rows.enumerated() {
            try lp.setRowBounds(i, lower: row.lower, upper: row.upper)
            for (k, v) in row.x { entries.append(MatrixEntry(row: i, column: k, value: v)) }
            for (k, v) in row.y { entries.append(MatrixEntry(row: i, column: c.nx + k, value: v)) }
        }
        try lp.loadMatrix(entries)
        // Scaling is not optional on badly scaled data (see KKTSystem.makeLP).
        lp.scale()
        for k in 0..<c.nx where c.cx[k] != 0 { try lp.setObjective(column: k, c.cx[k]) }
        for k in 0..<c.ny where c.cy[k] != 0 { try lp.setObjective(column: c.nx + k, c.cy[k]) }
        try lp.setObjectiveConstant(c.c0)
        return lp
    }
}
