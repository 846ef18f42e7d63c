import GLPK
import Testing
@testable import Bilevel

/// `NodeQueue` (Search/SearchNode.swift): best bound first, then deeper, then older; pruning; the
/// memory it accounts for.
@Suite struct NodeQueueTests {
    /// A chain of `depth` fixings (the changes themselves do not matter to the queue).
    static func chain(depth: Int) -> FixingChain? {
        var link: FixingChain?
        for k in 0..<depth { link = FixingChain(BoundChange(.column(k), .upper, 0), parent: link) }
        return link
    }

    static func node(_ id: Int, bound: Double, depth: Int = 0, basis: Basis? = nil) -> SearchNode {
        SearchNode(fixings: chain(depth: depth), bound: bound, basis: basis, id: id)
    }

    static func drain(_ queue: inout NodeQueue) -> [Int] {
        var ids: [Int] = []
        while let n = queue.pop() { ids.append(n.id) }
        return ids
    }

    /// Bounds 3, 1, 2, 1, 1, 2 with depths 0, 1, 5, 3, 3, 5 (ids in push order). By hand: bound 1
    /// first — id 3 and id 4 at depth 3 before id 1 at depth 1, the older (3) first — then bound 2 at
    /// equal depth 5, older first (2, 5), then 0.
    @Test func popsByBoundThenDepthThenAge() {
        var queue = NodeQueue()
        for (id, (bound, depth)) in [(3.0, 0), (1, 1), (2, 5), (1, 3), (1, 3), (2, 5)].enumerated() {
            queue.push(Self.node(id, bound: bound, depth: depth))
        }
        #expect(queue.count == 6)
        #expect(queue.bestBound == 1)
        let order = Self.drain(&queue)
        #expect(order == [3, 4, 1, 2, 5, 0])
        let extra = queue.pop()
        #expect(queue.isEmpty && extra == nil && queue.bestBound == nil)
    }

    /// The order on 300 seeded nodes (bounds from a small set, so ties are frequent) is the order of
    /// a plain sort by (bound, −depth, id): a second computation of the same rule.
    @Test func agreesWithASortOnManyTies() {
        var rng = SeededGenerator(seed: 11)
        var queue = NodeQueue()
        var keys: [(bound: Double, depth: Int, id: Int)] = []
        for id in 0..<300 {
            let bound = Double(rng.int(0...6)) / 2, depth = rng.int(0...4)
            keys.append((bound, depth, id))
            queue.push(Self.node(id, bound: bound, depth: depth))
            if id % 7 == 6, let n = queue.pop() {
                // Interleaved pops take the current best of what was pushed so far.
                let best = keys.min { ($0.bound, -$0.depth, $0.id) < ($1.bound, -$1.depth, $1.id) }!
                #expect(n.id == best.id)
                keys.removeAll { $0.id == n.id }
            }
        }
        let sorted = keys.sorted { ($0.bound, -$0.depth, $0.id) < ($1.bound, -$1.depth, $1.id) }.map(\.id)
        let order = Self.drain(&queue)
        #expect(order == sorted)
    }

    /// Bounds 5, 1, 7, 4, 6 and cutoff 5: the nodes at 5, 7, 6 go (bound ≥ cutoff), the smallest
    /// removed bound is 5; the kept ones pop in order. A cutoff above everything removes nothing.
    @Test func pruneRemovesAtOrAboveTheCutoff() {
        var queue = NodeQueue()
        for (id, bound) in [5.0, 1, 7, 4, 6].enumerated() { queue.push(Self.node(id, bound: bound)) }
        let none = queue.prune(cutoff: 8)
        #expect(none == nil && queue.count == 5)
        let smallest = queue.prune(cutoff: 5)
        #expect(smallest == 5 && queue.count == 2)
        let order = Self.drain(&queue)
        #expect(order == [1, 3])
        let fromEmpty = queue.prune(cutoff: -.infinity)
        #expect(fromEmpty == nil)
    }

    /// Memory: 96 per node plus one per basis status. A basis of a 3-row, 2-column LP costs 5, so
    /// the nodes cost 96, 101 and 101 (by hand); pops and prunes give it back, down to 0.
    @Test func memoryReturnsToZero() throws {
        let lp = LinearProblem()
        try lp.addColumns(2)
        try lp.addRows(3)
        let basis = lp.basis
        #expect(basis.rows.count == 3 && basis.columns.count == 2)
        var queue = NodeQueue()
        #expect(queue.memory == 0)
        queue.push(Self.node(0, bound: 1))
        queue.push(Self.node(1, bound: 2, depth: 2, basis: basis))
        queue.push(Self.node(2, bound: 3, basis: basis))
        #expect(queue.memory == 96 + 101 + 101)
        _ = queue.pop()
        #expect(queue.memory == 101 + 101)
        let removed = queue.prune(cutoff: 3)
        #expect(removed == 3 && queue.memory == 101)
        _ = queue.pop()
        #expect(queue.memory == 0 && queue.isEmpty)
    }

    @Test func fixingChainsShareTheirParent() {
        let root = FixingChain(BoundChange(.column(0), .upper, 0), parent: nil)
        let left = FixingChain(BoundChange(.row(2), .lower, 1), parent: root)
        let right = FixingChain(BoundChange(.column(3), .lower, 4), parent: root)
        #expect(root.depth == 1 && left.depth == 2 && right.depth == 2)
        #expect(left.changes == [BoundChange(.column(0), .upper, 0), BoundChange(.row(2), .lower, 1)])
        #expect(right.changes.first == root.change && left.parent === right.parent)
        #expect(SearchNode(fixings: nil, bound: 0, basis: nil, id: 0).depth == 0)
    }
}
