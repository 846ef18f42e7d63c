/// How a solve ended. A closed list: scripts rely on the JSON words (`jsonWord`).
public enum SolveStatus: String, Sendable, Hashable, CaseIterable {
    /// A certified global optimum: a verified point whose value meets the proven bound within the gap.
    case optimal
    /// A verified bilevel-feasible point; optimality not proven.
    case feasible
    /// Proven: no bilevel-feasible point exists.
    case infeasible
    /// Proven: the leader's objective is unbounded on the bilevel-feasible set.
    case unbounded
    /// The model is not well posed (e.g. follower multipliers that are not unique drive the leader).
    case illPosed
    /// The optimum is an infimum that no point attains.
    case notAttained
    /// The time limit (``SolveOptions/timeLimit``) stopped the search; the best point and bound so far are
    /// reported.
    case timeLimit
    /// The node limit (``SolveOptions/nodeLimit``) stopped the search; the best point and bound so far are
    /// reported.
    case nodeLimit
    /// The open-node pool reached ``SolveOptions/nodeMemoryLimit``; the best point and bound so far are
    /// reported.
    case memoryLimit
    /// ``SolveOptions/shouldStop`` returned true (Ctrl-C in the command-line tool); the best point and bound so
    /// far are reported.
    case interrupted
    /// Nothing could be proven (e.g. an unproven big-M found no point).
    case unknown

    /// The word used in JSON output and by scripts.
    public var jsonWord: String {
        switch self {
        case .illPosed: return "ill_posed"
        case .notAttained: return "not_attained"
        case .timeLimit: return "time_limit"
        case .nodeLimit: return "node_limit"
        case .memoryLimit: return "memory_limit"
        default: return rawValue
        }
    }
}

/// The state of the big-M constants of a `bigm` solve.
public enum BigMState: Sendable, Hashable {
    /// Every M was proven valid by bound-tightening LPs: the MILP is exact.
    case proven
    /// Some M could not be proven; the stated value was used for those. Answers claim feasibility only.
    case unproven(Double)
    /// The user fixed every M with `--big-m`; validity is not proven.
    case userGiven(Double)

    /// The word of the JSON key `big_m`: `proven`, `unproven` or `user`.
    public var jsonWord: String {
        switch self {
        case .proven: return "proven"
        case .unproven: return "unproven"
        case .userGiven: return "user"
        }
    }
}

/// The answer of a solve.
public struct BilevelResult: Sendable {
    /// How the solve ended.
    public var status: SolveStatus
    /// Leader objective at the reported point, in the model's own sense.
    public var objective: Double?
    /// The best proven bound on the leader's objective (model's sense), when known.
    public var bound: Double?
    /// Values of all model variables (model order), when a point is reported.
    public var values: [Double]?
    /// The follower's objective at the point, in the follower's sense, with its terms in leader
    /// variables and its constant included.
    public var followerObjective: Double?
    /// Whether the point passed the verifier (follower re-solved at the leader's choice).
    public var verified: Bool = false
    /// The verifier's report on the point (the follower's optimum at the leader's choice, the largest
    /// violation, the reason of a failure), when a point is reported.
    public var verification: VerificationReport?
    /// The method that ran.
    public var method: MethodChoice
    /// The state of the big-M constants (`bigm` only; `nil` for the other methods).
    public var bigM: BigMState?
    /// Nodes of the search (for `bigm` and `duality`, the nodes of GLPK's MILP search).
    public var nodes: Int = 0
    /// Wall-clock seconds.
    public var time: Double = 0
    /// A human explanation (why unbounded, why unknown, …).
    public var message: String?
    /// Shadow prices `dual(row)` of the follower's rows at the point (by constraint index), when the
    /// leader's objective uses them.
    public var duals: [Int: Double]?
    /// Whether the pessimistic reading was solved.
    public var pessimistic = false
    /// dy*/dx and dλ*/dx at the reported point, when asked for (`SolveOptions.sensitivity`).
    public var sensitivity: SensitivityReport?
    /// `notAttained` only: the leader's objective at the reported point (model sense), which is
    /// within `|pointObjective − objective|` of the infimum `objective`, and the leader's choice
    /// (by leader position) that such points approach.
    public var pointObjective: Double?
    /// `notAttained` only: the leader's choice that the reported points approach, one value per leader
    /// variable in model order (``BilevelModel/variableIndices(of:)``).
    public var limitLeader: [Double]?

    /// Creates a result with no point, no bound and no statistics.
    ///
    /// - Parameters:
    ///   - status: How the solve ended.
    ///   - method: The method that ran.
    public init(status: SolveStatus, method: MethodChoice) {
        self.status = status
        self.method = method
    }

    /// `|objective − bound| / max(1, |objective|)`, when both are finite.
    public var gap: Double? {
        guard let o = objective, let b = bound, o.isFinite, b.isFinite else { return nil }
        return Gap.relative(incumbent: o, bound: b)
    }
}
