import BilevelTestSupport
import GLPK
import Testing
@testable import Bilevel

/// `KKTSystem.boundMultipliersAtVertices` (KKT/KKTSystem+VertexBounds.swift): which followers it
/// recognizes as totally unimodular, the bounds it sets, and that the follower's optimal vertex duals
/// (GLPK's simplex at random leader choices) stay within them. End to end against enumeration:
/// `ContinuousFollowerOracleTests.testOracleMatchesSolverOnUnimodularFollowers`.
@Suite struct VertexBoundsTests {
    /// A model with leader `x ∈ [0, 3]` and follower variables `y0…` in `[0, 5]`, minimizing
    /// `Σ cost·y` over the given rows (`terms` over y, a leader coefficient, sides).
    static func model(costs: [Double], rows: [(terms: [(Int, Double)], x: Double, lower: Double, upper: Double)])
        -> BilevelModel {
        var m = BilevelModel(name: "vertex-bounds")
        let x = m.addVariable(Variable(name: "x", lower: 0, upper: 3, isInteger: true, level: .leader))
        let ys = costs.indices.map { m.addVariable(Variable(name: "y\($0)", lower: 0, upper: 5, level: .follower)) }
        for (i, row) in rows.enumerated() {
            var terms = row.terms.map { LinearTerm(variable: ys[$0.0], coefficient: $0.1) }
            if row.x != 0 { terms.append(LinearTerm(variable: x, coefficient: row.x)) }
            m.addConstraint(Constraint(name: "r\(i)", terms: terms, lower: row.lower, upper: row.upper,
                                       level: .follower))
        }
        m.leaderObjective = Objective(sense: .minimize, terms: [LinearTerm(variable: x, coefficient: 1)]
                                      + ys.map { LinearTerm(variable: $0, coefficient: 1) })
        m.followerObjective = Objective(sense: .minimize, terms: zip(ys, costs).map {
            LinearTerm(variable: $0, coefficient: $1)
        })
        return m
    }

    static func kkt(_ m: BilevelModel) throws -> KKTSystem {
        try m.validate()
        return KKTSystem(CanonicalProblem(m))
    }

    /// Max-flow interdiction (a network matrix plus unit capacity rows): every multiplier is bounded by
    /// ‖d‖₁ = 1 (the follower maximizes the return arc's flow alone: Wood's capacity duals in [0, 1]),
    /// and conservation at every node is one row too many: exactly one of those multipliers is fixed
    /// at 0. The big-M of every pair is then proven, and the strong-duality MILP exact.
    @Test(arguments: [UInt64(1), 2])
    func interdictionIsRecognized(seed: UInt64) throws {
        let m = InstanceGenerator.graphInterdiction(arcs: 20, seed: seed)
        var kkt = try Self.kkt(m)
        #expect(kkt.boundMultipliersAtVertices() > 0)
        let free = kkt.multipliers.filter(\.isFree)
        #expect(!free.isEmpty)
        #expect(free.filter { kkt.columnLower[$0.column] == 0 && kkt.columnUpper[$0.column] == 0 }.count == 1)
        for mu in kkt.multipliers {
            #expect(kkt.columnUpper[mu.column] <= 1 && kkt.columnLower[mu.column] >= -1)
        }
        let tightening = try BoundTightening(kkt)
        #expect(tightening.multiplierBound.allSatisfy { $0 <= 1 }, "\(tightening.multiplierBound)")
        #expect(StrongDualityReformulation(kkt: kkt, options: SolveOptions()).obstacle(tightening) == nil)
    }

    /// Rows scaled by their own magnitude keep the bound divided by it: `2y0 − 2y1 ≤ x` gets ‖d‖₁/2.
    @Test func scaledRowsDivideTheBound() throws {
        let m = Self.model(costs: [-3, 1], rows: [([(0, 2), (1, -2)], -1, -.infinity, 0), ([(1, 1)], 0, 0, 4)])
        var kkt = try Self.kkt(m)
        #expect(kkt.boundMultipliersAtVertices() > 0)
        let row0 = try #require(kkt.multipliers.first { $0.origin == .rowUpper(0) })
        #expect(kkt.columnUpper[row0.column] == 2)
        let bound = try #require(kkt.multipliers.first { $0.origin == .boundUpper(0) })
        #expect(kkt.columnUpper[bound.column] == 4)
    }

