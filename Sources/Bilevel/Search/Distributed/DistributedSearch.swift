import Foundation

/// One tree search spread over the processes of a `SearchTransport`, in the manner of ALPS and UG:
/// rank 0 coordinates, the other ranks work.
///
/// - **Ramp-up**: rank 0 solves the root and the first nodes itself until its pool holds one node
///   per worker (or the search ends), then only coordinates.
/// - **Workers** run the method's node processing (`settings.threads` threads each, one when nil:
///   `SliceCrew`) on the nodes they are given, in slices of at most 0.1 s; after each slice, and at
///   once after a new incumbent, a worker reports:
///   nodes solved, its open nodes' count and best bound, the bound its closed nodes keep, LP trouble,
///   a new incumbent, an unboundedness proof, a limit it met, and nodes it gives back. It then waits
///   for the reply: the incumbent if better, nodes to work on, a request to give nodes back, or the end.
/// - **Load balancing**: an idle worker's report is answered with nodes from the pool; when the
///   pool cannot serve every idle worker, busy workers are asked for half their open nodes (at most 16).
/// - **Termination**: every message is a report answered by one reply, so rank 0 always knows which
///   nodes each worker holds: the search ends when the pool is empty and every worker waits with no
///   open node; no node can be in flight then. On a limit (time, nodes, memory, interruption) or an
///   unboundedness proof, every worker is asked for all its nodes; rank 0 writes the checkpoint with
///   them and sends every rank the outcome. Periodic checkpoints gather the nodes the same way.
/// - **Nodes** travel as `NodeForest` JSON; the local cuts they name travel with them (`CheckpointPlan.exportCut`).
/// - **Method state** a method merges across processes (a pessimistic reading's limit log:
///   `CheckpointPlan.mergeMethodState`) travels with every report, and the merged state with the outcome.
///
/// Every rank returns the same outcome, so the method goes on identically everywhere.
struct DistributedSearch {
    let settings: BranchAndBound.Settings
    let makeProcessor: @Sendable () throws -> any NodeProcessor
    let transport: any SearchTransport

    /// Seconds a worker works before it reports.
    static let slice = 0.1
    /// Most nodes a busy worker is asked to give back at once, and a waiting worker is given at once.
    static let batch = 16

    func run() throws -> Outcome {
        let channel = Channel(transport)
        return transport.rank == 0 ? try coordinate(channel) : try work(channel)
    }

    // MARK: Messages

    /// Nodes on the wire, with the local cuts they name (a link's cut id is a position in `cuts`).
    struct Packet: Codable {
        var tree: NodeForest
        var cuts: [SearchCheckpoint.SavedCut]
    }

    /// A process's activity so far.
    struct RankStatistics: Codable {
        var nodes = 0
        var busy = 0.0
        var idle = 0.0
        var transport = 0.0
        /// The part of `transport` spent probing while waiting for a message (the coordinator's
        /// polling, a worker waiting for its reply).
        var probing = 0.0
        var messages = 0
        var bytes = 0
        /// Local cuts shipped with nodes.
        var cuts = 0
    }

    /// An unboundedness proof on the wire.
    struct SavedProof: Codable {
        var message: String
        var witness: SearchCheckpoint.SavedCandidate?
        var illPosed: Bool
    }

    /// Worker to coordinator, after each slice.
    struct Report: Codable {
        var nodes = 0
        var open = 0
        var bound = Double.infinity
        var closedBound = Double.infinity
        var unresolved: [String] = []
        var incumbent: SearchCheckpoint.SavedCandidate?
        var unbounded: SavedProof?
        /// A limit this worker met (a `SolveStatus` raw value).
        var stop: String?
        var returned: Packet?
        var statistics = RankStatistics()
        /// The method's state the coordinator merges (`CheckpointPlan.mergeMethodState`).
        var methodState: SearchCheckpoint.MethodState?
    }

    /// The outcome every rank returns.
    struct Final: Codable {
        var status: String
        var incumbent: SearchCheckpoint.SavedCandidate?
        var bound: Double
        var nodes: Int
        var message: String?
        /// The merged method state, so that every rank settles on the same one.
        var methodState: SearchCheckpoint.MethodState?
    }

