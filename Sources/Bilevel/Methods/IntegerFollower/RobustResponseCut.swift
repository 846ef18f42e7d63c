import Foundation
import GLPK

/// A global bound on the follower's value from one response that is feasible at every leader choice.
///
/// If `ŷ` satisfies the follower's rows, bounds and integrality at every `x` that leaves the
/// follower feasible, then `φ(x) ≤ d·ŷ` there, and every bilevel-feasible point satisfies
///
///     d·y ≤ d·ŷ
///
/// (the follower's value at a bilevel-feasible point is `φ(x)`). The high-point relaxation alone
/// lets the follower's value be as bad as the leader likes; this row does not, which is what closes
/// instances like IBLP-FIS stein45 (a covering follower whose response is worth little to it).
///
/// `ŷ` comes from the follower's MILP over robust rows: each follower row's sides are moved by the
/// worst `A x` over the relaxation's box of linking values (`HighPointRelaxation.columnLower`/`Upper`,
/// valid for every bilevel-feasible point). A row with one finite side that no `y` in its box meets
/// robustly is *dominant*: its `y` are fixed at the bounds that push towards that side, so wherever
/// some `y` meets the row at `x`, `ŷ` does too. Rows without follower variables are left out: where
/// they fail, the follower has no response and there is nothing to bound. Any feasible solution of
/// that MILP gives a valid row (optimality only makes it tighter); none gives no row.
enum RobustResponseCut {
    /// Seconds for the robust MILP: a miss costs only the row.
    static let timeLimit = 2.0
    /// Relative room added to the row's side when `d·ŷ` need not be integral: far below the search's gap
    /// tolerance (a slack of `Tolerances.feasibility` left gaps of 1.00000000003e-6 open on random models).
    static let slack = 1e-9

    /// The row over the relaxation's columns (`x` then `y`), or nil when no robust response is found.
    static func make(_ hpr: HighPointRelaxation, timeLimit: Double?, shouldStop: (() -> Bool)?) throws
        -> CutPool.Cut? {
        let c = hpr.canonical
        guard (0..<c.ny).contains(where: { c.d[$0] != 0 }), var sides = robustSides(hpr) else { return nil }
        // Integer variables' bounds rounded inward: the extremes a dominant row fixes must be attainable.
        let boxLower = (0..<c.ny).map { c.yInteger[$0] ? c.yLower[$0].rounded(.up) : c.yLower[$0] }
        let boxUpper = (0..<c.ny).map { c.yInteger[$0] ? c.yUpper[$0].rounded(.down) : c.yUpper[$0] }
        var (lower, upper) = (boxLower, boxUpper)
        for (i, row) in c.followerRows.enumerated() where !row.y.isEmpty {
            let (low, high) = range(row.y, lower, upper)
            let tolerance = { (side: Double) in Tolerances.feasibility * relativeFloor(side) }
            let lowerUnmet = sides[i].lower > high + tolerance(sides[i].lower)
            let upperUnmet = sides[i].upper < low - tolerance(sides[i].upper)
            guard lowerUnmet || upperUnmet else { continue }
            // Dominant: one finite side, met at x by some y in the box only if met by y at the box's extreme
            // towards it (the model's box, whatever other dominant rows fixed: they must agree).
            guard !(lowerUnmet && upperUnmet), lowerUnmet ? !row.upper.isFinite : !row.lower.isFinite else {
                return nil
            }
            for (j, v) in row.y {
                let towardsUpper = (v > 0) == lowerUnmet
                let value = towardsUpper ? boxUpper[j] : boxLower[j]
                guard value.isFinite, value >= lower[j], value <= upper[j] else { return nil }
                (lower[j], upper[j]) = (value, value)
            }
            sides[i] = (-.infinity, .infinity)
        }
        guard let yhat = try solve(c, sides: sides, lower: lower, upper: upper, timeLimit: timeLimit,
                                   shouldStop: shouldStop),
              satisfies(yhat, c, sides: sides, lower: lower, upper: upper) else { return nil }
        let value = (0..<c.ny).reduce(0.0) { $0 + c.d[$1] * yhat[$1] }
        let integral = (0..<c.ny).allSatisfy { c.d[$0] == 0 || (c.yInteger[$0] && c.d[$0] == c.d[$0].rounded()) }
        let rhs = integral ? value.rounded() : value + Self.slack * relativeFloor(value)
        let coefficients = (0..<c.ny).filter { c.d[$0] != 0 }.map { (column: c.nx + $0, value: c.d[$0]) }
        return CutPool.Cut(coefficients: coefficients, lower: -.infinity, upper: rhs)
    }

