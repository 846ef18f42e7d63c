/// The follower's own KKT system put at the leader's level, as both pessimistic readings need it
/// (ŷ, *a* follower optimum, fixes φ(x) and the follower's optimal multipliers): in the reading's
/// model, leader variables x (as in the original), ŷ and λ̂ (one per follower multiplier), and the
/// leader rows of the leader's rows in x alone, ŷ's rows and ŷ's stationarity, added first. ŷ's
/// complementarity pairs go into the reading's KKT system through `pairs(in:)`.
struct FollowerAtLeaderLevel {
    /// The original follower's KKT system.
    let follower: KKTSystem
    /// Model indices (= leader positions) of ŷ and λ̂ in the reading's model.
    let yhat: [Int]
    let lambda: [Int]
    /// Position in `follower.multipliers` of each pair's multiplier.
    let pairMultiplier: [Int]
    /// Stationarity entries per follower variable: (multiplier position, coefficient).
    let stationarity: [[(multiplier: Int, value: Double)]]
    /// Leader rows added: the reading's own leader rows come after them.
    let leaderRowCount: Int
    /// Follower row → its ŷ row among the reading's leader rows.
    private let yhatRow: [Int: Int]

    /// Adds the variables and rows to `m`, which must be empty (leader positions are model indices).
    /// `follower` is `KKTSystem(c)`; ŷ gets the bounds `yLower`, `yUpper`.
    init(_ c: CanonicalProblem, follower: KKTSystem, yLower: [Double], yUpper: [Double],
         into m: inout BilevelModel) {
        self.follower = follower
        let source = c.model
        func name(_ j: Int) -> String { source.variables[j].name }
        for k in 0..<c.nx {
            m.addVariable(Variable(name: "x." + name(c.leaderVariables[k]), lower: c.xLower[k], upper: c.xUpper[k],
                                   isInteger: c.xInteger[k], level: .leader))
        }
        let yhat = (0..<c.ny).map { j in
            m.addVariable(Variable(name: "yhat." + name(c.followerVariables[j]), lower: yLower[j], upper: yUpper[j],
                                   level: .leader))
        }
        self.yhat = yhat
        lambda = follower.multipliers.enumerated().map { k, mult in
            let lower = mult.isFree ? -Double.infinity : 0
            return m.addVariable(Variable(name: "lambdahat.\(k)", lower: lower, upper: .infinity, level: .leader))
        }
        var multiplierIndex: [Int: Int] = [:]
        for (k, mult) in follower.multipliers.enumerated() { multiplierIndex[mult.column] = k }
        pairMultiplier = follower.pairs.map { multiplierIndex[$0.multiplier]! }

        var rows = 0
        func add(_ row: Constraint) -> Int {
            m.addConstraint(row)
            rows += 1
            return rows - 1
        }
        for row in c.leaderRows where row.y.isEmpty {
            let terms = row.x.map { LinearTerm(variable: $0.index, coefficient: $0.value) }
            _ = add(Constraint(name: "lead." + source.constraints[row.source].name, terms: terms,
                               lower: row.lower, upper: row.upper, level: .leader))
        }
        var yhatRow: [Int: Int] = [:]
        for (r, row) in c.followerRows.enumerated() {
            let terms = row.x.map { LinearTerm(variable: $0.index, coefficient: $0.value) }
                + row.y.map { LinearTerm(variable: yhat[$0.index], coefficient: $0.value) }
            yhatRow[r] = add(Constraint(name: "yhat." + source.constraints[row.source].name, terms: terms,
                                        lower: row.lower, upper: row.upper, level: .leader))
        }
        self.yhatRow = yhatRow
        var stationarity = [[(multiplier: Int, value: Double)]](repeating: [], count: c.ny)
        let stationarityRows = follower.stationarityRowRange
        for e in follower.matrix where stationarityRows.contains(e.row) {
            guard let k = multiplierIndex[e.column] else { continue }
            stationarity[e.row - stationarityRows.lowerBound].append((k, e.value))
        }
        self.stationarity = stationarity
        let lambda = self.lambda
        for j in 0..<c.ny {
            // d_j + (Cx)_j + Σ e·λ̂ = 0.
            let terms = c.followerC[j].map { LinearTerm(variable: $0.index, coefficient: $0.value) }
                + stationarity[j].map { LinearTerm(variable: lambda[$0.multiplier], coefficient: $0.value) }
            _ = add(Constraint(name: "yhat.stationarity.\(j)", terms: terms, lower: -c.d[j], upper: -c.d[j],
                               level: .leader))
        }
        leaderRowCount = rows
    }

    /// A follower pair's slack, as ŷ's row or column in the reading's KKT system.
    func slack(of pair: KKTSystem.Pair, in kkt: KKTSystem) -> KKTSystem.Slack {
        let nx = follower.nx
        let firstFollowerRow = follower.followerRowRange.lowerBound
        switch pair.slack {
        case let .rowLower(row, v): return .rowLower(row: yhatRow[row - firstFollowerRow]!, value: v)
        case let .rowUpper(row, v): return .rowUpper(row: yhatRow[row - firstFollowerRow]!, value: v)
        case let .columnLower(col, v): return .columnLower(column: kkt.xColumn(yhat[col - nx]), value: v)
        case let .columnUpper(col, v): return .columnUpper(column: kkt.xColumn(yhat[col - nx]), value: v)
        }
    }

    /// ŷ's complementarity pairs (λ̂ ⊥ its slack) in the reading's KKT system.
    func pairs(in kkt: KKTSystem) -> [KKTSystem.Pair] {
        follower.pairs.enumerated().map { p, pair in
            KKTSystem.Pair(multiplier: kkt.xColumn(lambda[pairMultiplier[p]]), slack: slack(of: pair, in: kkt),
                           name: "yhat." + pair.name)
        }
    }
}
