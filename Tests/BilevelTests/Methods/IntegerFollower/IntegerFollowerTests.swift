import Foundation
import Testing
@testable import Bilevel
import BilevelTestSupport

/// Integer followers from every input (Swift DSL, .blp, MPS+AUX, MibS interdiction AUX), the class
/// the method accepts and what it refuses, statuses other than optimal, and limits. Expected values
/// are derived by hand (stated next to each) or come from the sources named in the data folders.
@Suite struct IntegerFollowerTests {
    /// Moore & Bard (1990), "The mixed integer linear bilevel programming problem", Oper. Res. 38(5),
    /// example: min −x − 10y, y ∈ argmin{y : −25x + 20y ≤ 30, x + 2y ≤ 10, 2x − y ≤ 15,
    /// 2x + 10y ≥ 15}, x, y integer; optimum −22 at (2, 2) (also MibS's documentation).
    static func mooreBard() -> (BilevelModel, VariableRef, VariableRef) {
        var m = BilevelModel(name: "moore_bard")
        let x = m.leader.variable("x", bounds: 0...10, integer: true)
        let y = m.follower.variable("y", bounds: 0..., integer: true)
        m.leader.minimize(-1 * x - 10 * y)
        m.follower.minimize(1 * y)
        m.follower.constraint("c1", -25 * x + 20 * y <= 30)
        m.follower.constraint("c2", x + 2 * y <= 10)
        m.follower.constraint("c3", 2 * x - y <= 15)
        m.follower.constraint("c4", 2 * x + 10 * y >= 15)
        return (m, x, y)
    }

    @Test(arguments: [1, 2])
    func swiftDSLModelIsSolved(threads: Int) throws {
        let (m, x, y) = Self.mooreBard()
        let r = try m.solve(SolveOptions(timeLimit: 30, threads: threads))
        #expect(r.status == .optimal)
        #expect(r.method == .integer)
        #expect(close(r.objective, -22))
        #expect(r.value(of: x) == 2 && r.value(of: y) == 2)
        #expect(r.verified)
        #expect(r.verification?.followerOptimum == 2)
    }

    @Test func textFormatModelIsSolved() throws {
        let text = """
        model moore_bard
        leader
          variables x
          minimize -x - 10 y
          bounds
            x <= 10
          integer x
        follower
          variables y
          minimize y
          subject to
            c1: -25 x + 20 y <= 30
            c2: x + 2 y <= 10
            c3: 2 x - y <= 15
            c4: 2 x + 10 y >= 15
          integer y
        end
        """
        let r = try TextFormat.parse(text).solve(SolveOptions(timeLimit: 30))
        #expect(r.status == .optimal && close(r.objective, -22) && r.verified)
    }

    /// Every vendored literature instance with an integer follower reaches its known optimum (sources
    /// in Data/miblp-literature/KNOWN.tsv), with one and two threads.
    @Test(arguments: try Repository.tsvRows("Tests/BilevelTests/Data/miblp-literature/KNOWN.tsv", fields: 3))
    func literatureInstancesReachTheirKnownOptima(_ row: [String]) throws {
        let known = try #require(Double(row[2]))
        let folder = "Tests/BilevelTests/Data/miblp-literature/"
        let model = try ModelFile.read(path: Repository.path(folder + "\(row[0]).aux"))
        for threads in [1, 2] {
            let r = try model.solve(SolveOptions(timeLimit: 60, threads: threads))
            #expect(r.status == .optimal && r.verified, "\(row[0]): \(r.status) \(r.message ?? "")")
            #expect(close(r.objective, known), "\(row[0]): \(String(describing: r.objective)) vs \(known)")
        }
    }

    /// MibS interdiction files (IC/IB keys) and their explicit twins give the optimum computed by
    /// exhaustive enumeration in shared/instances/MANIFEST.tsv (K5010W01: 1401, all 2^10 interdiction
    /// sets; 2AP05-1: −36, 1908 budget-feasible sets; miblp_10_10_50_0110_0_1 (SYMMETRIC): 0, 176
    /// sets). The knapsack one exercises the interdiction cuts.
    @Test(arguments: [("K5010W01.KNP.txt", 1401.0), ("2AP05-1.txt", -36),
                      ("miblp_10_10_50_0110_0_1.aux", 0)])
    func interdictionInstancesAndTheirTwins(_ file: String, _ known: Double) throws {
        let dir = "Tests/BilevelTests/Data/Interdiction/"
        let twin = "expanded/" + file.replacingOccurrences(of: ".txt", with: ".aux")
        for path in [dir + file, dir + twin] {
            let r = try ModelFile.read(path: Repository.path(path)).solve(SolveOptions(timeLimit: 60))
            #expect(r.status == .optimal && r.verified, "\(path): \(r.status) \(r.message ?? "")")
            #expect(close(r.objective, known), "\(path): \(String(describing: r.objective))")
        }
    }

    /// MibS issue #45: min −x s.t. y ≤ 0 (a leader row), y ∈ argmax{y : y ≤ 2}, x ∈ {0…5}. The
    /// follower always answers y = 2, which the leader's row forbids: infeasible (MibS 1.1 answered
    /// x = 5, y = 0).
    @Test func couplingRowThatEveryResponseViolatesIsInfeasible() throws {
        var m = BilevelModel(name: "mibs45")
        let x = m.leader.variable("x", bounds: 0...5, integer: true)
        let y = m.follower.variable("y", bounds: 0...10, integer: true)
        m.leader.minimize(-1 * x)
        m.leader.constraint("u", 1 * y <= 0)
        m.follower.maximize(1 * y)
        m.follower.constraint("cap", 1 * y <= 2)
        let r = try m.solve(SolveOptions(timeLimit: 30))
        #expect(r.status == .infeasible)
        #expect(r.values == nil)
    }

