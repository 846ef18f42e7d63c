import Foundation
import Testing
@testable import Bilevel
import BilevelTestSupport

/// The primer's examples (models/seed/), from files and from the Swift DSL. Expected values are
/// derived by hand in each file's header and in models/seed/INDEX.tsv.
@Suite struct PrimerTests {
    static let seeds: [(file: String, expected: String)] = allSeeds.filter { Double($0.expected) != nil }
    static let allSeeds: [(file: String, expected: String)] = {
        guard let text = try? String(contentsOfFile: Repository.path("models/seed/INDEX.tsv"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: "\t"); return (String(f[0]), String(f[1]))
        }
    }()

    @Test(arguments: seeds.map(\.file))
    func seedModelsGiveTheirExpectedOutcome(file: String) throws {
        let expected = Self.seeds.first { $0.file == file }!.expected
        let model = try ModelFile.read(path: Repository.path("models/seed/" + file))
        for threads in [1, 2] {
            let result = try model.solve(SolveOptions(method: .branch, timeLimit: 60, threads: threads))
            #expect(result.status == .optimal, "\(file): \(result.status) \(result.message ?? "")")
            #expect(close(result.objective, Double(expected)!), "\(file): \(String(describing: result.objective))")
            #expect(result.verified)
        }
    }

    @Test func hiddenNonConvexityFindsTheGlobalOptimum() throws {
        var m = BilevelModel(name: "hidden")
        let x = m.leader.freeVariable("x")
        let y = m.follower.variable("y", bounds: -1...1)
        m.leader.minimize((x - 2) * (x - 2) + (y + 1) * (y + 1))
        m.follower.minimize(0.5 * (y - x) * (y - x))
        let r = try m.solve(SolveOptions(timeLimit: 60))
        #expect(r.status == .optimal)
        #expect(close(r.objective, 4))
        #expect(abs((r.value(of: x) ?? 0) - 2) < 1e-3)
        #expect(abs((r.value(of: y) ?? 0) - 1) < 1e-6)
    }

    /// The primer's monopolist in the Swift DSL (a = 10, ymax = 5): price, quantity.
    static func monopolist() -> (BilevelModel, VariableRef, VariableRef) {
        var m = BilevelModel(name: "monopolist")
        let price = m.leader.variable("x", bounds: 0...20)
        let quantity = m.follower.variable("y", bounds: 0...5)
        m.leader.maximize(price * quantity)
        m.follower.maximize(10 * quantity - price * quantity)
        return (m, price, quantity)
    }

    @Test func monopolistFromSwift() throws {
        let (m, price, quantity) = Self.monopolist()
        let r = try m.solve(SolveOptions(timeLimit: 60))
        #expect(r.status == .optimal)
        #expect(close(r.objective, 50))
        #expect(close(r.value(of: price), 10) && close(r.value(of: quantity), 5))
    }

    @Test func nonConvexFollowerIsRefused() throws {
        var m = BilevelModel(name: "concave")
        let x = m.leader.variable("x", bounds: 0...1)
        let y = m.follower.variable("y", bounds: 0...1)
        m.leader.minimize(x + y)
        m.follower.minimize(-1 * y * y + x * y)
        #expect { try m.solve() } throws: { error in
            guard case let BilevelError.unsupported(message) = error else { return false }
            return message.contains("not convex") && message.contains("saddle")
        }
    }

    @Test func quadraticObjectivesRoundTripInText() throws {
        let model = try ModelFile.read(path: Repository.path("models/seed/hidden_nonconvexity.blp"))
        let again = try TextFormat.parse(try TextFormat.write(model))
        #expect(again.leaderObjective.quadratic == model.leaderObjective.quadratic)
        #expect(again.followerObjective.quadratic == model.followerObjective.quadratic)
        #expect(again.isEquivalent(to: model))
    }
}

/// dy*/dx from the active KKT system, against finite differences of the follower's response
/// (computed by solving with the leader's variables fixed at x ± h).
@Suite struct SensitivityTests {
    /// The follower's response at a fixed leader choice: solve with the leader's bounds pinned.
    static func response(_ model: BilevelModel, x: [Double]) throws -> [Double] {
        var m = model
        for (k, j) in m.variableIndices(of: .leader).enumerated() { m.variables[j].lower = x[k]; m.variables[j].upper = x[k] }
        let r = try m.solve(SolveOptions(method: .branch, timeLimit: 30, threads: 1))
        try #require(r.status == .optimal)
        return m.variableIndices(of: .follower).map { r.values![$0] }
    }

