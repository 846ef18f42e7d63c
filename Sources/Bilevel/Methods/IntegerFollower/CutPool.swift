import Foundation

/// Rows found during a search, shared by the workers.
///
/// Global cuts are valid everywhere: every worker appends those it has not loaded yet to its LP, in
/// pool order, after the relaxation's own rows. Local cuts are valid in one subtree only: the nodes
/// of that subtree name them in their bound changes (`BoundChange.Target.cut`), and a worker keeps
/// in its LP, after the global cuts, exactly the local cuts of the node it solves.
final class CutPool: @unchecked Sendable {
    /// A row `lower ≤ coefficients · z ≤ upper` over the relaxation's columns.
    struct Cut {
        var coefficients: [(column: Int, value: Double)]
        var lower: Double
        var upper: Double
    }

    /// At most this many cuts of each kind: past it, none are added (the search stays exact
    /// without them).
    let capacity: Int
    private let lock = NSLock()
    private var global: [Cut] = []
    private var local: [Cut] = []
    private var seen = Set<[Double]>()
    /// The keys of the global cuts, in pool order.
    private var keys: [[Double]] = []

    init(capacity: Int = 100_000) { self.capacity = capacity }

    /// Adds the global cut made from `key` (the follower solution it comes from) unless it is known.
    func addGlobal(key: [Double], _ make: () -> Cut) {
        lock.lock(); defer { lock.unlock() }
        guard global.count < capacity, seen.insert(key).inserted else { return }
        global.append(make())
        keys.append(key)
    }

    /// The global cuts from position `start` on.
    func globalCuts(from start: Int) -> ArraySlice<Cut> {
        lock.lock(); defer { lock.unlock() }
        return global[min(start, global.count)...]
    }

    /// Adds a local cut; returns its identifier, or nil when the pool is full.
    func addLocal(_ cut: Cut) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard local.count < capacity else { return nil }
        local.append(cut)
        return local.count - 1
    }

    func localCut(_ id: Int) -> Cut {
        lock.lock(); defer { lock.unlock() }
        return local[id]
    }

    /// The pool as a checkpoint keeps it: every cut in order (a local cut's id is its position), and
    /// the keys of the global cuts.
    var saved: SearchCheckpoint.MethodState {
        lock.lock(); defer { lock.unlock() }
        return SearchCheckpoint.MethodState(globalCuts: global.map(SearchCheckpoint.SavedCut.init),
                                            globalKeys: keys, localCuts: local.map(SearchCheckpoint.SavedCut.init))
    }

    /// Replaces the pool by a checkpoint's, keeping the ids of its local cuts.
    /// - Throws: `BilevelError.io` naming `path` when the saved cuts are malformed.
    func restore(_ saved: SearchCheckpoint.MethodState, path: String) throws {
        let newGlobal: [Cut], newLocal: [Cut]
        do {
            newGlobal = try (saved.globalCuts ?? []).map { try $0.cut() }
            newLocal = try (saved.localCuts ?? []).map { try $0.cut() }
        } catch {
            throw BilevelError.io(path: path, "not a usable checkpoint: \(error)")
        }
        let newKeys = saved.globalKeys ?? []
        guard newKeys.count == newGlobal.count else {
            throw BilevelError.io(path: path, "not a usable checkpoint: \(newKeys.count) keys for "
                                  + "\(newGlobal.count) global cuts")
        }
        lock.lock(); defer { lock.unlock() }
        global = newGlobal
        local = newLocal
        keys = newKeys
        seen = Set(newKeys)
    }

    /// (global, local) cuts in the pool.
    var counts: (global: Int, local: Int) {
        lock.lock(); defer { lock.unlock() }
        return (global.count, local.count)
    }
}
