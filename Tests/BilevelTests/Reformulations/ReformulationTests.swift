import Foundation
import Testing
@testable import Bilevel
import BilevelTestSupport

/// Golden reformulation tests: a small model goes in, the expected text comes out.
@Suite struct ReformulationTests {
    /// Bard (1984), Example 1 as KKT + SOS1 in CPLEX LP: the four ≤ rows get slack columns, y ≥ 0 is
    /// its own slack; stationarity of y reads −1 + Σ B_i β_i − γ = 0, written as … = 1.
    @Test func sos1LPGolden() throws {
        let model = try ModelFile.read(path: Repository.path("models/bard_1984_ex1.aux"))
        let (data, state) = try Reformulation.milp(model, kind: .sos1)
        #expect(state == nil)
        let expected = """
        \\ bard_1984_ex1: single-level KKT reformulation written by bilevel \(BilevelVersion.string)
        Minimize
         obj: 1 x + 1 y
        Subject To
         c1: - 1 x - 0.5 y <= -2
         c2: - 0.25 x + 1 y <= 2
         c3: 1 x + 0.5 y <= 8
         c4: 1 x - 2 y <= 2
         stationarity(y): - 0.5 dual_up(c1) + 1 dual_up(c2) + 0.5 dual_up(c3) - 2 dual_up(c4) - 1 dual_lb(y) = 1
         slackdef(c1(upper)): 1 slack(c1(upper)) - 1 x - 0.5 y = -2
         slackdef(c2(upper)): 1 slack(c2(upper)) - 0.25 x + 1 y = 2
         slackdef(c3(upper)): 1 slack(c3(upper)) + 1 x + 0.5 y = 8
         slackdef(c4(upper)): 1 slack(c4(upper)) + 1 x - 2 y = 2
        Bounds
        SOS
         cc(c1(upper)): S1:: dual_up(c1):1 slack(c1(upper)):2
         cc(c2(upper)): S1:: dual_up(c2):1 slack(c2(upper)):2
         cc(c3(upper)): S1:: dual_up(c3):1 slack(c3(upper)):2
         cc(c4(upper)): S1:: dual_up(c4):1 slack(c4(upper)):2
         cc(y(lower)): S1:: dual_lb(y):1 y:2
        End

        """
        #expect(MILPWriter.lp(data) == expected)
    }

    /// The big-M MILP with a given M, loaded into GLPK, reaches the known optimum 28/9 of Bard (1984)
    /// (the M = 100 is large enough here: the multipliers at the optimum are at most 1 by hand).
    @Test func bigMWithGivenM() throws {
        let model = try ModelFile.read(path: Repository.path("models/bard_1984_ex1.aux"))
        let (data, state) = try Reformulation.milp(model, kind: .bigMGiven(100))
        #expect(state == .userGiven(100))
        #expect(data.columns.filter(\.isInteger).count == 5)
        let lp = try data.makeLinearProblem()
        let r = lp.solveMIP()
        #expect(r.status == .optimal)
        #expect(close(r.objective, 28.0 / 9))
    }

    /// The big-M file proves its Ms on the KKT system `solve --method bigm` uses: presolved (a side the
    /// others imply gives its multiplier a ray, and the file then fell back to M = 1e5 on every one of
    /// these generated models), and its MILP, solved by GLPK, reaches the optimum of the complementarity
    /// search (a second engine, no M).
    @Test(arguments: InstanceGenerator.LinearForm.allCases)
    func bigMFileIsProvenOnGeneratedForms(_ form: InstanceGenerator.LinearForm) throws {
        for seed: UInt64 in [1, 2] {
            let model = InstanceGenerator.linearForm(form, shape: .size(6), seed: seed)
            let (data, state) = try Reformulation.milp(model, kind: .bigM(fallback: 1e5))
            #expect(state == .proven, "\(form) seed \(seed)")
            let milp = try data.makeLinearProblem().solveMIP()
            let search = try model.solve(SolveOptions(method: .branch))
            #expect(milp.status == .optimal && search.status == .optimal, "\(form) seed \(seed)")
            if let objective = search.objective {
                #expect(close(milp.objective, objective), "\(form) seed \(seed): \(milp.objective) vs \(objective)")
            }
        }
    }

    @Test func mpsHasEverySection() throws {
        let model = try ModelFile.read(path: Repository.path("models/clark_westerberg_1990.aux"))
        let (data, _) = try Reformulation.milp(model, kind: .sos1)
        let text = MILPWriter.mps(data)
        for section in ["NAME", "ROWS", "COLUMNS", "RHS", "BOUNDS", "SOS", "ENDATA"] {
            #expect(text.contains("\n\(section)") || text.hasPrefix(section), "missing \(section)")
        }
        #expect(text.contains(" S1 SOS cc[y1[upper]] 1"))
    }
}
