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

    /// A worst case over S(x): the leader's objective, or one finite side of a coupling row.
    private struct WorstCase {
        var name: String
        /// Its y-coefficients; plus α·C·x where `movesWithX` (the leader's objective).
        var g: [Double]
        var movesWithX: Bool
        var row: CanonicalProblem.Row?
        var upper: Bool
        /// Model indices of its duals: ρ per follower multiplier, σ and the strictness marker per pair.
        var rho: [Int] = []
        var sigma: [Int] = []
        var marker: [Int] = []
    }

    init(_ original: CanonicalProblem) throws {
        self.original = original
        let c = original
        try Self.checkAccepted(c)
        var m = BilevelModel(name: c.model.name + ".pessimistic")
        // Leader: x, ŷ, λ̂ with the leader's x-rows, ŷ's rows and stationarity.
        let base = FollowerAtLeaderLevel(c, follower: KKTSystem(c), yLower: c.yLower, yUpper: c.yUpper, into: &m)
        var worst = Self.worstCases(c)
        Self.addDuals(&worst, follower: base.follower, into: &m)
        // A follower with nothing to decide: the model needs one, the search does not.
        _ = m.addVariable(Variable(name: "none", lower: 0, upper: 0, level: .follower))
        Self.addStationarity(worst, base: base, c, into: &m)
        Self.addCouplingRows(worst, base: base, into: &m)
        // Objective: c_x·x + c0 − D(ρ, σ) of the objective's worst case.
        let linear = (0..<c.nx).filter { c.cx[$0] != 0 }.map { LinearTerm(variable: $0, coefficient: c.cx[$0]) }
        m.leaderObjective = Objective(sense: .minimize, terms: linear + Self.negatedDual(worst[0], base: base),
                                      constant: c.c0)
        m.followerObjective = Objective(sense: .minimize, terms: [])
        model = m
        kkt = Self.readingKKT(m, worst: worst, base: base)
    }

    private static func checkAccepted(_ c: CanonicalProblem) throws {
        if c.followerRows.contains(where: { !$0.x.isEmpty }) {
            throw BilevelError.unsupported(rowsWithLeaderVariables)
        }
        if c.isQuadraticFollower || c.hasQuadraticLeader || !c.model.leaderObjective.duals.isEmpty {
            throw BilevelError.unsupported(notLinearPlusPricing)
        }
    }

    private static let rowsWithLeaderVariables = "the pessimistic reading with x·y terms in the follower's "
        + "objective needs follower rows without leader variables"
    private static let notLinearPlusPricing = "the pessimistic reading with x·y terms in the follower's objective "
        + "is solved for an LP follower and a leader objective that is linear plus pricing terms"

    /// The worst cases over S(x): the leader's objective (y-coefficients g(x) = c_y + α·C·x), and per
    /// coupling side the row's worst activity (g = b for an upper side, −b for a lower one).
    private static func worstCases(_ c: CanonicalProblem) -> [WorstCase] {
        var worst = [WorstCase(name: "worst", g: c.cy, movesWithX: true, row: nil, upper: true)]
        for (r, row) in c.leaderRows.enumerated() where !row.y.isEmpty {
            var b = [Double](repeating: 0, count: c.ny)
            for (j, v) in row.y { b[j] = v }
            if row.upper.isFinite {
                worst.append(WorstCase(name: "coupling\(r).upper", g: b, movesWithX: false, row: row, upper: true))
            }
            if row.lower.isFinite {
                worst.append(WorstCase(name: "coupling\(r).lower", g: b.map { -$0 }, movesWithX: false, row: row,
                                       upper: false))
            }
        }
        return worst
    }

    /// Per worst case, leader variables for ρ (P's sides), σ ("slack ≤ 0" on each pair's side) and
    /// the markers: every worst case's ρ first, then their σ, then their markers.
    private static func addDuals(_ worst: inout [WorstCase], follower: KKTSystem, into m: inout BilevelModel) {
        for k in worst.indices {
            let name = worst[k].name
            worst[k].rho = follower.multipliers.enumerated().map { i, mult in
                let lower = mult.isFree ? -Double.infinity : 0
                return m.addVariable(Variable(name: "\(name).rho.\(i)", lower: lower, upper: .infinity, level: .leader))
            }
        }
        for k in worst.indices {
            let name = worst[k].name
            worst[k].sigma = follower.pairs.indices.map { p in
                m.addVariable(Variable(name: "\(name).sigma.\(p)", lower: 0, upper: .infinity, level: .leader))
            }
        }
        for k in worst.indices {
            let name = worst[k].name
            worst[k].marker = follower.pairs.indices.map { p in
                m.addVariable(Variable(name: "\(name).strict.\(p)", lower: 0, upper: 1, level: .leader))
            }
        }
    }

    /// Each worst case's dual, per follower variable j: −g_j + Σ e·ρ − Σ_pairs e·σ = 0.
    private static func addStationarity(_ worst: [WorstCase], base: FollowerAtLeaderLevel, _ c: CanonicalProblem,
                                        into m: inout BilevelModel) {
        let alpha = c.pricingScale ?? 0
        let entries = base.stationarity
        for j in 0..<c.ny {
            for w in worst {
                var adversary = entries[j].map { LinearTerm(variable: w.rho[$0.multiplier], coefficient: $0.value) }
                for (p, mk) in base.pairMultiplier.enumerated() {
                    for e in entries[j] where e.multiplier == mk {
                        adversary.append(LinearTerm(variable: w.sigma[p], coefficient: -e.value))
                    }
                }
                if w.movesWithX {
                    adversary += c.followerC[j].map { LinearTerm(variable: $0.index, coefficient: -alpha * $0.value) }
                }
                m.addConstraint(Constraint(name: "\(w.name).stationarity.\(j)", terms: adversary,
                                           lower: w.g[j], upper: w.g[j], level: .leader))
            }
        }
    }

    /// A worst case's value is min −D(ρ, σ) over its duals, D = Σ b·ρ − Σ b·σ: the terms of −D.
    private static func negatedDual(_ w: WorstCase, base: FollowerAtLeaderLevel) -> [LinearTerm] {
        let follower = base.follower, multipliers = follower.multipliers
        var terms: [LinearTerm] = []
        for (i, mult) in multipliers.enumerated() {
            let b = follower.dualObjectiveCoefficient(mult)
            if b != 0 { terms.append(LinearTerm(variable: w.rho[i], coefficient: -b)) }
        }
        for (p, i) in base.pairMultiplier.enumerated() {
            let b = follower.dualObjectiveCoefficient(multipliers[i])
            if b != 0 { terms.append(LinearTerm(variable: w.sigma[p], coefficient: b)) }
        }
        return terms
    }

    /// Coupling sides: a·x + max over S(x) of b·y ≤ upper, a·x − max over S(x) of (−b)·y ≥ lower.
    private static func addCouplingRows(_ worst: [WorstCase], base: FollowerAtLeaderLevel,
                                        into m: inout BilevelModel) {
        for w in worst {
            guard let row = w.row else { continue }
            let ax = row.x.map { LinearTerm(variable: $0.index, coefficient: w.upper ? $0.value : -$0.value) }
            m.addConstraint(Constraint(name: "\(w.name).holds", terms: ax + negatedDual(w, base: base),
                                       lower: -.infinity, upper: w.upper ? row.upper : -row.lower, level: .leader))
        }
    }

    /// The reading's KKT system, with ŷ's pairs and, per pair and worst case, the pair σ ⊥ slack and
    /// the implication "σ > 0 only where λ̂ > 0".
    private static func readingKKT(_ m: BilevelModel, worst: [WorstCase], base: FollowerAtLeaderLevel) -> KKTSystem {
        var kkt = KKTSystem(CanonicalProblem(m))
        var pairs: [KKTSystem.Pair] = []
        var implications: [KKTSystem.Implication] = []
        let yhatPairs = base.pairs(in: kkt)
        for (p, pair) in base.follower.pairs.enumerated() {
            let slack = base.slack(of: pair, in: kkt)
            let lambda = kkt.xColumn(base.lambda[base.pairMultiplier[p]])
            pairs.append(yhatPairs[p])
            for w in worst {
                let sigma = kkt.xColumn(w.sigma[p])
                pairs.append(KKTSystem.Pair(multiplier: sigma, slack: slack, name: "\(w.name)." + pair.name))
                implications.append(KKTSystem.Implication(multiplier: sigma, requires: lambda,
                                                          marker: kkt.xColumn(w.marker[p])))
            }
        }
        kkt.appendPairs(pairs)
        kkt.appendImplications(implications)
        return kkt
    }
}
