import Testing
@testable import Bilevel

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
