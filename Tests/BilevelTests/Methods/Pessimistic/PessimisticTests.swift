import Foundation
import Testing
@testable import Bilevel
import BilevelTestSupport

/// The pessimistic reading against an independent computation: for small instances with two
/// integer leader variables and two follower variables, every leader choice is enumerated, the
/// follower's polytope is enumerated vertex by vertex (no LP solver involved), its optimal vertices
/// give φ(x) and the optimal face, and the worst leader value and the coupling rows' worst values
/// over that face give the pessimistic value. The solver's `--pessimistic` optimum must match.
@Suite struct PessimisticTests {
    /// Follower: min d·y over {lo ≤ A x + B y ≤ hi, y ≥ 0}, two follower variables.
    struct Instance {
        var model: BilevelModel
    }

    /// Vertices of {y ∈ R²: each row of (B, rhs) as B·y ≤ rhs} by pairs of tight rows.
    static func vertices(_ rows: [(b: [Double], rhs: Double)]) -> [[Double]] {
        var out: [[Double]] = []
        for i in 0..<rows.count {
            for j in (i + 1)..<rows.count {
                let (a, b) = (rows[i], rows[j])
                let det = a.b[0] * b.b[1] - a.b[1] * b.b[0]
                guard abs(det) > 1e-12 else { continue }
                let y0 = (a.rhs * b.b[1] - a.b[1] * b.rhs) / det
                let y1 = (a.b[0] * b.rhs - a.rhs * b.b[0]) / det
                if rows.allSatisfy({ $0.b[0] * y0 + $0.b[1] * y1 <= $0.rhs + 1e-9 * max(1, abs($0.rhs)) }) {
                    out.append([y0, y1])
                }
            }
        }
        return out
    }

    /// The pessimistic optimum by enumeration (nil when no leader choice is feasible).
    static func enumerate(_ m: BilevelModel) -> Double? {
        let c = CanonicalProblem(m)
        var best: Double?
        for x0 in Int(c.xLower[0])...Int(c.xUpper[0]) {
            for x1 in Int(c.xLower[1])...Int(c.xUpper[1]) {
                let x = [Double(x0), Double(x1)]
                let xRows = c.leaderRows.filter { $0.y.isEmpty }
                if xRows.contains(where: { CanonicalProblem.activity($0, x: x, y: []) > $0.upper + 1e-9 }) { continue }
                // The follower's polytope at x as B·y ≤ rhs rows (bounds included).
                var rows: [(b: [Double], rhs: Double)] = [([-1, 0], 0), ([0, -1], 0)]
                for row in c.followerRows {
                    var b = [0.0, 0.0]
                    for (j, v) in row.y { b[j] = v }
                    let ax = row.x.reduce(0.0) { $0 + $1.value * x[$1.index] }
                    if row.upper.isFinite { rows.append((b, row.upper - ax)) }
                    if row.lower.isFinite { rows.append((b.map { -$0 }, ax - row.lower)) }
                }
                let vs = vertices(rows)
                guard !vs.isEmpty else { continue }
                let phi = vs.map { c.d[0] * $0[0] + c.d[1] * $0[1] }.min()!
                let optimal = vs.filter { c.d[0] * $0[0] + c.d[1] * $0[1] <= phi + 1e-9 * max(1, abs(phi)) }
                // Coupling rows must hold at every optimal vertex (hence on the whole optimal face).
                let coupling = c.leaderRows.filter { !$0.y.isEmpty }
                let broken = optimal.contains { y in
                    coupling.contains { CanonicalProblem.activity($0, x: x, y: y) > $0.upper + 1e-7 }
                }
                if broken { continue }
                let worst = optimal.map { c.leaderValue(x: x, y: $0) }.max()!
                if best == nil || worst < best! { best = worst }
            }
        }
        return best
    }

