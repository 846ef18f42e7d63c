import Foundation
import GLPK

/// Why a search stopped before proving its answer.
enum StopReason: Sendable {
    case timeLimit, nodeLimit, memoryLimit, interrupted

    /// The status a search stopped for this reason reports.
    var status: SolveStatus {
        switch self {
        case .timeLimit: return .timeLimit
        case .nodeLimit: return .nodeLimit
        case .memoryLimit: return .memoryLimit
        case .interrupted: return .interrupted
        }
    }
}

/// State shared by the workers of a search, behind one lock: the open nodes, the incumbent, the
/// nodes being processed, counters, and the bounds of nodes that left the queue without children.
final class SearchState: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue = NodeQueue()
    private var inFlight: [Int: SearchNode] = [:]     // the nodes being processed, by id
    private var nextID = 1
    private(set) var incumbent: Candidate?
    private(set) var nodes = 0
    /// Nodes solved before this run (by the run it resumes): the node limit counts this run's only.
    private var nodesBefore = 0
    /// Smallest LP value of nodes pruned by bound, leaves and unresolved nodes: the bound they keep.
    private(set) var closedBound = Double.infinity
    private(set) var unresolved: [String] = []
    private(set) var unbounded: UnboundedProof?
    private(set) var stopReason: StopReason?
    private var finished = false
    private let gap: Double
    private let nodeLimit: Int?
    private let memoryLimit: Int
    /// How far above the best open bound a dive may continue, as a share of the gap.
    private let plungeQuotient = 0.25

    init(root: SearchNode?, gap: Double, nodeLimit: Int?, memoryLimit: Int) {
        self.gap = gap
        self.nodeLimit = nodeLimit
        self.memoryLimit = memoryLimit
        if let root { queue.push(root) }
        treeWeight = root?.weight ?? 0
    }

    /// The share of the tree this state started from (1 from the root), or 0 when unknown: a
    /// resumed search, or one that trades nodes with other processes.
    private var treeWeight = 0.0

    /// The fraction of the search tree closed so far (`SearchNode.weight`): an estimate of progress
    /// that reaches 1 when the search completes; nil when unknown (`treeWeight`).
    private var searchedLocked: Double? {
        guard treeWeight > 0 else { return nil }
        let open = queue.weight + inFlight.values.reduce(0) { $0 + $1.weight }
        return min(1, max(0, (treeWeight - open) / treeWeight))
    }

    /// The state of a resumed search: its open nodes, incumbent, counters and closed bound.
    init(resuming saved: SearchCheckpoint, nodes open: [SearchNode], gap: Double, nodeLimit: Int?,
         memoryLimit: Int) {
        self.gap = gap
        self.nodeLimit = nodeLimit
        self.memoryLimit = memoryLimit
        for node in open { queue.push(node) }
        nextID = (open.map(\.id).max() ?? 0) + 1
        incumbent = saved.incumbent?.candidate
        nodes = saved.nodesSolved
        nodesBefore = saved.nodesSolved
        closedBound = saved.closedBound
        unresolved = saved.unresolved
    }

    /// A consistent picture of the search for a checkpoint: the open nodes, those being processed
    /// counted as open (so nothing is lost), with the incumbent and counters. Taken under the lock;
    /// copies the queue, nothing more.
    func snapshot() -> (open: [SearchNode], incumbent: Candidate?, bound: Double, closedBound: Double,
                        unresolved: [String], nodes: Int) {
        condition.lock(); defer { condition.unlock() }
        let open = (queue.nodes + Array(inFlight.values)).sorted { $0.id < $1.id }
        return (open, incumbent, boundLocked, closedBound, unresolved, nodes)
    }

    /// Returns a node taken by `next` to the queue unprocessed (the search stopped meanwhile), so a
    /// checkpoint keeps it.
    func putBack(_ node: SearchNode) {
        condition.lock(); defer { condition.unlock() }
        inFlight[node.id] = nil
        queue.push(node)
        condition.broadcast()
    }

    /// Nodes whose LP value is at or above this cannot beat the incumbent by more than the gap.
    private var cutoffLocked: Double {
        guard let v = incumbent?.value else { return .infinity }
        return v - gap * relativeFloor(v)
    }

    var cutoff: Double { condition.lock(); defer { condition.unlock() }; return cutoffLocked }

    /// The best proven lower bound on the leader's (minimized) objective right now.
    var bound: Double {
        condition.lock(); defer { condition.unlock() }
        return boundLocked
    }

    private var boundLocked: Double {
        var b = min(closedBound, incumbent?.value ?? .infinity)
        if let q = queue.bestBound { b = min(b, q) }
        for n in inFlight.values { b = min(b, n.bound) }
        for r in remote.values { b = min(b, r.bound) }
        return b
    }

    /// A snapshot for the log.
    func progress() -> (nodes: Int, open: Int, incumbent: Double?, bound: Double, searched: Double?) {
        condition.lock(); defer { condition.unlock() }
        return (nodes, queue.count + inFlight.count + remote.values.reduce(0) { $0 + $1.open }, incumbent?.value,
                boundLocked, searchedLocked)
    }

    func makeID() -> Int {
        condition.lock(); defer { condition.unlock() }
        nextID += 1
        return nextID
    }

    /// Offers a verified point; returns the cutoff after it.
    func offer(_ candidate: Candidate) -> Double { offerReporting(candidate).cutoff }

    /// Offers a verified point; returns the cutoff after it and whether the point became the incumbent.
    func offerReporting(_ candidate: Candidate) -> (cutoff: Double, improved: Bool) {
        condition.lock(); defer { condition.unlock() }
        var improved = false
        if incumbent == nil || candidate.value < incumbent!.value {
            incumbent = candidate
            improved = true
            if let removed = queue.prune(cutoff: cutoffLocked) { closedBound = min(closedBound, removed) }
        }
        return (cutoffLocked, improved)
    }

    /// Stops the search (limits, interruption); the first reason given wins.
    func stop(_ reason: StopReason) {
        condition.lock()
        if stopReason == nil && !finished { stopReason = reason }
        condition.broadcast()
        condition.unlock()
    }

    var isStopped: Bool { condition.lock(); defer { condition.unlock() }; return stopReason != nil || finished }

    /// The incumbent, read under the lock (for other threads than the workers' own bookkeeping).
    var lockedIncumbent: Candidate? { condition.lock(); defer { condition.unlock() }; return incumbent }

    /// The next node to process (best bound first), or nil when the search is over. Blocks while the
    /// queue is empty but other workers may still add children.
    func next() -> SearchNode? {
        condition.lock(); defer { condition.unlock() }
        while true {
            if stopReason != nil || finished { return nil }
            if let node = queue.pop() {
                if node.bound >= cutoffLocked {
                    closedBound = min(closedBound, node.bound)
                    continue
                }
                inFlight[node.id] = node
                return node
            }
            if inFlight.isEmpty {
                finished = true
                condition.broadcast()
                return nil
            }
            condition.wait()
        }
    }

    /// Records a processed node. Children are queued, except `dive`, which is returned so the worker
    /// can process it next (it stays "in flight" for the bound), unless the plunge rule or a stop
    /// queues it too (with its parent's basis, like its siblings).
    func complete(_ node: SearchNode, result: NodeResult, children: [SearchNode], dive: SearchNode?) -> SearchNode? {
        condition.lock(); defer { condition.unlock() }
        inFlight[node.id] = nil
        if case .stopped = result {
            // A limit stopped the node's solve: it stays open (for the bound and a checkpoint).
            queue.push(node)
        } else {
            nodes += 1
        }
        switch result {
        case let .prunedByBound(v), let .leaf(v): closedBound = min(closedBound, v)
        case let .unresolved(v, why):
            closedBound = min(closedBound, v)
            if unresolved.count < 10 { unresolved.append(why) }
        case let .unbounded(proof):
            unbounded = proof
            closedBound = -.infinity
            finished = true
        case .stopped:
            if stopReason == nil { stopReason = .timeLimit }
        default: break
        }
        let cut = cutoffLocked
        for child in children {
            if child.bound >= cut { closedBound = min(closedBound, child.bound); continue }
            queue.push(child)
        }
        let workLeft = !(queue.isEmpty && inFlight.isEmpty && dive == nil)
        if let limit = nodeLimit, nodes - nodesBefore >= limit, stopReason == nil, !finished, workLeft {
            stopReason = .nodeLimit
        }
        if queue.memory > memoryLimit && stopReason == nil { stopReason = .memoryLimit }
        var kept: SearchNode?
        if let d = dive {
            // Plunge: dive while no incumbent is known (to find one), else while the child is within
            // a quarter of the gap above the best open bound (as SCIP's plunging does).
            let best = queue.bestBound ?? d.bound
            let worthDiving = incumbent == nil || d.bound <= best + plungeQuotient * max(0, incumbent!.value - best)
            if d.bound < cut && stopReason == nil && !finished && worthDiving {
                inFlight[d.id] = d
                kept = d
            } else if d.bound >= cut {
                closedBound = min(closedBound, d.bound)
            } else {
                queue.push(d)
            }
        }
        condition.broadcast()
        return kept
    }

    /// Whether every node was closed (the search ran to completion).
    var completed: Bool {
        condition.lock(); defer { condition.unlock() }
        return finished && stopReason == nil
    }

    // MARK: Distributed search (one thread per process; `DistributedSearch`)

    /// Open nodes other processes hold (the coordinator's view, from their last reports), by rank:
    /// their best bound and how many. They count in `bound` and in the log's open nodes.
    private var remote: [Int: (bound: Double, open: Int)] = [:]

    /// Records what process `rank` holds now.
    func setRemote(_ rank: Int, bound: Double, open: Int) {
        condition.lock(); defer { condition.unlock() }
        treeWeight = 0
        remote[rank] = (open > 0 ? bound : .infinity, open)
    }

    /// Whether some other process holds open nodes.
    var remoteWork: Bool {
        condition.lock(); defer { condition.unlock() }
        return remote.values.contains { $0.open > 0 }
    }

    /// The next node (best bound first, nodes at or above the cutoff closed on the way), or nil when
    /// the queue is empty; never blocks and never ends the search (other processes may send nodes).
    func takeNext() -> SearchNode? {
        condition.lock(); defer { condition.unlock() }
        while let node = queue.pop() {
            if node.bound >= cutoffLocked { closedBound = min(closedBound, node.bound); continue }
            inFlight[node.id] = node
            return node
        }
        return nil
    }

    /// Removes up to `count` of the best open nodes (nodes at or above the cutoff are closed on the
    /// way), to ship them to another process.
    func take(_ count: Int) -> [SearchNode] {
        condition.lock(); defer { condition.unlock() }
        treeWeight = 0
        var taken: [SearchNode] = []
        while taken.count < count, let node = queue.pop() {
            if node.bound >= cutoffLocked { closedBound = min(closedBound, node.bound); continue }
            taken.append(node)
        }
        return taken
    }

    /// Queues nodes received from another process (those at or above the cutoff are closed).
    func push(_ nodes: [SearchNode]) {
        condition.lock(); defer { condition.unlock() }
        treeWeight = 0
        let cut = cutoffLocked
        for node in nodes {
            if node.bound >= cut { closedBound = min(closedBound, node.bound) } else { queue.push(node) }
        }
    }

    /// Open nodes in the queue (not counting those being processed or held elsewhere).
    var queued: Int { condition.lock(); defer { condition.unlock() }; return queue.count }

    /// The best bound of the nodes queued or being processed here (infinity when there are none).
    var openBound: Double {
        condition.lock(); defer { condition.unlock() }
        return inFlight.values.reduce(queue.bestBound ?? .infinity) { min($0, $1.bound) }
    }

    /// Nodes solved by this run (not by the run it resumes).
    var nodesThisRun: Int { condition.lock(); defer { condition.unlock() }; return nodes - nodesBefore }

    /// Adds another process's work: nodes solved, the bound its closed nodes keep, its LP trouble.
    func absorb(nodes solved: Int, closedBound closed: Double, unresolved trouble: [String]) {
        condition.lock(); defer { condition.unlock() }
        nodes += solved
        closedBound = min(closedBound, closed)
        for why in trouble where unresolved.count < 10 { unresolved.append(why) }
    }

    /// Another process proved the objective unbounded: the search ends with its proof.
    func recordUnbounded(_ proof: UnboundedProof) {
        condition.lock(); defer { condition.unlock() }
        if unbounded == nil { unbounded = proof }
        closedBound = -.infinity
        finished = true
        condition.broadcast()
    }
}
