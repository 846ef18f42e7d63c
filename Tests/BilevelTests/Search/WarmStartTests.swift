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

    /// Branches until depth 2 (the preferred child changes column 0, the other column 1), then closes
    /// nodes as infeasible; records which nodes came with a basis.
    final class Recorder: NodeProcessor, @unchecked Sendable {
        let basis = Basis(rows: [Basis.basic], columns: [2, 3])
        var seen: [(change: BoundChange?, hasBasis: Bool)] = []
        var isUsable: Bool { true }
        func process(_ node: SearchNode, in search: SearchContext) -> NodeResult {
            seen.append((node.fixings?.change, node.basis != nil))
            guard node.depth < 2 else { return .infeasible }
            let children = [BoundChange(.column(0), .upper, 0), BoundChange(.column(1), .lower, 1)]
            return .branch(value: 10, children: children, bounds: [10, 10], preferred: 0, basis: basis)
        }
    }

    /// One worker, no incumbent (every dive goes on): the dives it continues (the column-0 children,
    /// each processed right after its parent) come without a basis, every node taken from the queue
    /// (the column-1 children) with its parent's. By hand: root, 0, 00, then 01, 1, 10, 11.
    @Test func continuedDivesComeWithoutBasisQueuedNodesWithOne() throws {
        let recorder = Recorder()
        let search = BranchAndBound(settings: .init(SolveOptions(threads: 1), leaderSign: 1)) { recorder }
        let outcome = try search.run()
        #expect(outcome.status == .infeasible)
        #expect(recorder.seen.count == 7)
        #expect(recorder.seen.first.map { $0.change == nil && !$0.hasBasis } == true, "the root")
        for (change, hasBasis) in recorder.seen.dropFirst() {
            #expect(hasBasis == (change?.target == .column(1)), "\(String(describing: change))")
        }
    }
}
