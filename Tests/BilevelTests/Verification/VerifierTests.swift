import Testing
@testable import Bilevel
import BilevelTestSupport

/// `Verifier` (Verification/Verifier.swift) on models small enough to answer by hand: what it
/// accepts, and the reason it gives for each way a point can fail.
@Suite struct VerifierTests {
    /// Leader x ∈ [0, 4] (integer when asked), follower y ∈ [0, 10] maximizing y subject to
    /// c: x + y ≤ 5; leader row u: y ≤ 4 (a coupling row). By hand the follower answers y = 5 − x.
    static func linear(integerLeader: Bool = false) -> BilevelModel {
        var m = BilevelModel(name: "verify")
        let x = m.leader.variable("x", bounds: 0...4, integer: integerLeader)
        let y = m.follower.variable("y", bounds: 0...10)
        m.follower.constraint("c", x + y <= 5)
        m.leader.constraint("u", y <= 4)
        m.follower.maximize(y)
        m.leader.minimize(x - y)
        return m
    }

    static func verifier(_ m: BilevelModel) throws -> Verifier {
        try m.validate()
        return try Verifier(CanonicalProblem(m))
    }

    @Test func optimalResponseIsVerified() throws {
        let r = try Self.verifier(Self.linear()).verify(x: [1], y: [4])
        #expect(r.verified)
        #expect(r.reason == nil)
        #expect(r.maxViolation == 0)
        // The follower's optimum at x = 1 in its own (maximizing) sense: 5 − 1 = 4.
        #expect(close(r.followerOptimum, 4))
    }

    @Test func suboptimalResponseIsRejectedWithItsReason() throws {
        let r = try Self.verifier(Self.linear()).verify(x: [1], y: [2])
        #expect(!r.verified)
        #expect(r.reason == "the follower's response is not optimal: objective 2.0 vs optimum 4.0")
        #expect(close(r.followerOptimum, 4))
    }

    /// x = 0, y = 5: the follower's best answer, but the leader row u (y ≤ 4) fails by 1, relative to
    /// max(1, 4): 0.25.
    @Test func violatedRowIsNamed() throws {
        let r = try Self.verifier(Self.linear()).verify(x: [0], y: [5])
        #expect(!r.verified)
        #expect(r.reason == "row u is violated by 0.25 (relative)")
        #expect(abs(r.maxViolation - 0.25) <= 1e-12)
        // A bound is named the same way: y = 11 is above y's upper bound 10 (and breaks c and u).
        let b = try Self.verifier(Self.linear()).verify(x: [0], y: [11])
        #expect(b.reason == "row u is violated by 1.75 (relative)")
        let negative = try Self.verifier(Self.linear()).verify(x: [-2], y: [4])
        #expect(negative.reason == "bound of x is violated by 2.0 (relative)")
    }

    /// An integer leader at 1.5 (y = 3.5 answers it optimally): integrality fails by 0.5, scaled as a
    /// violation of `Tolerances.feasibility` per `Tolerances.integrality`.
    @Test func integerLeaderOffIntegerIsRejected() throws {
        let r = try Self.verifier(Self.linear(integerLeader: true)).verify(x: [1.5], y: [3.5])
        #expect(!r.verified)
        #expect(r.reason?.hasPrefix("integrality of x is violated by") == true, "\(r.reason ?? "nil")")
        #expect(abs(r.maxViolation - 0.5 * Tolerances.feasibility / Tolerances.integrality) <= 1e-9)
        // The same point with a continuous leader is verified.
        #expect(try Self.verifier(Self.linear()).verify(x: [1.5], y: [3.5]).verified)
    }

    /// Follower y ∈ [0, 2] with y − x ≥ 3 ("need"), x ∈ [0, 4]: no y answers any x. A point must
    /// then break a row, and the verifier names it; building a candidate says why there is none.
    @Test func followerInfeasibleAtTheLeadersChoice() throws {
        var m = BilevelModel(name: "no_response")
        let x = m.leader.variable("x", bounds: 0...4)
        let y = m.follower.variable("y", bounds: 0...2)
        m.follower.constraint("need", y - x >= 3)
        m.follower.minimize(y)
        m.leader.minimize(x)
        let verifier = try Self.verifier(m)
        let r = verifier.verify(x: [1], y: [2])
        #expect(r.reason == "row need is violated by 0.6666666666666666 (relative)")
        guard case let .infeasible(why) = verifier.candidate(at: [1]) else {
            Issue.record("a candidate at x = 1 where the follower has no response")
            return
        }
        #expect(why == "follower infeasible at x")
    }

    /// An integer follower (the FollowerMILP path): y ∈ {0…5} maximizing y subject to 2y ≤ 3 + x,
    /// x ∈ {0…3}. By hand y* = ⌊(3 + x)/2⌋: 1 at x = 0 (the LP relaxation would say 1.5), 2 at x = 1.
    static func integerFollower() -> BilevelModel {
        var m = BilevelModel(name: "integer_follower")
        let x = m.leader.variable("x", bounds: 0...3, integer: true)
        let y = m.follower.variable("y", bounds: 0...5, integer: true)
        m.follower.constraint("half", 2 * y - x <= 3)
        m.follower.maximize(y)
        m.leader.minimize(x + y)
        return m
    }

    @Test func integerFollowerOptimalAndNotOptimal() throws {
        let verifier = try Self.verifier(Self.integerFollower())
        let at0 = verifier.verify(x: [0], y: [1])
        #expect(at0.verified, "\(at0.reason ?? "")")
        #expect(close(at0.followerOptimum, 1))
        let at1 = verifier.verify(x: [1], y: [2])
        #expect(at1.verified && close(at1.followerOptimum, 2))
        let low = verifier.verify(x: [1], y: [1])
        #expect(!low.verified)
        #expect(low.reason == "the follower's response is not optimal: objective 1.0 vs optimum 2.0")
        let fractional = verifier.verify(x: [0], y: [1.5])
        #expect(fractional.reason?.hasPrefix("integrality of y is violated by") == true)
    }

    /// y ∈ {0…5} with 2y = 1 + x: at x = 0 the LP relaxation has y = 0.5, the MILP no point. The
    /// follower's MILP says so; its answer at x = 1 is y = 1 (by hand).
    @Test func integerFollowerWithoutResponse() throws {
        var m = BilevelModel(name: "odd")
        let x = m.leader.variable("x", bounds: 0...3, integer: true)
        let y = m.follower.variable("y", bounds: 0...5, integer: true)
        m.follower.constraint("odd", 2 * y - x == 1)
        m.follower.minimize(y)
        m.leader.minimize(x)
        try m.validate()
        let milp = try FollowerMILP(CanonicalProblem(m))
        guard case let .noResponse(why) = milp.respond(to: [0]) else {
            Issue.record("the follower's MILP answered at x = 0")
            return
        }
        #expect(why.contains("infeasible"))
        guard case let .optimal(value, response) = milp.respond(to: [1]) else {
            Issue.record("no answer at x = 1")
            return
        }
        #expect(close(value, 1) && response.count == 1 && close(response[0], 1))
    }
}
