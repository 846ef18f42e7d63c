import Foundation
import GLPK

/// The search every tree method shares: best-bound node selection with dives, worker threads, the
/// incumbent and the global bound, limits (time, nodes, memory, interruption) and the node log.
/// A method supplies what a node means through its `NodeProcessor`; the search knows nothing of
/// KKT systems, follower MILPs or readings.
///
/// Workers run on their own threads, each with its own processor (GLPK keeps its state per thread).
/// The outcome is certified by bounds: "optimal" when the incumbent meets the best open bound
/// within the gap, "infeasible" when every node closed without a point and without trouble.
struct BranchAndBound {
    /// The limits and reporting of one search.
    struct Settings {
        var gap: Double
        var nodeLimit: Int?
        var memoryLimit: Int
        var timeLimit: Double?
        var threads: Int?
        var log: (@Sendable (String) -> Void)?
        var shouldStop: (@Sendable () -> Bool)?
        var progress: (@Sendable (SolveProgress) -> Void)?
        /// +1 when the model's leader minimizes, −1 when it maximizes (the log prints model values).
        var leaderSign: Double
        /// Checkpoints to write and the run to resume (nil: neither).
        var checkpoint: CheckpointPlan?
        /// The processes one distributed search spreads over (nil, or one process: this one alone).
        var transport: (any SearchTransport)?
        /// Incumbents shared with a search racing this one (nil: none).
        var exchange: IncumbentExchange?
        /// False on the other ranks of a distributed run: a search they run alone (one that cannot be
        /// distributed) leaves the checkpoint file to rank 0's.
        var writesCheckpoints: Bool

        init(_ options: SolveOptions, leaderSign: Double, checkpoint: CheckpointPlan? = nil) {
            self.checkpoint = checkpoint
            gap = options.gap
            nodeLimit = options.nodeLimit
            memoryLimit = options.nodeMemoryLimit
            timeLimit = options.timeLimit
            threads = options.threads
            log = options.log
            shouldStop = options.shouldStop
            progress = options.progress
            self.leaderSign = leaderSign
            transport = options.transport
            exchange = options.incumbentExchange
            writesCheckpoints = (options.transport?.rank ?? 0) == 0
        }
    }

    let settings: Settings
    /// Makes one worker's processor, on the worker's thread.
    let makeProcessor: @Sendable () throws -> any NodeProcessor