    /// A seeded instance whose follower has ties: it maximizes y0 + y1 under y0 + y1 ≤ cap(x), so
    /// its optimal set is an edge where the leader's objective varies.
    static func tiedInstance(seed: UInt64) -> BilevelModel {
        var rng = SeededGenerator(seed: seed)
        var m = BilevelModel(name: "tied\(seed)")
        let x0 = m.leader.variable("x0", bounds: 0...4, integer: true)
        let x1 = m.leader.variable("x1", bounds: 0...4, integer: true)
        let y0 = m.follower.variable("y0", bounds: 0...)
        let y1 = m.follower.variable("y1", bounds: 0...)
        func r(_ range: ClosedRange<Int>) -> Double { Double(rng.int(range)) }
        m.follower.constraint("cap", y0 + y1 - r(1...3) * x0 - r(0...2) * x1 <= r(2...6))
        m.follower.constraint("lim0", y0 - r(0...2) * x1 <= r(1...5))
        m.follower.constraint("lim1", y1 - r(0...2) * x0 <= r(1...5))
        m.follower.maximize(y0 + y1)
        m.leader.minimize(r(-3...3) * x0 + r(-3...3) * x1 + r(-5...5) * y0 + r(-5...5) * y1)
        m.leader.constraint("budget", x0 + x1 <= r(2...6))
        if rng.int(0...1) == 0 { m.leader.constraint("coupling", y0 - y1 <= r(0...4)) }
        return m
    }

    @Test(arguments: 1...12)
    func tiedInstancesMatchEnumeration(seed: Int) throws {
        try Self.expectEnumeratedOptimum(Self.tiedInstance(seed: UInt64(seed)), seed: seed)
    }

    /// Solves `model` pessimistically and compares with `enumerate`: the same optimum, verified, or
    /// both infeasible.
    static func expectEnumeratedOptimum(_ model: BilevelModel, seed: Int) throws {
        var options = SolveOptions(method: .branch, timeLimit: 60, threads: 1)
        options.pessimistic = true
        let result = try model.solve(options)
        if let expected = enumerate(model) {
            #expect(result.status == .optimal, "seed \(seed): \(result.status) \(result.message ?? "")")
            #expect(close(result.objective, expected),
                    "seed \(seed): \(String(describing: result.objective)) vs enumeration \(expected)")
            #expect(result.verified)
        } else {
            #expect(result.status == .infeasible, "seed \(seed): \(result.status)")
        }
    }

    @Test(arguments: 1...6)
    func generatedInstancesMatchEnumeration(seed: Int) throws {
        let model = InstanceGenerator.randomLinear(leader: 2, follower: 2, rows: 3, integerLeader: true,
                                                   seed: UInt64(100 + seed))
        try Self.expectEnumeratedOptimum(model, seed: seed)
    }

    /// Products x·y in the leader's objective: the worst response then has them in its own objective
    /// (McCormick envelopes over implied bounds in the search); the enumeration evaluates them as they
    /// are. Tied instances without their coupling row, products added with seeded coefficients.
    @Test(arguments: 1...8)
    func tiedInstancesWithProductsMatchEnumeration(seed: Int) throws {
        var model = Self.tiedInstance(seed: UInt64(seed))
        model.constraints.removeAll { $0.name == "coupling" }
        var rng = SeededGenerator(seed: UInt64(1000 + seed))
        let (x0, x1) = (model.variableIndex(named: "x0")!, model.variableIndex(named: "x1")!)
        let (y0, y1) = (model.variableIndex(named: "y0")!, model.variableIndex(named: "y1")!)
        model.leaderObjective.quadratic = [QuadraticTerm(x0, y0, coefficient: Double(rng.int(-3...3))),
                                           QuadraticTerm(x1, y1, coefficient: Double(rng.int(-3...3))),
                                           QuadraticTerm(x0, y1, coefficient: Double(rng.int(-2...2)))]
        try Self.expectEnumeratedOptimum(model, seed: seed)
    }

    /// Pessimism costs the leader at least as much as optimism, and strictly more when ties matter.
    @Test func pessimismIsNeverBetter() throws {
        var strictly = 0, compared = 0
        for seed in 1...12 {
            let model = Self.tiedInstance(seed: UInt64(seed))
            let optimistic = try model.solve(SolveOptions(method: .branch, timeLimit: 60, threads: 1))
            var options = SolveOptions(method: .branch, timeLimit: 60, threads: 1)
            options.pessimistic = true
            let pessimistic = try model.solve(options)
            // Without a value on either side, the only honest answer is infeasibility: the pessimistic
            // feasible set lies inside the optimistic one.
            guard let o = optimistic.objective else {
                #expect(optimistic.status == .infeasible && pessimistic.status == .infeasible, "seed \(seed)")
                continue
            }
            guard let p = pessimistic.objective else {
                #expect(pessimistic.status == .infeasible, "seed \(seed): \(pessimistic.status)")
                continue
            }
            compared += 1
            #expect(p >= o - 1e-6 * max(1, abs(o)))
            if p > o + 1e-6 { strictly += 1 }
        }
        #expect(strictly > 0)
        #expect(compared >= 6, "only \(compared) of 12 seeds had both values")
    }
}

