import Testing
@testable import Bilevel

/// `KKTSystem.mergeParallelColumnPairs`: follower variables that copy one another share one pair per
/// bound. The generated LP–LP forms have such copies ("twins": `InstanceGenerator.linearForm`), with
/// lower bounds only (packing, covering) or boxed (mixed).
@Suite struct ParallelColumnsTests {
    /// The merged system's pairs: one per bound of each group, over a row `Σ y_k` of the group's
    /// members, whose columns are equal in every follower row.
    @Test(arguments: [InstanceGenerator.LinearForm.packing, .covering, .mixed])
    func copiesShareOnePairPerBound(_ form: InstanceGenerator.LinearForm) throws {
        var mergedModels = 0
        for seed in UInt64(1)...6 {
            let model = InstanceGenerator.linearForm(form, shape: .size(10), seed: seed)
            let plain = try PreparedProblem(model).kkt(SolveOptions())
            var kkt = plain
            let merged = kkt.mergeParallelColumnPairs()
            #expect(kkt.pairs.count == plain.pairs.count - merged)
            #expect(kkt.rowCount == plain.rowCount + kkt.aggregateRows)
            guard merged > 0 else { continue }
            mergedModels += 1
            for row in plain.rowCount..<kkt.rowCount {
                let entries = kkt.matrix.filter { $0.row == row }
                #expect(entries.count >= 2 && entries.allSatisfy { $0.value == 1 })
                let members = entries.map { $0.column - kkt.nx }
                let columns = members.map { k in
                    kkt.canonical.followerRows.map { r in r.y.first { $0.index == k }?.value ?? 0 }
                }
                #expect(Set(columns.map { $0.description }).count == 1, "a merged group's columns differ")
                #expect(Set(members.map { kkt.canonical.d[$0] }).count == 1)
                #expect(kkt.pairs.contains { pair in
                    if case let .rowLower(r, _) = pair.slack { return r == row } else { return false }
                })
            }
        }
        #expect(mergedModels > 0, "no generated \(form) model had copies to merge")
    }

    /// The search finds the same optimum with the copies merged as with each copy's own pairs (the
    /// latter is checked against an enumeration oracle, `ContinuousFollowerOracleTests`), on models
    /// where pairs were merged.
    @Test(arguments: [InstanceGenerator.LinearForm.packing, .covering, .mixed])
    func mergingKeepsTheOptimum(_ form: InstanceGenerator.LinearForm) throws {
        var compared = 0
        for seed in UInt64(1)...6 {
            let model = InstanceGenerator.linearForm(form, shape: .size(8), seed: seed)
            var kkt = try PreparedProblem(model).kkt(SolveOptions())
            guard kkt.mergeParallelColumnPairs() > 0 else { continue }
            var options = SolveOptions(method: .branch, timeLimit: 60)
            options.threads = 1
            let merged = try model.solve(options)
            options.presolve = false
            let separate = try model.solve(options)
            try #require(merged.status == .optimal && separate.status == .optimal, "seed \(seed)")
            let a = try #require(merged.objective), b = try #require(separate.objective)
            #expect(abs(a - b) <= 1e-6 * max(1, abs(b)), "\(form) seed \(seed): \(a) merged, \(b) separate")
            #expect(merged.verified)
            compared += 1
        }
        #expect(compared > 0, "no generated \(form) model had copies to merge")
    }
}
