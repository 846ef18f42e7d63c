/// Seeded generators of bilevel instance families, for benchmarks and tests.
///
///     let model = InstanceGenerator.randomLinear(leader: 10, follower: 10, rows: 10, integerLeader: true,
///                                                seed: 1)
///     let net = InstanceGenerator.networkInterdiction(arcs: 100, seed: 1)
public enum InstanceGenerator {
    /// A random LP–LP instance in the style of the classic test sets (e.g. Moore & Bard 1990): the
    /// follower maximizes a positive profit over a packing polytope that moves with `x`, so it is
    /// feasible (y = 0) and bounded for every leader choice.
    ///
    /// - Parameters:
    ///   - leader: number of leader variables `x ∈ [0, 10]` (integer when `integerLeader`).
    ///   - follower: number of follower variables `y ≥ 0`.
    ///   - rows: number of follower rows `A x + B y ≤ b` (B ≥ 0 with every column covered).
    ///   - couplingRows: leader rows over `x` and `y`.
    ///   - integerLeader: whether the leader's variables are integer.
    ///   - density: share of nonzeros in A and B.
    ///   - seed: the seed of ``SeededGenerator``: the same seed gives the same model on every machine.
    /// - Returns: The model, named after its sizes and seed.
    public static func randomLinear(leader: Int, follower: Int, rows: Int, couplingRows: Int = 1,
                                    integerLeader: Bool = false, density: Double = 0.5, seed: UInt64) -> BilevelModel {
        var rng = SeededGenerator(seed: seed)
        var model = BilevelModel(name: "rand_\(integerLeader ? "int" : "cont")_\(leader)x\(follower)x\(rows)_s\(seed)")
        let xs = (0..<leader).map {
            model.addVariable(Variable(name: "x\($0)", lower: 0, upper: 10, isInteger: integerLeader, level: .leader))
        }
        let ys = (0..<follower).map { model.addVariable(Variable(name: "y\($0)", lower: 0, level: .follower)) }
        var covered = Set<Int>()
        for i in 0..<rows {
            var terms: [LinearTerm] = []
            var worstX = 0.0
            for x in xs where rng.double(0...1) < density {
                let a = Double(rng.int(-5...5))
                if a != 0 { terms.append(LinearTerm(variable: x, coefficient: a)); worstX += max(0, a) * 10 }
            }
            for (k, y) in ys.enumerated() where rng.double(0...1) < density || (i == rows - 1 && !covered.contains(k)) {
                terms.append(LinearTerm(variable: y, coefficient: Double(rng.int(1...10))))
                covered.insert(k)
            }
            // y = 0 stays feasible for every x in its box.
            let b = worstX + Double(rng.int(10...50))
            model.addConstraint(Constraint(name: "f\(i)", terms: terms, lower: -.infinity, upper: b, level: .follower))
        }
        for i in 0..<couplingRows {
            var terms: [LinearTerm] = []
            for x in xs where rng.double(0...1) < density {
                terms.append(LinearTerm(variable: x, coefficient: Double(rng.int(1...5))))
            }
            for y in ys where rng.double(0...1) < density {
                terms.append(LinearTerm(variable: y, coefficient: Double(rng.int(1...5))))
            }
            let total = terms.reduce(0.0) { $0 + $1.coefficient }
            model.addConstraint(Constraint(name: "l\(i)", terms: terms, lower: -.infinity, upper: 5 * total,
                                           level: .leader))
        }
        // Drawn in this order: the leader's costs, then the follower's profits.
        let leaderCosts = (xs + ys).map { LinearTerm(variable: $0, coefficient: Double(rng.int(-10...10))) }
        model.leaderObjective = Objective(sense: .minimize, terms: leaderCosts)
        let followerProfits = ys.map { LinearTerm(variable: $0, coefficient: Double(rng.int(1...10))) }
        model.followerObjective = Objective(sense: .maximize, terms: followerProfits)
        return model
    }

