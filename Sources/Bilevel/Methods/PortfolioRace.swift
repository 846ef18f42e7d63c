import Foundation
import GLPK

/// Two exact searches raced on one problem; the first certified answer wins and stops the other.
///
/// **Accepts** an LP follower whose linking variables (leader variables in follower rows) are all
/// integers with finite bounds, a linear leader objective without follower multipliers, the
/// optimistic reading, no checkpoint. Racers: the search on complementarity in its usual order
/// (pairs first), and the strong-duality MILP (`StrongDualityMethod`) where it is exact, else the
/// same search branching on the linking variables first (`NodeSolver.linkingFirst`, whose nodes
/// become leaves once every linking variable is fixed).
///
/// The MILP is exact where every multiplier of a linking row is bounded: over the dual polyhedron,
/// or at its vertices where the follower's matrix is totally unimodular
/// (`KKTSystem.boundMultipliersAtVertices`; max-flow interdiction is Wood's MILP). There it settled
/// every interdiction instance of the families in at most 0.06 s where both orders of the search
/// needed 0.5 s to more than 60 s (README, "Vertex bounds"). Elsewhere, neither order dominates (one
/// run each, one thread, 30 s; README, "Families that are not kind to us"): graph interdiction at 30
/// arcs took 0.24 s linking first and more than 30 s pairs first; random-int at 15–20 variables
/// 0.2–0.3 s pairs first against a time limit. The search over the high-point relaxation
/// (`IntegerFollowerSearch`), also exact here, was measured as a racer first and lost to linking
/// first wherever either took more than 0.3 s.
///
/// The racers share incumbents (`IncumbentExchange`), so either prunes with the other's best point.
/// With two threads or more, each racer runs on its own (pairs first gets the rest); with one, they
/// take turns on it (`TurnTaking`, `slices`), the one that looks closer to finishing taking up to
/// three quarters of the time, so a race never uses more cores than asked for.
/// **Exact**: the answer is a racer's certified outcome; without one (limits), the best verified point
/// of either and the larger of their proven bounds.
struct PortfolioRace: SolveMethod {
    static let choice = MethodChoice.auto
    /// The racers' turn lengths when they share one thread (seconds).
    static let slices = [0.25, 0.25]
    static let racers: [(name: String, method: any SolveMethod)] = [
        ("pairs first", ComplementarityBranching()),
        ("linking first", StrongDualityMethod(fallback: ComplementarityBranching(linkingFirst: true))),
    ]

    /// Whether the race applies: an LP follower whose linking variables are bounded integers, and a
    /// request both racers answer alike (optimistic, no checkpoint, one process, method `auto`).
    static func applies(_ problem: PreparedProblem, options: SolveOptions) -> Bool {
        let c = problem.canonical
        guard options.method == .auto, !options.pessimistic, options.checkpoint == nil, options.resume == nil,
              options.transport.map({ $0.size <= 1 }) ?? true,
              !c.hasIntegerFollower, !c.isQuadraticFollower, !c.hasQuadraticLeader, !c.hasFollowerProducts,
              let kkt = try? problem.kkt(options), !kkt.hasDualTerms, !kkt.linkingX.isEmpty
        else { return false }
        return kkt.linkingX.allSatisfy { c.xInteger[$0] && c.xLower[$0].isFinite && c.xUpper[$0].isFinite }
    }

