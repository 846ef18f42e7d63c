import GLPK

/// The bound changes that define a node, as a chain to the root: children share their parent's
/// chain, so a node costs one link, not a copy of every fixing above it.
final class FixingChain: Sendable {
    let change: BoundChange
    let parent: FixingChain?
    let depth: Int

    init(_ change: BoundChange, parent: FixingChain?) {
        self.change = change
        self.parent = parent
        depth = (parent?.depth ?? 0) + 1
    }

    /// The changes from the root down to this link, in the order they were made.
    var changes: [BoundChange] {
        var list: [BoundChange] = []
        list.reserveCapacity(depth)
        var link: FixingChain? = self
        while let l = link { list.append(l.change); link = l.parent }
        return list.reversed()
    }
}

/// An open node of the search: the fixings that define it, the bound inherited from its parent's LP,
/// and the parent's basis to warm-start from (none at the root, for a dive the worker continues
/// (`continuingDive`), and for nodes restored from a checkpoint or received from another process).
struct SearchNode: Sendable {
    var fixings: FixingChain?
    /// A lower bound on the leader's (minimized) objective in this node: the parent's LP value.
    var bound: Double
    var basis: Basis?
    /// Creation order, for deterministic tie-breaking.
    var id: Int
    /// The node's share of the search tree: 1 at the root, half its parent's below (0 for nodes
    /// restored from a checkpoint or received from another process: unknown). What is not open is
    /// closed, so the shares left open tell how much of the tree is searched (`SearchState.searched`).
    var weight: Double = 0
    var depth: Int { fixings?.depth ?? 0 }

    /// This node as the next of a dive its worker continues: without a basis, since the worker's LP
    /// holds its parent's already (a processor reads a missing basis as "continue from the LP as it
    /// is"). A dive put back in the queue keeps its basis instead.
    var continuingDive: SearchNode {
        var node = self
        node.basis = nil
        return node
    }

    /// Rough memory held by the node (its basis and its own link), for the node-pool limit.
    var memoryEstimate: Int { 96 + (basis.map { $0.rows.count + $0.columns.count } ?? 0) }
}

/// Open nodes ordered by bound (best first), then deeper first, then older first.
struct NodeQueue {
    private var heap: [SearchNode] = []
    private(set) var memory = 0
    /// The open nodes' shares of the tree (`SearchNode.weight`).
    private(set) var weight = 0.0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    var bestBound: Double? { heap.first?.bound }
    /// The open nodes, in heap order.
    var nodes: [SearchNode] { heap }

    private static func before(_ a: SearchNode, _ b: SearchNode) -> Bool {
        if a.bound != b.bound { return a.bound < b.bound }
        if a.depth != b.depth { return a.depth > b.depth }
        return a.id < b.id
    }

    mutating func push(_ node: SearchNode) {
        memory += node.memoryEstimate
        weight += node.weight
        heap.append(node)
        var i = heap.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard Self.before(heap[i], heap[p]) else { break }
            heap.swapAt(i, p)
            i = p
        }
    }

    mutating func pop() -> SearchNode? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let node = heap.removeLast()
        memory -= node.memoryEstimate
        weight = heap.isEmpty ? 0 : weight - node.weight
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count && Self.before(heap[l], heap[m]) { m = l }
            if r < heap.count && Self.before(heap[r], heap[m]) { m = r }
            if m == i { break }
            heap.swapAt(i, m)
            i = m
        }
        return node
    }

    /// Removes every node whose bound is at or above `cutoff`; returns the smallest removed bound.
    mutating func prune(cutoff: Double) -> Double? {
        let removed = heap.filter { $0.bound >= cutoff }
        guard !removed.isEmpty else { return nil }
        let kept = heap.filter { $0.bound < cutoff }
        heap = []
        memory = 0
        weight = 0
        for n in kept { push(n) }
        return removed.map(\.bound).min()
    }
}
