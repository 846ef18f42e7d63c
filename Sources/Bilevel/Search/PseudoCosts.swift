import Foundation

/// Pseudo-costs of two-way branching, shared by the workers: for each branching candidate (a key the
/// method chooses: a complementarity pair, an integer variable, …) and each of its two children, the
/// average LP bound gain per unit of the amount the child moves the LP point. A candidate's estimate
/// is trusted after `reliability` observations per child; until then the method may probe it.
final class PseudoCosts: @unchecked Sendable {
    private let lock = NSLock()
    private var sum: [[Double]]
    private var count: [[Int]]
    let reliability: Int

    /// Not tolerances: a driven amount counts as at least this in a gain per unit, and a child's gain
    /// as at least this in the product score (so that one zero side does not erase the other).
    static let smallestAmount = 1e-6
    static let smallestGain = 1e-6

    init(keys: Int, reliability: Int = 4) {
        sum = Array(repeating: [0, 0], count: keys)
        count = Array(repeating: [0, 0], count: keys)
        self.reliability = reliability
    }

    /// Records a gain of `gain` (≥ 0) for child `side` (0 or 1) of candidate `key`, which moved the
    /// LP point by `amount` (for a pair: the multiplier or the slack driven to zero).
    func record(key: Int, side: Int, gain: Double, amount: Double) {
        guard gain.isFinite, amount > 0 else { return }
        lock.lock()
        sum[key][side] += max(0, gain) / max(amount, Self.smallestAmount)
        count[key][side] += 1
        lock.unlock()
    }

    func isReliable(key: Int) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return count[key][0] >= reliability && count[key][1] >= reliability
    }

    /// Estimated gains of the two children, which move the point by `first` and `second`, using the
    /// average over all candidates where this one has no observation yet.
    func estimate(key: Int, first: Double, second: Double) -> (Double, Double) {
        lock.lock(); defer { lock.unlock() }
        func average(_ side: Int) -> Double {
            if count[key][side] > 0 { return sum[key][side] / Double(count[key][side]) }
            var s = 0.0, n = 0
            for p in sum.indices where count[p][side] > 0 { s += sum[p][side] / Double(count[p][side]); n += 1 }
            return n > 0 ? s / Double(n) : 1
        }
        return (average(0) * first, average(1) * second)
    }
}

/// The product score of a branching candidate (Achterberg, Koch & Martin 2005, "Branching rules
/// revisited", Oper. Res. Lett. 33(1), doi:10.1016/j.orl.2004.04.002).
@inline(__always)
func branchingScore(_ a: Double, _ b: Double) -> Double {
    max(a, PseudoCosts.smallestGain) * max(b, PseudoCosts.smallestGain)
}
