import Foundation

/// What the leaves of a reading with implications found: the smallest leaf value that a verified
/// point attains, and the smallest one that points only approach (its LP value, a bound that
/// genuine points tend to) with the best verified point found near it. Shared by the workers.
final class LimitLog: @unchecked Sendable {
    struct Entry {
        /// The leaf's value (minimized form): the infimum over its face.
        var limit: Double
        /// The leader's choice the points approach.
        var limitX: [Double]
        /// The best verified point found approaching it (its own, exact value).
        var candidate: Candidate
    }

    private let lock = NSLock()
    private var entry: Entry?
    private var attained: Double?

    /// The approached (not attained) entry with the smallest limit (then the best point).
    var best: Entry? { lock.lock(); defer { lock.unlock() }; return entry }
    /// The smallest leaf value that a verified point attains.
    var bestAttained: Double? { lock.lock(); defer { lock.unlock() }; return attained }

    func recordAttained(_ value: Double) {
        lock.lock(); defer { lock.unlock() }
        attained = min(attained ?? .infinity, value)
    }

    /// The log as a checkpoint keeps it.
    var saved: SearchCheckpoint.SavedLimitLog {
        lock.lock(); defer { lock.unlock() }
        return SearchCheckpoint.SavedLimitLog(limit: entry?.limit, limitX: entry?.limitX,
                                              candidate: entry.map { .init($0.candidate) }, attained: attained)
    }

    /// Sets the log to a checkpoint's.
    func restore(_ saved: SearchCheckpoint.SavedLimitLog) {
        lock.lock(); defer { lock.unlock() }
        attained = saved.attained
        if let limit = saved.limit, let limitX = saved.limitX, let candidate = saved.candidate {
            entry = Entry(limit: limit, limitX: limitX, candidate: candidate.candidate)
        } else {
            entry = nil
        }
    }

    /// Takes in another process's log (a distributed search): the smaller limit and attained value.
    func merge(_ saved: SearchCheckpoint.SavedLimitLog) {
        if let value = saved.attained { recordAttained(value) }
        if let limit = saved.limit, let limitX = saved.limitX, let candidate = saved.candidate {
            record(Entry(limit: limit, limitX: limitX, candidate: candidate.candidate))
        }
    }

    func record(_ new: Entry) {
        lock.lock(); defer { lock.unlock() }
        if let old = entry,
           old.limit < new.limit || (old.limit == new.limit && old.candidate.value <= new.candidate.value) { return }
        entry = new
    }
}
