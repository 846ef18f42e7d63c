import GLPK
import Testing
@testable import Bilevel

/// `NodeBounds` (Search/NodeBounds.swift) on a small GLPK problem: a node is the root's bounds plus
/// its changes; moving to another node resets what the new one does not change; contradictions are
/// refused before GLPK sees them.
@Suite struct NodeBoundsTests {
    /// max x0 + x1 with x0 ∈ [0, 10], x1 ∈ [−5, 5], row r0: x0 + x1 ≤ 12 (rows: [−∞, 12]).
    static func problem() throws -> LinearProblem {
        let lp = LinearProblem(direction: .maximize)
        try lp.addColumns(2)
        try lp.setColumnBounds(0, lower: 0, upper: 10)
        try lp.setColumnBounds(1, lower: -5, upper: 5)
        try lp.addRows(1)
        try lp.setRowBounds(0, lower: -.infinity, upper: 12)
        try lp.loadMatrix([MatrixEntry(row: 0, column: 0, value: 1), MatrixEntry(row: 0, column: 1, value: 1)])
        try lp.setObjective(column: 0, 1)
        try lp.setObjective(column: 1, 1)
        return lp
    }

    /// The LP's optimal value (rounded to 1e-9: the data are small integers), nil when not optimal.
    static func optimum(_ lp: LinearProblem) -> Double? {
        lp.solve() == .optimal ? (lp.objectiveValue * 1e9).rounded() / 1e9 : nil
    }

    static func bounds(_ b: (lower: Double, upper: Double)) -> [Double] { [b.lower, b.upper] }

    @Test func applyThenMoveToAnotherNode() throws {
        let lp = try Self.problem()
        let nodes = NodeBounds(lp)
        #expect(Self.optimum(lp) == 12)
        // Node A: x0 ≤ 4 and x1 ≥ 1. Optimum by hand: x0 = 4, x1 = 5, value 9.
        #expect(try nodes.apply([BoundChange(.column(0), .upper, 4), BoundChange(.column(1), .lower, 1)]))
        #expect(Self.bounds(lp.columnBounds(0)) == [0, 4] && Self.bounds(lp.columnBounds(1)) == [1, 5])
        #expect(Self.optimum(lp) == 9)
        // Node B changes only the row (r0 ≤ 7): x0 and x1 go back to the root's bounds.
        #expect(try nodes.apply([BoundChange(.row(0), .upper, 7)]))
        #expect(Self.bounds(lp.columnBounds(0)) == [0, 10] && Self.bounds(lp.columnBounds(1)) == [-5, 5])
        #expect(Self.bounds(lp.rowBounds(0)) == [-.infinity, 7])
        #expect(Self.optimum(lp) == 7)
        // The root again: nothing changed.
        #expect(try nodes.apply([]))
        #expect(Self.bounds(lp.rowBounds(0)) == [-.infinity, 12])
        #expect(Self.bounds(nodes.root(.column(1))) == [-5, 5])
        #expect(Self.bounds(nodes.current(.row(0))) == [-.infinity, 12])
        #expect(Self.optimum(lp) == 12)
    }

    /// Changes tighten and never loosen: on one target they combine to the tightest of each side,
    /// and a change looser than the root's bound leaves the root's.
    @Test func changesOnOneTargetCombine() throws {
        let lp = try Self.problem()
        let nodes = NodeBounds(lp)
        #expect(try nodes.apply([BoundChange(.column(0), .lower, 1), BoundChange(.column(0), .upper, 9),
                                 BoundChange(.column(0), .lower, 3), BoundChange(.column(0), .upper, 8),
                                 BoundChange(.column(1), .upper, 20), BoundChange(.column(1), .lower, -9)]))
        #expect(Self.bounds(lp.columnBounds(0)) == [3, 8])
        #expect(Self.bounds(lp.columnBounds(1)) == [-5, 5])
    }

    /// Contradictory changes (x0 ≥ 6 and x0 ≤ 5; or x1 ≤ −6 below its root lower bound −5) make the
    /// node infeasible: false, and the LP keeps the bounds of the node it was at.
    @Test func contradictionsReturnFalseAndLeaveTheLP() throws {
        let lp = try Self.problem()
        let nodes = NodeBounds(lp)
        #expect(try nodes.apply([BoundChange(.column(0), .upper, 4)]))
        let crossing = try nodes.apply([BoundChange(.column(0), .lower, 6), BoundChange(.column(0), .upper, 5)])
        #expect(!crossing)
        #expect(Self.bounds(lp.columnBounds(0)) == [0, 4])
        let belowRoot = try nodes.apply([BoundChange(.column(1), .upper, -6)])
        #expect(!belowRoot)
        #expect(Self.bounds(lp.columnBounds(1)) == [-5, 5])
        // Equal sides are not a contradiction: x0 fixed at 6.
        #expect(try nodes.apply([BoundChange(.column(0), .lower, 6), BoundChange(.column(0), .upper, 6)]))
        #expect(Self.bounds(lp.columnBounds(0)) == [6, 6])
        #expect(Self.optimum(lp) == 11)
    }
}
