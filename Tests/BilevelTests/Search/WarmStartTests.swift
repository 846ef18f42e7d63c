import GLPK
import Testing
@testable import Bilevel

/// Which basis a child of a branching node starts from (`BranchAndBound.step`, `SearchState.complete`).
@Suite struct WarmStartTests {
    /// Branches every node in two with a basis of its own.
    final class Brancher: NodeProcessor {
        // Never installed: only compared.
        let basis = Basis(rows: [Basis.basic], columns: [2, 3])
        var isUsable: Bool { true }
        func process(_ node: SearchNode, in search: SearchContext) -> NodeResult {
            .branch(value: 10, children: [BoundChange(.column(0), .upper, 0), BoundChange(.column(1), .lower, 1)],
                    bounds: [10, 10], preferred: 0, basis: basis)
        }
    }

    static func root() -> SearchNode { SearchNode(fixings: nil, bound: -.infinity, basis: nil, id: 0, weight: 1) }

    /// A dive the search stops (here the node limit) is queued with its parent's basis, like its sibling.
    @Test func queuedDiveKeepsTheParentsBasis() throws {
        let state = SearchState(root: Self.root(), gap: 1e-6, nodeLimit: 1, memoryLimit: 1 << 30)
        let processor = Brancher()
        let context = SearchContext(state: state, deadline: nil, shouldStop: nil)
        let node = try #require(state.next())
        let dive = BranchAndBound.step(node, processor: processor, context: context)
        #expect(dive == nil, "the node limit stops the dive")
        let open = state.snapshot().open
        #expect(open.count == 2)
        #expect(open.allSatisfy { $0.basis == processor.basis })
    }

    /// A dive that goes on continues from the LP as it is: no basis to install.
    @Test func continuedDiveHasNoBasis() throws {
        let state = SearchState(root: Self.root(), gap: 1e-6, nodeLimit: nil, memoryLimit: 1 << 30)
        let processor = Brancher()
        let context = SearchContext(state: state, deadline: nil, shouldStop: nil)
        let node = try #require(state.next())
        let dive = try #require(BranchAndBound.step(node, processor: processor, context: context))
        #expect(dive.basis == nil)
        let queued = state.snapshot().open.filter { $0.id != dive.id }
        #expect(queued.count == 1 && queued[0].basis == processor.basis)
    }
}
