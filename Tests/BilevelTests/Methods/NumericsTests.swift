import Testing
@testable import Bilevel
import BilevelTestSupport

/// Badly scaled data: every model of models/ with its rows multiplied by 10^k and its variables
/// rescaled by 10^m (k, m drawn in −6…6, so coefficients span about 1e-6…1e6). Both are
/// equivalent reformulations: the optimal value is unchanged. The solver must give that value,
/// verified, or an honest status — never a wrong claim.
@Suite struct NumericsTests {
    /// The .aux models of models/INDEX.tsv (a missing or empty index throws: the test fails, it is
    /// not run with zero cases).
    static func entries() throws -> [IndexEntry] { try Repository.modelIndex().filter { $0.file.hasSuffix(".aux") } }

    /// Rows ×10^k; variable v = 10^m · v' (bounds ÷10^m, coefficients ×10^m).
    static func rescaled(_ model: BilevelModel, seed: UInt64) -> BilevelModel {
        var rng = SeededGenerator(seed: seed)
        var m = model
        let columnScale = m.variables.map { v in v.isInteger ? 1.0 : pow10(rng.int(-6...6)) }
        for j in m.variables.indices {
            m.variables[j].lower /= columnScale[j]
            m.variables[j].upper /= columnScale[j]
        }
        func scaleTerms(_ t: [LinearTerm]) -> [LinearTerm] {
            t.map { LinearTerm(variable: $0.variable, coefficient: $0.coefficient * columnScale[$0.variable]) }
        }
        for i in m.constraints.indices {
            let r = pow10(rng.int(-6...6))
            m.constraints[i].terms = scaleTerms(m.constraints[i].terms).map {
                LinearTerm(variable: $0.variable, coefficient: $0.coefficient * r)
            }
            m.constraints[i].lower *= r
            m.constraints[i].upper *= r
        }
        m.leaderObjective.terms = scaleTerms(m.leaderObjective.terms)
        m.followerObjective.terms = scaleTerms(m.followerObjective.terms)
        return m
    }

    static func pow10(_ k: Int) -> Double { (0..<abs(k)).reduce(1.0) { a, _ in k < 0 ? a / 10 : a * 10 } }

    @Test(arguments: try entries())
    func rescaledModelsKeepTheirOptimum(_ entry: IndexEntry) throws {
        let (file, known) = (entry.file, entry.known)
        let model = try ModelFile.read(path: Repository.path("models/" + file))
        for seed in 1...6 {
            let scaled = Self.rescaled(model, seed: UInt64(seed))
            let result = try scaled.solve(SolveOptions(method: .branch, timeLimit: 30, threads: 1))
            if let k = Double(known) {
                switch result.status {
                case .optimal:
                    #expect(close(result.objective, k, 1e-5),
                            "\(file) seed \(seed): \(String(describing: result.objective)) vs \(k)")
                    #expect(result.verified)
                case .feasible, .unknown, .timeLimit:
                    // Honest: no optimality claimed; a reported point must still be verified and
                    // cannot beat the optimum (the index's known optimum k, unchanged by the scaling),
                    // and a reported bound must not cut k off.
                    let minimizing = scaled.leaderObjective.sense == .minimize
                    let tol = 1e-5 * max(1, abs(k))
                    if result.values != nil {
                        #expect(result.verified, "\(file) seed \(seed): unverified point")
                        let o = try #require(result.objective, "\(file) seed \(seed): a point without its value")
                        #expect(minimizing ? o >= k - tol : o <= k + tol, "\(file) seed \(seed): \(o) beats \(k)")
                    }
                    if let b = result.bound, b.isFinite {
                        #expect(minimizing ? b <= k + tol : b >= k - tol,
                                "\(file) seed \(seed): bound \(b) cuts \(k) off")
                    }
                default:
                    Issue.record("\(file) seed \(seed): wrong status \(result.status)")
                }
            } else {
                #expect(result.status.rawValue == known, "\(file) seed \(seed): \(result.status)")
            }
        }
    }
}

/// Limits from the library API.
@Suite struct SearchLimitTests {
    /// A generated instance far beyond a few hundred nodes (`SolveAsyncTests.longLinear`) stops with
    /// `memory_limit` when the node pool may hold almost nothing.
    @Test func memoryLimitStopsWithItsStatus() throws {
        let model = SolveAsyncTests.longLinear
        var options = SolveOptions(method: .branch, timeLimit: 60, threads: 1)
        options.nodeMemoryLimit = 4_000
        let result = try model.solve(options)
        #expect(result.status == .memoryLimit)
        #expect(result.bound != nil)
        #expect(result.values == nil || result.verified)
    }

    @Test func interruptionFromTheAPI() throws {
        let model = SolveAsyncTests.longLinear
        var options = SolveOptions(method: .branch, timeLimit: 60, threads: 2)
        let start = ContinuousClock.now
        options.shouldStop = { ContinuousClock.now - start > .milliseconds(300) }
        let result = try model.solve(options)
        #expect(result.status == .interrupted)
        #expect(result.time < 5)
    }
}
