import Testing
@testable import Bilevel
import BilevelTestSupport

/// `BoundTightening` (KKT/BoundTightening.swift) on a model small enough to solve its LPs by hand.
///
/// Leader x ∈ [0, 2]; follower max y subject to c1: −x + y ≤ 1, c2: x + y ≤ 4, y ≥ 0. Normal form:
/// min −y; multipliers β1 (c1), β2 (c2), γ (y ≥ 0), all ≥ 0. The relaxation the LPs range over:
/// - primal: x ∈ [0, 2], y ≥ 0, y ≤ 1 + x, y ≤ 4 − x (so y ≤ 2.5, at x = 1.5);
/// - stationarity: −1 + β1 + β2 − γ = 0;
/// - strong duality −y + β1·(1 + x) + β2·(4 − x) ≤ 0 with its products under-estimated over the
///   box (β1·x ≥ 0, −β2·x ≥ −2β2): −y + β1 + 2β2 ≤ 0.
/// By hand, maximizing each quantity over that polyhedron:
/// - β1: β1 ≤ y − 2β2 ≤ 2.5 (β2 = 0, γ = 1.5): 2.5.   - β2: 2β2 ≤ y ≤ 2.5 (β1 = 0, γ = 0.25): 1.25.
/// - γ = β1 + β2 − 1 with β1 + 2β2 ≤ 2.5: 1.5 (β1 = 2.5).
/// - slack of c1, 1 + x − y: β1 + β2 ≥ 1 forces y ≥ β1 + 2β2 ≥ 1, so at most 1 + 2 − 1 = 2.
/// - slack of c2, 4 − x − y: at most 4 − 0 − 1 = 3.   - slack of y ≥ 0, y itself: 2.5.
@Suite struct BoundTighteningTests {
    static func model() -> BilevelModel {
        var m = BilevelModel(name: "tighten")
        let x = m.leader.variable("x", bounds: 0...2)
        let y = m.follower.variable("y", bounds: 0...)
        m.follower.constraint("c1", -1 * x + y <= 1)
        m.follower.constraint("c2", x + y <= 4)
        m.follower.maximize(y)
        m.leader.minimize(x - y)
        return m
    }

    static func tightening(_ m: BilevelModel) throws -> (KKTSystem, BoundTightening) {
        try m.validate()
        let kkt = KKTSystem(CanonicalProblem(m))
        return (kkt, try BoundTightening(kkt))
    }

    @Test func boundsEqualTheHandDerivation() throws {
        let (kkt, t) = try Self.tightening(Self.model())
        #expect(kkt.pairs.map(\.name) == ["c1[upper]", "c2[upper]", "y[lower]"])
        let multiplier = [2.5, 1.25, 1.5], slack = [2.0, 3.0, 2.5]
        for p in 0..<3 {
            #expect(abs(t.multiplierBound[p] - multiplier[p]) <= 1e-7, "\(kkt.pairs[p].name): \(t.multiplierBound[p])")
            #expect(abs(t.slackBound[p] - slack[p]) <= 1e-7, "\(kkt.pairs[p].name): \(t.slackBound[p])")
        }
        #expect(t.allProven && !t.relaxationInfeasible && !t.dualInfeasible && !t.stoppedEarly)
    }

    /// The bounds hold at every bilevel-feasible point (a second computation): the follower's answer
    /// y = min(1 + x, 4 − x) with its multipliers — β1 = 1 below x = 1.5, β2 = 1 above, γ = 0 — on a
    /// grid of x.
    @Test func boundsHoldAlongTheFollowersAnswer() throws {
        let (_, t) = try Self.tightening(Self.model())
        for k in 0...40 {
            let x = Double(k) / 20, y = min(1 + x, 4 - x)
            let multipliers = x < 1.5 ? [1.0, 0, 0] : [0, 1.0, 0]
            let slacks = [1 + x - y, 4 - x - y, y]
            for p in 0..<3 {
                #expect(multipliers[p] <= t.multiplierBound[p] + 1e-9)
                #expect(slacks[p] <= t.slackBound[p] + 1e-9, "x = \(x), pair \(p)")
            }
        }
    }

    /// y ∈ [0, 1] and x ∈ [0, 2] cannot reach x + y ≥ 5: the relaxation is empty, the follower's dual
    /// is not (min y has the multiplier of "far" and of y's bounds free to balance).
    @Test func infeasibleRelaxationIsDetected() throws {
        var m = BilevelModel(name: "empty")
        let x = m.leader.variable("x", bounds: 0...2)
        let y = m.follower.variable("y", bounds: 0...1)
        m.follower.constraint("far", x + y >= 5)
        m.follower.minimize(y)
        m.leader.minimize(x)
        let (_, t) = try Self.tightening(m)
        #expect(t.relaxationInfeasible)
        #expect(!t.dualInfeasible)
        #expect(!t.allProven)
    }

    /// max y over y ≥ x with y unbounded above: stationarity −1 − α − γ = 0 has no solution with
    /// α, γ ≥ 0 — the follower never has an optimum; the primal part alone is feasible.
    @Test func infeasibleDualIsDetected() throws {
        var m = BilevelModel(name: "unbounded_follower")
        let x = m.leader.variable("x", bounds: 0...2)
        let y = m.follower.variable("y", bounds: 0...)
        m.follower.constraint("r", y - x >= 0)
        m.follower.maximize(y)
        m.leader.minimize(x)
        let (_, t) = try Self.tightening(m)
        #expect(t.dualInfeasible)
        #expect(!t.relaxationInfeasible)
    }
}
