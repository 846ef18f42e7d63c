import Foundation
import Testing
@testable import Bilevel
import BilevelTestSupport

/// Knapsack interdiction, where the interdiction cuts and their separation apply, against the
/// enumeration oracle (no LP solver): random small instances in the shape of MibS's MCDM files (a
/// binary x_j interdicts item j through y_j + x_j ≤ 1, a budget on the interdiction costs, the leader
/// minimizes the follower's profit).
@Suite struct InterdictionCutTests {
    static func knapsackInterdiction(seed: UInt64) -> BilevelModel {
        var rng = SeededGenerator(seed: seed)
        let n = 5 + Int(rng.next() % 4)
        func draw(_ range: ClosedRange<Int>) -> Double {
            Double(range.lowerBound + Int(rng.next() % UInt64(range.count)))
        }
        let profit = (0..<n).map { _ in draw(1...30) }, weight = (0..<n).map { _ in draw(1...20) }
        let cost = (0..<n).map { _ in draw(1...10) }
        return knapsackInterdiction(name: "knapsack_interdiction_\(seed)", profit: profit, weight: weight, cost: cost)
    }

    /// The model from its data: a budget of a third of the costs, a capacity of half the weights.
    static func knapsackInterdiction(name: String, profit: [Double], weight: [Double], cost: [Double])
        -> BilevelModel {
        let n = profit.count
        var m = BilevelModel(name: name)
        let x = m.leader.variables("x", count: n, lower: 0, upper: 1, integer: true)
        let y = m.follower.variables("y", count: n, lower: 0, upper: 1, integer: true)
        let profits = zip(profit, y).map { $0 * $1 }.sum()
        m.leader.minimize(profits)
        m.leader.constraint("budget", zip(cost, x).map { $0 * $1 }.sum() <= (cost.reduce(0, +) / 3).rounded())
        m.follower.maximize(profits)
        m.follower.constraint("capacity", zip(weight, y).map { $0 * $1 }.sum() <= (weight.reduce(0, +) / 2).rounded())
        for j in 0..<n { m.follower.constraint("interdict\(j)", 1 * y[j] + 1 * x[j] <= 1) }
        return m
    }

    @Test func theStructureIsRecognized() {
        let c = CanonicalProblem(Self.knapsackInterdiction(seed: 1))
        #expect(InterdictionCuts(c) != nil)
        #expect(IntersectionCuts(c) != nil)
    }

    @Test(arguments: 1...40 as ClosedRange<UInt64>)
    func agreesWithEnumeration(seed: UInt64) throws {
        let model = Self.knapsackInterdiction(seed: seed)
        guard case let .optimal(value, _) = MIBLPOracle.solve(model) else {
            Issue.record("the oracle should find an optimum (nothing interdicted is always feasible)")
            return
        }
        let r = try model.solve(SolveOptions(timeLimit: 30))
        #expect(r.status == .optimal && r.verified)
        #expect(close(r.objective, value), "seed \(seed): \(String(describing: r.objective)) vs \(value)")
    }
}
