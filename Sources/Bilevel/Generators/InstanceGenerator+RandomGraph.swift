extension InstanceGenerator {
    /// Maximum-flow network interdiction with a general budget on a random directed graph (not
    /// layered): the family of Wood 1993 ("Deterministic network interdiction", Math. Comput. Model.
    /// 17(2), doi:10.1016/0895-7177(93)90236-R, with resource costs `r_a` and a budget `R`), on the
    /// random graphs that users bring rather than the layered ones of
    /// ``networkInterdiction(arcs:budget:seed:)``.
    ///
    /// The leader removes arcs (binary `x_a`) under the budget row `Σ c_a·x_a ≤ B` (a general knapsack
    /// row, not a cardinality); the follower then sends a maximum flow from the source to the sink;
    /// the leader minimizes that flow. The follower's variables are the arc flows `0 ≤ f_a ≤ u_a` and
    /// the flow value `v ≥ 0`; its rows are conservation at every node (the return arc sink → source
    /// carries `v`) and `f_a + u_a·x_a ≤ u_a` (a removed arc carries nothing).
    ///
    /// The graph: node 0 is the source and node `nodes − 1` the sink. A backbone path source → π₁ →
    /// … → π_{n−2} → sink through the inner nodes in a random order π guarantees a source–sink path;
    /// one backward arc π_j → π_i (i < j) closes a cycle π_i → … → π_j → π_i; the other arcs are drawn
    /// uniformly among the pairs (u, v) with u ≠ v, u not the sink, v not the source and (u, v) not the
    /// direct arc source → sink, without duplicates (about half of them point backwards along π and
    /// close more cycles). Capacities are integers in 1…20 and interdiction costs integers in 1…5;
    /// the default budget is `max(5, ⌈Σ c_a / 20⌉)`, capped at the cost of the cheapest source–sink
    /// cut less one (``cheapestCutCost(nodes:arcs:cost:)``), so that no plan disconnects the sink and
    /// the optimum stays positive at every size (uncapped, from about 70 arcs on the budget bought a
    /// whole cut and the optimum was 0).
    ///
    /// Well-posed: `f = 0, v = 0` is feasible for every `x`, and `v` is at most the capacity leaving
    /// the source, so the follower is feasible and bounded at every leader choice; `x = 0` satisfies
    /// the budget.
    ///
    /// - Parameters:
    ///   - arcs: the number of arcs, at least `nodes` (the backbone and the backward arc) and at most
    ///     `(nodes − 2)·(nodes − 1)` (every allowed pair).
    ///   - nodes: the number of nodes, source and sink included, at least 4 (default
///     ``defaultGraphNodes(arcs:)``, about `arcs / 4`).
    ///   - budget: the budget `B` (default `min(max(5, ⌈Σ c_a / 20⌉), cheapest cut cost − 1)`).
    ///   - seed: the seed of ``SeededGenerator``: the same seed gives the same model on every machine.
    /// - Returns: The model, named `graphint_n<nodes>_a<arcs>_b<B>_s<seed>`.
    /// - Precondition: `nodes` and `arcs` within the bounds above (``randomGraphArcRange(nodes:)``).
    public static func graphInterdiction(arcs: Int, nodes: Int? = nil, budget: Int? = nil,
                                         seed: UInt64) -> BilevelModel {
        let n = nodes ?? defaultGraphNodes(arcs: arcs)
        precondition(n >= 4 && randomGraphArcRange(nodes: n).contains(arcs), "graphInterdiction: bad sizes")
        var rng = SeededGenerator(seed: seed)
        let arcList = randomDigraph(nodes: n, arcs: arcs, rng: &rng)
        let capacity = arcList.map { _ in Double(rng.int(1...20)) }
        let cost = arcList.map { _ in rng.int(1...5) }
        let b = budget ?? min(max(5, (cost.reduce(0, +) + 19) / 20),
                              cheapestCutCost(nodes: n, arcs: arcList, cost: cost) - 1)
        return maxFlowInterdiction(name: "graphint_n\(n)_a\(arcs)_b\(b)_s\(seed)", nodes: n, arcs: arcList,
                                   capacity: capacity, cost: cost.map(Double.init), budget: Double(b))
    }

    /// The least total cost of arcs whose removal leaves no path from node 0 to node `nodes − 1`: a
    /// maximum flow with the costs as capacities (Edmonds–Karp; max-flow min-cut).
    ///
    /// - Parameters:
    ///   - nodes: the number of nodes (0 is the source, `nodes − 1` the sink).
    ///   - arcs: the arcs (from, to).
    ///   - cost: each arc's cost, non-negative.
    /// - Returns: The cheapest cut's cost.
    public static func cheapestCutCost(nodes n: Int, arcs: [(Int, Int)], cost: [Int]) -> Int {
        var residual = [[Int]](repeating: [Int](repeating: 0, count: n), count: n)
        for (a, (from, to)) in arcs.enumerated() { residual[from][to] += cost[a] }
        var total = 0
        while true {
            // Breadth-first search for a shortest augmenting path.
            var parent = [Int](repeating: -1, count: n)
            parent[0] = 0
            var queue = [0], head = 0
            while head < queue.count && parent[n - 1] < 0 {
                let u = queue[head]
                head += 1
                for v in 0..<n where parent[v] < 0 && residual[u][v] > 0 {
                    parent[v] = u
                    queue.append(v)
                }
            }
            guard parent[n - 1] >= 0 else { return total }
            var push = Int.max, v = n - 1
            while v != 0 { push = min(push, residual[parent[v]][v]); v = parent[v] }
            v = n - 1
            while v != 0 {
                residual[parent[v]][v] -= push
                residual[v][parent[v]] += push
                v = parent[v]
            }
            total += push
        }
    }

    /// The default node count of ``graphInterdiction(arcs:nodes:budget:seed:)`` for `arcs` arcs:
    /// `max(4, arcs / 4)` (an average out-degree of about 4), raised until the arcs fit
    /// (``randomGraphArcRange(nodes:)``).
    ///
    /// - Parameter arcs: The number of arcs.
    /// - Returns: The number of nodes, source and sink included.
    public static func defaultGraphNodes(arcs: Int) -> Int {
        var n = max(4, arcs / 4)
        while (n - 2) * (n - 1) < arcs { n += 1 }
        return n
    }

    /// The arc counts a random graph of ``graphInterdiction(arcs:nodes:budget:seed:)`` can have on
    /// `nodes` nodes: from `nodes` (the backbone path and one backward arc) to `(nodes − 2)·(nodes − 1)`
    /// (every pair but those into the source, out of the sink, and the direct arc source → sink).
    ///
    /// - Parameter nodes: The number of nodes, source and sink included (at least 4).
    /// - Returns: The allowed arc counts.
    public static func randomGraphArcRange(nodes: Int) -> ClosedRange<Int> {
        nodes...max(nodes, (nodes - 2) * (nodes - 1))
    }

    /// The arcs of the random graph described at ``graphInterdiction(arcs:nodes:budget:seed:)``:
    /// the backbone path first, then the backward arc, then the random arcs.
    static func randomDigraph(nodes n: Int, arcs m: Int, rng: inout SeededGenerator) -> [(Int, Int)] {
        let source = 0, sink = n - 1
        var order = Array(1..<(n - 1))
        // Fisher–Yates with our own draws (not `shuffle(using:)`, whose algorithm the library does not promise).
        for k in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(k, rng.int(0...k)) }
        var arcList: [(Int, Int)] = []
        var seen = Set<Int>()
        func add(_ u: Int, _ v: Int) {
            if u != v && v != source && u != sink && !(u == source && v == sink) && seen.insert(u * n + v).inserted {
                arcList.append((u, v))
            }
        }
        let path = [source] + order + [sink]
        for k in 0..<(path.count - 1) { add(path[k], path[k + 1]) }
        // Backward along the backbone: π_j → π_i with i < j closes the cycle π_i → … → π_j → π_i.
        let j = rng.int(1...(order.count - 1)), i = rng.int(0...(j - 1))
        add(order[j], order[i])
        var attempts = 0
        while arcList.count < m && attempts < 50 * m {
            attempts += 1
            add(rng.int(0...(n - 2)), rng.int(1...(n - 1)))
        }
        // Nearly complete graphs: the pairs left, in order.
        for u in 0..<(n - 1) where arcList.count < m {
            for v in 1..<n where arcList.count < m { add(u, v) }
        }
        return arcList
    }
}
