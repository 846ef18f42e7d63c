import Foundation
import Testing
@testable import Bilevel
import BilevelTestSupport

/// The async `solve` (Methods/Solve+Async.swift): task cancellation stops a long solve promptly with
/// status `interrupted`, and concurrent solves give the answers of serial ones. Serialized: the
/// sixteen concurrent solves would otherwise crowd the two cores the cancellation tests time.
@Suite(.serialized) struct SolveAsyncTests {
    /// A random LP–LP instance, 50 per level: the branch-and-bound on it runs far beyond the seconds
    /// these tests allow (checked by `theLongModelsRunLong`; 21 % open after 60 s with two threads in
    /// a release build of `21f621e`, where 30 per level, the size used before, now closes in 0.4 s).
    static let longLinear = InstanceGenerator.randomLinear(leader: 50, follower: 50, rows: 50, seed: 1)

    /// Knapsack interdiction with an integer follower (the shape of `InterdictionCutTests`), with
    /// `n` items: the integer-follower search on 60 items runs far beyond these tests' seconds.
    static func knapsackInterdiction(items n: Int, seed: UInt64) -> BilevelModel {
        var rng = SeededGenerator(seed: seed)
        let profit = (0..<n).map { _ in Double(rng.int(1...30)) }, weight = (0..<n).map { _ in Double(rng.int(1...20)) }
        let cost = (0..<n).map { _ in Double(rng.int(1...10)) }
        return InterdictionCutTests.knapsackInterdiction(name: "knapsack_interdiction_\(n)_\(seed)", profit: profit,
                                                         weight: weight, cost: cost)
    }

    static let longInteger = knapsackInterdiction(items: 60, seed: 3)

    /// Starts `model`'s async solve, cancels its task once the progress feed shows an incumbent and
    /// half a second has passed (or after 20 s without one), and returns the result, the seconds from
    /// `cancel()` to the result, and the last snapshot before `cancel()`.
    static func cancelled(_ model: BilevelModel, _ options: SolveOptions) async throws
        -> (result: BilevelResult, seconds: Double, seen: SolveProgress?) {
        let feed = LockedValue<SolveProgress?>(nil)
        var options = options
        options.progress = { p in feed.value = p }
        let task = Task { [options] in try await model.solve(options) }
        let clock = ContinuousClock()
        let start = clock.now
        while (feed.value?.incumbent == nil || clock.now - start < .milliseconds(500))
                && clock.now - start < .seconds(20) {
            try await Task.sleep(for: .milliseconds(20))
        }
        let seen = feed.value
        let cancelledAt = clock.now
        task.cancel()
        let result = try await task.value
        return (result, (clock.now - cancelledAt).seconds, seen)
    }

    /// What a cancelled solve must report: status `interrupted`, within a second, with at least the
    /// point and the bound the feed showed before `cancel()`.
    static func checkCancelled(_ model: BilevelModel, _ options: SolveOptions) async throws {
        let (result, seconds, seen) = try await cancelled(model, options)
        #expect(result.status == .interrupted)
        #expect(seconds < 1, "returned \(seconds) s after cancel()")
        let before = try #require(seen?.incumbent, "the feed showed an incumbent before cancel()")
        let objective = try #require(result.objective)
        #expect(objective <= before, "the best point so far, not an older one")
        #expect(result.verified)
        if let b = seen?.bound {
            let bound = try #require(result.bound)
            #expect(bound >= b - 1e-9 * max(1, abs(b)), "the bound so far")
            #expect(bound <= objective + 1e-9 * max(1, abs(objective)))
        }
    }

    /// Without cancellation both long models hit a 2 s time limit: what the cancellation tests stop
    /// is a solve that would not have finished by itself.
    @Test(arguments: [(longLinear, MethodChoice.branch), (longInteger, .integer)])
    func theLongModelsRunLong(model: BilevelModel, method: MethodChoice) async throws {
        let result = try await model.solve(SolveOptions(method: method, timeLimit: 2))
        #expect(result.status == .timeLimit, "\(model.name): \(result.status)")
    }

    @Test func cancellingTheTaskInterruptsTheBranchAndBound() async throws {
        try await Self.checkCancelled(Self.longLinear, SolveOptions(method: .branch, timeLimit: 60, threads: 2))
    }

    @Test func cancellingTheTaskInterruptsTheIntegerFollowerSearch() async throws {
        try await Self.checkCancelled(Self.longInteger, SolveOptions(method: .integer, timeLimit: 60, threads: 2))
    }