    /// Maximum-flow network interdiction (Wood 1993, "Deterministic network interdiction", Math.
    /// Comput. Model. 17(2), doi:10.1016/0895-7177(93)90236-R): the leader removes up to `budget`
    /// arcs (binary `x_a`); the follower then sends a maximum flow from the source to the sink; the
    /// leader minimizes that flow.
    ///
    /// The network is layered: a source, `layers` layers of nodes, a sink; each node sends arcs to
    /// random nodes of the next layer. Capacities are integers in 1...20. The follower's variables
    /// are the arc flows `0 ≤ f_a ≤ u_a` and the flow value `v`; its rows are conservation at every
    /// node and `f_a + u_a·x_a ≤ u_a` (a removed arc carries nothing).
    ///
    /// - Parameters:
    ///   - arcs: the network's size in arcs (random arcs are added until it has that many, where it can).
    ///   - budget: how many arcs the leader may remove (default `2 + arcs / 100`).
    ///   - seed: the seed: the same seed gives the same model on every machine.
    /// - Returns: The model.
    public static func networkInterdiction(arcs: Int, budget: Int? = nil, seed: UInt64) -> BilevelModel {
        var rng = SeededGenerator(seed: seed)
        let (nodes, _, arcList) = layeredNetwork(arcs: arcs, rng: &rng)
        let b = budget ?? (2 + arcs / 100)
        let capacity = arcList.map { _ in Double(rng.int(1...20)) }
        return maxFlowInterdiction(name: "interdiction_a\(arcList.count)_b\(b)_s\(seed)", nodes: nodes, arcs: arcList,
                                   capacity: capacity, cost: arcList.map { _ in 1 }, budget: Double(b))
    }

    /// The max-flow interdiction model of ``networkInterdiction(arcs:budget:seed:)`` and
    /// ``graphInterdiction(arcs:nodes:budget:seed:)`` on a given graph (node 0 the source, the last
    /// node the sink): binary `x_a` under `Σ cost_a·x_a ≤ budget` (leader); flows `0 ≤ f_a ≤ u_a`
    /// and the value `v ≥ 0` carried by the return arc sink → source, conservation at every node,
    /// `f_a + u_a·x_a ≤ u_a` (follower, maximizing `v`); the leader minimizes `v`.
    static func maxFlowInterdiction(name: String, nodes: Int, arcs arcList: [(Int, Int)], capacity: [Double],
                                    cost: [Double], budget: Double) -> BilevelModel {
        let source = 0, sink = nodes - 1
        var model = BilevelModel(name: name)
        let xs = arcList.indices.map {
            model.addVariable(Variable(name: "x\($0)", lower: 0, upper: 1, isInteger: true, level: .leader))
        }
        let fs = arcList.indices.map {
            model.addVariable(Variable(name: "f\($0)", lower: 0, upper: capacity[$0], level: .follower))
        }
        let value = model.addVariable(Variable(name: "v", lower: 0, upper: .infinity, level: .follower))
        let budgetTerms = zip(xs, cost).map { LinearTerm(variable: $0, coefficient: $1) }
        model.addConstraint(Constraint(name: "budget", terms: budgetTerms, lower: -.infinity, upper: budget,
                                       level: .leader))
        var incident = [[LinearTerm]](repeating: [], count: nodes)
        for (a, (from, to)) in arcList.enumerated() {
            incident[from].append(LinearTerm(variable: fs[a], coefficient: -1))
            incident[to].append(LinearTerm(variable: fs[a], coefficient: 1))
        }
        incident[source].append(LinearTerm(variable: value, coefficient: 1))
        incident[sink].append(LinearTerm(variable: value, coefficient: -1))
        for node in 0..<nodes {
            model.addConstraint(Constraint(name: "node\(node)", terms: incident[node], lower: 0, upper: 0,
                                           level: .follower))
        }
        for a in arcList.indices {
            let terms = [LinearTerm(variable: fs[a], coefficient: 1),
                         LinearTerm(variable: xs[a], coefficient: capacity[a])]
            model.addConstraint(Constraint(name: "cut\(a)", terms: terms, lower: -.infinity, upper: capacity[a],
                                           level: .follower))
        }
        model.leaderObjective = Objective(sense: .minimize, terms: [LinearTerm(variable: value, coefficient: 1)])
        model.followerObjective = Objective(sense: .maximize, terms: [LinearTerm(variable: value, coefficient: 1)])
        return model
    }

