import Foundation
import Testing
@testable import Bilevel
import BilevelTestSupport

/// The primer's examples (models/seed/), from files and from the Swift DSL. Expected values are
/// derived by hand in each file's header and in models/seed/INDEX.tsv.
@Suite struct PrimerTests {
    /// The seed models with a numeric expected optimum (the others, status words, are tested by name:
    /// degenerate_multipliers.blp in DualTermTests). A missing or empty index throws: the test fails.
    static func seeds() throws -> [IndexEntry] { try Repository.seedIndex().filter { $0.optimum != nil } }

    /// Every model file of models/seed/ is in the index, and the only one without a number is tested by name.
    @Test func everySeedModelIsCovered() throws {
        let all = try Repository.seedIndex()
        let files = try FileManager.default.contentsOfDirectory(atPath: Repository.path("models/seed"))
        #expect(Set(files.filter { $0.hasSuffix(".blp") }) == Set(all.map(\.file)))
        #expect(all.filter { $0.optimum == nil }.map(\.file) == ["degenerate_multipliers.blp"])
    }

    @Test(arguments: try seeds())
    func seedModelsGiveTheirExpectedOutcome(_ entry: IndexEntry) throws {
        let (file, expected) = (entry.file, try #require(entry.optimum))
        let model = try ModelFile.read(path: Repository.path("models/seed/" + file))
        for threads in [1, 2] {
            let result = try model.solve(SolveOptions(method: .branch, timeLimit: 60, threads: threads))
            #expect(result.status == .optimal, "\(file): \(result.status) \(result.message ?? "")")
            #expect(close(result.objective, expected), "\(file): \(String(describing: result.objective))")
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