/// The pessimistic reading when the leader moves the follower's costs (pricing): infima that are
/// attained and infima that are only approached.
@Suite struct PessimisticPricingTests {
    static func pessimistic(threads: Int = 1) -> SolveOptions {
        var o = SolveOptions(method: .branch, timeLimit: 60, threads: threads)
        o.pessimistic = true
        return o
    }

    /// The primer's monopolist (a = 10, ymax = 5), by hand: for x < 10 the consumer buys 5 (revenue
    /// 5x), at x = 10 it is indifferent and the pessimistic consumer buys 0: sup 50, not attained.
    @Test(arguments: [1, 2])
    func monopolistIsNotAttained(threads: Int) throws {
        let model = try ModelFile.read(path: Repository.path("models/seed/monopolist.blp"))
        let r = try model.solve(Self.pessimistic(threads: threads))
        #expect(r.status == .notAttained, "\(r.status) \(r.message ?? "")")
        #expect(close(r.objective, 50))
        #expect(close(r.bound, 50))
        #expect(r.limitLeader.map { abs($0[0] - 10) <= 1e-9 } == true)
        // The reported point: a price just below 10, the consumer buying 5, revenue within ε of 50.
        let x = r.values![0], y = r.values![1]
        #expect(x < 10 && x > 10 - 1e-3 && abs(y - 5) <= 1e-9)
        #expect(r.verified)
        let point = try #require(r.pointObjective)
        #expect(point < 50 && 50 - point <= 1e-6 * 50)
        #expect(abs(point - x * y) <= 1e-9 * 50)
        #expect(r.message?.contains("not attained") == true)
        let json = r.json(for: model).rendered()
        #expect(json.contains("\"status\":\"not_attained\"") && json.contains("\"limit_leader\":{\"x\":10}"))
    }

    /// Sensitivity at the reported point (x just below 10, y = 5 at its bound): dy*/dx = 0 there.
    @Test func sensitivityAtTheReportedPoint() throws {
        let model = try ModelFile.read(path: Repository.path("models/seed/monopolist.blp"))
        var options = Self.pessimistic()
        options.sensitivity = true
        let r = try model.solve(options)
        let s = try #require(r.sensitivity)
        #expect(s.differentiable)
        #expect(abs(s.dyDx[0][0]) <= 1e-12)
    }

    @Test func monopolistFromSwift() throws {
        var (m, price, _) = PrimerTests.monopolist()
        let r = try m.solve(Self.pessimistic())
        #expect(r.status == .notAttained)
        #expect(close(r.objective, 50))
        // Capped below a = 10 the consumer's choice is never tied: 8·5 = 40, attained (by hand).
        m.variables[price.index].upper = 8
        let capped = try m.solve(Self.pessimistic())
        #expect(capped.status == .optimal)
        #expect(close(capped.objective, 40) && close(capped.value(of: price), 8))
        // Integer prices: x = 9 is the last price the consumer strictly accepts, 9·5 = 45 (by hand).
        m.variables[price.index].upper = 20
        m.variables[price.index].isInteger = true
        let integer = try m.solve(Self.pessimistic())
        #expect(integer.status == .optimal)
        #expect(close(integer.objective, 45) && close(integer.value(of: price), 9))
    }

    /// models/toll_setting.blp by hand: route s-b-t costs 3 + T2 against the toll-free 10; at T2 = 7
    /// the pessimistic traveller takes the toll-free route, so revenue 7 is approached, not attained.
    /// With T2 ≤ 5, revenue 5 (T2 = 5, s-b-t strictly cheapest when T1 is high) is attained.
    @Test func tollSetting() throws {
        let model = try ModelFile.read(path: Repository.path("models/toll_setting.blp"))
        let r = try model.solve(Self.pessimistic(threads: 2))
        #expect(r.status == .notAttained)
        #expect(close(r.objective, 7))
        var capped = model
        capped.variables[capped.variableIndex(named: "T2")!].upper = 5
        let c = try capped.solve(Self.pessimistic(threads: 2))
        #expect(c.status == .optimal)
        #expect(close(c.objective, 5))
    }

