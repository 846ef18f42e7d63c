import Testing
@testable import Bilevel
import BilevelTestSupport

@Suite struct DSLTests {
    @Test func expressionsMergeAndScale() {
        var m = BilevelModel()
        let x = m.leader.variable("x")
        let y = m.follower.variable("y")
        let e = 2 * x + y - x + 3 - 0.5 * (y + 4)
        #expect(e.terms == [LinearTerm(variable: x.index, coefficient: 1),
                            LinearTerm(variable: y.index, coefficient: 0.5)])
        #expect(e.constant == 1)
        #expect((x - x).terms.isEmpty)
        let c = 2 * x + 1 <= y - 3
        #expect(c.upper == -4 && c.lower == -.infinity)
        #expect(c.expression.terms == [LinearTerm(variable: x.index, coefficient: 2),
                                       LinearTerm(variable: y.index, coefficient: -1)])
        let eq = x == 5
        #expect(eq.lower == 5 && eq.upper == 5)
        let ge = 3 >= x
        #expect(ge.lower == -3 && ge.upper == .infinity && ge.expression.terms[0].coefficient == -1)
    }

    @Test func sumsOverArrays() {
        var m = BilevelModel()
        let xs = m.leader.variables("x", count: 4, upper: 1, integer: true)
        let total = xs.sum()
        #expect(total.terms.map(\.coefficient) == [1, 1, 1, 1])
        let weighted = zip([1.0, 2, 3, 4], xs).map { $0 * $1 }.sum()
        #expect(weighted.terms.map(\.coefficient) == [1, 2, 3, 4])
        #expect(m.variables.map(\.name) == ["x[0]", "x[1]", "x[2]", "x[3]"])
        #expect(m.variables.allSatisfy { $0.isInteger && $0.upper == 1 && $0.level == .leader })
    }

    /// Bard (1984), Example 1, built in Swift: the same optimum 28/9 as models/bard_1984_ex1.aux.
    @Test func buildsAndSolvesALiteratureModel() throws {
        var m = BilevelModel(name: "bard1984")
        let x = m.leader.variable("x", bounds: 0...)
        let y = m.follower.variable("y", bounds: 0...)
        m.leader.minimize(x + y)
        m.follower.maximize(y)
        m.follower.constraint("c1", -x - 0.5 * y <= -2)
        m.follower.constraint("c2", -0.25 * x + y <= 2)
        m.follower.constraint("c3", x + 0.5 * y <= 8)
        m.follower.constraint("c4", x - 2 * y <= 2)
        let result = try m.solve(SolveOptions(timeLimit: 30))
        #expect(result.status == .optimal)
        #expect(close(result.objective, 28.0 / 9))
        #expect(close(result.value(of: x), 8.0 / 9))
        #expect(close(result.value(of: y), 20.0 / 9))
        #expect(close(result.value(of: x + y), 28.0 / 9))
        let file = try ModelFile.read(path: Repository.path("models/bard_1984_ex1.aux"))
        #expect(m.isEquivalent(to: file))
    }

    @Test func rangesAndIntegerLeaders() throws {
        // Leader picks integer k ∈ [0, 5]; follower maximizes y ≤ 2.5 k with y ∈ [0, 7]; leader
        // maximizes y − k. By hand: y = min(2.5 k, 7): k = 2 gives 5 − 2 = 3, k = 3 gives 7 − 3 = 4,
        // k = 4 gives 3: optimum 4 at k = 3.
        var m = BilevelModel(name: "ranges")
        let k = m.leader.variable("k", bounds: 0...5, integer: true)
        let y = m.follower.variable("y", bounds: 0...7)
        m.leader.maximize(y - k)
        m.follower.maximize(y)
        m.follower.constraint("cap", y - 2.5 * k, in: -100...0)
        let result = try m.solve(SolveOptions(timeLimit: 30))
        #expect(result.status == .optimal)
        #expect(close(result.objective, 4))
        #expect(result.value(of: k) == 3)
    }
}
