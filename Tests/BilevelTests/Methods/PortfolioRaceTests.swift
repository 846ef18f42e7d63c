import Foundation
import Testing
@testable import Bilevel
import BilevelTestSupport

/// `PortfolioRace` (Methods/PortfolioRace.swift): `auto` races the complementarity search (pairs
/// first) against the strong-duality MILP where it is exact, else the search branching on linking
/// variables first, where the linking variables are bounded integers; its answer is the enumerated
/// optimum whichever wins; `TurnTaking` runs one racer at a time.
@Suite struct PortfolioRaceTests {
    /// Max-flow interdiction on random graphs: the optimum by enumerating every plan within the
    /// budget (Edmonds–Karp on each, `GraphInterdictionTests`), against `auto` on one and two threads.
    @Test(arguments: [(14, UInt64(5)), (16, 6), (18, 7)])
    func raceAnswersTheEnumeratedOptimum(arcs: Int, seed: UInt64) throws {
        let m = InstanceGenerator.graphInterdiction(arcs: arcs, seed: seed)
        let best = GraphInterdictionTests.enumeratedOptimum(try GraphInterdictionTests.graph(of: m))
        for threads in [1, 2] {
            let r = try m.solve(SolveOptions(threads: threads))
            #expect(r.status == .optimal && r.verified && close(r.objective, best),
                    "threads \(threads): \(r.status) \(r.objective ?? .nan) vs \(best)")
            // The second racer is the strong-duality MILP here (exact: a network follower's duals are
            // bounded at its vertices), which usually answers first.
            #expect(r.method == .branch || r.method == .duality)
            #expect(r.message?.contains("raced two searches") == true, "\(r.message ?? "")")
            if let bound = r.bound, let objective = r.objective { #expect(bound <= objective + 1e-6) }
        }
    }

    /// Where one racer is not exact (continuous linking), or the request needs one search (a
    /// checkpoint, the pessimistic reading, a named method), there is no race.
    @Test func noRaceWhereItDoesNotApply() throws {
        let continuousLinking = InstanceGenerator.randomLinear(leader: 3, follower: 3, rows: 3, seed: 4)
        let plain = try continuousLinking.solve(SolveOptions(threads: 1))
        #expect(plain.method == .branch && plain.message?.contains("raced") != true)

        let m = InstanceGenerator.graphInterdiction(arcs: 12, seed: 3)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("race-\(UUID()).ckpt")
        defer { try? FileManager.default.removeItem(at: file) }
        var checkpointed = SolveOptions(threads: 1)
        checkpointed.checkpoint = file
        var pessimistic = SolveOptions(threads: 1)
        pessimistic.pessimistic = true
        for options in [checkpointed, pessimistic, SolveOptions(method: .branch, threads: 1)] {
            let r = try m.solve(options)
            #expect(r.status == .optimal && r.message?.contains("raced") != true, "\(r.status) \(r.message ?? "")")
        }
    }

    /// Each order alone (the racers, run one at a time) reaches the enumerated optimum: linking first
    /// is exact on its own, its leaves (every linking variable fixed) need no pair branching.
    @Test(arguments: [(12, UInt64(8)), (15, 9)])
    func eachOrderAloneIsExact(arcs: Int, seed: UInt64) throws {
        let m = InstanceGenerator.graphInterdiction(arcs: arcs, seed: seed)
        let best = GraphInterdictionTests.enumeratedOptimum(try GraphInterdictionTests.graph(of: m))
        let problem = try PreparedProblem(m)
        let linkingFirst: (name: String, method: any SolveMethod) = ("linking first alone",
                                                                     ComplementarityBranching(linkingFirst: true))
        for (name, racer) in PortfolioRace.racers + [linkingFirst] {
            let outcome = try racer.solve(problem, options: SolveOptions(threads: 1))
            let r = BilevelResult(outcome, problem.canonical)
            #expect(r.status == .optimal && r.verified && close(r.objective, best), "\(name): \(r.objective ?? .nan)")
        }
        // Random LP–LP with integer linking (random-int): both orders agree with each other.
        let random = InstanceGenerator.randomLinear(leader: 6, follower: 6, rows: 5, integerLeader: true, seed: seed)
        let prepared = try PreparedProblem(random)
        #expect(PortfolioRace.applies(prepared, options: SolveOptions()))
        let values = try PortfolioRace.racers.map { racer in
            let outcome = try racer.method.solve(prepared, options: SolveOptions(threads: 1))
            return BilevelResult(outcome, prepared.canonical).objective
        }
        #expect(values.count == 2 && close(values[0], values[1] ?? .nan), "\(values)")
    }

    /// A node limit stops both racers: the answer keeps the better point and a bound below it.
    @Test func limitsStopBothRacers() throws {
        let m = InstanceGenerator.graphInterdiction(arcs: 60, seed: 11)
        for threads in [1, 2] {
            let r = try m.solve(SolveOptions(nodeLimit: 3, threads: threads))
            #expect([.nodeLimit, .optimal].contains(r.status), "\(r.status)")
            if r.status == .nodeLimit { #expect(r.message?.contains("neither finished alone") == true) }
            if let bound = r.bound, let objective = r.objective { #expect(bound <= objective + 1e-6) }
        }
    }

    /// Two racers on one thread's worth of time: never both at work, both get turns, and the one
    /// left alone runs on without waiting.
    @Test func turnTakingRunsOneRacerAtATime() {
        let turns = TurnTaking(slices: [0.002, 0.001])
        let lock = NSLock()
        nonisolated(unsafe) var working = 0, overlaps = 0
        nonisolated(unsafe) var steps = [0, 0]
        let group = DispatchGroup()
        for racer in 0..<2 {
            group.enter()
            Thread {
                turns.begin(racer)
                let stepsToDo = racer == 0 ? 300 : 3000
                for _ in 0..<stepsToDo {
                    lock.lock(); working += 1; if working > 1 { overlaps += 1 }; steps[racer] += 1; lock.unlock()
                    usleep(20)
                    lock.lock(); working -= 1; lock.unlock()
                    turns.wait(racer)
                }
                turns.end(racer)
                group.leave()
            }.start()
        }
        #expect(group.wait(timeout: .now() + 60) == .success, "a racer waited for a turn that never came")
        #expect(overlaps == 0)
        #expect(steps == [300, 3000])
    }

    /// The shares of the time on one thread: equal until both racers have measured progress; then
    /// toward the one whose estimated time to finish (t·(1 − W)/W) is shorter, within [1/4, 3/4].
    @Test func sharesFollowEstimatedTimesToFinish() {
        #expect(TurnTaking.shares(spent: [1, 1], searched: [0.5, 0]) == [0.5, 0.5])
        #expect(TurnTaking.shares(spent: [0, 1], searched: [0.5, 0.5]) == [0.5, 0.5])
        // Same progress in the same time: equal.
        #expect(TurnTaking.shares(spent: [2, 2], searched: [0.3, 0.3]) == [0.5, 0.5])
        // Racer 0: 1 s more (W = 0.5 after 1 s); racer 1: 3 s more (W = 0.25 after 1 s): 3 : 1.
        let s = TurnTaking.shares(spent: [1, 1], searched: [0.5, 0.25])
        #expect(abs(s[0] - 0.75) < 1e-12 && abs(s[1] - 0.25) < 1e-12, "\(s)")
        // Far apart: clamped, so neither is starved.
        #expect(TurnTaking.shares(spent: [1, 1], searched: [0.001, 0.9]) == [0.25, 0.75])
        #expect(TurnTaking.shares(spent: [1, 1], searched: [1, 0.1]) == [0.75, 0.25])
    }
}
