import GLPK

/// Intersection cuts from a bilevel-free set (Fischetti, Ljubić, Monaci & Sinnl 2018, "On the use of
/// intersection cuts for bilevel optimization", Math. Prog. 172, doi:10.1007/s10107-017-1189-5;
/// MibS 1.2's "ISIC").
///
/// For a pure integer follower with integer data (linking and follower coefficients in follower
/// rows, their finite sides), and `ŷ` feasible for the follower at some leader choice,
///
///     S(ŷ) = { (x, y) : d·y ≥ d·ŷ,  lo − 1 ≤ A x + B ŷ ≤ hi + 1 }
///
/// has no bilevel-feasible point in its interior: there `A x + B ŷ` is integral and strictly within
/// the widened sides, so `ŷ` is feasible for the follower at `x`, and `d·y > d·ŷ` is not optimal.
/// An LP vertex `p` of a node with integral linking values that is not bilevel feasible lies in the
/// interior of `S(ŷ)` for the follower's optimum `ŷ` at `p`'s linking values, so the cut
/// `Σ_k t_k / α_k ≥ 1` (t_k: each non-basic variable's distance from its bound, α_k: how far the
/// basis cone's edge k stays inside S) cuts `p` off and keeps every bilevel-feasible point of the
/// node's feasible set (it lies in the cone and outside the interior of S). The cone uses the
/// node's bounds: the cut is local to the node's subtree.
struct IntersectionCuts {
    private let canonical: CanonicalProblem
    /// A point must be this far inside every side of S (absolute; the data are integers).
    static let interiorMargin = 1e-6
    /// Edges with a step beyond this get coefficient 0; a step below `minimumStep` drops the cut.
    static let infiniteStep = 1e12
    static let minimumStep = 1e-8
    /// The cut is weakened by this much (in units of its right-hand side 1) against rounding; small
    /// enough that the node bounds it moves stay within the default gap of the true ones.
    static let safety = 1e-9
    /// Coefficients below this are dropped; a cut whose coefficients span more than
    /// `coefficientRange` is dropped as badly conditioned.
    static let negligibleCoefficient = 1e-12
    static let coefficientRange = 1e9

    /// The structure of `c`, or nil when the cuts are not valid for it.
    init?(_ c: CanonicalProblem) {
        func integral(_ v: Double) -> Bool { v == v.rounded() }
        guard c.ny > 0, c.yInteger.allSatisfy({ $0 }), c.linkingX.allSatisfy({ c.xInteger[$0] }) else { return nil }
        for row in c.followerRows {
            guard row.x.allSatisfy({ integral($0.value) }), row.y.allSatisfy({ integral($0.value) }),
                  !row.lower.isFinite || integral(row.lower), !row.upper.isFinite || integral(row.upper)
            else { return nil }
        }
        canonical = c
    }

    /// The sides of S(ŷ) that depend on the point, as `g·z ≤ h` over the HPR's columns.
    private func sides(_ yhat: [Double]) -> [(g: [(column: Int, value: Double)], h: Double)] {
        let c = canonical
        var sides: [(g: [(column: Int, value: Double)], h: Double)] = []
        var dy: [(column: Int, value: Double)] = []
        var dyhat = 0.0
        for j in 0..<c.ny where c.d[j] != 0 {
            dy.append((c.nx + j, -c.d[j]))
            dyhat += c.d[j] * yhat[j]
        }
        sides.append((dy, -dyhat))
        for row in c.followerRows where !row.x.isEmpty {
            let b = row.y.reduce(0.0) { $0 + $1.value * yhat[$1.index] }
            let a = row.x.map { (column: $0.index, value: $0.value) }
            if row.upper.isFinite { sides.append((a, row.upper + 1 - b)) }
            if row.lower.isFinite { sides.append((a.map { ($0.column, -$0.value) }, -row.lower + 1 + b)) }
        }
        return sides
    }

    /// The cut `coefficients·z ≥ lower` that separates the vertex `p` of `lp` (whose basis gives the
    /// cone) from the bilevel-feasible points of its node, or nil when `p` is not inside S(ŷ) with a
    /// margin or the cut would be badly conditioned.
    func cut(at p: [Double], lp: LinearProblem, yhat: [Double]) -> (coefficients: [(column: Int, value: Double)],
                                                                      lower: Double)? {
        let sides = self.sides(yhat)
        let slack = sides.map { side in side.h - side.g.reduce(0.0) { $0 + $1.value * p[$1.column] } }
        guard slack.allSatisfy({ $0 > Self.interiorMargin }), let cone = lp.basisCone() else { return nil }
        var coefficients = [Double](repeating: 0, count: p.count)
        var lower = 1 - Self.safety
        for edge in cone {
            var step = Double.infinity
            for (side, s) in zip(sides, slack) {
                let rate = side.g.reduce(0.0) { $0 + $1.value * edge.direction[$1.column] }
                if rate > 0 { step = min(step, s / rate) }
            }
            guard step >= Self.minimumStep else { return nil }
            guard step < Self.infiniteStep else { continue }
            // t = σ·(v − bound), σ = +1 at a lower bound, −1 at an upper bound; the cut adds t / step.
            let weight = (edge.atUpper ? -1.0 : 1.0) / step
            switch edge.variable {
            case let .column(j): coefficients[j] += weight
            case let .row(i): for (j, a) in lp.rowCoefficients(i) { coefficients[j] += weight * a }
            }
            lower += weight * edge.bound
        }
        let terms = coefficients.enumerated().filter { abs($0.element) > Self.negligibleCoefficient }
            .map { ($0.offset, $0.element) }
        let magnitudes = terms.map { abs($0.1) }
        guard let largest = magnitudes.max(), let smallest = magnitudes.min(),
              largest / smallest < Self.coefficientRange else { return nil }
        // It must cut p off by about 1 (at p every t is 0).
        let atP = terms.reduce(0.0) { $0 + $1.1 * p[$1.0] }
        guard atP < lower - 0.5 else { return nil }
        return (terms, lower)
    }
}