    /// A follower without an optimum anywhere (max y over the integers y ≥ x): infeasible.
    @Test func followerWithoutOptimumIsInfeasible() throws {
        var m = BilevelModel(name: "unbounded_follower")
        let x = m.leader.variable("x", bounds: 0...3, integer: true)
        let y = m.follower.variable("y", bounds: 0..., integer: true)
        m.leader.minimize(1 * x + 1 * y)
        m.follower.maximize(1 * y)
        m.follower.constraint("atLeast", 1 * y - 1 * x >= 0)
        let r = try m.solve(SolveOptions(timeLimit: 30))
        #expect(r.status == .infeasible)
    }

    /// The hostile corpus's integer follower with an unbounded column (its MILP is unbounded at
    /// every x): read, and proven infeasible.
    @Test func hostileUnboundedIntegerFollowerIsInfeasible() throws {
        let path = Repository.path("Tests/BilevelTests/Hostile/integer_follower_unbounded.blp")
        let model = try ModelFile.read(path: path)
        #expect(try model.solve(SolveOptions(timeLimit: 30)).status == .infeasible)
    }

    /// The leader's own continuous variable w (not in follower rows) decreases without bound while
    /// the follower keeps its optimum: min x − w, w ≥ 0 free above, y = argmin{y : y ≥ x}.
    @Test func leaderObjectiveUnboundedOverBilevelFeasiblePoints() throws {
        var m = BilevelModel(name: "unbounded_leader")
        let x = m.leader.variable("x", bounds: 0...1, integer: true)
        let w = m.leader.variable("w", bounds: 0...)
        let y = m.follower.variable("y", bounds: 0...1, integer: true)
        m.leader.minimize(1 * x - 1 * w + 1 * y)
        m.follower.minimize(1 * y)
        m.follower.constraint("cover", 1 * y - 1 * x >= 0)
        let r = try m.solve(SolveOptions(timeLimit: 30))
        #expect(r.status == .unbounded)
        #expect(r.objective == -.infinity)
    }

    /// The issue's example of an infimum that is not attained: min x − y, x ∈ [0, 1] continuous,
    /// y the least value in {0, 1} with y ≥ x (−1 is approached as x → 0⁺, never reached). A
    /// continuous linking variable with an integer follower is refused, naming it.
    @Test func continuousLinkingVariableIsRefusedByName() throws {
        var m = BilevelModel(name: "not_attained")
        let x = m.leader.variable("x", bounds: 0...1)
        let y = m.follower.variable("y", bounds: 0...1, integer: true)
        m.leader.minimize(1 * x - 1 * y)
        m.follower.minimize(1 * y)
        m.follower.constraint("cover", 1 * y - 1 * x >= 0)
        #expect {
            try m.solve(SolveOptions(timeLimit: 30))
        } throws: { error in
            "\(error)".contains("linking variables x are continuous")
        }
    }

    /// No KKT system exists for an integer follower: the methods and readings built on one refuse,
    /// saying so, instead of answering as if the follower were continuous.
    @Test func kktBasedRequestsAreRefusedWithTheReason() throws {
        let (m, _, _) = Self.mooreBard()
        var requests: [SolveOptions] = [.init(method: .branch), .init(method: .bigm), .init(method: .duality)]
        var pessimistic = SolveOptions(); pessimistic.pessimistic = true
        var sensitivity = SolveOptions(); sensitivity.sensitivity = true
        requests += [pessimistic, sensitivity]
        for options in requests {
            #expect {
                try m.solve(options)
            } throws: { error in
                "\(error)".contains("an integer follower has none")
            }
        }
        #expect {
            try Reformulation.write(m, kind: .sos1, to: NSTemporaryDirectory() + "/refused.lp")
        } throws: { error in
            "\(error)".contains("an integer follower has none")
        }
    }

    /// dual(row) of an integer follower's row has no meaning: refused.
    @Test func followerMultipliersOfAnIntegerFollowerAreRefused() throws {
        var (m, _, _) = Self.mooreBard()
        m.leaderObjective.duals = [DualTerm(constraint: 0, coefficient: 1)]
        #expect(throws: BilevelError.self) { try m.solve() }
    }

    /// A node limit stops the search with a claim-free status; the point reported, if any, is
    /// verified and no better than the optimum (a generated model with many linking values).
    @Test func nodeLimitStopsWithoutAClaim() throws {
        var m = BilevelModel(name: "wide")
        let xs = m.leader.variables("x", count: 4, lower: 0, upper: 20, integer: true)
        let ys = m.follower.variables("y", count: 4, lower: 0, upper: 20, integer: true)
        func dot(_ c: [Double], _ v: [VariableRef]) -> LinearExpression { zip(c, v).map { $0 * $1 }.sum() }
        m.leader.minimize(dot([-3, 2, -1, 4], xs) + dot([-5, -2, 3, -4], ys))
        m.follower.maximize(dot([1, 2, 1, 3], ys))
        m.follower.constraint("r1", dot([2, 1, 3, 1], ys) + 1 * xs[0] - 2 * xs[1] <= 23)
        m.follower.constraint("r2", dot([1, 3, 1, 2], ys) - 1 * xs[2] + 1 * xs[3] <= 19)
        let limited = try m.solve(SolveOptions(nodeLimit: 2, threads: 1))
        #expect([.nodeLimit, .optimal, .infeasible].contains(limited.status))
        let full = try m.solve(SolveOptions(timeLimit: 60))
        #expect(full.status == .optimal)
        if limited.status == .nodeLimit, let o = limited.objective, let best = full.objective {
            #expect(limited.verified && o >= best - 1e-9)
        }
    }
}
