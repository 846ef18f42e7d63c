import GLPK

/// The follower's KKT conditions next to the leader's rows, laid out as one LP without
/// complementarity, plus the list of complementarity pairs. Signs are written here once.
///
/// Normal form (see `CanonicalProblem`): the follower minimizes `d·y` subject to
/// `lo_i ≤ A_i x + B_i y ≤ hi_i` and `l ≤ y ≤ u`. One multiplier per finite side, all ≥ 0:
/// `α_i` (lower side of row i), `β_i` (upper side), `γ_j` (lower bound of y_j), `δ_j` (upper bound).
///
/// - Stationarity, for every follower variable j:  `d_j + Σ_i B_ij (β_i − α_i + π_i) − γ_j + δ_j + ν_j = 0`.
/// - Complementarity: `α_i ⊥ (A_i x + B_i y − lo_i)`, `β_i ⊥ (hi_i − A_i x − B_i y)`,
///   `γ_j ⊥ (y_j − l_j)`, `δ_j ⊥ (u_j − y_j)`.
/// - An equality row gets one free multiplier `π_i` and no pair; a fixed follower variable a free `ν_j`.
///
/// LP layout. Columns: `x` (nx), `y` (ny), then the multipliers. Rows: the leader rows, the follower
/// rows, then one stationarity row per follower variable. Both sides of a complementarity pair are
/// then bounds: "multiplier = 0" is the multiplier column's upper bound set to 0; "slack = 0" is the
/// row's (or the `y` column's) opposite bound set to the active side. Branching changes bounds only.
struct KKTSystem {
    /// Where a multiplier comes from.
    enum Origin: Hashable {
        case rowLower(Int), rowUpper(Int), rowEquality(Int)
        case boundLower(Int), boundUpper(Int), boundFixed(Int)
    }

    /// A multiplier column.
    struct Multiplier {
        var origin: Origin
        var column: Int
        var isFree: Bool
    }

    /// The primal side of a complementarity pair: a row or column that sits at `value` when active.
    enum Slack: Hashable {
        case rowLower(row: Int, value: Double)
        case rowUpper(row: Int, value: Double)
        case columnLower(column: Int, value: Double)
        case columnUpper(column: Int, value: Double)
    }

    /// A multiplier and the slack it is complementary to.
    struct Pair {
        var multiplier: Int
        var slack: Slack
        var name: String
    }

    let canonical: CanonicalProblem
    private(set) var multipliers: [Multiplier] = []
    private(set) var pairs: [Pair] = []

    // The LP (relaxation without complementarity).
    private(set) var columnCount: Int
    var columnLower: [Double] = []
    var columnUpper: [Double] = []
    private(set) var rowLower: [Double] = []
    private(set) var rowUpper: [Double] = []
    private(set) var matrix: [MatrixEntry] = []
    /// The leader's objective (minimized) over the LP's columns.
    private(set) var objective: [Double] = []
    var objectiveConstant: Double { canonical.c0 }

    var nx: Int { canonical.nx }
    var ny: Int { canonical.ny }
    func xColumn(_ k: Int) -> Int { k }
    func yColumn(_ k: Int) -> Int { canonical.nx + k }
    var leaderRowRange: Range<Int> { 0..<canonical.leaderRows.count }
    var followerRowRange: Range<Int> {
        canonical.leaderRows.count..<(canonical.leaderRows.count + canonical.followerRows.count)
    }
    var stationarityRowRange: Range<Int> { followerRowRange.upperBound..<(followerRowRange.upperBound + ny) }
    /// The strong-duality row `d·y − D(λ, x) ≤ 0` (the sum of all complementarity products), last.
    var strongDualityRow: Int { stationarityRowRange.upperBound }
    var rowCount: Int { stationarityRowRange.upperBound + 1 + 4 * products.count + aggregateRows }
    /// Rows `Σ y_k` over groups of parallel follower columns, last (`mergeParallelColumnPairs`).
    private(set) var aggregateRows = 0
    /// Leader positions that appear in follower rows (their bounds shape the strong-duality row),
    /// in increasing order (iteration order must not depend on hashing: runs are reproducible).
    private(set) var linkingX: [Int] = []

    /// Sides that leave the follower's problem (`RedundantFollowerSides`): their multipliers are fixed
    /// at zero and they have no pair.
    let dropped: Set<Origin>

    /// - Parameter dropped: sides implied by the follower's other rows and bounds for every leader
    ///   choice (`RedundantFollowerSides`); their multipliers stay as columns fixed at zero, so the
    ///   layout is the same with or without them.
    init(_ canonical: CanonicalProblem, dropping dropped: Set<Origin> = []) {
        self.canonical = canonical
        self.dropped = dropped
        columnCount = canonical.nx + canonical.ny
        columnLower = canonical.xLower + canonical.yLower
        columnUpper = canonical.xUpper + canonical.yUpper
        objective = canonical.cx + canonical.cy
        // One block at a time, in the LP's layout order.
        addPrimalRows()
        addFollowerRowMultipliers()
        addBoundMultipliers()
        addStationarityRows()
        addPricingAndDualTerms()
        addOuterApproximationColumn()
        addProductColumns()
    }

