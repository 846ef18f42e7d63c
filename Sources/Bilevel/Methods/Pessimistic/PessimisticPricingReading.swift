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
/// Coupling rows (the strong reading: they must hold for every follower optimum) get one more worst
/// case per finite side, its value bounded by the row.
///
/// **Accepts** an LP follower whose rows have no leader variables and a leader objective that is
/// linear plus pricing terms. The minimized leader objective is `c_x·x + c0 − D(ρ, σ)`.
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
        let source = c.model
        let ny = c.ny
        let alpha = c.pricingScale ?? 0
        var m = BilevelModel(name: source.name + ".pessimistic")
        // Leader: x, ŷ, λ̂ with the leader's x-rows, ŷ's rows and stationarity.
        let base = FollowerAtLeaderLevel(c, follower: KKTSystem(c), yLower: c.yLower, yUpper: c.yUpper, into: &m)
        let follower = base.follower, multipliers = follower.multipliers, pairMultiplier = base.pairMultiplier

        // Worst cases over S(x): the leader's objective (y-coefficients g(x) = c_y + α·C·x), and per
        // coupling side the row's worst activity (g = b for an upper side, −b for a lower one).
        struct Block { var name: String; var g: [Double]; var gx: Bool; var row: CanonicalProblem.Row?; var upper: Bool }
        var blocks = [Block(name: "worst", g: c.cy, gx: true, row: nil, upper: true)]
        for (r, row) in c.leaderRows.enumerated() where !row.y.isEmpty {
            var b = [Double](repeating: 0, count: ny)
            for (j, v) in row.y { b[j] = v }
            if row.upper.isFinite { blocks.append(Block(name: "coupling\(r).upper", g: b, gx: false, row: row, upper: true)) }
            if row.lower.isFinite { blocks.append(Block(name: "coupling\(r).lower", g: b.map { -$0 }, gx: false, row: row, upper: false)) }
        }
        // Per block: ρ for P's sides, σ for "slack ≤ 0" on each pair's side, and the markers.
        let rho = blocks.map { block in multipliers.enumerated().map { k, mult in
            m.addVariable(Variable(name: "\(block.name).rho.\(k)", lower: mult.isFree ? -.infinity : 0, upper: .infinity, level: .leader))
        } }
        let sigma = blocks.map { block in follower.pairs.indices.map { p in m.addVariable(Variable(name: "\(block.name).sigma.\(p)", lower: 0, upper: .infinity, level: .leader)) } }
        let marker = blocks.map { block in follower.pairs.indices.map { p in m.addVariable(Variable(name: "\(block.name).strict.\(p)", lower: 0, upper: 1, level: .leader)) } }
        // A follower with nothing to decide: the model needs one, the search does not.
        _ = m.addVariable(Variable(name: "none", lower: 0, upper: 0, level: .follower))

        let entries = base.stationarity
        for j in 0..<ny {
            // Each worst case's dual: −g_j + Σ e·ρ − Σ_pairs e·σ = 0.
            for (k, block) in blocks.enumerated() {
                var adversary = entries[j].map { LinearTerm(variable: rho[k][$0.multiplier], coefficient: $0.value) }
                for (p, mk) in pairMultiplier.enumerated() {
                    for e in entries[j] where e.multiplier == mk { adversary.append(LinearTerm(variable: sigma[k][p], coefficient: -e.value)) }
                }
                if block.gx { adversary += c.followerC[j].map { LinearTerm(variable: $0.index, coefficient: -alpha * $0.value) } }
                m.addConstraint(Constraint(name: "\(block.name).stationarity.\(j)", terms: adversary, lower: block.g[j], upper: block.g[j], level: .leader))
            }
        }
        // A worst case's value is min −D(ρ, σ) over its duals, D = Σ b·ρ − Σ b·σ.
        func negatedDual(_ k: Int) -> [LinearTerm] {
            var terms: [LinearTerm] = []
            for (i, mult) in multipliers.enumerated() {
                let b = follower.dualObjectiveCoefficient(mult)
                if b != 0 { terms.append(LinearTerm(variable: rho[k][i], coefficient: -b)) }
            }
            for (p, i) in pairMultiplier.enumerated() {
                let b = follower.dualObjectiveCoefficient(multipliers[i])
                if b != 0 { terms.append(LinearTerm(variable: sigma[k][p], coefficient: b)) }
            }
            return terms
        }
        // Coupling sides: a·x + max over S(x) of b·y ≤ upper, a·x − max over S(x) of (−b)·y ≥ lower.
        for (k, block) in blocks.enumerated() {
            guard let row = block.row else { continue }
            let ax = row.x.map { LinearTerm(variable: $0.index, coefficient: block.upper ? $0.value : -$0.value) }
            m.addConstraint(Constraint(name: "\(block.name).holds", terms: ax + negatedDual(k), lower: -.infinity,
                               upper: block.upper ? row.upper : -row.lower, level: .leader))
        }
        // Objective: c_x·x + c0 − D(ρ, σ) of the objective's worst case.
        let objective = (0..<c.nx).filter { c.cx[$0] != 0 }.map { LinearTerm(variable: $0, coefficient: c.cx[$0]) } + negatedDual(0)
        m.leaderObjective = Objective(sense: .minimize, terms: objective, constant: c.c0)
        m.followerObjective = Objective(sense: .minimize, terms: [])
        model = m
        var kkt = KKTSystem(CanonicalProblem(m))
        var pairs: [KKTSystem.Pair] = []
        var implications: [KKTSystem.Implication] = []
        let yhatPairs = base.pairs(in: kkt)
        for (p, pair) in follower.pairs.enumerated() {
            let slack = base.slack(of: pair, in: kkt)
            pairs.append(yhatPairs[p])
            for (k, block) in blocks.enumerated() {
                pairs.append(KKTSystem.Pair(multiplier: kkt.xColumn(sigma[k][p]), slack: slack, name: "\(block.name)." + pair.name))
                implications.append(KKTSystem.Implication(multiplier: kkt.xColumn(sigma[k][p]), requires: kkt.xColumn(base.lambda[pairMultiplier[p]]), marker: kkt.xColumn(marker[k][p])))
            }
        }
        kkt.appendPairs(pairs)
        kkt.appendImplications(implications)
        self.kkt = kkt
    }
}
