import Testing
@testable import Bilevel
import BilevelTestSupport

/// The normal form (`CanonicalProblem`): which rows belong to which level, and the signs.
@Suite struct CanonicalProblemTests {
    @Test func followerRowWithoutFollowerVariablesIsALeaderRow() throws {
        var m = try ModelFile.read(path: Repository.path("models/bard_1984_ex1.aux"))
        m.addConstraint(Constraint(name: "xonly", terms: [LinearTerm(variable: 0, coefficient: 1)], lower: -.infinity,
                                   upper: 5, level: .follower))
        let canonical = CanonicalProblem(m)
        #expect(canonical.leaderRows.map { m.constraints[$0.source].name } == ["xonly"])
        #expect(canonical.followerRows.count == 4)
    }

    /// Signs by hand: variables in model order y, x (follower first), leader max 2x + 3y + 1, follower
    /// max y − 4x. Normal form: the leader minimizes −2x − 3y − 1, the follower minimizes −y; the
    /// follower's term in x (−4) is kept with its model sign. Rows: "r" (follower, 1·y + 2·x + 0·x ≤ 6,
    /// terms merged) is split into x and y parts; "xr" (follower, x only) is a leader row.
    @Test func maximizingLevelsAreNegatedOnce() throws {
        var m = BilevelModel(name: "signs")
        let y = m.follower.variable("y", bounds: 0...5)
        let x = m.leader.variable("x", bounds: 0...3)
        m.leader.maximize(2 * x + 3 * y + 1)
        m.follower.maximize(y - 4 * x)
        m.addConstraint(Constraint(name: "r", terms: [LinearTerm(variable: y.index, coefficient: 1),
                                                      LinearTerm(variable: x.index, coefficient: 2),
                                                      LinearTerm(variable: x.index, coefficient: 0)],
                                   lower: -.infinity, upper: 6, level: .follower))
        m.addConstraint(Constraint(name: "xr", terms: [LinearTerm(variable: x.index, coefficient: 1)],
                                   lower: 1, upper: .infinity, level: .follower))
        let c = CanonicalProblem(m)
        #expect(c.leaderVariables == [1] && c.followerVariables == [0])
        #expect(c.leaderSign == -1 && c.cx == [-2] && c.cy == [-3] && c.c0 == -1)
        #expect(c.followerSign == -1 && c.d == [-1] && c.dx == [-4])
        #expect(c.followerRows.count == 1 && c.leaderRows.count == 1)
        let r = c.followerRows[0]
        #expect(r.x.map(\.index) == [0] && r.x.map(\.value) == [2])
        #expect(r.y.map(\.index) == [0] && r.y.map(\.value) == [1])
        #expect(r.lower == -.infinity && r.upper == 6)
        #expect(m.constraints[c.leaderRows[0].source].name == "xr")
        // At x = 1, y = 4: leader 2 + 12 + 1 = 15 (model sense), −15 minimized; follower −4 (y only).
        #expect(c.leaderValue(x: [1], y: [4]) == -15)
        #expect(c.followerValue(x: [1], y: [4]) == -4)
        #expect(c.join(x: [1], y: [4]) == [4, 1])
        #expect(c.split([4, 1]).x == [1] && c.split([4, 1]).y == [4])
    }
}