    /// Toll setting on a network (Labbé, Marcotte & Savard 1998, "A bilevel model of taxation and its
    /// application to optimal highway pricing", Manage. Sci. 44(12), doi:10.1287/mnsc.44.12.1608):
    /// the leader sets tolls `T_a ∈ [0, 100]` on about a third of the arcs; one traveller (the
    /// follower) sends one unit from source to sink at least cost `Σ (c_a + T_a) f_a`; the leader
    /// maximizes its revenue `Σ T_a f_a`. A toll-free direct arc (the outside option) keeps revenue
    /// bounded. Layered network like `networkInterdiction`, base costs in 1...10.
    ///
    /// - Parameters:
    ///   - arcs: the number of arcs, the toll-free direct arc included.
    ///   - seed: the seed: the same seed gives the same model on every machine.
    /// - Returns: The model.
    public static func tollSetting(arcs: Int, seed: UInt64) -> BilevelModel {
        var rng = SeededGenerator(seed: seed)
        // One arc is left for the outside option.
        let (nodes, layers, arcList) = layeredNetwork(arcs: arcs - 1, rng: &rng)
        let source = 0, sink = nodes - 1
        var model = BilevelModel(name: "toll_a\(arcList.count + 1)_s\(seed)")
        var costs = arcList.map { _ in Double(rng.int(1...10)) }
        let tolled = arcList.indices.filter { _ in rng.int(0...2) == 0 }
        let tolls = tolled.map { model.addVariable(Variable(name: "T\($0)", lower: 0, upper: 100, level: .leader)) }
        let flows = arcList.indices.map {
            model.addVariable(Variable(name: "f\($0)", lower: 0, upper: .infinity, level: .follower))
        }
        // The outside option: a toll-free direct arc dearer than any layered route's base cost.
        let direct = model.addVariable(Variable(name: "fdirect", lower: 0, upper: .infinity, level: .follower))
        costs.append(Double(10 * (layers + 1)))
        for n in 0..<nodes {
            var terms: [LinearTerm] = []
            for (a, (from, to)) in arcList.enumerated() {
                if from == n { terms.append(LinearTerm(variable: flows[a], coefficient: 1)) }
                if to == n { terms.append(LinearTerm(variable: flows[a], coefficient: -1)) }
            }
            if n == source { terms.append(LinearTerm(variable: direct, coefficient: 1)) }
            if n == sink { terms.append(LinearTerm(variable: direct, coefficient: -1)) }
            let supply: Double
            switch n {
            case source: supply = 1
            case sink: supply = -1
            default: supply = 0
            }
            model.addConstraint(Constraint(name: "node\(n)", terms: terms, lower: supply, upper: supply,
                                           level: .follower))
        }
        let products = zip(tolled, tolls).map { a, t in QuadraticTerm(t, flows[a], coefficient: 1) }
        model.leaderObjective = Objective(sense: .maximize, quadratic: products)
        let travelCosts = (flows + [direct]).enumerated().map { a, f in LinearTerm(variable: f, coefficient: costs[a]) }
        model.followerObjective = Objective(sense: .minimize, terms: travelCosts, quadratic: products)
        return model
    }

    /// A layered network: a source, layers of nodes, a sink; the source feeds every node of the first
    /// layer, the last layer feeds the sink, each node sends an arc to a random node of the next layer,
    /// and random arcs between consecutive layers are added until there are `arcs` (or no new one can
    /// be found). Returns the number of nodes (source 0, sink last), of layers, and the arcs.
    static func layeredNetwork(arcs: Int, rng: inout SeededGenerator) -> (nodes: Int, layers: Int, arcs: [(Int, Int)]) {
        let width = max(2, Int((Double(arcs) / 8).squareRoot().rounded()))
        let layers = max(2, arcs / (2 * width) - 1)
        let nodes = 2 + layers * width
        let source = 0, sink = nodes - 1
        func node(_ layer: Int, _ k: Int) -> Int { 1 + layer * width + k }
        var arcList: [(Int, Int)] = []
        var seen = Set<Int>()
        func add(_ a: Int, _ b: Int) { if seen.insert(a * nodes + b).inserted { arcList.append((a, b)) } }
        for k in 0..<width { add(source, node(0, k)); add(node(layers - 1, k), sink) }
        for l in 0..<(layers - 1) { for k in 0..<width { add(node(l, k), node(l + 1, rng.int(0...(width - 1)))) } }
        var attempts = 0
        while arcList.count < arcs && attempts < 100 * arcs {
            attempts += 1
            let l = rng.int(0...(layers - 2))
            add(node(l, rng.int(0...(width - 1))), node(l + 1, rng.int(0...(width - 1))))
        }
        return (nodes, layers, arcList)
    }
}
