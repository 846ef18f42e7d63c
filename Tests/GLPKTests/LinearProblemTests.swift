import Foundation
import Testing
@testable import GLPK

/// A textbook LP: max 3x + 2y s.t. x + y ≤ 4, x + 3y ≤ 7, x ≤ 3, x, y ≥ 0. Optimum 11 at (3, 1)
/// (Vanderbei, Linear Programming, ch. 2 style example; checked by hand at the vertices).
private func textbookLP() throws -> LinearProblem {
    let lp = LinearProblem(direction: .maximize)
    try lp.addColumns(2, lower: 0)
    try lp.setColumnBounds(0, lower: 0, upper: 3)
    try lp.addRows(2)
    try lp.setRowBounds(0, lower: -.infinity, upper: 4)
    try lp.setRowBounds(1, lower: -.infinity, upper: 7)
    try lp.loadMatrix([
        MatrixEntry(row: 0, column: 0, value: 1), MatrixEntry(row: 0, column: 1, value: 1),
        MatrixEntry(row: 1, column: 0, value: 1), MatrixEntry(row: 1, column: 1, value: 3),
    ])
    try lp.setObjective(column: 0, 3)
    try lp.setObjective(column: 1, 2)
    return lp
}

@Suite struct LinearProblemTests {
    @Test func solvesTextbookLP() throws {
        let lp = try textbookLP()
        #expect(lp.solve() == .optimal)
        #expect(abs(lp.objectiveValue - 11) < 1e-9)
        let v = lp.columnValues
        #expect(abs(v[0] - 3) < 1e-9 && abs(v[1] - 1) < 1e-9)
        // Row 0 is binding with dual 2 (∂obj/∂rhs); row 1 is slack.
        #expect(abs(lp.rowDuals[0] - 2) < 1e-9)
        #expect(abs(lp.rowDuals[1]) < 1e-9)
        #expect(abs(lp.rowValues[0] - 4) < 1e-9)
        // Reduced cost of x (at its upper bound 3): 3 - 2 = 1.
        #expect(abs(lp.reducedCosts[0] - 1) < 1e-9)
    }

    @Test func warmResolveAfterBoundChange() throws {
        let lp = try textbookLP()
        #expect(lp.solve() == .optimal)
        try lp.setColumnBounds(0, lower: 0, upper: 1)
        #expect(lp.solve() == .optimal)
        // x = 1: then y ≤ 3 (row 0) and y ≤ 2 (row 1): obj = 3 + 4.
        #expect(abs(lp.objectiveValue - 7.0) < 1e-9)
        let saved = lp.basis
        try lp.setColumnBounds(0, lower: 0, upper: 3)
        #expect(lp.solve() == .optimal)
        #expect(abs(lp.objectiveValue - 11) < 1e-9)
        try lp.setBasis(saved)
        try lp.setColumnBounds(0, lower: 0, upper: 1)
        #expect(lp.solve() == .optimal)
        #expect(abs(lp.objectiveValue - 7.0) < 1e-9)
    }

    @Test func detectsInfeasible() throws {
        let lp = try textbookLP()
        try lp.setRowBounds(0, lower: 10, upper: 12)  // x + y ≥ 10 but x ≤ 3 and x + 3y ≤ 7
        #expect(lp.solve() == .infeasible)
        #expect(lp.solve(SimplexOptions(method: .primal)) == .infeasible)
    }

    @Test func detectsUnboundedAndReturnsRay() throws {
        // min -x - y s.t. x - y ≤ 1, x, y ≥ 0: unbounded along (1, 1).
        let lp = LinearProblem()
        try lp.addColumns(2, lower: 0)
        try lp.addRows(1, upper: 1)
        try lp.loadMatrix([MatrixEntry(row: 0, column: 0, value: 1), MatrixEntry(row: 0, column: 1, value: -1)])
        try lp.setObjective(column: 0, -1)
        try lp.setObjective(column: 1, -1)
        for method in [SimplexOptions.Method.primal, .dual] {
            lp.resetBasis()
            #expect(lp.solve(SimplexOptions(method: method)) == .unbounded)
            let ray = try #require(lp.unboundedRay())
            #expect(lp.isRecessionDirection(ray))
            #expect(ray[0] >= -1e-9 && ray[1] > 0 && ray[0] - ray[1] <= 1e-9)
        }
    }

