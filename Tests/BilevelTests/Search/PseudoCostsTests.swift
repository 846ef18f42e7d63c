import Testing
@testable import Bilevel
import BilevelTestSupport

/// `PseudoCosts` (Search/PseudoCosts.swift): averages of gain per unit, their fallbacks, reliability,
/// and the product score — each against arithmetic done by hand.
@Suite struct PseudoCostsTests {
    static func pair(_ t: (Double, Double)) -> [Double] { [t.0, t.1] }

    @Test func recordAndEstimate() {
        let costs = PseudoCosts(keys: 3, reliability: 2)
        // Nothing observed anywhere: the unit estimate 1 per side.
        #expect(Self.pair(costs.estimate(key: 0, first: 2, second: 3)) == [2, 3])
        // Pair 0, multiplier side: gains 6 over 2 (3 per unit) and 2 over 0.5 (4 per unit): mean 3.5.
        costs.record(key: 0, side: 0, gain: 6, amount: 2)
        costs.record(key: 0, side: 0, gain: 2, amount: 0.5)
        #expect(Self.pair(costs.estimate(key: 0, first: 2, second: 3)) == [7, 3])
        // Pair 1, multiplier side: a negative gain counts as 0; slack side: 5 over 1.
        costs.record(key: 1, side: 0, gain: -4, amount: 1)
        costs.record(key: 1, side: 1, gain: 5, amount: 1)
        #expect(Self.pair(costs.estimate(key: 1, first: 10, second: 2)) == [0, 10])
        // Pair 2 has no observation: the mean over the pairs that have one, per side:
        // multiplier (3.5 + 0) / 2 = 1.75, slack 5 (pair 1 only).
        #expect(Self.pair(costs.estimate(key: 2, first: 4, second: 1)) == [7, 5])
    }

    @Test func ignoredObservations() {
        let costs = PseudoCosts(keys: 1)
        // A zero or negative amount and a gain that is not finite teach nothing.
        costs.record(key: 0, side: 0, gain: 3, amount: 0)
        costs.record(key: 0, side: 0, gain: 3, amount: -1)
        costs.record(key: 0, side: 1, gain: .infinity, amount: 1)
        costs.record(key: 0, side: 1, gain: .nan, amount: 1)
        #expect(Self.pair(costs.estimate(key: 0, first: 1, second: 1)) == [1, 1])
        // A tiny amount is floored at 1e-6: gain 2 over 1e-9 counts as 2 / 1e-6 = 2e6 per unit.
        costs.record(key: 0, side: 0, gain: 2, amount: 1e-9)
        let (m, _) = costs.estimate(key: 0, first: 1, second: 1)
        #expect(abs(m - 2e6) <= 1e-6 * 2e6)
    }

    /// Reliable after `reliability` observations on each side, not before.
    @Test func reliability() {
        let costs = PseudoCosts(keys: 2, reliability: 2)
        #expect(costs.reliability == 2)
        #expect(PseudoCosts(keys: 1).reliability == 4)
        for _ in 0..<5 { costs.record(key: 0, side: 0, gain: 1, amount: 1) }
        costs.record(key: 0, side: 1, gain: 1, amount: 1)
        #expect(!costs.isReliable(key: 0))
        costs.record(key: 0, side: 1, gain: 1, amount: 1)
        #expect(costs.isReliable(key: 0))
        #expect(!costs.isReliable(key: 1))
        // Ignored observations do not count.
        costs.record(key: 1, side: 0, gain: 1, amount: 0)
        costs.record(key: 1, side: 0, gain: 1, amount: 0)
        costs.record(key: 1, side: 1, gain: 1, amount: 1)
        costs.record(key: 1, side: 1, gain: 1, amount: 1)
        #expect(!costs.isReliable(key: 1))
    }

    /// The product score max(a, 1e-6)·max(b, 1e-6) (Achterberg, Koch & Martin 2005).
    @Test func branchingScoreIsTheFlooredProduct() {
        #expect(branchingScore(2, 3) == 6)
        #expect(close(branchingScore(0, 5), 5e-6, 1e-12))
        #expect(abs(branchingScore(-1, 0) - 1e-12) <= 1e-24)
        // A balanced pair beats a lopsided one with the same sum.
        #expect(branchingScore(2, 2) > branchingScore(4, 0))
    }
}
