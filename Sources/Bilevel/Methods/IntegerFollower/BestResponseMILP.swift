import GLPK

/// The best bilevel-feasible point for fixed linking values `x_L` (MibS's "UB" problem):
///
///     min  leader's objective  s.t.  every row of both levels, bounds, integrality,
///                                    x_L fixed,  d·y ≤ φ(x_L)
///
/// The follower sees `x` only through `x_L`, so with `x_L` fixed every `y` that is feasible for the
/// follower and attains `φ(x_L)` is a follower optimum: the problem ranges over exactly the
/// bilevel-feasible points with these linking values (optimistic reading, coupling rows kept), and
/// its optimum is the best of them. Solved by GLPK to proven optimality.
///
/// Owns a GLPK problem: create and use on one thread.
final class BestResponseMILP {
    enum Response {
        case optimal(x: [Double], y: [Double], value: Double)
        /// No follower optimum at `x_L` satisfies the leader's rows.
        case infeasible
        /// The leader's objective is unbounded below over these points: so is the bilevel problem.
        case unbounded
        /// A time limit or an interruption stopped the solve: nothing is known.
        case stopped
        case failed(String)
    }

    private let hpr: HighPointRelaxation
    private let lp: LinearProblem
    /// The row `d·y ≤ φ(x_L)`.
    private let valueRow: Int

    init(_ hpr: HighPointRelaxation) throws {
        self.hpr = hpr
        lp = try hpr.makeProblem(integer: true, extraRows: 1)
        valueRow = hpr.rows.count
        let c = hpr.canonical
        try lp.setRow(valueRow, coefficients: (0..<c.ny).filter { c.d[$0] != 0 }.map { (c.nx + $0, c.d[$0]) })
    }

    /// The best point with the linking variables at `linkingValues` (in `hpr.linking` order), given
    /// the follower's optimal value `phi` there (minimized form).
    func respond(linkingValues: [Double], phi: Double, timeLimit: Double?,
                 shouldStop: (() -> Bool)?) -> Response {
        let c = hpr.canonical
        do {
            for (k, v) in zip(hpr.linking, linkingValues) { try lp.setColumnBounds(k, lower: v, upper: v) }
        } catch {
            return .failed("\(error)")
        }
        // φ exactly first (GLPK's own tolerance applies); a hair of slack only if that is infeasible.
        var response = solve(valueLimit: phi, timeLimit: timeLimit, shouldStop: shouldStop)
        if case .infeasible = response {
            let slack = Tolerances.optimisticSlack * relativeFloor(phi)
            response = solve(valueLimit: phi + slack, timeLimit: timeLimit, shouldStop: shouldStop)
        }
        if case let .optimal(x, y, _) = response {
            return .optimal(x: x, y: y, value: c.leaderValue(x: x, y: y))
        }
        return response
    }

    private func solve(valueLimit: Double, timeLimit: Double?, shouldStop: (() -> Bool)?) -> Response {
        let c = hpr.canonical
        do {
            try lp.setRowBounds(valueRow, lower: -.infinity, upper: c.d.contains { $0 != 0 } ? valueLimit : .infinity)
        } catch {
            return .failed("\(error)")
        }
        let result = lp.solveMIP(MIPOptions(timeLimit: timeLimit, relativeGap: 0, shouldStop: shouldStop))
        switch result.status {
        case .optimal:
            let z = lp.columnValues
            return .optimal(x: Array(z[0..<c.nx]), y: Array(z[c.nx...]), value: result.objective ?? .nan)
        case .infeasible:
            return .infeasible
        case .infeasibleOrUnbounded:
            return hasIntegerPoint(timeLimit: timeLimit, shouldStop: shouldStop)
        case .feasible, .timeLimit, .interrupted:
            return .stopped
        case let .failed(why):
            return .failed("best-response MILP: \(why)")
        }
    }

    /// The relaxation is unbounded: with rational data a feasible MILP is then unbounded (Meyer
    /// 1974), so feasibility decides. Solved with the objective switched off, then restored.
    private func hasIntegerPoint(timeLimit: Double?, shouldStop: (() -> Bool)?) -> Response {
        let objective = lp.objectiveCoefficients
        defer { for (j, v) in objective.enumerated() where v != 0 { try? lp.setObjective(column: j, v) } }
        do {
            for (j, v) in objective.enumerated() where v != 0 { try lp.setObjective(column: j, 0) }
        } catch {
            return .failed("\(error)")
        }
        let result = lp.solveMIP(MIPOptions(timeLimit: timeLimit, relativeGap: 0, shouldStop: shouldStop))
        switch result.status {
        case .optimal, .feasible: return .unbounded
        case .infeasible: return .infeasible
        case .timeLimit, .interrupted: return .stopped
        case .infeasibleOrUnbounded: return .failed("best-response MILP: unbounded without an objective")
        case let .failed(why): return .failed("best-response MILP: \(why)")
        }
    }
}
