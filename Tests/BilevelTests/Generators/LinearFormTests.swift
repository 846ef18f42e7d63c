import BilevelTestSupport
import Testing
@testable import Bilevel

/// `InstanceGenerator.linearForm` (Generators/InstanceGenerator+LinearForms.swift): the structure its
/// documentation promises in each form (integer and continuous linking variables, coupling rows,
/// equality rows with a slack and in `y` only, twins: ties the leader cares about, the sign structure),
/// reproducibility, the follower feasible and bounded at random leader choices, and small instances
/// solved to the same optimum by two engines.
@Suite struct LinearFormTests {
    typealias Form = InstanceGenerator.LinearForm
    static let forms = Form.allCases

    /// The default shape of a size; size 15 is issue 14's hard example (15 leader variables, 8 of them
    /// integer, 20 follower variables, 24 rows).
    @Test func defaultShapes() {
        let s15 = InstanceGenerator.LinearShape.size(15)
        #expect(s15.leader == 15 && s15.integerLeader == 8 && s15.follower == 20 && s15.rows == 24)
        #expect(s15.couplingRows == 3 && s15.equalityRows == 2 && s15.twins == 4 && s15.problem == nil)
        for s in 2...200 { #expect(InstanceGenerator.LinearShape.size(s).problem == nil, "size \(s)") }
        var bad = s15
        bad.twins = bad.follower
        #expect(bad.problem != nil)
        bad = s15
        bad.integerLeader = 16
        #expect(bad.problem != nil)
    }

    /// The same seed gives the same model; another seed another one.
    @Test(arguments: forms)
    func sameSeedSameModel(_ form: Form) {
        let shape = InstanceGenerator.LinearShape.size(12)
        for seed in UInt64(1)...4 {
            let a = InstanceGenerator.linearForm(form, shape: shape, seed: seed)
            #expect(a == InstanceGenerator.linearForm(form, shape: shape, seed: seed))
            #expect(a != InstanceGenerator.linearForm(form, shape: shape, seed: seed + 100))
        }
    }

    /// The requested structure, on many seeds of two sizes.
    @Test(arguments: forms)
    func structure(_ form: Form) throws {
        var bothSigns = false
        for size in [6, 15] {
            let shape = InstanceGenerator.LinearShape.size(size)
            for seed in UInt64(1)...10 {
                let m = InstanceGenerator.linearForm(form, shape: shape, seed: seed)
                try m.validate()
                try check(m, form: form, shape: shape, seed: seed, bothSigns: &bothSigns)
            }
        }
        #expect(bothSigns == (form == .mixed), "B has both signs only in the mixed form")
    }

    func check(_ m: BilevelModel, form: Form, shape: InstanceGenerator.LinearShape, seed: UInt64,
               bothSigns: inout Bool) throws {
        let name = "\(form.rawValue)_\(shape.leader)x\(shape.follower)x\(shape.rows)_s\(seed)"
        #expect(m.name == name)
        let xs = m.variableIndices(of: .leader)
        #expect(xs.count == shape.leader)
        #expect(xs.allSatisfy { m.variables[$0].lower == 0 && m.variables[$0].upper == 10 })
        #expect(xs.filter { m.variables[$0].isInteger }.count == shape.integerLeader)
        let followerRows = m.constraints.filter { $0.level == .follower }
        let couplingRows = m.constraints.filter { $0.level == .leader }
        #expect(followerRows.count == shape.rows)
        let level = { (j: Int) in m.variables[j].level }
        // Linking: every leader variable is in a follower row; so integer and continuous ones are.
        let linking = Set(followerRows.flatMap { $0.terms.map(\.variable) }.filter { level($0) == .leader })
        #expect(linking == Set(xs), "\(name)")
        #expect(linking.contains { m.variables[$0].isInteger } && linking.contains { !m.variables[$0].isInteger })
        // Coupling rows: leader rows with follower variables.
        #expect(couplingRows.count == shape.couplingRows)
        #expect(couplingRows.allSatisfy { $0.terms.contains { level($0.variable) == .follower } }, "\(name)")
        // Equality rows: ⌈e/2⌉ with a slack s_i, ⌊e/2⌋ in y only.
        let equalities = followerRows.filter { $0.lower == $0.upper }
        #expect(equalities.count == shape.equalityRows, "\(name)")
        let inYOnly = equalities.filter { $0.terms.allSatisfy { level($0.variable) == .follower } }
        #expect(inYOnly.count == shape.equalityRows / 2, "\(name)")
        let withSlack = equalities.filter { $0.terms.contains { m.variables[$0.variable].name.hasPrefix("s") } }
        #expect(withSlack.count == (shape.equalityRows + 1) / 2, "\(name)")
        // Sign structure of the rows A x + B y ≶ b (slacks and totals aside).
        let ys = (0..<shape.follower).map { m.variableIndex(named: "y\($0)")! }
        for row in followerRows where !inYOnly.contains(row) {
            let b = row.terms.filter { ys.contains($0.variable) }.map(\.coefficient)
            #expect(!b.isEmpty, "\(name)")
            if b.contains(where: { $0 < 0 }) && b.contains(where: { $0 > 0 }) { bothSigns = true }
            switch form {
            case .packing:
                #expect(b.allSatisfy { $0 > 0 } && (row.lower == -.infinity || row.lower == row.upper), "\(name)")
            case .covering:
                #expect(b.allSatisfy { $0 > 0 } && (row.upper == .infinity || row.lower == row.upper), "\(name)")
            case .mixed: break
            }
        }
        for y in ys {
            #expect(followerRows.contains { row in row.terms.contains { $0.variable == y } }, "y in a row")
            #expect(m.variables[y].lower == 0 && m.variables[y].upper.isFinite == (form == .mixed))
        }
        // Ties: costs from the small set, and twins (same column in the rows A x + B y ≶ b, same bound
        // and follower cost, another leader cost; the totals may count one and not the other).
        let follow = Dictionary(uniqueKeysWithValues: m.followerObjective.terms.map { ($0.variable, $0.coefficient) })
        let lead = Dictionary(uniqueKeysWithValues: m.leaderObjective.terms.map { ($0.variable, $0.coefficient) })
        let costSet: Set<Double> = form == .mixed ? [-2, -1, 1, 2] : [1, 2, 3]
        #expect(ys.allSatisfy { costSet.contains(follow[$0] ?? 0) }, "\(name)")
        #expect(m.followerObjective.sense == (form == .packing ? .maximize : .minimize))
        func column(_ y: Int) -> [Double] {
            followerRows.filter { !inYOnly.contains($0) }.map { row in
                row.terms.first { $0.variable == y }?.coefficient ?? 0
            }
        }
        var twins = 0
        for (k, a) in ys.enumerated() {
            for b in ys[(k + 1)...] where column(a) == column(b) && follow[a] == follow[b]
                && m.variables[a].upper == m.variables[b].upper && (lead[a] ?? 0) != (lead[b] ?? 0) {
                twins += 1
            }
        }
        #expect(twins >= shape.twins, "\(name)")
    }

    /// A random point of the leader's box, integral where the variable is integer.
    static func randomLeader(_ m: BilevelModel, _ rng: inout SeededGenerator) -> [Double] {
        m.variableIndices(of: .leader).map { j in
            let v = m.variables[j]
            return v.isInteger ? Double(rng.int(0...10)) : rng.double(v.lower...v.upper)
        }
    }

    /// Well-posed: at random leader choices in the box, and at its corners, the follower's LP has an
    /// optimum (feasible and bounded), in every form, on many seeds and three sizes.
    @Test(arguments: forms)
    func followerIsFeasibleAndBoundedEverywhere(_ form: Form) throws {
        var rng = SeededGenerator(seed: 2026)
        for size in [3, 8, 15] {
            for seed in UInt64(1)...25 {
                let m = InstanceGenerator.linearForm(form, shape: .size(size), seed: seed)
                let follower = try FollowerProblem(CanonicalProblem(m))
                let nx = size
                var points = [[Double](repeating: 0, count: nx), [Double](repeating: 10, count: nx)]
                for _ in 0..<8 { points.append(Self.randomLeader(m, &rng)) }
                for x in points {
                    guard case .optimal = follower.respond(to: x) else {
                        Issue.record("\(m.name): the follower has no optimum at \(x)")
                        continue
                    }
                }
            }
        }
    }

    /// The ties matter: on small instances of each form the pessimistic reading (ties broken against
    /// the leader) is worse for the leader than the optimistic one on at least one of three seeds.
    @Test(arguments: forms)
    func tiesMakeTheReadingMatter(_ form: Form) throws {
        var differs = false
        for seed in UInt64(1)...3 {
            let m = InstanceGenerator.linearForm(form, shape: .size(4), seed: seed)
            let optimistic = try m.solve(SolveOptions(method: .branch, threads: 1))
            var options = SolveOptions(threads: 1)
            options.pessimistic = true
            let pessimistic = try m.solve(options)
            #expect(optimistic.status == .optimal && pessimistic.status == .optimal, "\(m.name)")
            let o = try #require(optimistic.objective), p = try #require(pessimistic.objective)
            #expect(p >= o - 1e-6, "\(m.name): the pessimistic value is never better")
            if p > o + 1e-6 { differs = true }
        }
        #expect(differs)
    }

    /// Small instances: the search and the big-M MILP agree on the optimum, and the model is
    /// bilevel feasible (the coupling rows hold at the reference point whatever the follower does).
    @Test(arguments: forms)
    func smallInstancesAgreeAcrossEngines(_ form: Form) throws {
        for (size, seed) in [(3, UInt64(1)), (4, 2), (5, 3), (6, 4)] {
            let m = InstanceGenerator.linearForm(form, shape: .size(size), seed: seed)
            let branch = try m.solve(SolveOptions(method: .branch, threads: 1))
            #expect(branch.status == .optimal, "\(m.name): \(branch.status)")
            let bigM = try m.solve(SolveOptions(method: .bigm))
            #expect([.optimal, .feasible].contains(bigM.status), "\(m.name): \(bigM.status)")
            #expect(close(branch.objective, bigM.objective ?? .nan),
                    "\(m.name): branch \(branch.objective ?? .nan), bigm \(bigM.objective ?? .nan)")
        }
    }
}