    // MARK: Building the LP

    /// The leader rows, then the follower rows, over the `x` and `y` columns.
    private mutating func addPrimalRows() {
        for (i, row) in (canonical.leaderRows + canonical.followerRows).enumerated() {
            rowLower.append(row.lower)
            rowUpper.append(row.upper)
            for (k, v) in row.x { matrix.append(MatrixEntry(row: i, column: xColumn(k), value: v)) }
            for (k, v) in row.y { matrix.append(MatrixEntry(row: i, column: yColumn(k), value: v)) }
        }
    }

    /// A multiplier column with its entries in the stationarity rows (by follower variable): the
    /// stationarity row of y_j reads Σ (coefficient) · multiplier = −d_j.
    private mutating func addMultiplier(_ origin: Origin, free: Bool, entries: [(index: Int, value: Double)]) -> Int {
        let column = columnCount
        columnCount += 1
        columnLower.append(free ? -.infinity : 0)
        columnUpper.append(dropped.contains(origin) ? 0 : .infinity)
        objective.append(0)
        multipliers.append(Multiplier(origin: origin, column: column, isFree: free))
        let firstStationarity = stationarityRowRange.lowerBound
        for (k, v) in entries where v != 0 {
            matrix.append(MatrixEntry(row: firstStationarity + k, column: column, value: v))
        }
        return column
    }

    /// A pair of `multiplier` with `slack`, unless its side was dropped (its multiplier is fixed at zero).
    private mutating func addPair(_ origin: Origin, multiplier: Int, slack: Slack, name: String) {
        if !dropped.contains(origin) { pairs.append(Pair(multiplier: multiplier, slack: slack, name: name)) }
    }

    /// The multipliers of the follower rows' sides (one free multiplier for an equality row) and
    /// their pairs with the rows' slacks.
    private mutating func addFollowerRowMultipliers() {
        for (r, row) in canonical.followerRows.enumerated() {
            let lpRow = followerRowRange.lowerBound + r
            let name = canonical.model.constraints[row.source].name
            if row.lower.isFinite && row.upper.isFinite && row.lower == row.upper {
                _ = addMultiplier(.rowEquality(r), free: true, entries: row.y)
                continue
            }
            if row.lower.isFinite {
                let c = addMultiplier(.rowLower(r), free: false, entries: row.y.map { ($0.index, -$0.value) })
                addPair(.rowLower(r), multiplier: c, slack: .rowLower(row: lpRow, value: row.lower),
                        name: "\(name)[lower]")
            }
            if row.upper.isFinite {
                let c = addMultiplier(.rowUpper(r), free: false, entries: row.y)
                addPair(.rowUpper(r), multiplier: c, slack: .rowUpper(row: lpRow, value: row.upper),
                        name: "\(name)[upper]")
            }
        }
    }

    /// The multipliers of the bounds of `y` (one free multiplier for a fixed variable) and their
    /// pairs with the `y` columns.
    private mutating func addBoundMultipliers() {
        for k in 0..<ny {
            let l = canonical.yLower[k], u = canonical.yUpper[k]
            let name = canonical.model.variables[canonical.followerVariables[k]].name
            if l.isFinite && u.isFinite && l == u {
                _ = addMultiplier(.boundFixed(k), free: true, entries: [(k, 1)])
                continue
            }
            if l.isFinite {
                let c = addMultiplier(.boundLower(k), free: false, entries: [(k, -1)])
                addPair(.boundLower(k), multiplier: c, slack: .columnLower(column: yColumn(k), value: l),
                        name: "\(name)[lower]")
            }
            if u.isFinite {
                let c = addMultiplier(.boundUpper(k), free: false, entries: [(k, 1)])
                addPair(.boundUpper(k), multiplier: c, slack: .columnUpper(column: yColumn(k), value: u),
                        name: "\(name)[upper]")
            }
        }
    }

    /// The stationarity rows' own terms and sides, then the strong-duality row (free here: its
    /// coefficients depend on the leader's bounds, `strongDualityRelaxation`).
    private mutating func addStationarityRows() {
        let firstStationarity = stationarityRowRange.lowerBound
        for k in 0..<ny {
            // A quadratic follower (Q) and products with leader variables (C) stay linear here.
            for (m, v) in canonical.followerQ[k] {
                matrix.append(MatrixEntry(row: firstStationarity + k, column: yColumn(m), value: v))
            }
            for (l, v) in canonical.followerC[k] {
                matrix.append(MatrixEntry(row: firstStationarity + k, column: xColumn(l), value: v))
            }
            rowLower.append(-canonical.d[k])
            rowUpper.append(-canonical.d[k])
        }
        linkingX = Array(Set(canonical.followerRows.flatMap { $0.x.map(\.index) })).sorted()
        rowLower.append(-.infinity)
        rowUpper.append(.infinity)
    }

