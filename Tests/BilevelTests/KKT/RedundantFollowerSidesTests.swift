import BilevelTestSupport
import Testing
@testable import Bilevel

/// `RedundantFollowerSides` (KKT/RedundantFollowerSides.swift): which sides leave the KKT system, on
/// models whose answer is known by hand, and that a search on the presolved system answers what
/// enumeration does.
@Suite struct RedundantFollowerSidesTests {
    static func origins(_ m: BilevelModel) throws -> Set<KKTSystem.Origin> {
        try m.validate()
        return RedundantFollowerSides(CanonicalProblem(m)).origins
    }

    /// Max-flow interdiction: the capacity row `f_a + u_a·x_a ≤ u_a` implies the bound `f_a ≤ u_a` for
    /// every `x_a ∈ [0, 1]`, so every arc's upper bound goes; no capacity row does (`x_a` can lift it
    /// off the bound). (Some `f_a ≥ 0` go too: at a node with one arc in, its flow is the sum of the
    /// flows out.)
    @Test(arguments: [UInt64(1), 2, 3])
    func interdictionLosesEveryCapacityBound(seed: UInt64) throws {
        let m = InstanceGenerator.graphInterdiction(arcs: 20, seed: seed)
        let c = CanonicalProblem(m)
        let found = try Self.origins(m)
        let flows = (0..<c.ny).filter { c.model.variables[c.followerVariables[$0]].name.hasPrefix("f") }
        #expect(flows.count == 20)
        for k in flows {
            #expect(found.contains(.boundUpper(k)), "f\(k) ≤ u")
        }
        for (r, row) in c.followerRows.enumerated() where !row.x.isEmpty {
            #expect(!found.contains(.rowUpper(r)), "\(c.model.constraints[row.source].name)")
        }
        let kkt = KKTSystem(c, dropping: found)
        #expect(kkt.pairs.count == KKTSystem(c).pairs.count - found.count)
        for m in kkt.multipliers where found.contains(m.origin) { #expect(kkt.columnUpper[m.column] == 0) }
    }

    /// A row and a bound that imply each other (`r: y ≤ 1` and `y ≤ 1`): one goes, the other stays
    /// (each side dropped is implied by the sides kept). A row the bounds miss by 1e-6 stays; one
    /// they meet exactly goes.
    @Test func noTwoSidesExcuseEachOther() throws {
        var m = BilevelModel(name: "twins")
        let x = m.leader.variable("x", bounds: 0...1)
        let y = m.follower.variable("y", bounds: 0...1)
        let z = m.follower.variable("z", bounds: 0...1)
        m.follower.constraint("r", y <= 1)
        m.follower.constraint("loose", y - z <= 1)
        m.follower.constraint("tight", y - z <= 1 - 1e-6)
        m.follower.constraint("link", y + z - x <= 1)
        m.follower.maximize(y + z)
        m.leader.minimize(x + y)
        let found = try Self.origins(m)
        #expect(found.contains(.rowUpper(0)) != found.contains(.boundUpper(0)), "\(found)")
        #expect(found.contains(.rowUpper(1)))
        #expect(!found.contains(.rowUpper(2)))
        #expect(!found.contains(.rowUpper(3)))
    }

    /// The leader's box counts: with `x ≤ 1/2`, `y − x ≤ 1` implies `y ≤ 3/2`, which `x ≤ 1` does
    /// not. A row with follower variables at the leader's level (coupling) is not the follower's:
    /// `4y ≤ 1` there would imply the bound, and excuses nothing.
    @Test func theLeadersBoxCountsAndCouplingRowsDoNot() throws {
        func model(half: Bool) -> BilevelModel {
            var m = BilevelModel(name: "leader-box")
            let x = m.leader.variable("x", bounds: 0...(half ? 0.5 : 1))
            let y = m.follower.variable("y", bounds: 0...1.5)
            m.leader.constraint("coupling", 4 * y <= 1)
            m.follower.constraint("cap", y - x <= 1)
            m.follower.maximize(y)
            m.leader.minimize(x - y)
            return m
        }
        #expect(try Self.origins(model(half: true)) == [.boundUpper(0)])
        #expect(try Self.origins(model(half: false)).isEmpty)
    }

    /// Small interdiction instances: the search on the presolved system, and on the full one, both
    /// give the optimum found by enumerating every interdiction plan.
    @Test(arguments: [(12, UInt64(5)), (14, 6)])
    func presolvedSearchMatchesEnumeration(arcs: Int, seed: UInt64) throws {
        let m = InstanceGenerator.graphInterdiction(arcs: arcs, seed: seed)
        let best = GraphInterdictionTests.enumeratedOptimum(try GraphInterdictionTests.graph(of: m))
        for presolve in [true, false] {
            var options = SolveOptions(method: .branch, threads: 1)
            options.presolve = presolve
            let r = try m.solve(options)
            #expect(r.status == .optimal && close(r.objective, best), "presolve \(presolve): \(r.objective ?? .nan)")
        }
    }
}
