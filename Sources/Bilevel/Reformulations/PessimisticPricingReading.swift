import GLPK

/// The pessimistic reading when the leader's choice moves the follower's *costs* (products x·y in
/// the follower's objective, as in pricing): the follower minimizes `(d + Cx)·y` over a polyhedron
/// P that does not depend on x.
///
/// Here the follower's optimal set S(x) can jump as x moves (the primer's monopolist: at price
/// x < a the consumer buys ymax, at x = a anything), so the pessimistic infimum may not be attained.
/// The reading, all at the leader's level:
/// - ŷ with multipliers λ̂: *a* follower optimum (its KKT system, pairs λ̂ ⊥ slack(ŷ));
/// - for any optimal λ̂, S(x) = {y ∈ P : slack_s(y) = 0 wherever λ̂_s > 0} (complementary
///   slackness), so the worst response `max g(x)·y over S(x)`, with `g = c_y + α·C·x` the leader's
///   y-coefficients (α: the pricing scale), equals by LP duality the minimum of `−D` over the duals
///   (ρ ≥ 0 for P's sides, σ_s ≥ 0 for "slack_s ≤ 0" on the sides in λ̂'s support) of that LP;
///   its stationarity is linear in (x, ρ, σ), so the whole problem is an LP plus pairs;
/// - the support condition "σ_s > 0 only where λ̂_s > 0" has a strict side: the search branches on
///   it as an implication (σ_s = 0, or λ̂_s > 0 demanded) and checks the strict side, and it is why
///   the infimum may only be approached: at a point where λ̂_s must be 0, σ_s is not allowed, while
///   nearby points with λ̂_s > 0 allow it (`NodeSolver+Implications` tells attained from approached).
///
/// **Accepts** an LP follower whose rows have no leader variables, a leader objective that is linear
/// plus pricing terms, no coupling rows. The minimized leader objective is `c_x·x + c0 − D(ρ, σ)`.
struct PessimisticPricingReading {
    let original: CanonicalProblem
    let model: BilevelModel
    private(set) var kkt: KKTSystem

    /// Whether this reading (rather than `PessimisticReading`) applies to `c`.
    static func applies(to c: CanonicalProblem) -> Bool { c.hasFollowerProducts || !c.leaderPricing.isEmpty }