    /// The leader's objective on the multiplier columns: pricing terms and follower multipliers.
    private mutating func addPricingAndDualTerms() {
        // Pricing: leader terms α·xᵀCᵀy equal α·(D(λ) − d·y) at every KKT point (strong duality, the
        // follower's rows free of x): linear in the LP's columns.
        if let alpha = canonical.pricingScale {
            for k in 0..<ny { objective[yColumn(k)] -= alpha * canonical.d[k] }
            for m in multipliers { objective[m.column] += alpha * dualObjectiveCoefficient(m) }
        }
        // Follower multipliers in the leader's objective: dual(row) = followerSign·(α − β − π).
        for term in canonical.model.leaderObjective.duals {
            let c = canonical.leaderSign * term.coefficient * canonical.followerSign
            for m in multipliers {
                switch m.origin {
                case let .rowLower(r) where canonical.followerRows[r].source == term.constraint:
                    objective[m.column] += c
                case let .rowUpper(r) where canonical.followerRows[r].source == term.constraint:
                    objective[m.column] -= c
                case let .rowEquality(r) where canonical.followerRows[r].source == term.constraint:
                    objective[m.column] -= c
                default: break
                }
            }
        }
    }

    /// A free column with objective coefficient `coefficient`, after every column so far.
    private mutating func addFreeColumn(objective coefficient: Double) -> Int {
        let column = columnCount
        columnCount += 1
        columnLower.append(-.infinity)
        columnUpper.append(.infinity)
        objective.append(coefficient)
        return column
    }

    /// A convex quadratic leader objective: its quadratic part is the column t, bounded below by
    /// tangent cuts that the search adds (outer approximation).
    private mutating func addOuterApproximationColumn() {
        guard !canonical.leaderQuadratic.isEmpty else { return }
        oaColumn = addFreeColumn(objective: 1)
    }

    /// A non-convex quadratic leader objective: each product is a column w with four McCormick rows
    /// (after the strong-duality row) whose coefficients follow the factors' bounds.
    private mutating func addProductColumns() {
        for t in canonical.leaderBilinear {
            let w = addFreeColumn(objective: t.coefficient)
            products.append(Product(coefficient: t.coefficient, first: column(ofVariable: t.first),
                                    second: column(ofVariable: t.second), column: w, firstRow: rowLower.count))
            rowLower += [-.infinity, -.infinity, -.infinity, -.infinity]
            rowUpper += [.infinity, .infinity, .infinity, .infinity]
        }
    }

    /// Appends a row after every other row (`aggregateRows`), over LP columns.
    mutating func appendAggregateRow(lower: Double, upper: Double, entries: [(column: Int, value: Double)]) -> Int {
        let row = rowLower.count
        rowLower.append(lower)
        rowUpper.append(upper)
        for (j, v) in entries { matrix.append(MatrixEntry(row: row, column: j, value: v)) }
        aggregateRows += 1
        return row
    }

    /// Replaces the complementarity pairs (`mergeParallelColumnPairs`: the same KKT points in `x` and `y`).
    mutating func replacePairs(_ new: [Pair]) { pairs = new }

    /// Adds complementarity pairs that do not come from the follower's own KKT system (the
    /// pessimistic reading puts the follower's KKT system at the leader's level).
    mutating func appendPairs(_ extra: [Pair]) { pairs += extra }

    /// Conditions with a strict side that the pessimistic pricing reading adds
    /// (`KKTSystem.Implication`, in Methods/Pessimistic/).
    private(set) var implications: [Implication] = []
    mutating func appendImplications(_ extra: [Implication]) { implications += extra }
    /// A proven lower bound on the leader's objective (minimized form, constant included) that the
    /// search states as a row: the pessimistic pricing reading's dual multipliers leave its
    /// relaxation unbounded below without it.
    var objectiveFloor: Double?

    /// Entries of the pseudo-cost table: pairs, leader variables, products, implications.
    var branchingKeyCount: Int { pairs.count + nx + products.count + implications.count }

    /// Whether the leader's objective has follower multipliers.
    var hasDualTerms: Bool { !canonical.model.leaderObjective.duals.isEmpty }