    /// Not recognized: an odd cycle of rows with equal signs (determinant 2), mixed magnitudes in a
    /// row, a column in three rows with two entries or more, a leader-dependent follower objective.
    @Test func nonUnimodularFollowersAreLeftAlone() throws {
        let oddCycle = Self.model(costs: [-1, -1, -1], rows: [([(0, 1), (1, 1)], 1, -.infinity, 4),
                                                              ([(1, 1), (2, 1)], 0, -.infinity, 4),
                                                              ([(0, 1), (2, 1)], 0, -.infinity, 4)])
        let mixed = Self.model(costs: [-1, -1], rows: [([(0, 1), (1, 2)], 1, -.infinity, 4)])
        let threeRows = Self.model(costs: [-1, -1, -1], rows: [([(0, 1), (1, 1)], 1, -.infinity, 4),
                                                               ([(0, 1), (2, -1)], 0, -.infinity, 4),
                                                               ([(0, 1), (1, -1)], 0, -.infinity, 4)])
        for m in [oddCycle, mixed, threeRows] {
            var kkt = try Self.kkt(m)
            #expect(kkt.boundMultipliersAtVertices() == 0)
            #expect(kkt.multipliers.allSatisfy { kkt.columnUpper[$0.column] == .infinity })
        }
        // The same odd cycle with one sign flipped is bipartite (TU): recognized.
        let even = Self.model(costs: [-1, -1, -1], rows: [([(0, 1), (1, 1)], 1, -.infinity, 4),
                                                          ([(1, 1), (2, 1)], 0, -.infinity, 4),
                                                          ([(0, 1), (2, -1)], 0, -.infinity, 4)])
        var kkt = try Self.kkt(even)
        #expect(kkt.boundMultipliersAtVertices() > 0)
    }

    /// Equality rows: dependent but consistent (`y0 − y1 = x` twice, the second doubled) leave one
    /// multiplier at 0; dependent in y but not in x (`y0 − y1 = x`, `y1 − y0 = 1`) cannot be settled
    /// for every x: no bounds.
    @Test func dependentEqualityRows() throws {
        let consistent = Self.model(costs: [1, 2], rows: [([(0, 1), (1, -1)], -1, 0, 0), ([(0, 2), (1, -2)], -2, 0, 0)])
        var kkt = try Self.kkt(consistent)
        #expect(kkt.boundMultipliersAtVertices() > 0)
        #expect(kkt.multipliers.filter { $0.isFree && kkt.columnUpper[$0.column] == 0 }.count == 1)
        let contradictory = Self.model(costs: [1, 2], rows: [([(0, 1), (1, -1)], -1, 0, 0),
                                                             ([(0, -1), (1, 1)], 0, 1, 1)])
        var other = try Self.kkt(contradictory)
        #expect(other.boundMultipliersAtVertices() == 0)
    }

    /// Rows far from unit scale (found by review): an equality row `1e-11·y3 − 1e-11·y4 = 0` is not
    /// "empty in y" (its multiplier must not be fixed at 0: that made big-M report 0 for −5), and a
    /// row `1e11·y1 − 1e11·y2 = 0` does not box its multiplier within GLPK's tolerances (that made
    /// big-M report infeasible). Follower: min y4 − 2·y3 (or −y3) with `y3 + x ≤ 5`, y in [0, 10];
    /// leader: min −y3 over x in [0, 5]. By hand: y3 = y4 and the follower maximizes y3 = 5 − x, so
    /// the optimum is −5 at x = 0, whatever the scale of the equality row.
    @Test(arguments: [1e-11, 1e11])
    func rowsFarFromUnitScale(scale: Double) throws {
        var m = BilevelModel(name: "scaled-equality")
        let x = m.addVariable(Variable(name: "x", lower: 0, upper: 5, level: .leader))
        let y = (1...4).map { m.addVariable(Variable(name: "y\($0)", lower: 0, upper: 10, level: .follower)) }
        m.addConstraint(Constraint(name: "r1", terms: [LinearTerm(variable: y[0], coefficient: 1),
                                                       LinearTerm(variable: y[1], coefficient: -1)],
                                   lower: 0, upper: 0, level: .follower))
        m.addConstraint(Constraint(name: "r2", terms: [LinearTerm(variable: y[2], coefficient: scale),
                                                       LinearTerm(variable: y[3], coefficient: -scale)],
                                   lower: 0, upper: 0, level: .follower))
        m.addConstraint(Constraint(name: "c3", terms: [LinearTerm(variable: y[2], coefficient: 1),
                                                       LinearTerm(variable: x, coefficient: 1)],
                                   lower: -.infinity, upper: 5, level: .follower))
        m.leaderObjective = Objective(sense: .minimize, terms: [LinearTerm(variable: y[2], coefficient: -1)])
        m.followerObjective = Objective(sense: .minimize, terms: [LinearTerm(variable: y[3], coefficient: 1),
                                                                  LinearTerm(variable: y[2], coefficient: -2)])
        var kkt = try Self.kkt(m)
        #expect(kkt.boundMultipliersAtVertices() > 0)
        let r2 = try #require(kkt.multipliers.first { $0.origin == .rowEquality(1) })
        #expect(kkt.columnUpper[r2.column] > 0, "r2's multiplier fixed at 0")
        for method in [MethodChoice.auto, .branch, .bigm, .duality] {
            let r = try m.solve(SolveOptions(method: method))
            #expect(r.status == .optimal && close(r.objective, -5), "\(method): \(r.status) \(r.objective ?? .nan)")
        }
    }

