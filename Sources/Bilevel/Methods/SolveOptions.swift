import Foundation

/// Which method solves a model: the user's choice in `SolveOptions.method`, and in
/// `BilevelResult.method` the method that ran (never `auto`).
public enum MethodChoice: String, Sendable, Hashable, CaseIterable {
    /// Let the solver choose: the search on complementarity for a continuous follower (the big-M and
    /// strong-duality MILPs were never faster in the benchmarks, so `auto` does not try them), the
    /// integer-follower search when the follower has integer variables. Where the follower is an LP
    /// and every linking variable a bounded integer, `auto` races two branching orders of the search
    /// on complementarity (pairs first, linking variables first); the message says which answered.
    case auto
    /// Branch-and-bound on complementarity (no big-M): the exact default for LP and convex-QP followers.
    case branch
    /// KKT with big-M disjunctions solved as a MILP by GLPK.
    case bigm
    /// Primal and dual feasibility plus strong duality, solved as a MILP by GLPK (exact where every
    /// leader variable in a follower row is a bounded integer and the multipliers' bounds are proven;
    /// otherwise the branch-and-bound runs instead, and the result says so).
    case duality
    /// Branch-and-bound over the high-point relaxation with the follower's MILP and the best response
    /// solved at integral linking values (`IntegerFollowerSearch`): the method for integer followers,
    /// exact when every linking variable is an integer with finite bounds.
    case integer
}

/// Options of a solve.
public struct SolveOptions: Sendable {
    /// The method to run (default ``MethodChoice/auto``).
    public var method: MethodChoice = .auto
    /// Wall-clock limit in seconds (`nil`: none).
    public var timeLimit: Double?
    /// Node limit of the branch-and-bound (`nil`: none).
    public var nodeLimit: Int?
    /// Relative gap at which the search stops (`|incumbent − bound| / max(1, |incumbent|)`).
    public var gap: Double = Tolerances.gap
    /// Worker threads of the branch-and-bound (`nil`: all cores).
    public var threads: Int?
    /// A big-M for every pair, overriding bound tightening (`bigm` only).
    public var bigM: Double?
    /// The M used for pairs whose M cannot be proven (`bigm` only).
    public var fallbackBigM: Double = 1e5
    /// Upper limit on the memory of the open-node pool, in bytes.
    public var nodeMemoryLimit: Int = 4 << 30
    /// Called about once a second with a progress line (`nil`: silent).
    public var log: (@Sendable (String) -> Void)?
    /// Polled during the search; returning true stops it with status `interrupted` (the best point
    /// and bound found so far are reported). The async `solve` also stops when its task is cancelled.
    public var shouldStop: (@Sendable () -> Bool)?
    /// Called with a snapshot of the search about once a second (with the log line), at every new
    /// incumbent, and once at the end (`nil`: none). Calls come one at a time from the solver's
    /// threads; keep them short. See `SolveProgress`.
    ///
    ///     options.progress = { p in print(p.elapsed, p.incumbent ?? .nan, p.bound ?? .nan) }
    public var progress: (@Sendable (SolveProgress) -> Void)?
    /// Compute the sensitivity of the follower's response at the reported point.
    public var sensitivity = false
    /// Presolve the follower's KKT system before a search on it: sides of the follower's rows and
    /// bounds that its other rows and bounds imply for every leader choice leave it, with their
    /// complementarity pairs (on max-flow interdiction a third of the pairs); follower variables that
    /// copy another one's column, cost and bounds share its pairs (the search on complementarity). Off
    /// only to measure it.
    public var presolve = true
    /// Bound the follower's multipliers by their largest magnitude over the vertices of its dual
    /// polyhedron where its matrix is totally unimodular (network and interdiction followers;
    /// `KKTSystem.boundMultipliersAtVertices`). Applies to the optimistic reading only. Off only to
    /// measure it.
    public var vertexBounds = true
    /// The pessimistic reading: ties in the follower's optimal set are broken against the leader, and
    /// the leader's coupling rows must hold for every follower optimum (the strong reading).
    public var pessimistic = false
    /// Where the tree search saves its state (open nodes, incumbent, bound, cut pools), so that a
    /// stopped run can go on with ``resume`` (`nil`: no checkpoints). Written atomically (to
    /// `FILE.tmp`, then renamed) at most every ``checkpointInterval`` seconds and once more when the
    /// search stops on a limit or an interruption; removed when the search finishes (so the file
    /// exists exactly while there is work left). Methods without a tree search (`bigm`, the exact
    /// `duality` MILP) write none.
    public var checkpoint: URL?
    /// Seconds between two checkpoints at least (default 60).
    public var checkpointInterval: Double = 60
    /// A checkpoint to resume from: the search starts from its open nodes with its incumbent and
    /// cut pools, and reaches the answer the uninterrupted run would. The model and the options that
    /// shape the search (method, reading, gap) must be those it was written with, else the solve
    /// throws `BilevelError.io` naming the file. Limits (time, nodes) count this run only; the
    /// result's node count includes the nodes solved before.
    public var resume: URL?
    /// The processes a tree search spreads over (`bilevel-mpi`; nil: this process alone). Not public:
    /// the library itself never needs MPI.
    package var transport: (any SearchTransport)?
    /// Incumbents shared with another search of the same problem (set by `PortfolioRace` for its racers).
    var incumbentExchange: IncumbentExchange?

    /// Creates options; the other settings (``log``, ``shouldStop``, ``pessimistic``, ``sensitivity``, …)
    /// are properties to set afterwards.
    ///
    /// - Parameters:
    ///   - method: The method to run.
    ///   - timeLimit: Wall-clock limit in seconds (`nil`: none).
    ///   - nodeLimit: Node limit of the branch-and-bound (`nil`: none).
    ///   - gap: Relative gap at which the search stops.
    ///   - threads: Worker threads of the branch-and-bound (`nil`: all cores).
    ///   - bigM: One big-M for every pair (`bigm` only; not proven valid).
    public init(method: MethodChoice = .auto, timeLimit: Double? = nil, nodeLimit: Int? = nil,
                gap: Double = Tolerances.gap, threads: Int? = nil, bigM: Double? = nil) {
        self.method = method
        self.timeLimit = timeLimit
        self.nodeLimit = nodeLimit
        self.gap = gap
        self.threads = threads
        self.bigM = bigM
    }
}