    /// The multiplier part of the leader's (minimized) objective at LP column values.
    func dualTermsValue(_ columns: [Double]) -> Double {
        guard hasDualTerms else { return 0 }
        let all = multipliers.reduce(0) { $0 + objective[$1.column] * columns[$1.column] }
        // Less the pricing terms' share, which is not a multiplier term of the model's objective.
        let pricing = canonical.pricingScale.map { alpha in
            multipliers.reduce(0) { $0 + alpha * dualObjectiveCoefficient($1) * columns[$1.column] }
        }
        return all - (pricing ?? 0)
    }

    /// The shadow price `dual(row)` of each follower row at LP column values, in the follower's sense.
    func shadowPrices(_ columns: [Double]) -> [Int: Double] {
        var prices: [Int: Double] = [:]
        for m in multipliers {
            let price = canonical.followerSign * columns[m.column]
            switch m.origin {
            case let .rowLower(r): prices[canonical.followerRows[r].source, default: 0] += price
            case let .rowUpper(r), let .rowEquality(r): prices[canonical.followerRows[r].source, default: 0] -= price
            default: break
            }
        }
        return prices
    }

    /// Column of the outer-approximation variable t ≥ (the leader's quadratic part), if any.
    private(set) var oaColumn: Int?
    /// The leader's non-convex products, each under McCormick envelopes (`KKTSystem+Products`).
    private(set) var products: [Product] = []

    /// The coefficient of a multiplier in the follower's dual objective `D(λ)` (rows without x).
    func dualObjectiveCoefficient(_ m: Multiplier) -> Double {
        let c = canonical
        switch m.origin {
        case let .rowLower(r): return c.followerRows[r].lower
        case let .rowUpper(r): return -c.followerRows[r].upper
        case let .rowEquality(r): return -c.followerRows[r].upper
        case let .boundLower(k): return c.yLower[k]
        case let .boundUpper(k): return -c.yUpper[k]
        case let .boundFixed(k): return -c.yLower[k]
        }
    }

    /// LP column of model variable `j`.
    func column(ofVariable j: Int) -> Int {
        let p = canonical.position[j]
        return p.level == .leader ? xColumn(p.index) : yColumn(p.index)
    }

    /// The leader's quadratic part and its gradient at LP column values `z` (gradient by LP column).
    func leaderQuadratic(at z: [Double]) -> (value: Double, gradient: [(column: Int, value: Double)]) {
        var value = 0.0
        var gradient: [Int: Double] = [:]
        for t in canonical.leaderQuadratic {
            let a = column(ofVariable: t.first), b = column(ofVariable: t.second)
            value += t.coefficient * z[a] * z[b]
            gradient[a, default: 0] += t.coefficient * z[b]
            gradient[b, default: 0] += t.coefficient * z[a]
        }
        return (value, gradient.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// Builds the relaxation as a GLPK problem (minimizing the leader's objective), with the
    /// strong-duality row for the root's leader bounds when `strongDuality` (else that row is free).
    func makeLP(strongDuality: Bool = true) throws -> LinearProblem {
        let lp = LinearProblem(direction: .minimize)
        try lp.addColumns(columnCount, lower: 0, upper: .infinity)
        for j in 0..<columnCount { try lp.setColumnBounds(j, lower: columnLower[j], upper: columnUpper[j]) }
        try lp.addRows(rowCount)
        for i in 0..<rowCount { try lp.setRowBounds(i, lower: rowLower[i], upper: rowUpper[i]) }
        var entries = matrix
        if strongDuality, let row = strongDualityRelaxation(xLower: canonical.xLower, xUpper: canonical.xUpper) {
            for (j, v) in row.entries { entries.append(MatrixEntry(row: strongDualityRow, column: j, value: v)) }
            try lp.setRowBounds(strongDualityRow, lower: -.infinity, upper: row.upper)
        }
        for p in products {
            for (k, row) in (envelope(p, lower: columnLower, upper: columnUpper) ?? []).enumerated() {
                for (j, v) in row.entries { entries.append(MatrixEntry(row: p.firstRow + k, column: j, value: v)) }
                try lp.setRowBounds(p.firstRow + k, lower: row.lower, upper: row.upper)
            }
        }
        try lp.loadMatrix(entries)
        // Scaling is not optional: on data spanning twelve orders of magnitude the unscaled LP mis-declared nodes
        // infeasible and the search certified wrong optima (NumericsTests).
        lp.scale()
        for j in 0..<columnCount where objective[j] != 0 { try lp.setObjective(column: j, objective[j]) }
        try lp.setObjectiveConstant(objectiveConstant)
        return lp
    }

    /// The value of a pair's slack at an LP point (column values and row activities).
    static func slackValue(_ slack: Slack, columns: [Double], rows: [Double]) -> Double {
        switch slack {
        case let .rowLower(i, v): return rows[i] - v
        case let .rowUpper(i, v): return v - rows[i]
        case let .columnLower(j, v): return columns[j] - v
        case let .columnUpper(j, v): return v - columns[j]
        }
    }
}