    /// The big-M MILP is one GLPK call (no feed while it runs): the cancellation reaches it through
    /// GLPK's callback.
    @Test func cancellingTheTaskInterruptsTheBigMMILP() async throws {
        let plain = try await Self.longLinear.solve(SolveOptions(method: .bigm, timeLimit: 2, threads: 1))
        #expect(plain.status == .timeLimit, "the big-M MILP should run past 2 s, not \(plain.status)")
        let task = Task { try await Self.longLinear.solve(SolveOptions(method: .bigm, timeLimit: 60, threads: 1)) }
        try await Task.sleep(for: .milliseconds(800))
        let clock = ContinuousClock()
        let cancelledAt = clock.now
        task.cancel()
        let result = try await task.value
        #expect(result.status == .interrupted)
        #expect((clock.now - cancelledAt).seconds < 1)
    }

    @Test func aTaskCancelledBeforeTheSolveStopsAtOnce() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await Self.longLinear.solve(SolveOptions(method: .branch, timeLimit: 60, threads: 1))
        }
        let result = try await task.value
        #expect(result.status == .interrupted)
        #expect(result.nodes <= 1, "the one worker stops at the root")
        #expect((clock.now - start).seconds < 10)
    }

    /// The user's own `shouldStop` is still polled by the async solve.
    @Test func theUsersShouldStopStillStops() async throws {
        var options = SolveOptions(method: .branch, timeLimit: 60, threads: 1)
        let start = ContinuousClock.now
        options.shouldStop = { ContinuousClock.now - start > .milliseconds(300) }
        let result = try await Self.longLinear.solve(options)
        #expect(result.status == .interrupted)
        #expect((ContinuousClock.now - start).seconds < 2)
    }

    /// Errors still throw (not swallowed, not turned into a status).
    @Test func invalidModelsStillThrow() async {
        var model = BilevelModel(name: "bad")
        _ = model.addVariable(Variable(name: "x", lower: 2, upper: 1, level: .leader))
        await #expect(throws: BilevelError.self) { try await model.solve() }
    }

    /// Eight LP followers and eight integer followers, small enough to solve to optimality at once.
    static var mixedModels: [BilevelModel] {
        let linear = (1...8).map { seed in
            InstanceGenerator.randomLinear(leader: 6, follower: 6, rows: 6, integerLeader: seed % 2 == 0,
                                           seed: UInt64(seed))
        }
        let integer = (1...4).map { knapsackInterdiction(items: 8 + $0, seed: UInt64($0)) }
            + (1...4).map { RandomMIBLP.model(seed: UInt64(100 + $0)) }
        return linear + integer
    }

    @Test func sixteenConcurrentSolvesEqualSerialOnes() async throws {
        let models = Self.mixedModels
        #expect(models.count == 16)
        #expect(models.contains { CanonicalProblem($0).hasIntegerFollower })
        #expect(models.contains { !CanonicalProblem($0).hasIntegerFollower })
        let options = SolveOptions(timeLimit: 60, threads: 2)
        let serial = try models.map { try $0.solve(options) }
        let concurrent = try await withThrowingTaskGroup(of: (Int, BilevelResult).self) { group in
            for (k, model) in models.enumerated() {
                group.addTask { (k, try await model.solve(options)) }
            }
            var results = [BilevelResult?](repeating: nil, count: models.count)
            for try await (k, result) in group { results[k] = result }
            return results.compactMap { $0 }
        }
        #expect(concurrent.count == models.count)
        for (k, (s, c)) in zip(serial, concurrent).enumerated() {
            #expect(s.status == c.status, "\(models[k].name): \(s.status) vs \(c.status)")
            #expect(s.status == .optimal || s.status == .infeasible, "\(models[k].name): \(s.status)")
            let values = "\(String(describing: s.objective)) vs \(String(describing: c.objective))"
            #expect(same(s.objective, c.objective), "\(models[k].name): \(values)")
            #expect(s.verified == c.verified)
        }
    }

    /// Both kinds of answer occur among the sixteen (the comparison is not vacuous).
    @Test func theMixHasOptimaWithDifferentValues() throws {
        let objectives = try Self.mixedModels.compactMap { try $0.solve(SolveOptions(timeLimit: 60)).objective }
        #expect(Set(objectives.map { ($0 * 1e6).rounded() }).count >= 8)
    }

    private func same(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= 1e-6 * max(1, abs(a))
    }
}
