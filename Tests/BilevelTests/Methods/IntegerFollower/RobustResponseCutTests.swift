import Foundation
import Testing
@testable import Bilevel
import BilevelTestSupport

/// The robust response row `d·y ≤ d·ŷ` against enumeration (no LP solver): at every integral linking
/// vector of the relaxation's box where the follower has a response, its optimum φ(x) must satisfy it.
@Suite struct RobustResponseCutTests {
    /// φ(x) by enumerating every integral `y` of a pure-integer follower (nil: no response at `x`).
    static func followerOptimum(_ c: CanonicalProblem, x: [Double]) -> Double? {
        var best: Double?
        var y = (0..<c.ny).map { c.yLower[$0].rounded(.up) }
        while true {
            let feasible = c.followerRows.allSatisfy { row in
                let value = row.x.reduce(0.0) { $0 + $1.value * x[$1.index] }
                    + row.y.reduce(0.0) { $0 + $1.value * y[$1.index] }
                return value >= row.lower - 1e-9 && value <= row.upper + 1e-9
            }
            if feasible {
                let value = (0..<c.ny).reduce(0.0) { $0 + c.d[$1] * y[$1] }
                best = min(best ?? value, value)
            }
            // Next y in the box, odometer order.
            var k = 0
            while k < c.ny && y[k] + 1 > c.yUpper[k] { y[k] = c.yLower[k].rounded(.up); k += 1 }
            if k == c.ny { return best }
            y[k] += 1
        }
    }

    /// Every integral vector of the linking variables' box, the other leader variables at 0.
    static func linkingVectors(_ hpr: HighPointRelaxation) -> [[Double]] {
        var vectors: [[Double]] = [[Double](repeating: 0, count: hpr.canonical.nx)]
        for k in hpr.linking {
            let values = stride(from: hpr.columnLower[k], through: hpr.columnUpper[k], by: 1)
            vectors = vectors.flatMap { v in values.map { var w = v; w[k] = $0; return w } }
        }
        return vectors
    }

    @Test func neverCutsOffAFollowerOptimumOnRandomPureIntegerModels() throws {
        var checked = 0, withCut = 0
        for seed: UInt64 in 1...400 {
            let c = CanonicalProblem(RandomMIBLP.model(seed: seed))
            guard c.yInteger.allSatisfy({ $0 }), c.linkingX.allSatisfy({ c.xInteger[$0] }) else { continue }
            var hpr = HighPointRelaxation(c)
            guard try hpr.tightenLinkingBounds(timeLimit: nil).isEmpty else { continue }
            checked += 1
            guard let cut = try RobustResponseCut.make(hpr, timeLimit: nil, shouldStop: nil) else { continue }
            withCut += 1
            for x in Self.linkingVectors(hpr) {
                guard let phi = Self.followerOptimum(c, x: x) else { continue }
                #expect(phi <= cut.upper + 1e-9, "seed \(seed): φ(\(x)) = \(phi) > \(cut.upper)")
            }
        }
        // Not vacuous: most of these models get a row.
        print("robust rows: \(withCut) on \(checked) models")
        #expect(checked >= 100)
        #expect(withCut >= checked / 2, "\(withCut) rows on \(checked) models")
    }

    /// A covering follower that maximizes what it covers (the shape of IBLP-FIS stein45): each
    /// `x_i + y_i ≥ 1` is met by `y_i = 1` whatever `x`, and `Σx + Σy ≥ 5` cannot be met by `y` alone
    /// (dominant: met at `x` only if met with every `y` at 1). So `ŷ = 1` is feasible wherever the
    /// follower is, and its row is `−Σy ≤ −3` in the follower's minimizing form.
    @Test func aDominantRowFixesItsVariablesTowardsItsSide() throws {
        var m = BilevelModel(name: "covering")
        let x = m.leader.variables("x", count: 3, lower: 0, upper: 1, integer: true)
        let y = m.follower.variables("y", count: 3, lower: 0, upper: 1, integer: true)
        m.leader.minimize(x.map { 1 * $0 }.sum() - y.map { 1 * $0 }.sum())
        m.follower.maximize(y.map { 1 * $0 }.sum())
        for i in 0..<3 { m.follower.constraint("cover\(i)", x[i] + y[i] >= 1) }
        m.follower.constraint("total", x.map { 1 * $0 }.sum() + y.map { 1 * $0 }.sum() >= 5)
        var hpr = HighPointRelaxation(CanonicalProblem(m))
        _ = try hpr.tightenLinkingBounds(timeLimit: nil)
        let cut = try #require(try RobustResponseCut.make(hpr, timeLimit: nil, shouldStop: nil))
        #expect(cut.upper == -3)
        #expect(cut.coefficients.map(\.value) == [-1, -1, -1])
        // The answer (enumerated by the oracle) is unchanged by the row.
        guard case let .optimal(value, _) = MIBLPOracle.solve(m) else { Issue.record("oracle"); return }
        let result = try m.solve(SolveOptions(method: .integer, timeLimit: 10))
        #expect(result.status == .optimal && result.objective == value)
    }

    /// An equality row that no `y` meets at every `x` has no dominant side: no row.
    @Test func anEqualityRowMetOnlyAtSomeLeaderChoicesGivesNoRow() throws {
        var m = BilevelModel(name: "equality")
        let x = m.leader.variable("x", bounds: 0...2, integer: true)
        let y = m.follower.variable("y", bounds: 0...1, integer: true)
        m.leader.minimize(x + y)
        m.follower.maximize(1 * y)
        m.follower.constraint("tie", x + y == 2)
        var hpr = HighPointRelaxation(CanonicalProblem(m))
        _ = try hpr.tightenLinkingBounds(timeLimit: nil)
        #expect(try RobustResponseCut.make(hpr, timeLimit: nil, shouldStop: nil) == nil)
    }
}
