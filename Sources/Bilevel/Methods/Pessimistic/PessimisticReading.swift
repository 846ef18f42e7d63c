import GLPK

/// The pessimistic reading: ties in the follower's optimal set are broken against the leader, and
/// the leader's coupling rows must hold for every follower optimum (the strong reading):
///
///     min_x  c_x·x + max { c_y·y : y ∈ S(x) }   s.t.  every y ∈ S(x) satisfies the coupling rows
///
/// where S(x) is the follower's optimal set. As a single-level problem with complementarity, for an
/// LP follower and a linear leader objective:
/// - ŷ with multipliers λ̂ is *a* follower optimum (its KKT system, at the leader's level), so that
///   φ(x) = d·ŷ is the follower's optimal value;
/// - an adversary y maximizes c_y·y over {y feasible for the follower, d·y ≤ d·ŷ} = S(x) (its KKT
///   system is the follower block of the new problem: x and ŷ are parameters to it);
/// - per coupling side, one more adversary finds the row's worst value over S(x), and the row must
///   hold there.
/// The blocks share no rows, so one follower LP made of them has exactly their KKT systems; ŷ's pairs
/// are added to the search as extra pairs. The same branch-and-bound then solves the pessimistic
/// problem to global optimality; its candidates are evaluated by `PessimisticEvaluator`.
///
/// **Accepts** an LP follower (no quadratic or x·y terms), a leader objective that is linear or has
/// products x·y and x·x' (the worst response then has the x·y terms in its objective: the search's
/// McCormick envelopes or strong duality handle them), integer or continuous leaders. Its infima are
/// attained over bounded leader sets: with constant costs the follower's optimal set moves
/// Lipschitz-continuously with x (Mangasarian & Shiau 1987, SIAM J. Control Optim. 25(3)), so the
/// worst case is continuous. Followers whose costs x moves go to
/// `PessimisticPricingReading`, where infima may only be approached (`not_attained`).
struct PessimisticReading {
    let original: CanonicalProblem
    let model: BilevelModel
    private(set) var kkt: KKTSystem

    init(_ original: CanonicalProblem) throws {
        self.original = original
        let c = original
        try Self.checkAccepted(c)
        let followerKKT = KKTSystem(c)
        let (yLower, yUpper) = try Self.responseBounds(c, followerKKT)
        var m = BilevelModel(name: c.model.name + ".pessimistic")
        // Leader: x, ŷ, λ̂ with the leader's x-rows, ŷ's rows and stationarity.
        let base = FollowerAtLeaderLevel(c, follower: followerKKT, yLower: yLower, yUpper: yUpper, into: &m)
        var followerObjective: [LinearTerm] = []
        var leaderObjective: [LinearTerm] = (0..<c.nx).map { LinearTerm(variable: $0, coefficient: c.cx[$0]) }
        var leaderQuadratic: [QuadraticTerm] = [], followerQuadratic: [QuadraticTerm] = []
        for (b, adversary) in Self.adversaries(c).enumerated() {
            let ys = Self.addAdversary(b, c, yLower: yLower, yUpper: yUpper, yhat: base.yhat, into: &m)
            // The adversary minimizes its objective (minimized form: −c_y·y, i.e. the leader's worst case).
            for j in 0..<c.ny where adversary.objective[j] != 0 {
                followerObjective.append(LinearTerm(variable: ys[j], coefficient: adversary.objective[j]))
            }
            if let (row, upper) = adversary.coupling {
                m.addConstraint(Self.strongCouplingRow(b, row, upper: upper, ys: ys, c))
            } else {
                leaderObjective += (0..<c.ny).filter { c.cy[$0] != 0 }.map {
                    LinearTerm(variable: ys[$0], coefficient: c.cy[$0])
                }
                // Products x·y: the leader's at the worst response, and the worst response's own
                // objective term (x is a parameter to it); products x·x' stay the leader's.
                for p in c.leaderCrossProducts {
                    leaderQuadratic.append(QuadraticTerm(p.x, ys[p.y], coefficient: p.coefficient))
                    followerQuadratic.append(QuadraticTerm(p.x, ys[p.y], coefficient: -p.coefficient))
                }
            }
        }
        for t in c.leaderQuadratic + c.leaderBilinear
        where c.position[t.first].level == .leader && c.position[t.second].level == .leader {
            leaderQuadratic.append(QuadraticTerm(c.position[t.first].index, c.position[t.second].index,
                                                 coefficient: t.coefficient))
        }
        m.leaderObjective = Objective(sense: .minimize, terms: leaderObjective, constant: c.c0,
                                      quadratic: leaderQuadratic)
        m.followerObjective = Objective(sense: .minimize, terms: followerObjective, quadratic: followerQuadratic)
        model = m
        var kkt = KKTSystem(CanonicalProblem(m))
        kkt.appendPairs(base.pairs(in: kkt))
        self.kkt = kkt
    }

