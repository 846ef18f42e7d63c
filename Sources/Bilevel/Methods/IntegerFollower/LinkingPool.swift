import Foundation

/// The follower's answer at one vector of linking values `x_L`.
enum FollowerVerdict: Sendable {
    /// Its optimal value φ(x_L) (minimized form) and an optimal response.
    case optimal(phi: Double, y: [Double])
    /// No optimal response (infeasible, or unbounded): no bilevel-feasible point has these values.
    case noResponse(String)
}

/// The best bilevel-feasible point at one vector of linking values `x_L`.
enum BestVerdict: Sendable {
    /// No bilevel-feasible point has these linking values (the follower has no optimal response,
    /// or none of its optima satisfies the leader's rows).
    case noPoint(String)
    /// The best bilevel-feasible point with these linking values has this value (minimized form);
    /// the point was offered to the search when it was found.
    case value(Double)
    /// The leader's objective is unbounded below over the points with these linking values.
    case unbounded
}

/// Values computed once per key and shared by the workers: a worker that needs a value another
/// worker is computing waits for it instead of computing it again.
final class ComputedOnce<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var values: [[Double]: Value] = [:]
    private var inProgress = Set<[Double]>()
    private(set) var computed = 0
    private(set) var hits = 0

    /// The value for `key`, computing it with `compute` when nobody has. A nil from `compute` (a
    /// solve stopped by a limit, or a failure) is not stored: it proves nothing.
    func value(for key: [Double], compute: () -> Value?) -> Value? {
        condition.lock()
        while inProgress.contains(key) { condition.wait() }
        if let known = values[key] {
            hits += 1
            condition.unlock()
            return known
        }
        inProgress.insert(key)
        condition.unlock()
        let value = compute()
        condition.lock()
        inProgress.remove(key)
        if let value {
            values[key] = value
            computed += 1
        }
        condition.broadcast()
        condition.unlock()
        return value
    }

    /// (values computed, lookups answered from the pool).
    var statistics: (computed: Int, hits: Int) {
        condition.lock(); defer { condition.unlock() }
        return (computed, hits)
    }
}

/// The linking-solution pool (MibS's): the follower's MILP and the best-response MILP run once per
/// linking vector, whichever worker needs them first.
final class LinkingPool: Sendable {
    let followers = ComputedOnce<FollowerVerdict>()
    let best = ComputedOnce<BestVerdict>()
}
