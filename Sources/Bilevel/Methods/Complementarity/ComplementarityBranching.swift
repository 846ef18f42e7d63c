import Foundation
import GLPK

/// Branch-and-bound on complementarity: the exact method, no big-M.
///
/// Bard & Moore (1990), "A branch and bound algorithm for the bilevel programming problem",
/// SIAM J. Sci. Stat. Comput. 11(2), doi:10.1137/0911017; Hansen, Jaumard & Savard (1992), "New
/// branch-and-bound rules for linear bilevel programming", SIAM J. Sci. Stat. Comput. 13(5),
/// doi:10.1137/0913069.
///
/// **Accepts** an LP follower (continuous `y`), continuous or integer leader variables, coupling rows.
/// **Creates** one LP per worker: the KKT system without complementarity (`KKTSystem`). A node is
/// that LP with some bounds changed: a multiplier fixed to 0 or its slack made active (the pair is
/// then satisfied), or an integer leader variable's bound moved. Pairs are branched on first; a
/// fractional integer leader only once every pair holds. Children re-solve warm from the parent's
/// basis with the dual simplex.
/// **Exact**: a node whose LP optimum satisfies every pair is solved; the search closes when the best
/// open bound meets the incumbent (a verified bilevel-feasible point) within the gap.
///
/// Node selection is best bound; each node taken from the queue starts a dive (depth first, the
/// child that moves less first) to find incumbents early. Workers run on their own threads, each
/// with its own GLPK problems (GLPK keeps its state per thread).
struct ComplementarityBranching {
    let kkt: KKTSystem
    let options: SolveOptions
    /// Makes each worker's candidate evaluator (on the worker's thread: it owns GLPK problems);
    /// nil: the optimistic `Verifier`.
    var makeEvaluator: (@Sendable () throws -> PointEvaluator)? = nil

    struct Outcome {
        var status: SolveStatus
        var incumbent: Candidate?
        /// Lower bound on the minimized leader objective.
        var bound: Double
        var nodes: Int
        var message: String?
    }

    func run() throws -> Outcome {
        let log = SearchLog(sink: options.log, leaderSign: kkt.canonical.leaderSign)
        let deadline = options.timeLimit.map { Date().addingTimeInterval($0) }
        let state = SearchState(root: SearchNode(fixings: nil, bound: -.infinity, basis: nil, id: 0),
                                gap: options.gap, nodeLimit: options.nodeLimit, memoryLimit: options.nodeMemoryLimit)
        let workerCount = max(1, options.threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let errors = ErrorBox()
        let pseudoCosts = PseudoCosts(pairs: kkt.branchingKeyCount)

        let work: @Sendable () -> Void = { [kkt, options, makeEvaluator] in
            do {
                try Self.workLoop(kkt: kkt, pseudoCosts: pseudoCosts, state: state, log: log, deadline: deadline, options: options,
                                  makeEvaluator: makeEvaluator)
            } catch {
                errors.record(error)
                state.stop(.interrupted)
            }
        }
        if workerCount == 1 {
            work()
        } else {
            let group = DispatchGroup()
            for _ in 1..<workerCount {
                group.enter()
                let thread = Thread {
                    work()
                    GLPKLibrary.releaseThreadResources()
                    group.leave()
                }
                thread.stackSize = 8 << 20
                thread.start()
            }
            work()
            group.wait()
        }
        if let error = errors.first { throw error }
        log.maybeLog(state, force: true)

        var outcome = Outcome(status: .unknown, incumbent: state.incumbent, bound: state.bound, nodes: state.nodes)
        if let proof = state.unbounded {
            outcome.status = proof.illPosed ? .illPosed : .unbounded
            outcome.incumbent = proof.witness
            outcome.bound = -.infinity
            outcome.message = proof.message
            return outcome
        }
        if let reason = state.stopReason {
            switch reason {
            case .timeLimit: outcome.status = .timeLimit
            case .nodeLimit: outcome.status = .nodeLimit
            case .memoryLimit: outcome.status = .memoryLimit
            case .interrupted: outcome.status = .interrupted
            }
            return outcome
        }
        let unresolved = state.unresolved
        if let incumbent = state.incumbent {
            let gap = abs(incumbent.value - outcome.bound) / relativeFloor(incumbent.value)
            outcome.status = gap <= options.gap ? .optimal : .feasible
            if outcome.status == .feasible {
                outcome.message = "the search closed with a gap of \(gap)" + (unresolved.isEmpty ? "" : "; LP trouble: \(unresolved.joined(separator: "; "))")
            }
        } else if unresolved.isEmpty && outcome.bound == .infinity {
            outcome.status = .infeasible
        } else {
            outcome.status = .unknown
            outcome.message = "no bilevel-feasible point found, but infeasibility is not proven" + (unresolved.isEmpty ? "" : ": \(unresolved.joined(separator: "; "))")
        }
        return outcome
    }

    private static func workLoop(kkt: KKTSystem, pseudoCosts: PseudoCosts, state: SearchState, log: SearchLog, deadline: Date?,
                                 options: SolveOptions, makeEvaluator: (@Sendable () throws -> PointEvaluator)?) throws {
        func makeSolver() throws -> NodeSolver {
            let solver = try NodeSolver(kkt, pseudoCosts: pseudoCosts, evaluator: makeEvaluator?())
            solver.productTolerance = min(1e-9, max(1e-13, options.gap / 10))
            return solver
        }
        var solver = try makeSolver()
        var current = state.next()
        while let node = current {
            if let stop = options.shouldStop, stop() { state.stop(.interrupted) }
            if let deadline, Date() >= deadline { state.stop(.timeLimit) }
            if state.isStopped {
                _ = state.complete(node, result: .unresolved(node.bound, "stopped"), children: [], dive: nil)
                current = state.next()
                continue
            }
            let timeLeft = deadline.map { max(0.001, $0.timeIntervalSinceNow) }
            if !solver.isUsable {
                // An internal GLPK fault freed this thread's problems: build them again.
                solver = try makeSolver()
            }
            let result = solver.process(node, cutoff: state.cutoff, timeLeft: timeLeft, offer: { candidate in
                let before = state.cutoff
                let after = state.offer(candidate)
                guard after < before, !solver.integerLeaderColumns.isEmpty, !kkt.hasDualTerms else { return after }
                // A new incumbent: polish it by local search over the integer leader variables.
                let search = LocalSearch(verifier: solver.verifier, integerX: solver.integerLeaderColumns)
                let polished = search.improve(candidate, deadline: deadline, shouldStop: { options.shouldStop?() ?? false })
                return polished.value < candidate.value ? state.offer(polished) : after
            })
            var children: [SearchNode] = []
            var dive: SearchNode?
            if case let .branch(value, changes, bounds, preferred, basis) = result {
                // Reduced-cost tightenings hold in every child: chain them once, below the parent.
                let common = solver.tightenings.reduce(node.fixings) { FixingChain($1, parent: $0) }
                for (k, change) in changes.enumerated() {
                    let child = SearchNode(fixings: FixingChain(change, parent: common), bound: max(value, node.bound, bounds[k]),
                                           basis: k == preferred ? nil : basis, id: state.makeID())
                    if k == preferred { dive = child } else { children.append(child) }
                }
            }
            current = state.complete(node, result: result, children: children, dive: dive) ?? state.next()
            log.maybeLog(state)
        }
    }
}

/// Collects the first error thrown by any worker.
final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var first: Error?
    func record(_ error: Error) {
        lock.lock()
        if first == nil { first = error }
        lock.unlock()
    }
}