    func solve(_ problem: PreparedProblem, options: SolveOptions) throws -> Outcome {
        let racers = Self.racers
        let threads = max(1, options.threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let turns = threads == 1 ? TurnTaking(slices: Self.slices) : nil
        let finish = FinishLine()
        let exchange = IncumbentExchange()
        let progress = options.progress.map { ProgressMerger($0, leaderSign: problem.canonical.leaderSign) }
        let userStop = options.shouldStop
        let results = RaceResults(count: racers.count)
        let group = DispatchGroup()
        for (k, racer) in racers.enumerated() {
            var own = options
            own.threads = k == 0 ? max(1, threads - 1) : 1
            own.incumbentExchange = exchange
            own.shouldStop = {
                turns?.wait(k)
                return finish.isOver || (userStop?() ?? false)
            }
            let name = racer.name
            if let log = options.log { own.log = { log("[\(name)] " + $0) } }
            own.progress = { p in
                if let searched = p.searched { turns?.observe(k, searched: searched) }
                progress?.forward(p, from: k)
            }
            let racerOptions = own
            let method = racer.method
            group.enter()
            let thread = Thread {
                turns?.begin(k)
                let result = Result { try method.solve(problem, options: racerOptions) }
                if case let .success(outcome) = result, Self.isDecisive(outcome.status) { finish.declare(k) }
                results.set(k, result)
                turns?.end(k)
                GLPKLibrary.releaseThreadResources()
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        return try Self.combine(results.all, winner: finish.winner, racers: racers.map(\.name), gap: options.gap)
    }

    /// A status that settles the problem: the other racer's answer can add nothing.
    static func isDecisive(_ status: SolveStatus) -> Bool {
        status == .optimal || status == .infeasible || status == .unbounded
    }

    /// The winner's outcome, or, without one, the best verified point and the largest proven bound.
    static func combine(_ results: [Result<Outcome, Error>], winner: Int?, racers: [String],
                        gap: Double) throws -> Outcome {
        let outcomes = results.compactMap { try? $0.get() }
        if outcomes.isEmpty { for result in results { _ = try result.get() } }
        let nodes = outcomes.reduce(0) { $0 + $1.nodes }
        let names = "raced two searches (\(racers.joined(separator: ", ")))"
        if let winner {
            var outcome = try results[winner].get()
            let others = nodes - outcome.nodes
            let who = outcome.method == .duality ? "the strong-duality MILP (exact here)" : racers[winner]
            outcome.message = ["\(names): \(who) answered first (\(outcome.nodes) nodes; \(others) by "
                               + "the other)", outcome.message].compactMap { $0 }.joined(separator: "; ")
            outcome.nodes = nodes
            return outcome
        }
        // No certified answer: what both proved together.
        let bound = outcomes.map(\.bound).max() ?? -.infinity
        let best = outcomes.compactMap(\.incumbent).min { $0.value < $1.value }
        let order: [SolveStatus] = [.interrupted, .timeLimit, .memoryLimit, .nodeLimit, .feasible, .unknown]
        var outcome = Outcome(status: order.first { s in outcomes.contains { $0.status == s } } ?? outcomes[0].status,
                              incumbent: best, bound: bound, nodes: nodes)
        if let best, Gap.isClosed(incumbent: best.value, bound: bound, tolerance: gap) { outcome.status = .optimal }
        outcome.method = outcomes[0].method
        let messages = zip(racers, results).compactMap { racer, result -> String? in
            switch result {
            case let .success(o): return o.message.map { "\(racer): \($0)" }
            case let .failure(e): return "\(racer): \(e)"
            }
        }
        outcome.message = (["\(names); neither finished alone"] + messages).joined(separator: "; ")
        return outcome
    }
}

/// Who finished first with a certified answer.
private final class FinishLine: @unchecked Sendable {
    private let lock = NSLock()
    private var first: Int?
    var isOver: Bool { lock.lock(); defer { lock.unlock() }; return first != nil }
    var winner: Int? { lock.lock(); defer { lock.unlock() }; return first }
    func declare(_ racer: Int) { lock.lock(); if first == nil { first = racer }; lock.unlock() }
}

/// Each racer's result, set once from its thread.
private final class RaceResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<Outcome, Error>?]
    init(count: Int) { results = Array(repeating: nil, count: count) }
    func set(_ k: Int, _ result: Result<Outcome, Error>) { lock.lock(); results[k] = result; lock.unlock() }
    var all: [Result<Outcome, Error>] { lock.lock(); defer { lock.unlock() }; return results.map { $0! } }
}

/// Two racers sharing one thread's worth of time: only the racer whose turn it is runs. At its
/// first poll after a slice it hands the turn to the racer furthest below its share of the time
/// spent (or keeps it), and for good when it ends.
///
/// Shares follow the racers' progress: a racer that has closed a fraction W of its tree
/// (`SolveProgress.searched`) in t seconds of its own is estimated to need t·(1 − W)/W more; the
/// shares are proportional to the inverse of that, within [`minimumShare`, 1 − `minimumShare`], and
/// equal until both have measured progress. So a misjudged race costs at most four times the
/// winner's time alone, a well-judged one little more than it. Against equal turns (one thread, 60 s,
/// nothing else running): interdiction 100 s1 and s3 proven in 59.9 and 48.9 s instead of the time
/// limit, s2 in 19.8 s instead of 31.7 s, graph-interdiction 50 s1 in 14.8 s instead of 19.0 s, no
/// instance of the eleven measured slower by more than 0.07 s (README, "Two relaxations").
final class TurnTaking: @unchecked Sendable {
    private let condition = NSCondition()
    private var turn = 0
    private var ended = [false, false]
    private var turnStart = Date()
    private var spent = [0.0, 0.0]
    private var searched = [0.0, 0.0]
    /// Seconds a racer keeps the turn at least, per racer.
    let slices: [Double]
    /// Each racer's share of the time is at least this.
    static let minimumShare = 0.25