    func run() throws -> Outcome {
        if let transport = settings.transport, transport.size > 1 {
            return try DistributedSearch(settings: settings, makeProcessor: makeProcessor, transport: transport).run()
        }
        let log = SearchLog(sink: settings.log, progress: settings.progress, leaderSign: settings.leaderSign)
        let deadline = settings.timeLimit.map { Date().addingTimeInterval($0) }
        let state = Self.initialState(settings)
        let checkpointer = settings.writesCheckpoints ? Checkpointer(settings.checkpoint, log: log) : nil
        let context = SearchContext(state: state, deadline: deadline, shouldStop: settings.shouldStop, log: log,
                                    checkpointer: checkpointer, exchange: settings.exchange)
        let workerCount = max(1, settings.threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let errors = ErrorBox()
        let work: @Sendable () -> Void = { [makeProcessor] in
            do {
                try Self.workLoop(context: context, log: log, makeProcessor: makeProcessor)
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
        var outcome = Self.outcome(of: state, gap: settings.gap)
        if let checkpointer {
            if state.stopReason != nil && state.unbounded == nil {
                checkpointer.write(state)
            } else {
                checkpointer.remove()
            }
            if let failure = checkpointer.failure {
                outcome.message = [outcome.message, failure].compactMap { $0 }.joined(separator: "; ")
            }
        }
        return outcome
    }

    /// The state a search starts from: the root, or the open nodes of the run it resumes.
    static func initialState(_ settings: Settings) -> SearchState {
        if let plan = settings.checkpoint, let saved = plan.resumed {
            settings.log?("resuming from \(plan.resumePath ?? "?"): \(plan.resumedNodes.count) open nodes, "
                          + "\(saved.nodesSolved) nodes solved before")
            return SearchState(resuming: saved, nodes: plan.resumedNodes, gap: settings.gap,
                               nodeLimit: settings.nodeLimit, memoryLimit: settings.memoryLimit)
        }
        return SearchState(root: SearchNode(fixings: nil, bound: -.infinity, basis: nil, id: 0, weight: 1),
                           gap: settings.gap, nodeLimit: settings.nodeLimit, memoryLimit: settings.memoryLimit)
    }

    /// What a finished (or stopped) search proves.
    static func outcome(of state: SearchState, gap: Double) -> Outcome {
        var outcome = Outcome(status: .unknown, incumbent: state.incumbent, bound: state.bound, nodes: state.nodes)
        if let proof = state.unbounded {
            outcome.status = proof.illPosed ? .illPosed : .unbounded
            outcome.incumbent = proof.witness
            outcome.bound = -.infinity
            outcome.message = proof.message
            return outcome
        }
        if let reason = state.stopReason {
            outcome.status = reason.status
            return outcome
        }
        let trouble = state.unresolved
        let troubleText = trouble.joined(separator: "; ")
        if let incumbent = state.incumbent {
            let closed = Gap.isClosed(incumbent: incumbent.value, bound: outcome.bound, tolerance: gap)
            outcome.status = closed ? .optimal : .feasible
            if !closed {
                let relative = Gap.relative(incumbent: incumbent.value, bound: outcome.bound)
                outcome.message = "the search closed with a gap of \(relative)"
                    + (trouble.isEmpty ? "" : "; LP trouble: \(troubleText)")
            }
        } else if trouble.isEmpty && outcome.bound == .infinity {
            outcome.status = .infeasible
        } else {
            outcome.message = "no bilevel-feasible point found, but infeasibility is not proven"
                + (trouble.isEmpty ? "" : ": \(troubleText)")
        }
        return outcome
    }

    private static func workLoop(context: SearchContext, log: SearchLog,
                                 makeProcessor: @Sendable () throws -> any NodeProcessor) throws {
        let state = context.state
        var processor = try makeProcessor()
        var current = state.next()
        while let node = current {
            if context.stopRequested { state.stop(.interrupted) }
            if let deadline = context.deadline, Date() >= deadline { state.stop(.timeLimit) }
            if state.isStopped {
                // Not processed: it stays open, for the bound and a checkpoint.
                state.putBack(node)
                current = state.next()
                continue
            }
            context.exchange?.trade(context)
            if !processor.isUsable {
                // An internal GLPK fault freed this thread's problems: build them again.
                processor = try makeProcessor()
            }
            current = Self.step(node, processor: processor, context: context)?.continuingDive ?? state.next()
            log.maybeLog(state)
            context.checkpointer?.maybeWrite(state)
        }
    }

    /// Processes one node and records what it found (children queued); returns the child to dive
    /// into, which stays in flight, or nil.
    static func step(_ node: SearchNode, processor: any NodeProcessor, context: SearchContext) -> SearchNode? {
        let state = context.state
        let result = processor.process(node, in: context)
        // A node stopped by the user's interruption (a follower MILP that polled it) says so.
        if case .stopped = result, context.stopRequested { state.stop(.interrupted) }
        var children: [SearchNode] = []
        var dive: SearchNode?
        if case let .branch(value, changes, bounds, preferred, basis, common) = result {
            let parent = common.reduce(node.fixings) { FixingChain($1, parent: $0) }
            for (k, change) in changes.enumerated() {
                // Every child gets the parent's basis, the dive's too: a dive the plunge rule stops is
                // queued, and warm from another node's basis its LP took far more pivots (mixed 20 s3:
                // 20-27 per node LP on average before, 8-10 after; Benchmarks/results/2026-12-03/warm-starts).
                let child = SearchNode(fixings: FixingChain(change, parent: parent),
                                       bound: max(value, node.bound, bounds[k]),
                                       basis: basis, id: state.makeID(), weight: node.weight / 2)
                if k == preferred { dive = child } else { children.append(child) }
            }
        }
        return state.complete(node, result: result, children: children, dive: dive)
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
