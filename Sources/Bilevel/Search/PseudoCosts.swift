import Foundation

/// Pseudo-costs of complementarity branching, shared by the workers: for each pair and each side,
/// the average LP bound gain per unit of the value driven to zero. A pair's estimate is trusted
/// after `reliability` observations per side; until then the pair is strong-branched.
final class PseudoCosts: @unchecked Sendable {
    private let lock = NSLock()
    private var sum: [[Double]]
    private var count: [[Int]]
    let reliability: Int

    /// Not tolerances: a driven amount counts as at least this in a gain per unit, and a child's gain
    /// as at least this in the product score (so that one zero side does not erase the other).
    static let smallestAmount = 1e-6
    static let smallestGain = 1e-6

    init(pairs: Int, reliability: Int = 4) {
        sum = Array(repeating: [0, 0], count: pairs)
        count = Array(repeating: [0, 0], count: pairs)
        self.reliability = reliability
    }

    /// Records a gain of `gain` (≥ 0) for driving `amount` to zero on `side` (0: multiplier, 1: slack).
    func record(pair: Int, side: Int, gain: Double, amount: Double) {
        guard gain.isFinite, amount > 0 else { return }
        lock.lock()
        sum[pair][side] += max(0, gain) / max(amount, Self.smallestAmount)
        count[pair][side] += 1
        lock.unlock()
    }

    func isReliable(pair: Int) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return count[pair][0] >= reliability && count[pair][1] >= reliability
    }

    /// Estimated gains of the two children, using the average over all pairs where this pair has
    /// no observation yet.
    func estimate(pair: Int, multiplier: Double, slack: Double) -> (Double, Double) {
        lock.lock(); defer { lock.unlock() }
        func average(_ side: Int) -> Double {
            if count[pair][side] > 0 { return sum[pair][side] / Double(count[pair][side]) }
            var s = 0.0, n = 0
            for p in sum.indices where count[p][side] > 0 { s += sum[p][side] / Double(count[p][side]); n += 1 }
            return n > 0 ? s / Double(n) : 1
        }
        return (average(0) * multiplier, average(1) * slack)
    }
}

/// The product score of a branching candidate (Achterberg, Koch & Martin 2005, "Branching rules
/// revisited", Oper. Res. Lett. 33(1), doi:10.1016/j.orl.2004.04.002).
@inline(__always)
func branchingScore(_ a: Double, _ b: Double) -> Double {
    max(a, PseudoCosts.smallestGain) * max(b, PseudoCosts.smallestGain)
}