    @Test(arguments: [(0.3, 1.0), (-0.5, 1.0), (2.0, 0.0), (-3.0, 0.0)])
    func clippedFollower(x: Double, expected: Double) throws {
        let model = try ModelFile.read(path: Repository.path("models/seed/hidden_nonconvexity.blp"))
        let point = [x, min(1, max(-1, x))]
        let s = try model.sensitivity(at: point)
        #expect(s.differentiable)
        #expect(abs(s.dyDx[0][0] - expected) < 1e-9)
        let h = 1e-4
        let fd = (try Self.response(model, x: [x + h])[0] - Self.response(model, x: [x - h])[0]) / (2 * h)
        #expect(abs(fd - s.dyDx[0][0]) < 1e-5, "finite difference \(fd)")
    }

    @Test func kinkIsNotDifferentiable() throws {
        let model = try ModelFile.read(path: Repository.path("models/seed/hidden_nonconvexity.blp"))
        let s = try model.sensitivity(at: [1, 1])
        #expect(!s.differentiable)
        #expect(s.reason?.contains("kink") == true)
    }

    @Test func reactionFunction() throws {
        let model = try ModelFile.read(path: Repository.path("models/seed/reaction_function.blp"))
        let result = try model.solve({ var o = SolveOptions(timeLimit: 30); o.sensitivity = true; return o }())
        #expect(result.sensitivity?.differentiable == true)
        #expect(abs((result.sensitivity?.dyDx[0][0] ?? 0) - 1) < 1e-9)
    }

    /// An LP follower: at generic leader choices of generated instances (bilevel optima themselves
    /// sit at kinks), dy*/dx matches finite differences in every leader direction.
    @Test func linearFollowerAgainstFiniteDifferences() throws {
        var checked = 0
        for seed in 1...6 {
            let model = InstanceGenerator.randomLinear(leader: 3, follower: 3, rows: 4, couplingRows: 0, seed: UInt64(seed))
            let xs = [3.1, 4.7, 6.3]
            let y = try Self.response(model, x: xs)
            var point = [Double](repeating: 0, count: model.variables.count)
            for (k, j) in model.variableIndices(of: .leader).enumerated() { point[j] = xs[k] }
            for (k, j) in model.variableIndices(of: .follower).enumerated() { point[j] = y[k] }
            let s = try model.sensitivity(at: point)
            guard s.differentiable else { continue }
            for l in 0..<xs.count where xs[l] > 0.01 && xs[l] < 9.99 {
                let h = 1e-5
                var up = xs, down = xs
                up[l] += h; down[l] -= h
                let yu = try Self.response(model, x: up), yd = try Self.response(model, x: down)
                for j in 0..<yu.count {
                    let fd = (yu[j] - yd[j]) / (2 * h)
                    #expect(abs(fd - s.dyDx[j][l]) < 1e-4 * max(1, abs(fd)), "seed \(seed) y\(j)/x\(l): \(fd) vs \(s.dyDx[j][l])")
                }
                checked += 1
            }
        }
        #expect(checked > 0)
    }
}

/// Follower multipliers in the leader's objective.
@Suite struct DualTermTests {
    @Test func degenerateMultipliersAreIllPosed() throws {
        let model = try ModelFile.read(path: Repository.path("models/seed/degenerate_multipliers.blp"))
        let r = try model.solve(SolveOptions(timeLimit: 30))
        #expect(r.status == .illPosed)
        #expect(r.objective == nil)
        #expect(r.message?.contains("once") == true && r.message?.contains("twice") == true)
    }

    /// Follower max y s.t. cap: y ≤ 3 + x, y ≥ 0: the shadow price of cap is 1 (one more unit of
    /// capacity, one more unit of y). Leader min x − 2·dual(cap) + y over x ∈ [0, 1]: y = 3 + x, so
    /// F = x − 2 + 3 + x = 1 + 2x, optimum 1 at x = 0 (by hand).
    @Test func wellPosedDualTerm() throws {
        var m = BilevelModel(name: "shadow")
        let x = m.leader.variable("x", bounds: 0...1)
        let y = m.follower.variable("y", bounds: 0...)
        let cap = m.follower.constraint("cap", y - x <= 3)
        m.follower.maximize(y)
        m.leader.minimize(x - 2 * m.dual(of: cap) + y)
        let r = try m.solve(SolveOptions(timeLimit: 30))
        #expect(r.status == .optimal)
        #expect(close(r.objective, 1))
        #expect(close(r.duals?[cap], 1))
        // The same model in the text format.
        let text = try TextFormat.write(m)
        #expect(text.contains("2 dual(cap)"))
        let again = try TextFormat.parse(text)
        #expect(close(try again.solve(SolveOptions(timeLimit: 30)).objective, 1))
    }
}