    /// Coordinator to worker, one per report.
    struct Reply: Codable {
        var incumbent: SearchCheckpoint.SavedCandidate?
        var work: Packet?
        /// Most nodes to solve before the next report (nil: no node limit).
        var nodeBudget: Int?
        var donate = 0
        var returnAll = false
        var final: Final?
    }

    /// The transport with JSON, counters and the time spent in it.
    final class Channel {
        let transport: any SearchTransport
        private let encoder = SearchCheckpoint.encoder()
        private let decoder = SearchCheckpoint.decoder()
        var statistics = RankStatistics()

        init(_ transport: any SearchTransport) { self.transport = transport }

        static var now: Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }

        func send<T: Encodable>(_ value: T, to rank: Int) throws {
            let data = try encoder.encode(value)
            let t = Self.now
            transport.send([UInt8](data), to: rank)
            statistics.transport += Self.now - t
            statistics.messages += 1
            statistics.bytes += data.count
        }

        func poll<T: Decodable>(_ type: T.Type) throws -> (source: Int, message: T)? {
            let t = Self.now
            let received = transport.poll()
            statistics.transport += Self.now - t
            guard let received else { return nil }
            return (received.source, try decoder.decode(T.self, from: Data(received.bytes)))
        }

        /// Waits for a message (polling, sleeping between polls: the other processes may share cores).
        func receive<T: Decodable>(_ type: T.Type) throws -> (source: Int, message: T) {
            let start = Self.now, before = statistics.transport
            var pause: UInt32 = 20
            while true {
                if let m = try poll(type) {
                    statistics.idle += Self.now - start
                    statistics.probing += statistics.transport - before
                    return m
                }
                usleep(pause)
                pause = min(1000, pause * 2)
            }
        }
    }

    // MARK: Packing nodes

    private func pack(_ nodes: [SearchNode], _ channel: Channel) -> Packet {
        var tree = NodeForest(nodes)
        var cuts: [SearchCheckpoint.SavedCut] = []
        var position: [Int: Int] = [:]
        for k in tree.links.indices {
            guard case let .cut(id) = tree.links[k].change.target else { continue }
            if let export = settings.checkpoint?.exportCut {
                if position[id] == nil {
                    cuts.append(export(id))
                    position[id] = cuts.count - 1
                }
                tree.links[k].change.target = .cut(position[id]!)
            } else {
                tree.links[k].change = Self.noChange
            }
        }
        channel.statistics.cuts += cuts.count
        return Packet(tree: tree, cuts: cuts)
    }

    private func unpack(_ packet: Packet, state: SearchState) throws -> [SearchNode] {
        var tree = packet.tree
        let ids = packet.cuts.map { settings.checkpoint?.importCut?($0) }
        for k in tree.links.indices {
            guard case let .cut(p) = tree.links[k].change.target else { continue }
            if p < ids.count, let id = ids[p] ?? nil {
                tree.links[k].change.target = .cut(id)
            } else {
                // The cut could not be added here: the node goes without it (a relaxation).
                tree.links[k].change = Self.noChange
            }
        }
        return try tree.searchNodes(firstID: 0).map { node in
            var n = node
            n.id = state.makeID()
            return n
        }
    }

    /// A bound change that changes nothing (a lower bound of −∞ on the first column).
    private static let noChange = BoundChange(.column(0), .lower, -.infinity)

    // MARK: Worker

    private func work(_ channel: Channel) throws -> Outcome {
        let deadline = settings.timeLimit.map { Date().addingTimeInterval($0) }
        let state = SearchState(root: nil, gap: settings.gap, nodeLimit: nil, memoryLimit: settings.memoryLimit)
        let context = SearchContext(state: state, deadline: deadline, shouldStop: settings.shouldStop, log: nil,
                                    checkpointer: nil)
        var processor = try makeProcessor()
        let crew = SliceCrew(helpers: max(1, settings.threads ?? 1) - 1, context: context,
                             makeProcessor: makeProcessor)
        defer { crew.close() }
        var known = Double.infinity          // the incumbent value the coordinator knows we know
        var reportedNodes = 0, reportedTrouble = 0
        var report = Report()
        while true {
            report.statistics = channel.statistics
            try channel.send(report, to: 0)
            let reply = try channel.receive(Reply.self).message
            if let final = reply.final {
                if let merged = final.methodState { settings.checkpoint?.mergeMethodState?(merged) }
                return try outcome(final)
            }
            if let incumbent = reply.incumbent {
                _ = state.offer(incumbent.candidate)
                known = min(known, incumbent.value)
            }
            if let packet = reply.work { state.push(try unpack(packet, state: state)) }
            var returned: [SearchNode] = []
            if reply.returnAll {
                returned = state.take(Int.max)
            } else {
                if reply.donate > 0 { returned = state.take(min(reply.donate, state.queued / 2)) }
                let start = Channel.now
                if reply.nodeBudget == 0 {
                    usleep(1000)    // the node limit is spent elsewhere for now: report without spinning
                } else {
                    try crew.run(SliceCrew.Slice(end: start + Self.slice, known: known, budget: reply.nodeBudget),
                                 processor: &processor)
                }
                channel.statistics.busy += Channel.now - start
            }
            report = Report()
            report.nodes = state.nodes - reportedNodes
            reportedNodes = state.nodes
            channel.statistics.nodes = state.nodes
            report.open = state.queued
            report.bound = state.openBound
            report.closedBound = state.closedBound
            let trouble = state.unresolved
            report.unresolved = Array(trouble.dropFirst(reportedTrouble))
            reportedTrouble = trouble.count
            if let incumbent = state.incumbent, incumbent.value < known {
                report.incumbent = SearchCheckpoint.SavedCandidate(incumbent)
                known = incumbent.value
            }
            if let proof = state.unbounded {
                report.unbounded = SavedProof(message: proof.message,
                                              witness: proof.witness.map(SearchCheckpoint.SavedCandidate.init),
                                              illPosed: proof.illPosed)
            }
            report.stop = state.stopReason?.status.rawValue
            if let plan = settings.checkpoint, plan.mergeMethodState != nil {
                report.methodState = plan.saveMethodState()
            }
            if !returned.isEmpty { report.returned = pack(returned, channel) }
        }
    }

    private func outcome(_ final: Final) throws -> Outcome {
        guard let status = SolveStatus(rawValue: final.status) else {
            throw BilevelError.unsupported("distributed search: unknown status '\(final.status)' from rank 0")
        }
        return Outcome(status: status, incumbent: final.incumbent?.candidate, bound: final.bound, nodes: final.nodes,
                       message: final.message)
    }

    // MARK: Coordinator

    private func coordinate(_ channel: Channel) throws -> Outcome {
        let log = SearchLog(sink: settings.log, progress: settings.progress, leaderSign: settings.leaderSign)
        let deadline = settings.timeLimit.map { Date().addingTimeInterval($0) }
        let state = BranchAndBound.initialState(settings)
        let checkpointer = Checkpointer(settings.checkpoint, log: log)
        let context = SearchContext(state: state, deadline: deadline, shouldStop: settings.shouldStop, log: log,
                                    checkpointer: nil)
        let workers = 1..<transport.size
        func limitsReached() {
            if context.stopRequested { state.stop(.interrupted) }
            if let deadline, Date() >= deadline { state.stop(.timeLimit) }
            if let limit = settings.nodeLimit, state.nodesThisRun >= limit, state.queued > 0 || state.remoteWork {
                state.stop(.nodeLimit)
            }
        }

        // Ramp-up: rank 0 alone until the pool holds a node per worker.
        let start = Channel.now
        var processor = try makeProcessor()
        while state.queued < workers.count, state.unbounded == nil, let node = state.takeNext() {
            limitsReached()
            if state.isStopped {
                state.putBack(node)
                break
            }
            if !processor.isUsable { processor = try makeProcessor() }
            if let dive = BranchAndBound.step(node, processor: processor, context: context) { state.putBack(dive) }
            log.maybeLog(state)
        }
        channel.statistics.busy = Channel.now - start
        let rampUp = channel.statistics.busy
        settings.log?(String(format: "ramp-up: %ld nodes on rank 0 in %.3fs, %ld open nodes for %ld workers",
                             state.nodes, rampUp, state.queued, workers.count))

        var waiting = Set<Int>()            // workers whose last report is unanswered, with no open node
        var told = [Int: Double]()          // the incumbent value each worker knows
        var budgets = [Int: Int]()          // nodes each working worker may still solve (node limit)
        var statistics = [Int: RankStatistics]()
        var gathering = false               // nodes called home for a periodic checkpoint
        var nodesAtGathering = state.nodes
        var lastActivityLine = Channel.now
        var pause: UInt32 = 20
        func reply(_ r: Reply, to worker: Int) throws {
            var r = r
            if let limit = settings.nodeLimit {
                // Budgets never add up to more than the limit: the node limit holds exactly.
                let promised = budgets.reduce(0) { $0 + ($1.key == worker ? 0 : $1.value) }
                let left = max(0, limit - state.nodesThisRun - promised)
                r.nodeBudget = left == 0 ? 0 : max(1, left / workers.count)
                budgets[worker] = r.nodeBudget
            }
            if let incumbent = state.incumbent, incumbent.value < told[worker, default: .infinity] {
                r.incumbent = SearchCheckpoint.SavedCandidate(incumbent)
                told[worker] = incumbent.value
            }
            try channel.send(r, to: worker)
        }
        var handling = 0.0, reports = 0       // rank 0's time from a report's arrival to its reply
        var handleStart: Double?
        while true {
            if let t = handleStart {
                handling += Channel.now - t
                handleStart = nil
            }
            limitsReached()
            let stopping = state.isStopped
            // Nodes are called home only after some were solved since the last gathering (so a short
            // interval cannot keep the workers from working).
            if !stopping && !gathering && state.nodes > nodesAtGathering, let checkpointer, checkpointer.due {
                gathering = true
                nodesAtGathering = state.nodes
            }
            // Serve waiting workers from the pool.
            if !stopping && !gathering {
                for worker in waiting.sorted() {
                    let share = min(Self.batch, max(1, state.queued / max(1, waiting.count)))
                    let nodes = state.take(share)
                    guard !nodes.isEmpty else { break }
                    waiting.remove(worker)
                    state.setRemote(worker, bound: nodes.map(\.bound).min()!, open: nodes.count)
                    try reply(Reply(work: pack(nodes, channel)), to: worker)
                }
            }
            if waiting.count == workers.count {
                if stopping || state.queued == 0 { break }
                if gathering {
                    checkpointer?.write(state)
                    gathering = false
                    continue
                }
            }
            let probe = Channel.now
            guard let (worker, report) = try channel.poll(Report.self) else {
                channel.statistics.probing += Channel.now - probe
                usleep(pause)
                pause = min(1000, pause * 2)
                log.maybeLog(state)
                if Channel.now - lastActivityLine >= 5 {
                    lastActivityLine = Channel.now
                    settings.log?(activity(statistics, elapsed: Channel.now - start))
                }
                continue
            }
            pause = 20
            handleStart = probe
            reports += 1
            statistics[worker] = report.statistics
            budgets[worker] = 0
            state.absorb(nodes: report.nodes, closedBound: report.closedBound, unresolved: report.unresolved)
            if let incumbent = report.incumbent {
                told[worker] = min(told[worker, default: .infinity], incumbent.value)
                if state.offerReporting(incumbent.candidate).improved { log.incumbentImproved(state) }
            }
            if let merged = report.methodState { settings.checkpoint?.mergeMethodState?(merged) }
            if let proof = report.unbounded {
                state.recordUnbounded(UnboundedProof(message: proof.message, witness: proof.witness?.candidate,
                                                     illPosed: proof.illPosed))
            }
            if let stop = report.stop.flatMap(SolveStatus.init(rawValue:)) {
                let reasons: [StopReason] = [.timeLimit, .nodeLimit, .memoryLimit, .interrupted]
                state.stop(reasons.first { $0.status == stop } ?? .interrupted)
            }
            if let packet = report.returned { state.push(try unpack(packet, state: state)) }
            state.setRemote(worker, bound: report.bound, open: report.open)
            limitsReached()
            if report.open == 0 {
                waiting.insert(worker)
                continue
            }
            var answer = Reply()
            if state.isStopped || gathering {
                answer.returnAll = true
            } else if !waiting.isEmpty && state.queued < waiting.count {
                answer.donate = min(Self.batch, max(1, report.open / 2))
            }
            try reply(answer, to: worker)
            log.maybeLog(state)
        }

        log.maybeLog(state, force: true)
        var outcome = BranchAndBound.outcome(of: state, gap: settings.gap)
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
        var final = Final(status: outcome.status.rawValue,
                          incumbent: outcome.incumbent.map(SearchCheckpoint.SavedCandidate.init),
                          bound: outcome.bound, nodes: outcome.nodes, message: outcome.message)
        if let plan = settings.checkpoint, plan.mergeMethodState != nil { final.methodState = plan.saveMethodState() }
        for worker in workers { try channel.send(Reply(final: final), to: worker) }
        statistics[0] = channel.statistics
        statistics[0]!.nodes = state.nodes - statistics.filter { $0.key != 0 }.values.reduce(0) { $0 + $1.nodes }
        settings.log?(activity(statistics, elapsed: Channel.now - start))
        settings.log?(summary(statistics, nodes: state.nodesThisRun, elapsed: Channel.now - start, rampUp: rampUp))
        settings.log?(String(format: "coordinator: %ld reports handled, %.0f µs each (receive, decode, reply)",
                             reports, 1e6 * handling / Double(max(1, reports))))
        return outcome
    }

    /// The node log's per-rank line: nodes solved and idle share of each worker.
    private func activity(_ statistics: [Int: RankStatistics], elapsed: Double) -> String {
        let ranks = statistics.keys.sorted().map { r -> String in
            let s = statistics[r]!
            let idle = r == 0 ? "" : String(format: " %.0f%% idle", 100 * s.idle / max(1e-9, s.busy + s.idle))
            return "\(r): \(s.nodes) nodes" + idle
        }
        return "ranks: " + (ranks.isEmpty ? "no report yet" : ranks.joined(separator: ", "))
            + String(format: " (%.1fs)", elapsed)
    }

    /// The run's totals: node rate per worker, idle and transport shares, messages and bytes per node.
    private func summary(_ statistics: [Int: RankStatistics], nodes: Int, elapsed: Double, rampUp: Double) -> String {
        let workers = statistics.filter { $0.key != 0 }.values
        let messages = statistics.values.reduce(0) { $0 + $1.messages }
        let bytes = statistics.values.reduce(0) { $0 + $1.bytes }
        let idle = workers.reduce(0) { $0 + $1.idle }, busy = workers.reduce(0) { $0 + $1.busy }
        let inTransport = statistics.values.reduce(0) { $0 + $1.transport }
        let probing = statistics.values.reduce(0) { $0 + $1.probing }
        let cuts = statistics.values.reduce(0) { $0 + $1.cuts }
        let perNode = Double(max(1, nodes))
        return String(format: "distributed: %ld ranks, %ld nodes in %.2fs, %.1f nodes/s per worker, idle %.1f%%, "
                      + "%.2f messages and %.0f bytes per node, ramp-up %.3fs, %.2f%% of the time in the transport "
                      + "(%.2f%% without probing while waiting), "
                      + "%ld local cuts shipped",
                      transport.size, nodes, elapsed,
                      Double(nodes) / max(1e-9, elapsed) / Double(max(1, workers.count)),
                      100 * idle / max(1e-9, idle + busy), Double(messages) / perNode, Double(bytes) / perNode, rampUp,
                      100 * inTransport / max(1e-9, elapsed * Double(transport.size)),
                      100 * (inTransport - probing) / max(1e-9, elapsed * Double(transport.size)), cuts)
    }
}
