import Foundation

/// A snapshot of a running solve: what the node log prints, as values, in the model's own sense.
///
/// Delivered to `SolveOptions.progress` and, for async callers, as `SolveEvent.progress` by
/// `BilevelModel.solveWithProgress(_:)`. A solve reports about once a second (where the node log
/// prints a line), at every new incumbent, and once at the end (`trigger == .finished`, with the
/// result's objective and bound):
///
///     var options = SolveOptions(timeLimit: 60)
///     options.progress = { p in
///         print(p.elapsed, p.nodes, p.incumbent ?? .nan, p.bound ?? .nan)
///     }
///     let result = try model.solve(options)
///
/// Within one solve the snapshots arrive one at a time (never concurrently), `elapsed` never
/// decreases, and the incumbent only improves. The tree searches (branch-and-bound, integer
/// follower) report while they run; the big-M and strong-duality MILPs, solved by GLPK in one call,
/// report only at the end.
public struct SolveProgress: Sendable, Hashable {
    /// Why a snapshot was taken.
    public enum Trigger: String, Sendable, Hashable, CaseIterable {
        /// The periodic report, about once a second (with the node log's line).
        case periodic
        /// The incumbent improved since the previous snapshot (every improvement is reported).
        case incumbent
        /// The solve ended: the last snapshot, carrying the result's objective and bound.
        case finished
    }

    /// Why this snapshot was taken.
    public var trigger: Trigger
    /// Seconds since the solve started (monotonic clock).
    public var elapsed: Double
    /// Nodes processed so far.
    public var nodes: Int
    /// Nodes open or being processed.
    public var openNodes: Int
    /// The leader's objective at the best verified point found so far, in the model's sense (`nil`:
    /// none yet).
    public var incumbent: Double?
    /// The best proven bound on the leader's objective, in the model's sense (`nil`: none yet). Never
    /// worse than the incumbent: ≤ it when the leader minimizes, ≥ it when it maximizes.
    public var bound: Double?
    /// The fraction of the search tree closed so far, in [0, 1] (`nil`: not measured — the MILP
    /// methods, a resumed or distributed search). A node at depth d is 2⁻ᵈ of the tree; this is the
    /// share no longer open. An estimate of progress, not of time: trees are rarely balanced.
    public var searched: Double?

    /// Creates a snapshot (the solver makes them; this is for tests and replays).
    public init(trigger: Trigger, elapsed: Double, nodes: Int, openNodes: Int, incumbent: Double?,
                bound: Double?, searched: Double? = nil) {
        self.trigger = trigger
        self.elapsed = elapsed
        self.nodes = nodes
        self.openNodes = openNodes
        self.incumbent = incumbent
        self.bound = bound
        self.searched = searched
    }

    /// `|incumbent − bound| / max(1, |incumbent|)`, when both are known and finite.
    public var gap: Double? {
        guard let i = incumbent, let b = bound, i.isFinite, b.isFinite else { return nil }
        return Gap.relative(incumbent: i, bound: b)
    }
}

/// What `BilevelModel.solveWithProgress(_:)` delivers: progress snapshots, then the result.
///
///     for try await event in model.solveWithProgress(SolveOptions(timeLimit: 60)) {
///         switch event {
///         case let .progress(p): print(p.elapsed, p.incumbent ?? .nan, p.bound ?? .nan)
///         case let .finished(result): print(result.status, result.objective ?? .nan)
///         }
///     }
public enum SolveEvent: Sendable {
    /// A snapshot of the running solve; the last one has `trigger == .finished`.
    case progress(SolveProgress)
    /// The solve's answer: always the last event of a stream that does not throw.
    case finished(BilevelResult)
}

extension Duration {
    /// Not a tolerance: the unit of `components.attoseconds`, in seconds.
    private static let secondsPerAttosecond = 1e-18

    /// The duration in seconds.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * Self.secondsPerAttosecond
    }
}

/// Forwards a solve's progress to the user's callback with times since the solve began (the searches
/// start their clocks later), and sends the final snapshot from the result.
final class ProgressRelay: @unchecked Sendable {
    private let sink: @Sendable (SolveProgress) -> Void
    private let start = ContinuousClock.now
    private let lock = NSLock()
    private var last: SolveProgress?

    init(_ sink: @escaping @Sendable (SolveProgress) -> Void) { self.sink = sink }

    private var now: Double { (ContinuousClock.now - start).seconds }

    /// A search's snapshot, re-timed; times never decrease.
    func forward(_ progress: SolveProgress) {
        lock.lock(); defer { lock.unlock() }
        var p = progress
        p.elapsed = max(now, last?.elapsed ?? 0)
        last = p
        sink(p)
    }

    /// The last snapshot: the result's objective, bound and nodes (open nodes as last reported).
    func finish(_ result: BilevelResult) {
        lock.lock(); defer { lock.unlock() }
        let p = SolveProgress(trigger: .finished, elapsed: max(now, last?.elapsed ?? 0), nodes: result.nodes,
                              openNodes: last?.openNodes ?? 0, incumbent: result.objective, bound: result.bound)
        last = p
        sink(p)
    }
}
