import Testing
@testable import Bilevel
import BilevelTestSupport

/// dy*/dx from the active KKT system, against finite differences of the follower's response
/// (computed by solving with the leader's variables fixed at x ± h).
@Suite struct SensitivityTests {
    /// The follower's response at a fixed leader choice: solve with the leader's bounds pinned.
    static func response(_ model: BilevelModel, x: [Double]) throws -> [Double] {
        var m = model
        for (k, j) in m.variableIndices(of: .leader).enumerated() {
            m.variables[j].lower = x[k]
            m.variables[j].upper = x[k]
        }
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
            let model = InstanceGenerator.randomLinear(leader: 3, follower: 3, rows: 4, couplingRows: 0,
                                                       seed: UInt64(seed))
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
                    #expect(abs(fd - s.dyDx[j][l]) < 1e-4 * max(1, abs(fd)),
                            "seed \(seed) y\(j)/x\(l): \(fd) vs \(s.dyDx[j][l])")
                }
                checked += 1
            }
        }
        #expect(checked > 0)
    }
}
