import Testing
@testable import Bilevel
import BilevelTestSupport

/// Reduced costs of follower variables settling the pair of a box's other side
/// (`NodeSolver.reducedCostTightenings`).
@Suite struct ReducedCostSettlingTests {
    /// Leader min x + 10y over x ∈ [0, 10]; follower max y s.t. y ≤ x, y ∈ [0, 5]: y*(x) = min(x, 5),
    /// F = 11x on [0, 5] (optimum 0 at x = 0, by hand). The root relaxation (no follower optimality)
    /// sits at x = y = 0 with value 0, where moving y up costs at least 10 per unit whatever x does
    /// (y ≤ x makes x follow, at 1 per unit more); with the cutoff 20, y ≤ 2 < 5 in every child that
    /// could beat it, so y's upper bound cannot be active there and its multiplier is zero.
    static func model() -> BilevelModel {
        var m = BilevelModel(name: "settle")
        let x = m.leader.variable("x", bounds: 0...10)
        let y = m.follower.variable("y", bounds: 0...5)
        _ = m.follower.constraint("follow", y - x <= 0)
        m.follower.maximize(y)
        m.leader.minimize(x + 10 * y)
        return m
    }

    /// The root's children get "multiplier of y ≤ 5 is zero" and nothing on y's own bounds.
    @Test func rootSettlesTheUpperPairOfY() throws {
        let p = try PreparedProblem(Self.model())
        let kkt = try p.kkt(SolveOptions(method: .branch))
        let solver = try NodeSolver(kkt)
        let root = SearchNode(fixings: nil, bound: -.infinity, basis: nil, id: 0)
        _ = solver.process(root, cutoff: 20, timeLeft: nil) { _ in 20 }
        let upper = try #require(kkt.pairs.first { pair in
            if case .columnUpper(column: kkt.yColumn(0), value: 5) = pair.slack { return true }
            return false
        }, "y ≤ 5 has a pair")
        #expect(solver.tightenings.contains(kkt.zeroMultiplier(upper)))
        #expect(!solver.tightenings.contains { $0.target == .column(kkt.yColumn(0)) },
                "the follower's bound itself is not applied")
        // Without an incumbent there is no room to reason from: nothing is settled.
        _ = solver.process(root, cutoff: .infinity, timeLeft: nil) { _ in .infinity }
        #expect(solver.tightenings.isEmpty)
    }

    /// The search with the settling agrees with the optimum worked out by hand.
    @Test func searchFindsTheOptimum() throws {
        let r = try Self.model().solve(SolveOptions(method: .branch, threads: 1))
        #expect(r.status == .optimal)
        #expect(close(r.objective, 0))
        #expect(r.verified)
    }
}
