import GLPK

/// Intersection cuts from bilevel-free sets (Fischetti, Ljubić, Monaci & Sinnl 2018, "On the use of
/// intersection cuts for bilevel optimization", Math. Prog. 172, doi:10.1007/s10107-017-1189-5;
/// MibS 1.2's "ISIC" and "IDIC"), for a pure integer follower with integer data (the linking and
/// follower coefficients of follower rows and their finite sides, the follower's bounds): then at an
/// integer point every follower row's activity is an integer. Two sets, both without a
/// bilevel-feasible point in their interior:
///
/// - improving solution, for `ŷ` feasible for the follower at some leader choice:
///   `S(ŷ) = { d·y ≥ d·ŷ,  lo − 1 ≤ A x + B ŷ ≤ hi + 1 }`. Inside, `ŷ` is feasible at `x` and
///   better than `y`. An LP vertex with integral linking values that is not bilevel feasible lies
///   inside for the follower's optimum `ŷ` there.
/// - improving direction, for an integer `Δy` with `d·Δy < 0`:
///   `S(Δy) = { lo − 1 ≤ A x + B (y + Δy) ≤ hi + 1,  l − 1 ≤ y + Δy ≤ u + 1 }`. Inside, `y + Δy` is
///   feasible at `x` and better than `y`. It applies at fractional vertices too
///   (`ImprovingDirection` looks for a unit step that puts the vertex inside).
///
/// The cut `Σ_k t_k / α_k ≥ 1` (t_k: each non-basic variable's distance from its bound, α_k: how far
/// the basis cone's edge k stays inside S) cuts the vertex off and keeps every bilevel-feasible point
/// of the node (it lies in the cone and outside the interior of S). The cone uses the node's bounds:
/// the cut is local to the node's subtree.
struct IntersectionCuts {
    /// A side `g·z ≤ h` of a bilevel-free set over the relaxation's columns.
    typealias Side = (g: [(column: Int, value: Double)], h: Double)

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
        func integral(_ v: Double) -> Bool { !v.isFinite || v == v.rounded() }
        guard c.ny > 0, c.yInteger.allSatisfy({ $0 }), c.linkingX.allSatisfy({ c.xInteger[$0] }),
              c.yLower.allSatisfy(integral), c.yUpper.allSatisfy(integral) else { return nil }
        for row in c.followerRows {
            guard row.x.allSatisfy({ integral($0.value) }), row.y.allSatisfy({ integral($0.value) }),
                  integral(row.lower), integral(row.upper) else { return nil }
        }
        canonical = c
    }

    /// The sides of the improving-solution set S(ŷ) that depend on the point; a row side that holds
    /// for `ŷ` at every leader choice within `xLower`/`xUpper` (the relaxation's bounds) is left out.
    func sides(improvingSolution yhat: [Double], xLower: [Double], xUpper: [Double]) -> [Side] {
        let c = canonical
        var sides: [Side] = []
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
            // The range of A_i x over the box.
            let most = row.x.reduce(0.0) { $0 + $1.value * ($1.value > 0 ? xUpper : xLower)[$1.index] }
            let least = row.x.reduce(0.0) { $0 + $1.value * ($1.value > 0 ? xLower : xUpper)[$1.index] }
            if row.upper.isFinite && !(most + b <= row.upper) { sides.append((a, row.upper + 1 - b)) }
            if row.lower.isFinite && !(least + b >= row.lower) {
                sides.append((a.map { ($0.column, -$0.value) }, -row.lower + 1 + b))
            }
        }
        return sides
    }

    /// The sides of the improving-direction set S(Δy). A side that `Δy` moves away from (a row side
    /// with `B_i Δy` pointing inwards, a bound `Δy_j` moves away from) holds for `y + Δy` at every
    /// point of the relaxation already, so it is left out: the set is then bilevel-free within the
    /// relaxation, which is all a cut needs, and larger (MibS's "useless inequalities").
    func sides(improvingDirection delta: [Double]) -> [Side] {
        let c = canonical
        var sides: [Side] = []
        for row in c.followerRows {
            let shift = row.y.reduce(0.0) { $0 + $1.value * delta[$1.index] }
            let g: [(column: Int, value: Double)] = row.x.map { ($0.index, $0.value) }
                + row.y.map { (c.nx + $0.index, $0.value) }
            if row.upper.isFinite && shift > 0 { sides.append((g, row.upper + 1 - shift)) }
            if row.lower.isFinite && shift < 0 {
                sides.append((g.map { ($0.column, -$0.value) }, -row.lower + 1 + shift))
            }
        }
        for j in 0..<c.ny {
            if c.yUpper[j].isFinite && delta[j] > 0 {
                sides.append(([(c.nx + j, 1)], c.yUpper[j] + 1 - delta[j]))
            }
            if c.yLower[j].isFinite && delta[j] < 0 {
                sides.append(([(c.nx + j, -1)], -c.yLower[j] + 1 + delta[j]))
            }
        }
        return sides
    }

    /// The cut `coefficients·z ≥ lower` that separates the vertex `p` of `lp` (whose basis gives the
    /// cone) from the bilevel-feasible points of its node, given the sides of a bilevel-free set;
    /// nil when `p` is not inside with a margin or the cut would be badly conditioned.
    func cut(at p: [Double], lp: LinearProblem, sides: [Side])
        -> (coefficients: [(column: Int, value: Double)], lower: Double)? {
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

/// Looks for an improving direction that puts an LP point inside the improving-direction set: the
/// most improving step of one follower variable by one unit against its cost (`d·Δy < 0`) such
/// that `y + Δy` keeps every follower row and bound of the point, widened by 1 less a margin.
/// (A MILP over all integer directions, as MibS's IDIC uses, was measured on the general families
/// at 10 s: at every node 85 solved, at the root only 86, never 87 with unit steps alone, which are
/// also faster: the MILP did not earn its place.)
struct ImprovingDirection {
    private let canonical: CanonicalProblem
    /// The follower rows each follower variable appears in, with its coefficient.
    private let columnRows: [[(row: Int, value: Double)]]
    /// How far inside the widened sides `y + Δy` must stay (the set's interior, with room).
    static let margin = 1e-3

    init(_ c: CanonicalProblem) {
        canonical = c
        var columnRows = [[(row: Int, value: Double)]](repeating: [], count: c.ny)
        for (i, row) in c.followerRows.enumerated() { for (j, v) in row.y { columnRows[j].append((i, v)) } }
        self.columnRows = columnRows
    }

    /// A direction `Δy` for the point `p` (over the relaxation's columns), or nil.
    func find(at p: [Double]) -> [Double]? {
        let c = canonical, n = c.ny, m = Self.margin
        let x = Array(p[0..<c.nx]), y = Array(p[c.nx..<(c.nx + n)])
        let activity = c.followerRows.map { CanonicalProblem.activity($0, x: x, y: y) }
        var best: (j: Int, step: Double, gain: Double)?
        for j in 0..<n where c.d[j] != 0 {
            let step: Double = c.d[j] < 0 ? 1 : -1
            let moved = y[j] + step
            guard moved <= c.yUpper[j] + 1 - m, moved >= c.yLower[j] - 1 + m else { continue }
            let fits = columnRows[j].allSatisfy { entry in
                let a = activity[entry.row] + entry.value * step
                let row = c.followerRows[entry.row]
                return a <= row.upper + 1 - m && a >= row.lower - 1 + m
            }
            if fits, abs(c.d[j]) > (best?.gain ?? 0) { best = (j, step, abs(c.d[j])) }
        }
        guard let best else { return nil }
        var delta = [Double](repeating: 0, count: n)
        delta[best.j] = best.step
        return delta
    }
}