    init(slices: [Double]) { self.slices = slices }

    /// Blocks until it is `racer`'s turn.
    func begin(_ racer: Int) {
        condition.lock(); defer { condition.unlock() }
        waitForTurn(racer)
    }

    /// `racer` has closed this fraction of its search tree.
    func observe(_ racer: Int, searched fraction: Double) {
        condition.lock(); defer { condition.unlock() }
        searched[racer] = max(searched[racer], fraction)
    }

    /// The racers' shares of the time, given the seconds each has spent and the fraction of its tree
    /// each has closed.
    static func shares(spent: [Double], searched: [Double]) -> [Double] {
        guard searched.allSatisfy({ $0 > 0 }), spent.allSatisfy({ $0 > 0 }) else { return [0.5, 0.5] }
        // The inverse of each racer's estimated time to finish.
        let rate = (0..<2).map { searched[$0] / (spent[$0] * max(smallestRemainder, 1 - searched[$0])) }
        let first = min(max(rate[0] / (rate[0] + rate[1]), minimumShare), 1 - minimumShare)
        return [first, 1 - first]
    }

    /// Not a tolerance: the remaining fraction of a tree is taken as at least this.
    private static let smallestRemainder = 1e-9

    /// Called by `racer` between two steps of its work: after its slice, the turn goes to the racer
    /// furthest below its share; blocks until the turn comes back.
    func wait(_ racer: Int) {
        condition.lock(); defer { condition.unlock() }
        let other = 1 - racer
        if turn == racer {
            let used = Date().timeIntervalSince(turnStart)
            guard !ended[other], used >= slices[racer] else { return }
            spent[racer] += used
            turnStart = Date()
            let share = Self.shares(spent: spent, searched: searched)
            guard spent[other] / share[other] < spent[racer] / share[racer] else { return }
            turn = other
            condition.broadcast()
        }
        waitForTurn(racer)
    }

    /// `racer` is done: the other runs from now on without waiting.
    func end(_ racer: Int) {
        condition.lock(); defer { condition.unlock() }
        ended[racer] = true
        turn = 1 - racer
        turnStart = Date()
        condition.broadcast()
    }

    private func waitForTurn(_ racer: Int) {
        while turn != racer && !ended[1 - racer] { condition.wait() }
    }
}

/// One progress feed from two racers: nodes add up, the incumbent is the better of theirs and the
/// bound the stronger (both are proven for the same problem).
private final class ProgressMerger: @unchecked Sendable {
    private let lock = NSLock()
    private let sink: @Sendable (SolveProgress) -> Void
    private let sign: Double
    private var last: [SolveProgress?] = [nil, nil]

    init(_ sink: @escaping @Sendable (SolveProgress) -> Void, leaderSign: Double) {
        self.sink = sink
        sign = leaderSign
    }

    func forward(_ p: SolveProgress, from racer: Int) {
        lock.lock(); defer { lock.unlock() }
        last[racer] = p
        let seen = last.compactMap { $0 }
        // In minimized terms: the least incumbent and the largest bound.
        let incumbents = seen.compactMap(\.incumbent).map { $0 * sign }
        let bounds = seen.compactMap(\.bound).map { $0 * sign }
        // The race ends with the first racer to finish: the further one tells how far it is.
        sink(SolveProgress(trigger: p.trigger, elapsed: p.elapsed, nodes: seen.reduce(0) { $0 + $1.nodes },
                           openNodes: seen.reduce(0) { $0 + $1.openNodes },
                           incumbent: incumbents.min().map { $0 * sign }, bound: bounds.max().map { $0 * sign },
                           searched: seen.compactMap(\.searched).max()))
    }
}
