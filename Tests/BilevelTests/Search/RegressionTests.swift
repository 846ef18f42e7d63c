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

/// The three exact methods agree: on small generated instances with an integer leader (where the
/// strong-duality MILP is exact with proven multiplier bounds), branch, duality and — when its Ms are
/// proven — bigm certify the same optimum, or the same infeasibility (seeds 1 and 7 are bilevel
/// infeasible: SCIP on the KKT system with SOS1, kkt_ref.py, says so too).
@Suite struct MethodAgreementTests {
    @Test(arguments: 1...8)
    func methodsAgree(seed: Int) throws {
        let model = InstanceGenerator.randomLinear(leader: 4, follower: 4, rows: 4, integerLeader: true, seed: UInt64(seed))
        let branch = try model.solve(SolveOptions(method: .branch, timeLimit: 60, threads: 1))
        #expect(branch.status == ([1, 7].contains(seed) ? .infeasible : .optimal))
        let duality = try model.solve(SolveOptions(method: .duality, timeLimit: 60))
        if duality.method == .duality {
            #expect(duality.status == branch.status)
            if branch.status == .optimal {
                #expect(close(duality.objective, branch.objective ?? .nan), "seed \(seed): \(String(describing: duality.objective)) vs \(String(describing: branch.objective))")
            }
        } else {
            #expect(duality.message?.contains("not exact here") == true)
        }
        let bigm = try model.solve(SolveOptions(method: .bigm, timeLimit: 60))
        if bigm.bigM == .proven {
            #expect(bigm.status == branch.status)
            if branch.status == .optimal { #expect(close(bigm.objective, branch.objective ?? .nan)) }
        }
    }

    @Test func dualityFallsBackWithAReason() throws {
        let model = try ModelFile.read(path: Repository.path("models/bard_1984_ex1.aux"))
        let r = try model.solve(SolveOptions(method: .duality, timeLimit: 30))
        #expect(r.method == .branch)
        #expect(r.status == .optimal)
        #expect(r.message?.contains("not an integer with finite bounds") == true)
    }
}
