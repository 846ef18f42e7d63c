import Foundation
import GLPK

/// Value-function cuts for interdiction structure (the "Benders interdiction cut" of MibS 1.2;
/// Israeli & Wood 2002, "Shortest-path network interdiction", Networks 40(2), doi:10.1002/net.10039;
/// Caprara, Carvalho, Lodi & Woeginger 2016, INFORMS J. Comput. 28(2), doi:10.1287/ijoc.2015.0676).
///
/// The structure: every linking variable is binary and appears only in interdiction rows
/// `a·y_j + b·x_k ≤ c` (one follower variable, one linking variable, `0 ≤ b ≤ c`: with
/// `x_k = 1` the row allows `y_j = 0` and, whatever `x_k` was, any `y_j` it allowed with `x_k = 1`
/// it allows with `x_k = 0`), each `y_j` in at most one of them, and zeroing an interdicted `y_j`
/// keeps every other follower row and bound satisfied (its lower bound is 0 and its coefficient in
/// any other row moves that row away from its finite sides; no equality row). Then for any `ŷ`
/// feasible for the follower
/// at some leader choice, `ŷ(x)` = `ŷ` with the `y_j` interdicted by `x` set to 0 is feasible at
/// every binary `x`, so `φ(x) ≤ d·ŷ(x) = d·ŷ − Σ_j d_j ŷ_j x_k(j)`, and every bilevel-feasible point
/// satisfies the row
///
///     d·y + Σ_j d_j ŷ_j x_k(j) ≤ d·ŷ
///
/// (valid globally: it never cuts off a bilevel-feasible point). With zero-sum objectives it bounds
/// the leader's objective directly, which the high-point relaxation alone does not.
struct InterdictionCuts {
    /// For each follower variable, the position in `x` of the linking variable that interdicts it.
    let interdictor: [Int?]
    private let canonical: CanonicalProblem

    /// The structure of `c`, or nil when a condition fails.
    init?(_ c: CanonicalProblem) {
        let linking = c.linkingX
        guard !linking.isEmpty, linking.allSatisfy({ c.xInteger[$0] && c.xLower[$0] == 0 && c.xUpper[$0] == 1 })
        else { return nil }
        var interdictor = [Int?](repeating: nil, count: c.ny)
        for row in c.followerRows where !row.x.isEmpty {
            guard row.x.count == 1, row.y.count == 1, row.lower == -.infinity, row.upper.isFinite else { return nil }
            let (j, a) = row.y[0], (k, b) = row.x[0]
            guard b >= 0, b <= row.upper, interdictor[j] == nil else { return nil }
            _ = a
            interdictor[j] = k
        }
        // Zeroing an interdicted y_j keeps its bounds and every row without x satisfied.
        for j in 0..<c.ny where interdictor[j] != nil {
            guard c.yLower[j] == 0 else { return nil }
        }
        for row in c.followerRows where row.x.isEmpty {
            for (j, v) in row.y where interdictor[j] != nil {
                let towardsUpper = row.upper.isFinite && v < 0, towardsLower = row.lower.isFinite && v > 0
                if towardsUpper || towardsLower { return nil }
            }
        }
        self.interdictor = interdictor
        canonical = c
    }

    /// The cut from a follower solution `ŷ` over the high-point relaxation's columns (`x`, then `y`):
    /// `coefficients · z ≤ upper`.
    func cut(from yhat: [Double]) -> (coefficients: [(column: Int, value: Double)], upper: Double) {
        let c = canonical
        var terms: [Int: Double] = [:]
        var upper = 0.0
        for j in 0..<c.ny where c.d[j] != 0 {
            terms[c.nx + j, default: 0] += c.d[j]
            upper += c.d[j] * yhat[j]
            if let k = interdictor[j], yhat[j] != 0 { terms[k, default: 0] += c.d[j] * yhat[j] }
        }
        return (terms.filter { $0.value != 0 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, upper)
    }
}

/// Separation of interdiction cuts at any LP point (Fischetti, Ljubić, Monaci & Sinnl 2019,
/// "Interdiction games and monotonicity, with application to knapsack problems", INFORMS J.
/// Comput. 31(2), doi:10.1287/ijoc.2018.0831): the cut from `ŷ` is violated at `(x*, y*)` when
/// `d·y* > Σ_j d_j (1 − x*_k(j)) ŷ_j` (the cut's right-hand side moved over), so the most violated
/// one comes from the follower's MILP with its costs scaled by `1 − x*`, over its feasible set with
/// nothing interdicted (the largest: every `ŷ` there is feasible at `x = 0`). Any solution found,
/// optimal or not, gives a valid cut.
///
/// Owns a GLPK problem: create and use on one thread.
final class InterdictionSeparation {
    private let canonical: CanonicalProblem
    private let interdictor: [Int?]
    private let lp: LinearProblem
    /// A cut is added when it is violated by more than this (relative to the follower's value).
    static let violation = 1e-6
    /// Each separation MILP gets at most this many seconds; a miss costs only a cut.
    static let timeLimit = 1.0

    init(_ c: CanonicalProblem, cuts: InterdictionCuts) throws {
        canonical = c
        interdictor = cuts.interdictor
        lp = try FollowerProblem.makeLP(c, integer: true)
        // Nothing interdicted: x = 0 in every interdiction row.
        for (i, row) in c.followerRows.enumerated() { try lp.setRowBounds(i, lower: row.lower, upper: row.upper) }
    }

    /// A follower solution whose cut is violated at the point `z` (over the relaxation's columns);
    /// `shouldStop` (the user's interruption) ends the separation MILP early.
    func separate(at z: [Double], shouldStop: (() -> Bool)? = nil) -> [Double]? {
        let c = canonical
        let dy = (0..<c.ny).reduce(0.0) { $0 + c.d[$1] * z[c.nx + $1] }
        do {
            for j in 0..<c.ny {
                let kept = interdictor[j].map { 1 - z[$0] } ?? 1
                try lp.setObjective(column: j, c.d[j] * kept)
            }
        } catch {
            return nil
        }
        let result = lp.solveMIP(MIPOptions(timeLimit: Self.timeLimit, shouldStop: shouldStop))
        guard result.status == .optimal || result.status == .feasible, let value = result.objective,
              dy - value > Self.violation * relativeFloor(dy) else { return nil }
        return lp.columnValues.enumerated().map { c.yInteger[$0.offset] ? $0.element.rounded() : $0.element }
    }
}
