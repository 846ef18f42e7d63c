import Foundation

/// Writes a running search's checkpoints: at most every `interval` seconds from the workers' loop
/// (one worker writes while the others go on; the state is held only while its nodes are copied),
/// and once more when the search stops on a limit or interruption.
final class Checkpointer: @unchecked Sendable {
    private let plan: CheckpointPlan
    private let url: URL
    private let log: SearchLog
    private let lock = NSLock()
    private var lastWrite = Date()
    /// Time spent by the runs this one resumes.
    private let elapsedBefore: Double
    /// Why the last write failed (reported in the outcome), nil after a success.
    private(set) var failure: String?

    init?(_ plan: CheckpointPlan?, log: SearchLog) {
        guard let plan, let url = plan.url else { return nil }
        self.plan = plan
        self.url = url
        self.log = log
        elapsedBefore = plan.resumed?.elapsed ?? 0
    }

    /// Writes a checkpoint if `interval` seconds passed since the last one and no other worker is
    /// writing.
    func maybeWrite(_ state: SearchState) {
        guard lock.try() else { return }
        defer { lock.unlock() }
        guard Date().timeIntervalSince(lastWrite) >= plan.interval else { return }
        writeLocked(state)
        lastWrite = Date()
    }

    /// Writes a checkpoint now (the search stopped, or a distributed search gathered its nodes).
    func write(_ state: SearchState) {
        lock.lock(); defer { lock.unlock() }
        writeLocked(state)
        lastWrite = Date()
    }

    /// Whether `interval` seconds passed since the last checkpoint.
    var due: Bool {
        lock.lock(); defer { lock.unlock() }
        return Date().timeIntervalSince(lastWrite) >= plan.interval
    }

    /// Removes the checkpoint file (the search finished: there is nothing to resume).
    func remove() {
        lock.lock(); defer { lock.unlock() }
        try? FileManager.default.removeItem(at: url)
    }

    private func writeLocked(_ state: SearchState) {
        let s = state.snapshot()
        // After the nodes: every cut they name is in the pool by now.
        let method = plan.saveMethodState()
        let checkpoint = SearchCheckpoint(model: plan.model, search: plan.search, nodesSolved: s.nodes,
                                          elapsed: elapsedBefore + log.elapsed, bound: s.bound,
                                          closedBound: s.closedBound, unresolved: s.unresolved,
                                          incumbent: s.incumbent.map(SearchCheckpoint.SavedCandidate.init),
                                          tree: NodeForest(s.open), method: method)
        do {
            try checkpoint.write(to: url)
            failure = nil
        } catch {
            failure = "\(error)"
        }
    }
}
