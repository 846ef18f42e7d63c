import Testing
@testable import Bilevel

/// Solves every model of models/ with every method and compares with models/INDEX.tsv (optima from
/// the literature, each cross-checked by SCIP on the KKT system with SOS1; sources in the index).
@Suite struct RegressionTests {
    static let entries: [(file: String, known: String)] = (try? Repository.modelIndex()) ?? []

    @Test func indexIsNotEmpty() { #expect(Self.entries.count >= 10) }

    @Test(arguments: entries.map(\.file))
    func branchAndBoundMatchesTheIndex(file: String) throws {
        let known = Self.entries.first { $0.file == file }!.known
        let model = try ModelFile.read(path: Repository.path("models/" + file))
        for threads in [1, 2] {
            let result = try model.solve(SolveOptions(method: .branch, timeLimit: 60, threads: threads))
            check(result, known: known, file: file)
        }
    }

    @Test(arguments: entries.map(\.file))
    func bigMNeverContradictsTheIndex(file: String) throws {
        let known = Self.entries.first { $0.file == file }!.known
        let model = try ModelFile.read(path: Repository.path("models/" + file))
        let result = try model.solve(SolveOptions(method: .bigm, timeLimit: 60))
        switch result.status {
        case .optimal, .infeasible:
            // Claims are allowed only with proven Ms.
            #expect(result.bigM == .proven)
            check(result, known: known, file: file)
        case .feasible:
            // A verified point cannot beat the optimum (optimistic reading).
            #expect(result.verified)
            if let k = Double(known), let o = result.objective {
                let leaderMax = model.leaderObjective.sense == .maximize
                #expect(leaderMax ? o <= k + 1e-6 * max(1, abs(k)) : o >= k - 1e-6 * max(1, abs(k)))
            }
        default:
            #expect(result.status == .unknown)
        }
    }

    private func check(_ result: BilevelResult, known: String, file: String) {
        if let k = Double(known) {
            #expect(result.status == .optimal, "\(file): \(result.status)")
            #expect(close(result.objective, k), "\(file): \(String(describing: result.objective)) vs \(k)")
            #expect(result.verified, "\(file)")
            #expect(result.gap.map { $0 <= 1e-6 } == true, "\(file)")
        } else {
            #expect(result.status.rawValue == known, "\(file): \(result.status)")
        }
    }
}