    /// Random models whose infimum and attainment were computed independently by
    /// Benchmarks/crosscheck_pessimistic_pricing.py (vertex enumeration of the follower's polytope
    /// and the breakpoints of its costs in x; seeds 2, 5, 20 of its run).
    @Test(arguments: [
        ("""
         model pp2
         leader
           variables x
           minimize - 1 y0 - 1 x * y0
           bounds
             x <= 2
         follower
           variables y0
           minimize - 1 y0 + 1 x * y0
           bounds
             y0 <= 1
         end
         """, -2.0, false),
        ("""
         model pp5
         leader
           variables x
           minimize 3 y1 - 2 y2 - 1 x * y0 - 1 x * y2
           bounds
             x <= 10
         follower
           variables y0 y1 y2
           minimize 1 y0 + 6 y1 - 3 y2 - 1 x * y0 - 1 x * y2
           bounds
             y0 <= 3
             y1 <= 3
             y2 <= 5
         end
         """, -90.0, true),
        ("""
         model pp20
         leader
           variables x
           minimize 2 x - 2 y2 - 1 x * y1 - 1 x * y2
           bounds
             x <= 7
         follower
           variables y0 y1 y2
           minimize - 5 y1 - 5 y2 + 1 x * y1 + 1 x * y2
           subject to
             r0: 2 y0 - 1 y1 - 2 y2 <= 7
           bounds
             y0 <= 2
             y1 <= 3
             y2 <= 1
         end
         """, -12.0, false),
    ])
    func matchesAnIndependentComputation(text: String, infimum: Double, attained: Bool) throws {
        let model = try TextFormat.parse(text)
        let r = try model.solve(Self.pessimistic())
        #expect(r.status == (attained ? .optimal : .notAttained), "\(r.status) \(r.message ?? "")")
        #expect(close(r.objective, infimum), "\(String(describing: r.objective)) vs \(infimum)")
        if !attained { #expect(r.pointObjective.map { abs($0 - infimum) <= 1e-6 * max(1, abs(infimum)) } == true) }
    }

    /// Coupling rows must hold for every follower optimum (the strong reading). By hand, for the
    /// monopolist: with "y ≥ 1" every price below 10 is feasible (the consumer buys 5) and 10 is not
    /// (the consumer may buy 0), so 50 is still approached, not attained; with "y ≤ 4" only prices
    /// above 10 are feasible (the consumer buys 0): revenue 0, attained.
    @Test func monopolistWithCouplingRows() throws {
        for (row, attained, value) in [("y >= 1", false, 50.0), ("y <= 4", true, 0.0)] {
            let text = try String(contentsOfFile: Repository.path("models/seed/monopolist.blp"), encoding: .utf8)
                .replacingOccurrences(of: "  maximize x * y\n",
                                      with: "  maximize x * y\n  subject to\n    wanted: \(row)\n")
            let r = try TextFormat.parse(text).solve(Self.pessimistic())
            #expect(r.status == (attained ? .optimal : .notAttained), "\(row): \(r.status) \(r.message ?? "")")
            #expect(close(r.objective, value), "\(row): \(String(describing: r.objective))")
        }
    }

    /// Rows with leader variables would put products x·ρ in the worst response's dual: refused.
    @Test func followerRowsWithLeaderVariablesAreRefused() throws {
        var m = BilevelModel(name: "linked")
        let x = m.leader.variable("x", bounds: 0...5)
        let y = m.follower.variable("y", bounds: 0...5)
        _ = m.follower.constraint("cap", y - x <= 1)
        m.follower.minimize(x * y - 3 * y)
        m.leader.minimize(x - y)
        #expect { try m.solve(Self.pessimistic()) } throws: { error in
            guard case let BilevelError.unsupported(message) = error else { return false }
            return message.contains("without leader variables")
        }
    }
}