    init(_ original: CanonicalProblem) throws {
        self.original = original
        let c = original
        if c.followerRows.contains(where: { !$0.x.isEmpty }) {
            throw BilevelError.unsupported("the pessimistic reading with x·y terms in the follower's objective needs follower rows without leader variables")
        }
        if c.isQuadraticFollower || c.hasQuadraticLeader || !c.model.leaderObjective.duals.isEmpty {
            throw BilevelError.unsupported("the pessimistic reading with x·y terms in the follower's objective is solved for an LP follower and a leader objective that is linear plus pricing terms")
        }
        if c.leaderRows.contains(where: { !$0.y.isEmpty }) {
            throw BilevelError.unsupported("the pessimistic reading with x·y terms in the follower's objective does not take coupling rows (leader rows with follower variables) yet")
        }
        let source = c.model
        let follower = KKTSystem(c)
        let nx = c.nx, ny = c.ny
        let alpha = c.pricingScale ?? 0
        var m = BilevelModel(name: source.name + ".pessimistic")
        func name(_ j: Int) -> String { source.variables[j].name }
        for k in 0..<nx {
            m.addVariable(Variable(name: "x." + name(c.leaderVariables[k]), lower: c.xLower[k], upper: c.xUpper[k], isInteger: c.xInteger[k], level: .leader))
        }
        let yhat = (0..<ny).map { j in m.addVariable(Variable(name: "yhat." + name(c.followerVariables[j]), lower: c.yLower[j], upper: c.yUpper[j], level: .leader)) }
        let multipliers = follower.multipliers
        let lambda = multipliers.enumerated().map { k, mult in
            m.addVariable(Variable(name: "lambdahat.\(k)", lower: mult.isFree ? -.infinity : 0, upper: .infinity, level: .leader))
        }
        let rho = multipliers.enumerated().map { k, mult in
            m.addVariable(Variable(name: "rho.\(k)", lower: mult.isFree ? -.infinity : 0, upper: .infinity, level: .leader))
        }
        var multiplierIndex: [Int: Int] = [:]
        for (k, mult) in multipliers.enumerated() { multiplierIndex[mult.column] = k }
        let pairMultiplier = follower.pairs.map { multiplierIndex[$0.multiplier]! }
        let sigma = follower.pairs.indices.map { p in m.addVariable(Variable(name: "sigma.\(p)", lower: 0, upper: .infinity, level: .leader)) }
        let marker = follower.pairs.indices.map { p in m.addVariable(Variable(name: "strict.\(p)", lower: 0, upper: 1, level: .leader)) }
        // A follower with nothing to decide: the model needs one, the search does not.
        _ = m.addVariable(Variable(name: "none", lower: 0, upper: 0, level: .follower))

        var rowPosition = 0
        func add(_ row: Constraint) -> Int {
            m.addConstraint(row)
            rowPosition += 1
            return rowPosition - 1
        }
        for row in c.leaderRows {
            _ = add(Constraint(name: "lead." + source.constraints[row.source].name, terms: row.x.map { LinearTerm(variable: $0.index, coefficient: $0.value) },
                               lower: row.lower, upper: row.upper, level: .leader))
        }
        var yhatRow: [Int: Int] = [:]
        for (r, row) in c.followerRows.enumerated() {
            yhatRow[r] = add(Constraint(name: "yhat." + source.constraints[row.source].name, terms: row.y.map { LinearTerm(variable: yhat[$0.index], coefficient: $0.value) },
                                        lower: row.lower, upper: row.upper, level: .leader))
        }
        // Stationarity entries e(m) per follower variable, from the follower's KKT system.
        var entries = [[(multiplier: Int, value: Double)]](repeating: [], count: ny)
        for e in follower.matrix where follower.stationarityRowRange.contains(e.row) {
            if let k = multiplierIndex[e.column] { entries[e.row - follower.stationarityRowRange.lowerBound].append((k, e.value)) }
        }
        for j in 0..<ny {
            // ŷ: d_j + (Cx)_j + Σ e·λ̂ = 0.
            let terms = c.followerC[j].map { LinearTerm(variable: $0.index, coefficient: $0.value) } + entries[j].map { LinearTerm(variable: lambda[$0.multiplier], coefficient: $0.value) }
            _ = add(Constraint(name: "yhat.stationarity.\(j)", terms: terms, lower: -c.d[j], upper: -c.d[j], level: .leader))
            // The worst response's dual: −g_j(x) + Σ e·ρ − Σ_pairs e·σ = 0, g = c_y + α·C·x.
            var adversary = entries[j].map { LinearTerm(variable: rho[$0.multiplier], coefficient: $0.value) }
            for (p, k) in pairMultiplier.enumerated() {
                for e in entries[j] where e.multiplier == k { adversary.append(LinearTerm(variable: sigma[p], coefficient: -e.value)) }
            }
            adversary += c.followerC[j].map { LinearTerm(variable: $0.index, coefficient: -alpha * $0.value) }
            _ = add(Constraint(name: "worst.stationarity.\(j)", terms: adversary, lower: c.cy[j], upper: c.cy[j], level: .leader))
        }
        // Objective: c_x·x + c0 − D(ρ, σ), D = Σ b·ρ − Σ b·σ.
        var objective = (0..<nx).filter { c.cx[$0] != 0 }.map { LinearTerm(variable: $0, coefficient: c.cx[$0]) }
        for (k, mult) in multipliers.enumerated() {
            let b = follower.dualObjectiveCoefficient(mult)
            if b != 0 { objective.append(LinearTerm(variable: rho[k], coefficient: -b)) }
        }
        for (p, k) in pairMultiplier.enumerated() {
            let b = follower.dualObjectiveCoefficient(multipliers[k])
            if b != 0 { objective.append(LinearTerm(variable: sigma[p], coefficient: b)) }
        }
        m.leaderObjective = Objective(sense: .minimize, terms: objective, constant: c.c0)
        m.followerObjective = Objective(sense: .minimize, terms: [])
        model = m
        var kkt = KKTSystem(CanonicalProblem(m))
        var pairs: [KKTSystem.Pair] = []
        for (p, pair) in follower.pairs.enumerated() {
            let slack: KKTSystem.Slack
            switch pair.slack {
            case let .rowLower(row, v): slack = .rowLower(row: yhatRow[row - follower.followerRowRange.lowerBound]!, value: v)
            case let .rowUpper(row, v): slack = .rowUpper(row: yhatRow[row - follower.followerRowRange.lowerBound]!, value: v)
            case let .columnLower(col, v): slack = .columnLower(column: kkt.xColumn(yhat[col - nx]), value: v)
            case let .columnUpper(col, v): slack = .columnUpper(column: kkt.xColumn(yhat[col - nx]), value: v)
            }
            pairs.append(KKTSystem.Pair(multiplier: kkt.xColumn(lambda[pairMultiplier[p]]), slack: slack, name: "yhat." + pair.name))
            pairs.append(KKTSystem.Pair(multiplier: kkt.xColumn(sigma[p]), slack: slack, name: "worst." + pair.name))
        }
        kkt.appendPairs(pairs)
        kkt.appendImplications(follower.pairs.indices.map { p in
            KKTSystem.Implication(multiplier: kkt.xColumn(sigma[p]), requires: kkt.xColumn(lambda[pairMultiplier[p]]), marker: kkt.xColumn(marker[p]))
        })
        self.kkt = kkt
    }
}
