import BilevelTestSupport
import Testing
@testable import Bilevel

/// `InstanceGenerator.graphInterdiction` (Generators/InstanceGenerator+RandomGraph.swift): the graph
/// its documentation promises (a source–sink path, a cycle, so not layered; no self loops, duplicates,
/// arcs into the source or out of the sink), the general budget row, reproducibility, and the
/// follower's answer against an independent max-flow; small instances solved by two engines against
/// enumeration of every interdiction plan.
@Suite struct GraphInterdictionTests {
    /// The graph read back from a model: arc a goes from the node whose row has −f_a to the one with +f_a.
    struct Graph {
        var nodes: Int
        var arcs: [(from: Int, to: Int)]
        var capacity: [Double]
        var cost: [Double]
        var budget: Double
    }

    static func graph(of m: BilevelModel) throws -> Graph {
        let nodeRows = m.constraints.filter { $0.name.hasPrefix("node") }
        let arcCount = m.variables.filter { $0.name.hasPrefix("f") }.count
        var from = [Int](repeating: -1, count: arcCount), to = from
        for (n, row) in nodeRows.enumerated() {
            for t in row.terms where m.variables[t.variable].name.hasPrefix("f") {
                let a = try #require(Int(m.variables[t.variable].name.dropFirst()))
                if t.coefficient == -1 { from[a] = n } else if t.coefficient == 1 { to[a] = n }
            }
        }
        let budget = try #require(m.constraints.first { $0.name == "budget" })
        let cost = try (0..<arcCount).map { a in
            let x = try #require(m.variableIndex(named: "x\(a)"))
            return try #require(budget.terms.first { $0.variable == x }).coefficient
        }
        let capacity = try (0..<arcCount).map { try #require(m.variableIndex(named: "f\($0)")) }
            .map { m.variables[$0].upper }
        return Graph(nodes: nodeRows.count, arcs: Array(zip(from, to)), capacity: capacity, cost: cost,
                     budget: budget.upper)
    }

    /// Edmonds–Karp on the graph with the arcs in `removed` deleted: an independent maximum flow.
    /// The least maximum flow over every interdiction plan within the budget (Edmonds–Karp on each):
    /// the optimum of a small instance, by enumeration (2^arcs plans).
    static func enumeratedOptimum(_ g: Graph) -> Double {
        let arcs = g.arcs.count
        var best = Double.infinity
        for plan in 0..<(1 << arcs) {
            let removed = Set((0..<arcs).filter { plan & (1 << $0) != 0 })
            guard removed.reduce(0.0, { $0 + g.cost[$1] }) <= g.budget else { continue }
            best = min(best, maxFlow(g, removed: removed))
        }
        return best
    }

    static func maxFlow(_ g: Graph, removed: Set<Int> = []) -> Double {
        var residual = [[Double]](repeating: [Double](repeating: 0, count: g.nodes), count: g.nodes)
        for (a, arc) in g.arcs.enumerated() where !removed.contains(a) { residual[arc.from][arc.to] += g.capacity[a] }
        let source = 0, sink = g.nodes - 1
        var total = 0.0
        while true {
            var parent = [Int](repeating: -1, count: g.nodes)
            parent[source] = source
            var queue = [source], head = 0
            while head < queue.count && parent[sink] < 0 {
                let u = queue[head]
                head += 1
                for v in 0..<g.nodes where parent[v] < 0 && residual[u][v] > 0 {
                    parent[v] = u
                    queue.append(v)
                }
            }
            if parent[sink] < 0 { return total }
            var push = Double.infinity, v = sink
            while v != source { push = min(push, residual[parent[v]][v]); v = parent[v] }
            v = sink
            while v != source {
                residual[parent[v]][v] -= push
                residual[v][parent[v]] += push
                v = parent[v]
            }
            total += push
        }
    }

    static func reaches(_ g: Graph, from start: Int, to goal: Int) -> Bool {
        var seen: Set<Int> = [], stack = [start]
        while let u = stack.popLast() {
            for arc in g.arcs where arc.from == u {
                if arc.to == goal { return true }
                if seen.insert(arc.to).inserted { stack.append(arc.to) }
            }
        }
        return false
    }

    /// The documented graph and rows, on many seeds and sizes: exactly `arcs` arcs on `nodes` nodes,
    /// no self loop, duplicate, arc into the source or out of the sink or direct source → sink arc;
    /// a source–sink path; a directed cycle (so no layering puts every arc forward); capacities in
    /// 1…20, costs in 1…5 with more than one value (a general budget, not a cardinality), the
    /// default budget `max(5, ⌈Σ c / 20⌉)` capped below the cheapest cut (costs as capacities in this
    /// file's own max-flow), so that the sink can never be cut off.
    @Test(arguments: [6, 12, 50, 120, 400])
    func graphIsRandomWithPathAndCycle(arcs: Int) throws {
        var costsSeen = Set<Double>()
        for seed in UInt64(1)...10 {
            let m = InstanceGenerator.graphInterdiction(arcs: arcs, seed: seed)
            try m.validate()
            let g = try Self.graph(of: m)
            let n = InstanceGenerator.defaultGraphNodes(arcs: arcs)
            #expect(g.nodes == n && g.arcs.count == arcs)
            #expect(m.name == "graphint_n\(n)_a\(arcs)_b\(Int(g.budget))_s\(seed)")
            #expect(g.arcs.allSatisfy { $0.from >= 0 && $0.to >= 0 && $0.from != $0.to })
            #expect(g.arcs.allSatisfy { $0.to != 0 && $0.from != n - 1 && !($0.from == 0 && $0.to == n - 1) })
            #expect(Set(g.arcs.map { $0.from * n + $0.to }).count == arcs, "no duplicates")
            #expect(Self.reaches(g, from: 0, to: n - 1))
            #expect((1..<(n - 1)).contains { Self.reaches(g, from: $0, to: $0) }, "a directed cycle")
            #expect(g.capacity.allSatisfy { $0 >= 1 && $0 <= 20 && $0 == $0.rounded() })
            #expect(g.cost.allSatisfy { $0 >= 1 && $0 <= 5 && $0 == $0.rounded() })
            costsSeen.formUnion(g.cost)
            var costs = g
            costs.capacity = g.cost
            let cheapestCut = Self.maxFlow(costs)
            #expect(g.budget == min(max(5, (g.cost.reduce(0, +) / 20).rounded(.up)), cheapestCut - 1))
            #expect(Self.maxFlow(g, removed: []) > 0)
            let xs = m.variableIndices(of: .leader)
            #expect(xs.count == arcs && xs.allSatisfy { m.variables[$0].isInteger && m.variables[$0].upper == 1 })
            #expect(m.leaderObjective.sense == .minimize && m.followerObjective.sense == .maximize)
        }
        #expect(costsSeen.count > 1)
        // Given nodes and budget are used as given.
        let m = InstanceGenerator.graphInterdiction(arcs: 40, nodes: 8, budget: 7, seed: 2)
        let g = try Self.graph(of: m)
        #expect(g.nodes == 8 && g.arcs.count == 40 && g.budget == 7)
        #expect(InstanceGenerator.randomGraphArcRange(nodes: 8) == 8...42)
        #expect(InstanceGenerator.graphInterdiction(arcs: 42, nodes: 8, seed: 1).variables.count == 2 * 42 + 1)
    }

    /// The same seed gives the same model; another seed another one.
    @Test func sameSeedSameModel() {
        for seed in UInt64(1)...5 {
            let a = InstanceGenerator.graphInterdiction(arcs: 60, seed: seed)
            #expect(a == InstanceGenerator.graphInterdiction(arcs: 60, seed: seed))
            #expect(a != InstanceGenerator.graphInterdiction(arcs: 60, seed: seed + 100))
        }
    }

    /// Well-posed at every leader choice: at random interdiction plans (budget ignored: the follower
    /// must answer anywhere in the box) the follower's LP is optimal and its value is the maximum flow
    /// of the graph without the removed arcs, by Edmonds–Karp.
    @Test func followerIsTheMaxFlowAtRandomPlans() throws {
        var rng = SeededGenerator(seed: 99)
        for seed in UInt64(1)...12 {
            let m = InstanceGenerator.graphInterdiction(arcs: [12, 30, 80][Int(seed) % 3], seed: seed)
            let g = try Self.graph(of: m)
            let follower = try FollowerProblem(CanonicalProblem(m))
            for _ in 0..<5 {
                let x = g.arcs.indices.map { _ in Double(rng.int(0...3) == 0 ? 1 : 0) }
                guard case let .optimal(value, _) = follower.respond(to: x) else {
                    Issue.record("seed \(seed): the follower has no optimum at \(x)")
                    continue
                }
                let removed = Set(x.indices.filter { x[$0] == 1 })
                #expect(close(-value, Self.maxFlow(g, removed: removed)), "seed \(seed)")
            }
        }
    }

    /// Small instances: the search and the big-M MILP give the optimum found by enumerating every
    /// interdiction plan within the budget (Edmonds–Karp on each).
    @Test(arguments: [(10, UInt64(1)), (12, 2), (14, 3), (16, 4)])
    func smallInstancesSolveToTheEnumeratedOptimum(arcs: Int, seed: UInt64) throws {
        let m = InstanceGenerator.graphInterdiction(arcs: arcs, seed: seed)
        let best = Self.enumeratedOptimum(try Self.graph(of: m))
        let branch = try m.solve(SolveOptions(method: .branch, threads: 1))
        #expect(branch.status == .optimal && close(branch.objective, best), "branch \(branch.objective ?? .nan)")
        let bigM = try m.solve(SolveOptions(method: .bigm))
        #expect([.optimal, .feasible].contains(bigM.status) && close(bigM.objective, best),
                "bigm \(bigM.status) \(bigM.objective ?? .nan) vs \(best)")
    }
}