    /// Each follower row's sides for `y` alone, valid at every `x` in the relaxation's box (nil when
    /// a linking variable in a row is unbounded there).
    private static func robustSides(_ hpr: HighPointRelaxation) -> [(lower: Double, upper: Double)]? {
        var sides: [(lower: Double, upper: Double)] = []
        for row in hpr.canonical.followerRows {
            guard !row.y.isEmpty else { sides.append((-.infinity, .infinity)); continue }
            let (low, high) = range(row.x, hpr.columnLower, hpr.columnUpper)
            guard low.isFinite, high.isFinite else { return nil }
            sides.append((row.lower - low, row.upper - high))
        }
        return sides
    }

    /// The least and the greatest value of `Σ v·z` over the box `lower ≤ z ≤ upper`.
    private static func range(_ terms: [(index: Int, value: Double)], _ lower: [Double], _ upper: [Double])
        -> (Double, Double) {
        var (low, high) = (0.0, 0.0)
        for (k, v) in terms where v != 0 {
            low += v > 0 ? v * lower[k] : v * upper[k]
            high += v > 0 ? v * upper[k] : v * lower[k]
        }
        return (low, high)
    }

    /// The follower's MILP over the robust rows and the fixed columns; a feasible solution or nil.
    private static func solve(_ c: CanonicalProblem, sides: [(lower: Double, upper: Double)], lower: [Double],
                              upper: [Double], timeLimit: Double?, shouldStop: (() -> Bool)?) throws -> [Double]? {
        for i in sides.indices where sides[i].lower > sides[i].upper { return nil }
        for j in 0..<c.ny where lower[j] > upper[j] { return nil }
        let lp = try FollowerProblem.makeLP(c, integer: true)
        for j in 0..<c.ny { try lp.setColumnBounds(j, lower: lower[j], upper: upper[j]) }
        for (i, side) in sides.enumerated() { try lp.setRowBounds(i, lower: side.lower, upper: side.upper) }
        let limit = min(Self.timeLimit, timeLimit ?? .infinity)
        let result = lp.solveMIP(MIPOptions(timeLimit: limit, relativeGap: 1e-4, shouldStop: shouldStop))
        guard result.status == .optimal || result.status == .feasible, result.objective != nil else { return nil }
        return lp.columnValues.enumerated().map { c.yInteger[$0.offset] ? $0.element.rounded() : $0.element }
    }

    /// Whether `y` (integers rounded) meets the robust rows and the bounds, checked on the unscaled data.
    private static func satisfies(_ y: [Double], _ c: CanonicalProblem, sides: [(lower: Double, upper: Double)],
                                  lower: [Double], upper: [Double]) -> Bool {
        for j in 0..<c.ny {
            let tolerance = Tolerances.feasibility * relativeFloor(y[j])
            guard y[j] >= lower[j] - tolerance, y[j] <= upper[j] + tolerance else { return false }
        }
        for (i, row) in c.followerRows.enumerated() {
            let value = row.y.reduce(0.0) { $0 + $1.value * y[$1.index] }
            let tolerance = Tolerances.feasibility * relativeFloor(value)
            guard value >= sides[i].lower - tolerance, value <= sides[i].upper + tolerance else { return false }
        }
        return true
    }
}