    private static func checkAccepted(_ c: CanonicalProblem) throws {
        let followerSquares = (c.leaderQuadratic + c.leaderBilinear).contains {
            c.position[$0.first].level == .follower && c.position[$0.second].level == .follower
        }
        if c.isQuadraticFollower || c.hasFollowerProducts || followerSquares || !c.leaderPricing.isEmpty
            || !c.model.leaderObjective.duals.isEmpty {
            throw BilevelError.unsupported(notAccepted)
        }
    }

    private static let notAccepted = "the pessimistic reading is solved for an LP follower and a leader objective "
        + "without products of two follower variables"

    /// The bounds of ŷ and of every worst response. A follower variable in a product needs finite
    /// bounds for the envelopes: every follower optimum lies in the optimistic relaxation, so its
    /// implied bounds hold for ŷ and for every worst response (only without coupling rows: with them
    /// the relaxation also cuts off the follower optima that a coupling check must see).
    private static func responseBounds(_ c: CanonicalProblem, _ followerKKT: KKTSystem) throws
        -> (lower: [Double], upper: [Double]) {
        var yLower = c.yLower, yUpper = c.yUpper
        let open = Set(c.leaderCrossProducts.map(\.y)).sorted().filter { !yLower[$0].isFinite || !yUpper[$0].isFinite }
        if !open.isEmpty && !c.leaderRows.contains(where: { !$0.y.isEmpty }),
           let implied = try followerKKT.impliedBounds(of: open.map { followerKKT.yColumn($0) }) {
            for j in open { (yLower[j], yUpper[j]) = implied[followerKKT.yColumn(j)]! }
        }
        return (yLower, yUpper)
    }

    /// An adversary: the objective it minimizes over S(x), and the coupling side it probes (none for
    /// the worst response to the leader's objective).
    private typealias Adversary = (objective: [Double], coupling: (row: CanonicalProblem.Row, upper: Bool)?)

    /// The adversaries: the worst response for the objective, and one per coupling side.
    private static func adversaries(_ c: CanonicalProblem) -> [Adversary] {
        var blocks: [Adversary] = [(c.cy.map { -$0 }, nil)]
        for row in c.leaderRows where !row.y.isEmpty {
            var b = [Double](repeating: 0, count: c.ny)
            for (j, v) in row.y { b[j] = v }
            if row.upper.isFinite { blocks.append((b.map { -$0 }, (row, true))) }   // max b·y must stay ≤ upper
            if row.lower.isFinite { blocks.append((b, (row, false))) }             // min b·y must stay ≥ lower
        }
        return blocks
    }

    /// Adversary `b`'s follower variables and rows: a copy of the follower's rows, and d·y ≤ d·ŷ
    /// (y stays in the follower's optimal set). Returns the model indices of its y.
    private static func addAdversary(_ b: Int, _ c: CanonicalProblem, yLower: [Double], yUpper: [Double],
                                     yhat: [Int], into m: inout BilevelModel) -> [Int] {
        let source = c.model
        let ys = (0..<c.ny).map { j in
            m.addVariable(Variable(name: "adv\(b)." + source.variables[c.followerVariables[j]].name,
                                   lower: yLower[j], upper: yUpper[j], level: .follower))
        }
        for row in c.followerRows {
            m.addConstraint(Constraint(name: "adv\(b)." + source.constraints[row.source].name,
                                       terms: terms(of: row, ys: ys), lower: row.lower, upper: row.upper,
                                       level: .follower))
        }
        let optimal = (0..<c.ny).filter { c.d[$0] != 0 }.flatMap {
            [LinearTerm(variable: ys[$0], coefficient: c.d[$0]), LinearTerm(variable: yhat[$0], coefficient: -c.d[$0])]
        }
        m.addConstraint(Constraint(name: "adv\(b).optimal", terms: optimal, lower: -.infinity, upper: 0,
                                   level: .follower))
        return ys
    }

