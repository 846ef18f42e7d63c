import Foundation
import Testing
@testable import Bilevel
import BilevelTestSupport

/// The progress feed (Methods/SolveProgress.swift, Search/SearchLog.swift): `SolveOptions.progress`
/// and `BilevelModel.solveWithProgress(_:)`.
@Suite struct SolveProgressTests {
    /// Collects the stream of `model`'s solve: the progress snapshots and the result.
    static func collect(_ model: BilevelModel, _ options: SolveOptions) async throws
        -> (progress: [SolveProgress], result: BilevelResult) {
        var progress: [SolveProgress] = []
        var results: [BilevelResult] = []
        for try await event in model.solveWithProgress(options) {
            #expect(results.isEmpty, "nothing follows the result")
            switch event {
            case let .progress(p): progress.append(p)
            case let .finished(r): results.append(r)
            }
        }
        #expect(results.count == 1)
        return (progress, try #require(results.first))
    }

    /// What every feed promises, with `sign` +1 for a minimizing leader and −1 for a maximizing one:
    /// times, node counts and the searched share of the tree never decrease, incumbents only improve,
    /// the bound never passes the incumbent, `.incumbent` snapshots are exactly those where the
    /// incumbent changed, and the last snapshot is the result.
    static func checkFeed(_ feed: [SolveProgress], _ result: BilevelResult, sign: Double) throws {
        let last = try #require(feed.last)
        #expect(last.trigger == .finished)
        #expect(feed.filter { $0.trigger == .finished }.count == 1)
        #expect(last.incumbent == result.objective)
        #expect(last.bound == result.bound)
        #expect(last.nodes == result.nodes)
        #expect(last.elapsed <= result.time + 0.01)
        var previous: SolveProgress?
        for p in feed {
            if let f = p.searched { #expect(f >= 0 && f <= 1) }
            if let b = p.bound, let i = p.incumbent {
                #expect(sign * b <= sign * i + 1e-9 * max(1, abs(i)), "bound \(b) passes incumbent \(i)")
            }
            guard let q = previous else { previous = p; continue }
            #expect(p.elapsed >= q.elapsed)
            if p.trigger != .finished { #expect(p.nodes >= q.nodes) }
            if let before = q.incumbent {
                let now = try #require(p.incumbent, "an incumbent is never lost")
                #expect(sign * now <= sign * before)
                if p.trigger == .incumbent { #expect(sign * now < sign * before) }
            }
            if p.trigger == .periodic { #expect(p.incumbent == q.incumbent, "a change is marked .incumbent") }
            if let now = p.searched, let before = q.searched { #expect(now >= before, "the searched share shrank") }
            previous = p
        }
    }

    /// A 2.5 s run of a search that does not finish: periodic snapshots about once a second,
    /// incumbents as they are found, the result's values at the end.
    @Test func theFeedOfAStoppedBranchAndBound() async throws {
        let options = SolveOptions(method: .branch, timeLimit: 2.5, threads: 1)
        let (feed, result) = try await Self.collect(SolveAsyncTests.longLinear, options)
        #expect(result.status == .timeLimit)
        try Self.checkFeed(feed, result, sign: 1)
        #expect(feed.filter { $0.trigger == .periodic }.count >= 2)
        #expect(feed.contains { $0.trigger == .incumbent })
        #expect(feed.dropLast().last?.openNodes ?? 0 > 0, "a stopped search leaves open nodes")
        let searched = try #require(feed.dropLast().last?.searched, "a tree search measures its progress")
        #expect(searched > 0 && searched < 1, "\(searched)")
        #expect(result.objective != nil && feed.first { $0.incumbent != nil }!.incumbent! >= result.objective!)
    }

    /// The same search to optimality, through the callback of the synchronous solve.
    @Test func theFeedOfASolvedInstanceEndsClosed() throws {
        let model = InstanceGenerator.randomLinear(leader: 8, follower: 8, rows: 8, integerLeader: true, seed: 4)
        let feed = LockedValue<[SolveProgress]>([])
        var options = SolveOptions(method: .branch, timeLimit: 60, threads: 2)
        options.progress = { p in feed.value.append(p) }
        let result = try model.solve(options)
        #expect(result.status == .optimal)
        try Self.checkFeed(feed.value, result, sign: 1)
        #expect(feed.value.contains { $0.trigger == .incumbent })
        #expect(feed.value.last?.gap ?? 1 <= 1e-6)
        // The search's last snapshot: every node closed, the whole tree searched.
        #expect(feed.value.dropLast().last?.searched == 1)
    }

    /// A maximizing leader: the feed is in the model's sense (the negated model's values, negated),
    /// and its bound lies above its incumbent.
    @Test func aMaximizingLeaderIsReportedInItsOwnSense() async throws {
        let model = InstanceGenerator.randomLinear(leader: 8, follower: 8, rows: 8, integerLeader: true, seed: 4)
        var flipped = model
        flipped.leaderObjective = Objective(sense: .maximize, terms: model.leaderObjective.terms.map {
            LinearTerm(variable: $0.variable, coefficient: -$0.coefficient)
        })
        let options = SolveOptions(method: .branch, timeLimit: 60, threads: 1)
        let (minFeed, minResult) = try await Self.collect(model, options)
        let (maxFeed, maxResult) = try await Self.collect(flipped, options)
        #expect(minResult.status == .optimal && maxResult.status == .optimal)
        try Self.checkFeed(maxFeed, maxResult, sign: -1)
        #expect(maxResult.objective.map { -$0 } == minResult.objective)
        // One worker: the same search, so the same incumbents, negated.
        let minIncumbents = minFeed.compactMap(\.incumbent), maxIncumbents = maxFeed.compactMap(\.incumbent)
        #expect(maxIncumbents.map { -$0 } == minIncumbents)
    }

    @Test func theFeedOfTheIntegerFollowerSearch() async throws {
        let model = SolveAsyncTests.knapsackInterdiction(items: 16, seed: 5)
        let (feed, result) = try await Self.collect(model, SolveOptions(method: .integer, timeLimit: 60, threads: 2))
        #expect(result.status == .optimal)
        try Self.checkFeed(feed, result, sign: 1)
        #expect(feed.contains { $0.trigger == .incumbent })
        #expect(feed.last?.bound == result.objective)
    }

    /// The big-M MILP is one GLPK call: one snapshot, at the end.
    @Test func theBigMMILPReportsAtTheEnd() async throws {
        let model = InstanceGenerator.randomLinear(leader: 4, follower: 4, rows: 4, seed: 2)
        let (feed, result) = try await Self.collect(model, SolveOptions(method: .bigm, timeLimit: 60))
        #expect(result.status == .optimal)
        #expect(feed.count == 1)
        try Self.checkFeed(feed, result, sign: 1)
    }

    /// The user's callback is called as well as the stream is fed, with the same snapshots.
    @Test func theStreamAlsoCallsTheCallback() async throws {
        let model = InstanceGenerator.randomLinear(leader: 8, follower: 8, rows: 8, integerLeader: true, seed: 4)
        let called = LockedValue<[SolveProgress]>([])
        var options = SolveOptions(method: .branch, timeLimit: 60, threads: 1)
        options.progress = { p in called.value.append(p) }
        let (feed, _) = try await Self.collect(model, options)
        #expect(!feed.isEmpty)
        #expect(called.value == feed)
    }

    @Test func theGapIsComputedFromIncumbentAndBound() {
        let p = SolveProgress(trigger: .periodic, elapsed: 1, nodes: 3, openNodes: 2, incumbent: -20, bound: -25)
        #expect(p.gap == 0.25)
        var q = p
        q.bound = nil
        #expect(q.gap == nil)
    }
}
