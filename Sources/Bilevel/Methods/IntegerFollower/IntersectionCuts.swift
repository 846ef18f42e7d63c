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
///   (`ImprovingDirection` looks for a `Δy` that puts the vertex inside).
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

/// Looks for an improving direction that puts an LP point inside the improving-direction set: an
/// integer `Δy` with `d·Δy ≤ −1` (or `< 0` for fractional costs) such that `y + Δy` keeps every
/// follower row and bound of the point, widened by 1 less a margin. A small MILP (MibS's IDIC
/// auxiliary problem), solved by GLPK; the shortest such `Δy` (in the 1-norm) is taken, since a
/// short step stays feasible for more of the points around.
///
/// Owns a GLPK problem: create and use on one thread.
final class ImprovingDirection {
    private let canonical: CanonicalProblem
    private let lp: LinearProblem
    private let valueRow: Int
    /// The follower rows each follower variable appears in, with its coefficient.
    private let columnRows: [[(row: Int, value: Double)]]
    /// Steps of `Δy_j` are searched within this many units (each direction) where `y_j` is unbounded.
    static let unboundedReach = 1_000.0
    /// How far inside the widened sides `y + Δy` must stay (the set's interior, with room).
    static let margin = 1e-3
    /// Each solve gets at most this many seconds: it is a heuristic, and a miss costs only a cut.
    static let timeLimit = 0.5

    init(_ c: CanonicalProblem) throws {
        canonical = c
        let n = c.ny
        var columnRows = [[(row: Int, value: Double)]](repeating: [], count: n)
        for (i, row) in c.followerRows.enumerated() { for (j, v) in row.y { columnRows[j].append((i, v)) } }
        self.columnRows = columnRows
        lp = LinearProblem(direction: .minimize)
        // Columns: Δ⁺ (n), Δ⁻ (n), both integer and ≥ 0; Δy = Δ⁺ − Δ⁻.
        try lp.addColumns(2 * n, lower: 0)
        for j in 0..<(2 * n) {
            try lp.setInteger(column: j)
            try lp.setObjective(column: j, 1)
        }
        try lp.addRows(c.followerRows.count + n + 1)
        var entries: [MatrixEntry] = []
        for (i, row) in c.followerRows.enumerated() {
            for (j, v) in row.y {
                entries.append(MatrixEntry(row: i, column: j, value: v))
                entries.append(MatrixEntry(row: i, column: n + j, value: -v))
            }
        }
        for j in 0..<n {
            entries.append(MatrixEntry(row: c.followerRows.count + j, column: j, value: 1))
            entries.append(MatrixEntry(row: c.followerRows.count + j, column: n + j, value: -1))
        }
        valueRow = c.followerRows.count + n
        for j in 0..<n where c.d[j] != 0 {
            entries.append(MatrixEntry(row: valueRow, column: j, value: c.d[j]))
            entries.append(MatrixEntry(row: valueRow, column: n + j, value: -c.d[j]))
        }
        try lp.loadMatrix(entries)
        let integral = c.d.allSatisfy { $0 == $0.rounded() }
        try lp.setRowBounds(valueRow, lower: -.infinity, upper: integral ? -1 : -Self.margin)
    }

    /// A direction `Δy` for the point `p` (over the relaxation's columns), or nil: a step of one
    /// variable by one unit where one does, else (when `search`) the MILP's.
    func find(at p: [Double], search: Bool) -> [Double]? {
        if let unit = unitStep(at: p) { return unit }
        return search ? solve(at: p) : nil
    }

    /// The most improving step `±e_j` (one variable by one unit against its cost) that keeps the
    /// point inside the widened sides.
    private func unitStep(at p: [Double]) -> [Double]? {
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

    /// The MILP for a direction.
    private func solve(at p: [Double]) -> [Double]? {
        let c = canonical, n = c.ny, m = Self.margin
        let y = Array(p[c.nx..<(c.nx + n)])
        do {
            for (i, row) in c.followerRows.enumerated() {
                let activity = CanonicalProblem.activity(row, x: Array(p[0..<c.nx]), y: y)
                try lp.setRowBounds(i, lower: row.lower - 1 + m - activity, upper: row.upper + 1 - m - activity)
            }
            for j in 0..<n {
                let lower = c.yLower[j].isFinite ? (c.yLower[j] - 1 + m - y[j]).rounded(.up) : -Self.unboundedReach
                let upper = c.yUpper[j].isFinite ? (c.yUpper[j] + 1 - m - y[j]).rounded(.down) : Self.unboundedReach
                guard lower <= upper else { return nil }
                try lp.setRowBounds(c.followerRows.count + j, lower: lower, upper: upper)
                try lp.setColumnBounds(j, lower: 0, upper: max(0, upper))
                try lp.setColumnBounds(n + j, lower: 0, upper: max(0, -lower))
            }
        } catch {
            return nil
        }
        let result = lp.solveMIP(MIPOptions(timeLimit: Self.timeLimit))
        guard result.status == .optimal || result.status == .feasible else { return nil }
        let z = lp.columnValues
        return (0..<n).map { (z[$0] - z[n + $0]).rounded() }
    }
}