    /// A row's terms with its `y` part on the variables `ys`.
    private static func terms(of row: CanonicalProblem.Row, ys: [Int]) -> [LinearTerm] {
        row.x.map { LinearTerm(variable: $0.index, coefficient: $0.value) }
            + row.y.map { LinearTerm(variable: ys[$0.index], coefficient: $0.value) }
    }

    /// The strong reading's leader row: the coupling side must hold at adversary `b`'s response.
    private static func strongCouplingRow(_ b: Int, _ row: CanonicalProblem.Row, upper: Bool, ys: [Int],
                                          _ c: CanonicalProblem) -> Constraint {
        let name = "strong.\(b)." + c.model.constraints[row.source].name
        let rowTerms = terms(of: row, ys: ys)
        if upper { return Constraint(name: name, terms: rowTerms, lower: -.infinity, upper: row.upper, level: .leader) }
        return Constraint(name: name, terms: rowTerms, lower: row.lower, upper: .infinity, level: .leader)
    }
}

/// Candidates for both pessimistic readings: at a leader choice x, the follower's optimal value φ by
/// its LP, then the worst response for the leader over the follower's optimal set (an LP), and for
/// every coupling side its worst value over that set, which must respect the side.
final class PessimisticEvaluator: PointEvaluator {
    let original: CanonicalProblem
    private let verifier: Verifier
    private let worst: OptimisticResponse
    private let probes: [(row: CanonicalProblem.Row, upper: Bool, lp: OptimisticResponse)]

    init(_ original: CanonicalProblem) throws {
        self.original = original
        verifier = try Verifier(original)
        if !original.leaderCrossProducts.isEmpty {
            // The leader's y-coefficients depend on x through its products x·y.
            let c = original
            worst = try OptimisticResponse(original, coupling: false,
                                           objectiveAt: { x in c.leaderYCoefficients(x: x).map { -$0 } })
        } else {
            worst = try OptimisticResponse(original, objective: original.cy.map { -$0 }, coupling: false)
        }
        var probes: [(CanonicalProblem.Row, Bool, OptimisticResponse)] = []
        for row in original.leaderRows where !row.y.isEmpty {
            var b = [Double](repeating: 0, count: original.ny)
            for (j, v) in row.y { b[j] = v }
            if row.upper.isFinite {
                probes.append((row, true, try OptimisticResponse(original, objective: b.map { -$0 }, coupling: false)))
            }
            if row.lower.isFinite {
                probes.append((row, false, try OptimisticResponse(original, objective: b, coupling: false)))
            }
        }
        self.probes = probes
    }

    var leaderLower: [Double] { original.xLower }
    var leaderUpper: [Double] { original.xUpper }
    var acceptsLeafPoints: Bool { false }

    func verify(x: [Double], y: [Double]) -> VerificationReport {
        verifier.verify(x: Array(x.prefix(original.nx)), y: y)
    }

    func candidate(at rawX: [Double]) -> Verifier.CandidateOutcome {
        let x: [Double], phi: Double
        switch verifier.followerValue(at: Array(rawX.prefix(original.nx))) {
        case let .value(snapped, value): (x, phi) = (snapped, value)
        case let .outcome(outcome): return outcome
        }
        // Every coupling side must hold at its worst follower optimum (the strong reading).
        for (row, upper, lp) in probes {
            switch lp.respond(to: x, followerOptimum: phi) {
            case let .optimal(y):
                let a = CanonicalProblem.activity(row, x: x, y: y)
                if upper && (a - row.upper) > Tolerances.feasibility * relativeFloor(row.upper)
                    || !upper && (row.lower - a) > Tolerances.feasibility * relativeFloor(row.lower) {
                    return .infeasible("a follower optimum violates a coupling row")
                }
            case .unbounded: return .infeasible("a coupling row is unbounded over the follower's optima")
            case .infeasible: return .failed("the follower's optimal set looked empty")
            case let .failed(why): return .failed(why)
            }
        }
        switch worst.respond(to: x, followerOptimum: phi) {
        case let .optimal(y):
            let report = verifier.verify(x: x, y: y)
            guard report.verified else { return .failed("worst response failed verification: \(report.reason ?? "")") }
            return .feasible(Candidate(x: x, y: y, value: original.leaderValue(x: x, y: y), report: report))
        case .unbounded:
            return .infeasible("the leader's objective is unbounded above over the follower's optima at x")
        case .infeasible: return .failed("the follower's optimal set looked empty")
        case let .failed(why): return .failed(why)
        }
    }
}