    @Test func emptyProblemsSolve() throws {
        let none = LinearProblem()
        try none.setObjectiveConstant(5)
        #expect(none.solve() == .optimal)
        #expect(none.objectiveValue == 5)
        let columnsOnly = LinearProblem()
        try columnsOnly.addColumns(1, lower: -1, upper: 2)
        try columnsOnly.setObjective(column: 0, 1)
        #expect(columnsOnly.solve() == .optimal)
        #expect(columnsOnly.objectiveValue == -1)
    }

    @Test func invalidArgumentsThrowInsteadOfAborting() throws {
        let lp = try textbookLP()
        #expect(throws: GLPKError.self) { try lp.setColumnBounds(5, lower: 0, upper: 1) }
        #expect(throws: GLPKError.self) { try lp.setRowBounds(-1, lower: 0, upper: 1) }
        #expect(throws: GLPKError.invertedBounds(what: "column 0", lower: 2, upper: 1)) {
            try lp.setColumnBounds(0, lower: 2, upper: 1)
        }
        #expect(throws: GLPKError.self) { try lp.setObjective(column: 0, .nan) }
        #expect(throws: GLPKError.self) { try lp.loadMatrix([MatrixEntry(row: 0, column: 0, value: .infinity)]) }
        #expect(throws: GLPKError.self) { try lp.loadMatrix([MatrixEntry(row: 7, column: 0, value: 1)]) }
        #expect(throws: GLPKError.self) { try lp.setColumnBounds(0, lower: .infinity, upper: .infinity) }
        // Duplicates are summed rather than passed to glp_load_matrix (which aborts on them).
        try lp.loadMatrix([MatrixEntry(row: 0, column: 0, value: 0.5), MatrixEntry(row: 0, column: 0, value: 0.5),
                           MatrixEntry(row: 0, column: 1, value: 1), MatrixEntry(row: 1, column: 0, value: 1),
                           MatrixEntry(row: 1, column: 1, value: 3)])
        #expect(lp.solve() == .optimal)
        #expect(abs(lp.objectiveValue - 11) < 1e-9)
    }

    @Test func equalBoundsBecomeFixed() throws {
        let lp = try textbookLP()
        try lp.setColumnBounds(0, lower: 2, upper: 2)
        #expect(lp.solve() == .optimal)
        #expect(abs(lp.columnValues[0] - 2) < 1e-12)
    }
}

@Suite struct MIPTests {
    @Test func knapsack() throws {
        // max 5a + 4b + 3c s.t. 2a + 3b + c ≤ 5, 4a + b + 2c ≤ 11, 3a + 4b + 2c ≤ 8, binaries.
        // By enumerating the 8 points: (1,1,0) fits every row (2+3 = 5, 4+1 = 5, 3+4 = 7) with value 9;
        // (1,0,1) fits with 8, (0,1,1) with 7; (1,1,1) violates row 0 (6 > 5). The optimum is 9 at (1, 1, 0).
        let lp = LinearProblem(direction: .maximize)
        try lp.addColumns(3, lower: 0, upper: 1)
        for j in 0..<3 { try lp.setInteger(column: j) }
        try lp.addRows(3)
        try lp.setRowBounds(0, lower: -.infinity, upper: 5)
        try lp.setRowBounds(1, lower: -.infinity, upper: 11)
        try lp.setRowBounds(2, lower: -.infinity, upper: 8)
        let a: [[Double]] = [[2, 3, 1], [4, 1, 2], [3, 4, 2]]
        try lp.loadMatrix((0..<3).flatMap { i in (0..<3).map { j in MatrixEntry(row: i, column: j, value: a[i][j]) } })
        for (j, c) in [5.0, 4, 3].enumerated() { try lp.setObjective(column: j, c) }
        let result = lp.solveMIP()
        #expect(result.status == .optimal)
        #expect(abs((result.objective ?? 0) - 9) < 1e-9)
        #expect(abs((result.bound ?? 0) - 9) < 1e-9)
        #expect(lp.columnValues.map { $0.rounded() } == [1, 1, 0])
    }

    @Test func infeasibleMIP() throws {
        // 2z = 1 with z integer.
        let lp = LinearProblem()
        try lp.addColumns(1, lower: 0, upper: 5)
        try lp.setInteger(column: 0)
        try lp.addRows(1, lower: 1, upper: 1)
        try lp.loadMatrix([MatrixEntry(row: 0, column: 0, value: 2)])
        #expect(lp.solveMIP().status == .infeasible)
    }

