/// Follower variables that are copies of each other: one complementarity pair per bound over their sum.
extension KKTSystem {
    /// Merges the bound pairs of follower variables that are copies of each other ("parallel
    /// columns": equal entries in every follower row, equal costs, equal bounds), so that the search
    /// branches once for the group where it would branch once per member.
    ///
    /// Their stationarity rows differ only in their bound multipliers, so `γ_k − δ_k` (lower bound's
    /// multiplier less the upper bound's) is the same number `r` for every member at every point of
    /// the LP. The group keeps the first member's pairs, over a new row `Σ y_k` with sides `Σ l` and
    /// `Σ u`: `γ·Σ (y_k − l) = 0` and `δ·Σ (u − y_k) = 0`. At a point where these hold, every member
    /// has a multiplier pair that satisfies its own conditions, `(max(r, 0), max(−r, 0))`: `r > 0`
    /// needs `γ > 0`, so every member sits at `l`; `r < 0` puts every member at `u`. The KKT points,
    /// in `x` and `y`, are the same. Branching on a group's pair sets the shared multiplier to zero or
    /// every member to its bound, where separate pairs would explore "multiplier zero, some member at
    /// its bound" in both children.
    ///
    /// Not for a quadratic follower or `x·y` terms in its objective (their stationarity rows differ),
    /// nor with implications (the pessimistic pricing reading's pairs are its own).
    ///
    /// - Returns: How many pairs left the system.
    @discardableResult
    mutating func mergeParallelColumnPairs() -> Int {
        guard !canonical.isQuadraticFollower, !canonical.hasFollowerProducts, canonical.pricingScale == nil,
              implications.isEmpty else { return 0 }
        var columnEntries = [[(row: Int, value: Double)]](repeating: [], count: ny)
        for (r, row) in canonical.followerRows.enumerated() {
            for (k, v) in row.y where v != 0 { columnEntries[k].append((r, v)) }
        }
        var lowerPair = [Int?](repeating: nil, count: ny), upperPair = [Int?](repeating: nil, count: ny)
        for (p, pair) in pairs.enumerated() {
            switch pair.slack {
            case let .columnLower(column, _) where (nx..<(nx + ny)).contains(column): lowerPair[column - nx] = p
            case let .columnUpper(column, _) where (nx..<(nx + ny)).contains(column): upperPair[column - nx] = p
            default: break
            }
        }
        struct Key: Hashable {
            var cost, lower, upper: Double
            var hasLower, hasUpper: Bool
            var rows: [Int]
            var values: [Double]
        }
        var groups: [Key: [Int]] = [:]
        var order: [Key] = []
        for k in 0..<ny where lowerPair[k] != nil || upperPair[k] != nil {
            let key = Key(cost: canonical.d[k], lower: canonical.yLower[k], upper: canonical.yUpper[k],
                          hasLower: lowerPair[k] != nil, hasUpper: upperPair[k] != nil,
                          rows: columnEntries[k].map(\.row), values: columnEntries[k].map(\.value))
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(k)
        }
        var merged = pairs, removed = Set<Int>()
        for key in order {
            guard let members = groups[key], members.count > 1 else { continue }
            let n = Double(members.count)
            let lower = key.hasLower ? n * key.lower : -.infinity, upper = key.hasUpper ? n * key.upper : .infinity
            let row = appendAggregateRow(lower: lower, upper: upper, entries: members.map { (yColumn($0), 1.0) })
            let name = members.map { canonical.model.variables[canonical.followerVariables[$0]].name }
                .joined(separator: "+")
            let first = members[0]
            if let p = lowerPair[first] {
                merged[p] = Pair(multiplier: pairs[p].multiplier, slack: .rowLower(row: row, value: lower),
                                name: "\(name)[lower]")
            }
            if let p = upperPair[first] {
                merged[p] = Pair(multiplier: pairs[p].multiplier, slack: .rowUpper(row: row, value: upper),
                                name: "\(name)[upper]")
            }
            for k in members.dropFirst() { removed.formUnion([lowerPair[k], upperPair[k]].compactMap { $0 }) }
        }
        replacePairs(merged.enumerated().filter { !removed.contains($0.offset) }.map(\.element))
        return removed.count
    }
}
