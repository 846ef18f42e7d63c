import BilevelTestSupport
import Testing
@testable import Bilevel

/// `RedundantFollowerSides` (KKT/RedundantFollowerSides.swift): which sides leave the KKT system, on
/// models whose answer is known by hand, and that a search on the presolved system answers what
/// enumeration does.
@Suite struct RedundantFollowerSidesTests {
    static func origins(_ m: BilevelModel) throws -> Set<KKTSystem.Origin> {
        try m.validate()
        return try RedundantFollowerSides(CanonicalProblem(m)).origins
    }

    /// Max-flow interdiction: the capacity row `f_a + u_a·x_a ≤ u_a` implies `f_a ≤ u_a` for every
    /// `x_a ∈ [0, 1]`, so every arc's upper bound goes; no capacity row does (`x_a` can lift it off
    /// the bound), and neither does `f_a ≥ 0` (flow may be zero).
    @Test(arguments: [UInt64(1), 2, 3])
    func interdictionLosesEveryCapacityBound(seed: UInt64) throws {
        let m = InstanceGenerator.graphInterdiction(arcs: 20, seed: seed)
        let c = CanonicalProblem(m)
        let found = try Self.origins(m)
        let flows = (0..<c.ny).filter { c.model.variables[c.followerVariables[$0]].name.hasPrefix("f") }
        #expect(flows.count == 20)
        for k in flows {
            #expect(found.contains(.boundUpper(k)), "f\(k) ≤ u")
            #expect(!found.contains(.boundLower(k)), "f\(k) ≥ 0")
        }
        for (r, row) in c.followerRows.enumerated() where !row.x.isEmpty {
            #expect(!found.contains(.rowUpper(r)), "\(c.model.constraints[row.source].name)")
        }
        let kkt = KKTSystem(c, dropping: found)
        #expect(kkt.pairs.count == KKTSystem(c).pairs.count - found.count)
        for m in kkt.multipliers where found.contains(m.origin) { #expect(kkt.columnUpper[m.column] == 0) }
    }

    /// Two sides that imply each other: one goes, the other stays (each side dropped is implied by
    /// the sides kept). A side the others miss by 1e-6 stays; one they meet exactly goes.
    @Test func noTwoSidesExcuseEachOther() throws {
        var m = BilevelModel(name: "twins")
        let x = m.leader.variable("x", bounds: 0...1)
        let y1 = m.follower.variable("y1", bounds: 0...1)
        let y2 = m.follower.variable("y2", bounds: 0...1)
        m.follower.constraint("a", y1 + y2 - x <= 1)
        m.follower.constraint("b", y1 + y2 - x <= 1)
        m.follower.constraint("loose", y1 - y2 <= 1)
        m.follower.constraint("tight", y1 - y2 <= 1 - 1e-6)
        m.follower.maximize(y1 + y2)
        m.leader.minimize(x + y1)
        let found = try Self.origins(m)
        #expect(found.contains(.rowUpper(0)) != found.contains(.rowUpper(1)), "\(found)")
        #expect(found.contains(.rowUpper(2)))
        #expect(!found.contains(.rowUpper(3)))
    }

    /// Rows without follower variables limit the leader's choices: with `x ≤ 1/2`, `y ≤ 1 + x` implies
    /// `y ≤ 3/2`, which the box `x ≤ 1` alone does not. A row with follower variables (coupling) is
    /// the leader's, not the follower's: `y ≤ 1/4` there would imply both, and excuses neither.
    @Test func onlyLeaderRowsWithoutFollowerVariablesCount() throws {
        func model(half: Bool) -> BilevelModel {
            var m = BilevelModel(name: "leader-rows")
            let x = m.leader.variable("x", bounds: 0...1)
            let y = m.follower.variable("y", bounds: 0...)
            if half { m.leader.constraint("half", 2 * x <= 1) }
            m.leader.constraint("coupling", 4 * y <= 1)
            m.follower.constraint("cap", y - x <= 1)
            m.follower.constraint("two", 2 * y <= 3)
            m.follower.maximize(y)
            m.leader.minimize(x - y)
            return m
        }
        // `cap` first: y − x reaches 3/2 at x = 0 under `two`, so it stays; then `two` goes.
        #expect(try Self.origins(model(half: true)) == [.rowUpper(1)])
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
