import Testing
@testable import Bilevel
import BilevelTestSupport

/// Non-convex products in the leader's objective (McCormick envelopes and spatial branching).
@Suite struct ProductTests {
    /// Leader max x·y over x ∈ [0, 5]; follower max y s.t. y + x ≤ 5, y ≤ 3, so y*(x) = min(3, 5 − x).
    /// By hand: F = 3x on [0, 2] (6 at 2), F = x(5 − x) on [2, 5] with its maximum 6.25 at x = 2.5;
    /// with x integer, 6 (x = 2 or 3). x·y is not a pricing term (the follower's objective has none).
    static func capacityPrice(integer: Bool) -> (BilevelModel, VariableRef, VariableRef) {
        var m = BilevelModel(name: "capacity_price")
        let x = m.leader.variable("x", bounds: 0...5, integer: integer)
        let y = m.follower.variable("y", bounds: 0...3)
        _ = m.follower.constraint("cap", y + x <= 5)
        m.follower.maximize(y)
        m.leader.maximize(x * y)
        return (m, x, y)
    }

    @Test(arguments: [1, 2])
    func continuousFactorIsSplitToTheOptimum(threads: Int) throws {
        let (m, x, y) = Self.capacityPrice(integer: false)
        let r = try m.solve(SolveOptions(method: .branch, timeLimit: 60, threads: threads))
        #expect(r.status == .optimal)
        #expect(abs((r.objective ?? .nan) - 6.25) <= 1e-5)
        #expect((r.bound ?? -.infinity) >= 6.25 - 1e-9)   // an upper bound for a maximizing leader
        #expect(abs((r.value(of: x) ?? .nan) - 2.5) <= 1e-2 && abs((r.value(of: y) ?? .nan) - 2.5) <= 1e-2)
        #expect(r.verified)
    }

    /// A tighter gap is met too: the leaves' envelope tolerance follows it.
    @Test func tightGap() throws {
        let (m, x, _) = Self.capacityPrice(integer: false)
        let r = try m.solve(SolveOptions(method: .branch, timeLimit: 60, gap: 1e-10))
        #expect(r.status == .optimal)
        #expect(abs((r.objective ?? .nan) - 6.25) <= 1e-9)
        #expect(abs((r.value(of: x) ?? .nan) - 2.5) <= 1e-4)
    }

    @Test func integerFactor() throws {
        let (m, x, _) = Self.capacityPrice(integer: true)
        let r = try m.solve(SolveOptions(method: .branch, timeLimit: 60))
        #expect(r.status == .optimal)
        #expect(close(r.objective, 6))
        #expect([2.0, 3.0].contains(r.value(of: x) ?? .nan))
    }

    /// A concave square: leader min −x² + y, follower min y s.t. y ≥ x − 1 (y ≥ 0), x ∈ [0, 3]:
    /// y*(x) = max(0, x − 1), F(0) = 0, F(3) = −9 + 2 = −7, F concave in between pieces: −7 at x = 3
    /// (by hand). Outer approximation would be wrong here (tangents over-estimate a concave term).
    @Test func concaveSquare() throws {
        var m = BilevelModel(name: "concave_square")
        let x = m.leader.variable("x", bounds: 0...3)
        let y = m.follower.variable("y", bounds: 0...)
        _ = m.follower.constraint("shift", y - x >= -1)
        m.follower.minimize(y)
        m.leader.minimize(-1 * x * x + y)
        let r = try m.solve(SolveOptions(timeLimit: 60))
        #expect(r.status == .optimal)
        #expect(close(r.objective, -7))
        #expect(close(r.value(of: x), 3))
    }

    /// Generated instances (`bilevel generate random --size 3 --seed s`) with products added to the
    /// leader's objective; optima from SCIP 10 (pyscipopt 6.3) on the KKT system with SOS1 and the
    /// products as a non-convex row (Benchmarks/crosscheck_products.py, 2026-11-27).
    @Test(arguments: [
        (3, [(-2.0, "x2", "y2")], -45.77777794174082),
        (9, [(1.0, "x2", "y1"), (-1.0, "x1", "y2")], -125.32142857142857),
        (13, [(-3.0, "x1", "y2")], -192.55555712962268),
    ])
    func generatedInstancesMatchSCIP(seed: Int, products: [(Double, String, String)], scip: Double) throws {
        var m = InstanceGenerator.randomLinear(leader: 3, follower: 3, rows: 3, seed: UInt64(seed))
        for (c, a, b) in products {
            let (i, j) = (try #require(m.variableIndex(named: a)), try #require(m.variableIndex(named: b)))
            m.leaderObjective.quadratic.append(QuadraticTerm(i, j, coefficient: c))
        }
        let r = try m.solve(SolveOptions(method: .branch, timeLimit: 60))
        #expect(r.status == .optimal)
        #expect(abs((r.objective ?? .nan) - scip) <= 1e-5 * max(1, abs(scip)),
                "\(String(describing: r.objective)) vs SCIP \(scip)")
    }

    /// A product the follower's objective also has, with a quadratic follower: strong duality cannot
    /// linearize it, so it is an ordinary product. Follower min ½y² − x·y on y ∈ [−1, 1] gives
    /// y*(x) = clip(x, −1, 1); leader min −x·y + ½y on x ∈ [−1, 2]: F = −x² + x/2 on [−1, 1] and
    /// −x + ½ on [1, 2], so −1.5 at x = −1 and at x = 2 (by hand).
    @Test func pricingLikeProductWithAQuadraticFollower() throws {
        var m = BilevelModel(name: "qp_product")
        let x = m.leader.variable("x", bounds: -1...2)
        let y = m.follower.variable("y", bounds: -1...1)
        m.follower.minimize(0.5 * y * y - x * y)
        m.leader.minimize(-1 * x * y + 0.5 * y)
        let r = try m.solve(SolveOptions(timeLimit: 60))
        #expect(r.status == .optimal)
        #expect(close(r.objective, -1.5))
        #expect(r.verified)
    }

    /// A factor with no bound, given or implied, has no McCormick envelope: refused, with the name.
    @Test func unboundedFactorIsRefused() throws {
        var m = BilevelModel(name: "free_factor")
        let x = m.leader.freeVariable("x")
        let y = m.follower.variable("y", bounds: 0...1)
        m.follower.minimize(-1 * y)
        m.leader.minimize(x + x * y)
        #expect { try m.solve() } throws: { error in
            guard case let BilevelError.unsupported(message) = error else { return false }
            return message.contains("x") && message.contains("finite bounds")
        }
    }

    @Test func bigMRefusesProducts() throws {
        let (m, _, _) = Self.capacityPrice(integer: false)
        #expect(throws: BilevelError.self) { try m.solve(SolveOptions(method: .bigm)) }
    }

    /// The follower's response is unique here, so the pessimistic value is the optimistic 6.25; its
    /// worst response carries the product in its own objective.
    @Test func pessimisticReadingWithAProduct() throws {
        let (m, _, _) = Self.capacityPrice(integer: false)
        var options = SolveOptions(method: .branch, timeLimit: 60)
        options.pessimistic = true
        let r = try m.solve(options)
        #expect(r.status == .optimal)
        #expect(abs((r.objective ?? .nan) - 6.25) <= 1e-5)
    }
}