    /// The pessimistic reading and a sensitivity report need every optimal dual: no vertex bounds in
    /// their KKT systems; the optimistic one has them.
    @Test func onlyTheOptimisticReadingIsBounded() throws {
        let problem = try PreparedProblem(InstanceGenerator.graphInterdiction(arcs: 12, seed: 4))
        func bounded(_ options: SolveOptions) throws -> Bool {
            let kkt = try problem.kkt(options)
            return kkt.multipliers.contains { !$0.isFree && kkt.columnUpper[$0.column].isFinite
                && kkt.columnUpper[$0.column] > 0 }
        }
        var pessimistic = SolveOptions()
        pessimistic.pessimistic = true
        var off = SolveOptions()
        off.vertexBounds = false
        #expect(try bounded(SolveOptions()))
        #expect(try !bounded(pessimistic))
        #expect(try !bounded(off))
    }

    /// GLPK's optimal basic dual of the follower's LP at random leader choices (a vertex of Λ) is
    /// within the bounds, on random network-matrix followers with random costs and capacities.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func simplexDualsStayWithinTheBounds(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let n = 6
        var rows: [(terms: [(Int, Double)], x: Double, lower: Double, upper: Double)] = []
        // Arcs y_k between random node rows (+1 at the head, −1 at the tail), supplies moved by x.
        var incidence = [[(Int, Double)]](repeating: [], count: 4)
        for k in 0..<n {
            let tail = rng.int(0...3), head = (tail + rng.int(1...3)) % 4
            incidence[tail].append((k, -1))
            incidence[head].append((k, 1))
        }
        for (node, terms) in incidence.enumerated() where !terms.isEmpty {
            let supply = Double(rng.int(-2...2))
            rows.append((terms, node == 0 ? -1 : 0, supply - 5, supply + 5))
        }
        let costs = (0..<n).map { _ in Double(rng.int(-9...9)) / 2 }
        let m = Self.model(costs: costs, rows: rows)
        var kkt = try Self.kkt(m)
        guard kkt.boundMultipliersAtVertices() > 0 else { Issue.record("not recognized"); return }
        let c = kkt.canonical
        for xValue in [0.0, 1, 2, 3] {
            // The follower's LP at x, its rows over y only.
            let lp = LinearProblem()
            _ = try lp.addColumns(c.ny)
            _ = try lp.addRows(c.followerRows.count)
            for k in 0..<c.ny {
                try lp.setColumnBounds(k, lower: c.yLower[k], upper: c.yUpper[k])
                try lp.setObjective(column: k, c.d[k])
            }
            for (r, row) in c.followerRows.enumerated() {
                let shift = row.x.reduce(0) { $0 + $1.value * xValue }
                try lp.setRowBounds(r, lower: row.lower - shift, upper: row.upper - shift)
                try lp.setRow(r, coefficients: row.y.map { (column: $0.index, value: $0.value) })
            }
            guard lp.solve(SimplexOptions()) == .optimal else { continue }
            let rowDuals = lp.rowDuals
            for mu in kkt.multipliers {
                let value: Double
                switch mu.origin {
                case let .rowLower(r), let .rowUpper(r), let .rowEquality(r): value = rowDuals[r]
                case let .boundLower(k), let .boundUpper(k), let .boundFixed(k): value = lp.reducedCost(k)
                }
                let bound = max(abs(kkt.columnLower[mu.column]), kkt.columnUpper[mu.column])
                guard bound > 0 else { continue }  // an implied equality row, whose multiplier is fixed at 0
                #expect(abs(value) <= bound + 1e-9, "x = \(xValue), \(mu.origin): \(value) beyond \(bound)")
            }
        }
    }
}
