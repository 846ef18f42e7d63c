import Foundation
import GLPK

/// Bounds proven by LPs over relaxations, for the big-Ms of `BigMReformulation`.
///
/// - A slack's bound is its maximum over the high-point relaxation (every row and bound of both
///   levels, no follower optimality): valid for every feasible point.
/// - A multiplier's bound is its maximum over the dual polyhedron (stationarity and sign
///   conditions, which do not depend on `x` for an LP follower): valid for every optimal dual.
///   It is finite only where that polyhedron is bounded in the multiplier's direction; any follower
///   variable with two finite bounds gives it a ray, so expect many to stay unproven (Kleinert,
///   Labbé, Plein & Schmidt 2020, "There's no free lunch: on the hardness of choosing a correct
///   big-M in bilevel optimization", Oper. Res. 68(6), doi:10.1287/opre.2019.1944).
struct BoundTightening {
    /// Per pair: a proven bound on its multiplier and on its slack (`.infinity` when unproven).
    var multiplierBound: [Double]
    var slackBound: [Double]
    /// The high-point relaxation is infeasible: no point satisfies both levels' rows.
    var relaxationInfeasible = false
    /// The dual polyhedron is empty: the follower's LP is never solvable, for any `x`.
    var dualInfeasible = false

    var allProven: Bool { !multiplierBound.contains(.infinity) && !slackBound.contains(.infinity) }

    /// Whether the time limit cut the work short (unfinished pairs stay unproven).
    var stoppedEarly = false

    /// - Parameters:
    ///   - timeLimit: wall-clock seconds for all the LPs together; pairs not reached stay unproven
    ///     (`.infinity`).
    ///   - shouldStop: polled before each pair (the user's interruption); pairs not reached stay
    ///     unproven.
    ///   - slacks: prove the slacks' bounds too (the big-M needs them; the strong-duality MILP does not).
    ///   - tightenBoundedMultipliers: also solve an LP for a multiplier whose column already has a finite
    ///     bound in `kkt` (vertex bounds: `KKTSystem.boundMultipliersAtVertices`), which the LP can only
    ///     tighten. Without it, or where the time runs out first, that column bound is the bound.
    init(_ kkt: KKTSystem, timeLimit: Double? = nil, shouldStop: (() -> Bool)? = nil, slacks: Bool = true,
         tightenBoundedMultipliers: Bool = true) throws {
        let deadline = timeLimit.map { Date().addingTimeInterval($0) }
        // The KKT system's own bounds on multipliers hold for the requests it was built for.
        multiplierBound = kkt.pairs.map { kkt.columnUpper[$0.multiplier] }
        slackBound = Array(repeating: .infinity, count: kkt.pairs.count)
        let lp = try kkt.makeLP()
        for j in 0..<kkt.columnCount { try lp.setObjective(column: j, 0) }
        try lp.setObjectiveConstant(0)
        lp.direction = .maximize
        var rowsOfMatrix = [[(Int, Double)]](repeating: [], count: kkt.rowCount)
        for e in kkt.matrix { rowsOfMatrix[e.row].append((e.column, e.value)) }
        var options: SimplexOptions {
            SimplexOptions(method: .primal, timeLimit: deadline.map { max(0.001, $0.timeIntervalSinceNow) })
        }

        // Feasibility of each part first.
        let feasibility = lp.solve(options)
        if feasibility == .infeasible {
            // The primal rows and the stationarity rows do not share columns: find which part fails.
            relaxationInfeasible = try Self.partInfeasible(kkt, primal: true)
            dualInfeasible = try Self.partInfeasible(kkt, primal: false)
            return
        }
        for (p, pair) in kkt.pairs.enumerated() {
            if let deadline, Date() >= deadline { stoppedEarly = true; break }
            if let shouldStop, shouldStop() { stoppedEarly = true; break }
            if tightenBoundedMultipliers || multiplierBound[p] == .infinity {
                try lp.setObjective(column: pair.multiplier, 1)
                if lp.solve(options) == .optimal {
                    multiplierBound[p] = min(multiplierBound[p], max(0, lp.objectiveValue))
                }
                try lp.setObjective(column: pair.multiplier, 0)
            }
            guard slacks else { continue }

            var coefficients: [(Int, Double)] = []
            var offset = 0.0
            switch pair.slack {
            case let .rowLower(i, v): coefficients = rowsOfMatrix[i]; offset = -v
            case let .rowUpper(i, v): coefficients = rowsOfMatrix[i].map { ($0.0, -$0.1) }; offset = v
            case let .columnLower(j, v): coefficients = [(j, 1)]; offset = -v
            case let .columnUpper(j, v): coefficients = [(j, -1)]; offset = v
            }
            for (j, c) in coefficients { try lp.setObjective(column: j, c) }
            if lp.solve(options) == .optimal { slackBound[p] = max(0, lp.objectiveValue + offset) }
            for (j, _) in coefficients { try lp.setObjective(column: j, 0) }
        }
    }

    /// Whether the primal part (rows of both levels over x, y) or the dual part (stationarity over
    /// the multipliers) is infeasible on its own.
    private static func partInfeasible(_ kkt: KKTSystem, primal: Bool) throws -> Bool {
        let lp = try kkt.makeLP(strongDuality: false)
        for j in 0..<kkt.columnCount { try lp.setObjective(column: j, 0) }
        // Free the other part's rows so they cannot cause infeasibility.
        let others = primal ? Array(kkt.stationarityRowRange) : Array(0..<kkt.stationarityRowRange.lowerBound)
        for i in others { try lp.setRowBounds(i, lower: -.infinity, upper: .infinity) }
        return lp.solve(SimplexOptions(method: .primal)) == .infeasible
    }
}
