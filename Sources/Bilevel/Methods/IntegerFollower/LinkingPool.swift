import Foundation

/// What is known about one vector of linking values `x_L`, shared by the workers so that the
/// follower's MILP and the best-response MILP run once per `x_L` (MibS's linking-solution pool).
struct LinkingVerdict: Sendable {
    enum Best: Sendable {
        /// No bilevel-feasible point has these linking values (the follower has no optimal response,
        /// or none of its optima satisfies the leader's rows).
        case noPoint(String)
        /// The best bilevel-feasible point with these linking values has this value (minimized
        /// form); the point was offered to the search when it was found.
        case value(Double)
        /// The leader's objective is unbounded below over the points with these linking values.
        case unbounded
    }
    var best: Best
    /// The follower's optimal value φ(x_L) and an optimal response, when it has one.
    var follower: (phi: Double, y: [Double])?
}

/// The linking-solution pool: verdicts by linking vector, computed once. A worker that needs a
/// verdict another worker is computing waits for it instead of solving the same MILPs again.
final class LinkingPool: @unchecked Sendable {
    private let condition = NSCondition()
    private var verdicts: [[Double]: LinkingVerdict] = [:]
    private var inProgress = Set<[Double]>()
    private(set) var computed = 0
    private(set) var hits = 0

    /// The verdict for `key`, computing it with `compute` when nobody has. A nil from `compute`
    /// (a solve stopped by a limit, or a failure) is not stored: it proves nothing.
    func verdict(for key: [Double], compute: () -> LinkingVerdict?) -> LinkingVerdict? {
        condition.lock()
        while inProgress.contains(key) { condition.wait() }
        if let known = verdicts[key] {
            hits += 1
            condition.unlock()
            return known
        }
        inProgress.insert(key)
        condition.unlock()
        let verdict = compute()
        condition.lock()
        inProgress.remove(key)
        if let verdict {
            verdicts[key] = verdict
            computed += 1
        }
        condition.broadcast()
        condition.unlock()
        return verdict
    }

    /// (verdicts computed, lookups answered from the pool).
    var statistics: (computed: Int, hits: Int) {
        condition.lock(); defer { condition.unlock() }
        return (computed, hits)
    }
}
