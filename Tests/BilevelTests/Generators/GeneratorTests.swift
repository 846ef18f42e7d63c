import Testing
@testable import Bilevel

/// `SeededGenerator` and `InstanceGenerator` (Generators/): the published SplitMix64 sequence, and
/// the structure each family's documentation promises, checked on the generated models.
@Suite struct GeneratorTests {
    /// SplitMix64 (Steele, Lea & Flood 2014) from state 0 starts 0xE220A8397B1DCDAF,
    /// 0x6E789E6AA1B965F4, 0x06C45D188009454F (the reference implementation's output, as quoted in
    /// Vigna's splitmix64.c test vectors). `SeededGenerator(seed: s)` starts from state s + γ, so
    /// the seed 0 − γ gives that sequence.
    @Test func seededGeneratorIsSplitMix64() {
        var rng = SeededGenerator(seed: 0 &- 0x9E37_79B9_7F4A_7C15)
        let first = [rng.next(), rng.next(), rng.next()]
        #expect(first == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let draws = (0..<8).map { _ in a.int(0...1000) }
        #expect(draws == (0..<8).map { _ in b.int(0...1000) })
        #expect(draws != (0..<8).map { _ in c.int(0...1000) })
    }

    /// `randomLinear`'s documented shape, on several seeds: x ∈ [0, 10] (integer when asked), y ≥ 0;
    /// `rows` follower rows `A x + B y ≤ b` with B ≥ 0 covering every y and y = 0 feasible for every
    /// x in its box (b ≥ Σ max(0, a)·10); coupling rows with positive coefficients; the follower
    /// maximizes a positive profit; the leader minimizes.
    @Test(arguments: [(3, 4, 5, 2, true), (2, 2, 1, 0, false), (5, 3, 6, 1, false)])
    func randomLinearShape(leader: Int, follower: Int, rows: Int, coupling: Int, integer: Bool) throws {
        for seed in UInt64(1)...5 {
            let m = InstanceGenerator.randomLinear(leader: leader, follower: follower, rows: rows,
                                                   couplingRows: coupling, integerLeader: integer, seed: seed)
            #expect(m.name == "rand_\(integer ? "int" : "cont")_\(leader)x\(follower)x\(rows)_s\(seed)")
            #expect(m.variables.map(\.name) == (0..<leader).map { "x\($0)" } + (0..<follower).map { "y\($0)" })
            let xs = m.variableIndices(of: .leader), ys = m.variableIndices(of: .follower)
            let leaders = xs.map { m.variables[$0] }
            #expect(leaders.allSatisfy { $0.lower == 0 && $0.upper == 10 && $0.isInteger == integer })
            #expect(ys.map { m.variables[$0] }.allSatisfy { $0.lower == 0 && $0.upper == .infinity && !$0.isInteger })
            let followerRows = m.constraints.filter { $0.level == .follower }
            #expect(followerRows.map(\.name) == (0..<rows).map { "f\($0)" })
            var covered = Set<Int>()
            for row in followerRows {
                let worst = row.terms.filter { m.variables[$0.variable].level == .leader }
                    .reduce(0.0) { $0 + max(0, $1.coefficient) * 10 }
                #expect(row.lower == -.infinity && row.upper >= worst + 10 && row.upper <= worst + 50)
                for t in row.terms where m.variables[t.variable].level == .follower {
                    #expect(t.coefficient >= 1 && t.coefficient <= 10)
                    covered.insert(t.variable)
                }
            }
            #expect(covered == Set(ys))
            let couplingRows = m.constraints.filter { $0.level == .leader }
            #expect(couplingRows.count == coupling)
            for row in couplingRows {
                #expect(row.terms.allSatisfy { $0.coefficient >= 1 && $0.coefficient <= 5 })
                #expect(row.upper == 5 * row.terms.reduce(0) { $0 + $1.coefficient })
            }
            #expect(m.leaderObjective.sense == .minimize && m.followerObjective.sense == .maximize)
            #expect(m.followerObjective.terms.map(\.variable) == ys)
            #expect(m.followerObjective.terms.allSatisfy { $0.coefficient >= 1 && $0.coefficient <= 10 })
            try m.validate()
        }
        // The same seed gives the same model; another seed another one.
        let a = InstanceGenerator.randomLinear(leader: leader, follower: follower, rows: rows, seed: 7)
        #expect(a == InstanceGenerator.randomLinear(leader: leader, follower: follower, rows: rows, seed: 7))
        #expect(a != InstanceGenerator.randomLinear(leader: leader, follower: follower, rows: rows, seed: 8))
    }

    /// `networkInterdiction`: one binary x and one flow f ∈ [0, u] (u ∈ 1…20) per arc, the flow value
    /// v; the budget row Σ x ≤ 2 + arcs/100; conservation rows (each arc leaves one node, enters
    /// another; v enters at the source and leaves at the sink); cut rows f + u·x ≤ u.
    @Test func networkInterdictionShape() throws {
        let m = InstanceGenerator.networkInterdiction(arcs: 30, seed: 3)
        try m.validate()
        let arcs = m.variables.filter { $0.name.hasPrefix("x") }.count
        #expect(arcs >= 8 && m.name == "interdiction_a\(arcs)_b2_s3")
        let budget = try #require(m.constraints.first { $0.name == "budget" })
        #expect(budget.level == .leader && budget.upper == 2 && budget.terms.count == arcs)
        let v = try #require(m.variableIndex(named: "v"))
        let nodes = m.constraints.filter { $0.name.hasPrefix("node") }
        #expect(nodes.allSatisfy { $0.lower == 0 && $0.upper == 0 && $0.level == .follower })
        for a in 0..<arcs {
            let f = try #require(m.variableIndex(named: "f\(a)")), x = try #require(m.variableIndex(named: "x\(a)"))
            let u = m.variables[f].upper
            #expect(m.variables[x].isInteger && m.variables[x].upper == 1 && u >= 1 && u <= 20 && u == u.rounded())
            let signs = nodes.flatMap { $0.terms.filter { $0.variable == f }.map(\.coefficient) }.sorted()
            #expect(signs == [-1, 1], "arc \(a)")
            let cut = try #require(m.constraints.first { $0.name == "cut\(a)" })
            #expect(Set(cut.terms.map(\.variable)) == [f, x] && cut.upper == u)
            #expect(cut.terms.first { $0.variable == x }?.coefficient == u)
        }
        #expect(nodes.first?.terms.contains(LinearTerm(variable: v, coefficient: 1)) == true)
        #expect(nodes.last?.terms.contains(LinearTerm(variable: v, coefficient: -1)) == true)
        #expect(m.leaderObjective.terms == [LinearTerm(variable: v, coefficient: 1)])
        #expect(m.leaderObjective.sense == .minimize)
        #expect(m.followerObjective.sense == .maximize)
    }
}