    @Test func unboundedRelaxation() throws {
        let lp = LinearProblem()
        try lp.addColumns(1, lower: 0)
        try lp.setInteger(column: 0)
        try lp.setObjective(column: 0, -1)
        #expect(lp.solveMIP().status == .infeasibleOrUnbounded)
    }

    @Test func stopsWhenAsked() throws {
        let lp = LinearProblem(direction: .maximize)
        let n = 30
        try lp.addColumns(n, lower: 0, upper: 1)
        for j in 0..<n { try lp.setInteger(column: j); try lp.setObjective(column: j, Double(j % 7 + 3)) }
        try lp.addRows(1, upper: 41.5)
        try lp.loadMatrix((0..<n).map { MatrixEntry(row: 0, column: $0, value: Double(2 * ($0 % 5) + 3)) })
        let result = lp.solveMIP(MIPOptions(shouldStop: { true }))
        #expect(result.stoppedBy == .interrupted || result.status == .optimal)
    }
}

/// GLPK faults are contained: the error hook turns GLPK's abort path into an error, the thread's
/// environment is freed, problems made before are invalid (and not freed twice), new ones work.
@Suite struct FaultContainmentTests {
    @Test func provokedFaultIsCaught() throws {
        // Run on a thread of its own: the fault frees that thread's GLPK environment only.
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: (caught: Bool, oldValid: Bool, oldStatus: LPStatus, newStatus: LPStatus,
                                          value: Double)?
        let thread = Thread {
            do {
                let before = try textbookLP()
                _ = before.solve()
                let caught = GLPKLibrary.provokeInternalErrorForTesting()
                let status = before.solve()
                let after = try textbookLP()
                let newStatus = after.solve()
                outcome = (caught, before.isValid, status, newStatus, after.objectiveValue)
            } catch {}
            done.signal()
        }
        thread.start()
        done.wait()
        let o = try #require(outcome)
        #expect(o.caught)
        #expect(!o.oldValid)
        #expect(o.oldStatus == .failed("internal GLPK error (problem freed)"))
        #expect(o.newStatus == .optimal)
        #expect(abs(o.value - 11) < 1e-9)
    }

    @Test func invalidProblemThrowsInsteadOfCrashing() throws {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var threw = false
        let thread = Thread {
            if let lp = try? textbookLP() {
                _ = GLPKLibrary.provokeInternalErrorForTesting()
                do { try lp.setColumnBounds(0, lower: 0, upper: 1) } catch { threw = true }
            }
            done.signal()
        }
        thread.start()
        done.wait()
        #expect(threw)
    }
}

/// The objective limit of the dual simplex (`SimplexOptions.objectiveUpperLimit`).
@Suite struct ObjectiveLimitTests {
    /// The textbook LP as a minimization, min −3x − 2y: optimum −11 at (3, 1); with x ≤ 1 it is −7
    /// at (1, 2) (by hand, as above).
    private func minimizingLP() throws -> LinearProblem {
        let lp = try textbookLP()
        lp.direction = .minimize
        try lp.setObjective(column: 0, -3)
        try lp.setObjective(column: 1, -2)
        return lp
    }

    /// After x ≤ 1 the warm basis (x moved to its new bound) has objective −9, and the dual simplex
    /// rises from there to the optimum −7: a limit of −8 stops it on the way (GLPK checks the limit
    /// before optimality at each iteration); a limit of −5 lets it reach the optimum.
    @Test func stopsOnceTheObjectiveReachesTheLimit() throws {
        for (limit, expected) in [(-8.0, LPStatus.objectiveLimit), (-5.0, .optimal)] {
            let lp = try minimizingLP()
            #expect(lp.solve() == .optimal)
            #expect(abs(lp.objectiveValue + 11) < 1e-9)
            try lp.setColumnBounds(0, lower: 0, upper: 1)
            let status = lp.solve(SimplexOptions(method: .dual, objectiveUpperLimit: limit))
            #expect(status == expected, "limit \(limit)")
            if status == .objectiveLimit { #expect(lp.objectiveValue >= limit) }
            if status == .optimal { #expect(abs(lp.objectiveValue + 7) < 1e-9) }
        }
    }
}
