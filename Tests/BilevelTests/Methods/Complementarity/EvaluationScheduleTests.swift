import Testing
@testable import Bilevel
import BilevelTestSupport

/// The back-off of leader-choice evaluations at branching nodes (`EvaluationSchedule`).
@Suite struct EvaluationScheduleTests {
    /// Branching nodes (1-based) at which the schedule evaluates, among the first `count`, each
    /// evaluation recorded with `improved`.
    static func dueNodes(_ count: Int, improved: (Int) -> Bool) -> [Int] {
        var schedule = EvaluationSchedule()
        var due: [Int] = []
        for node in 1...count where schedule.isDue() {
            due.append(node)
            schedule.record(improved: improved(node))
        }
        return due
    }

    @Test func everyNodeWhileEvaluationsImprove() {
        #expect(Self.dueNodes(40) { _ in true } == Array(1...40))
    }

    /// Periods 1, 2, 4, 8, then 16 for good (worked out by hand: each evaluation that fails doubles
    /// the gap to the next).
    @Test func periodDoublesUpToTheLongest() {
        #expect(EvaluationSchedule.longestPeriod == 16)
        #expect(Self.dueNodes(64) { _ in false } == [1, 3, 7, 15, 31, 47, 63])
    }

    /// An improvement at node 31 (period 16 by then) brings the next evaluation to node 32.
    @Test func improvementResetsThePeriod() {
        #expect(Self.dueNodes(40) { $0 == 31 } == [1, 3, 7, 15, 31, 32, 34, 38])
    }
}

/// A node the schedule skips is still evaluated once it turns out a leaf (`NodeSolver.process`).
@Suite struct ScheduledLeafEvaluationTests {
    /// Leader min x − y2 over x ∈ [0, 1]; follower max y1 + y2 s.t. y1 + y2 ≤ 1 + x, y ≥ 0: the
    /// follower is indifferent between y1 and y2, the leader wants y2. Optimum −1 (by hand: at best
    /// y2 = 1 + x, so F = −1 at every x ∈ [0, 1]). The node "y2 = 0, the row active, y1's multiplier
    /// zero" is a leaf at x = 0, y1 = 1 with value 0; the leader choice x = 0 evaluated (the
    /// optimistic response among the follower's optima) gives −1. Only that evaluation offers −1: the
    /// leaf's own point is worth 0.
    static func model() -> BilevelModel {
        var m = BilevelModel(name: "twins")
        let x = m.leader.variable("x", bounds: 0...1)
        let y1 = m.follower.variable("y1", bounds: 0...)
        let y2 = m.follower.variable("y2", bounds: 0...)
        _ = m.follower.constraint("share", y1 + y2 - x <= 1)
        m.follower.maximize(y1 + y2)
        m.leader.minimize(x - y2)
        return m
    }

    @Test func skippedLeafIsEvaluated() throws {
        let kkt = try PreparedProblem(Self.model()).kkt(SolveOptions(method: .branch))
        let solver = try NodeSolver(kkt)
        func pair(_ slack: (KKTSystem.Slack) -> Bool) throws -> KKTSystem.Pair {
            try #require(kkt.pairs.first { slack($0.slack) })
        }
        let y1Lower = try pair { if case .columnLower(kkt.yColumn(0), 0) = $0 { return true }; return false }
        let y2Lower = try pair { if case .columnLower(kkt.yColumn(1), 0) = $0 { return true }; return false }
        let row = try pair { if case .rowUpper = $0 { return true }; return false }
        let changes = [KKTSystem.activate(y2Lower.slack), KKTSystem.activate(row.slack), kkt.zeroMultiplier(y1Lower)]
        let fixings = changes.reduce(nil as FixingChain?) { FixingChain($1, parent: $0) }
        let node = SearchNode(fixings: fixings, bound: -.infinity, basis: nil, id: 1)
        // One evaluation that found nothing: the period is 2 and the next branching node is skipped.
        let firstIsDue = solver.schedule.isDue()
        #expect(firstIsDue)
        solver.schedule.record(improved: false)
        var offered: [Double] = []
        let result = solver.process(node, cutoff: .infinity, timeLeft: nil) { candidate in
            offered.append(candidate.value)
            return offered.min()!
        }
        // A leaf, pruned once its own evaluation has lowered the cutoff below its value.
        switch result {
        case let .leaf(value), let .prunedByBound(value): #expect(close(value, 0))
        default: Issue.record("expected a leaf, got \(result)")
        }
        #expect(offered.contains { close($0, -1) }, "the leader choice's optimistic response: \(offered)")
    }
}
