/// A tiny exact-enough LP "solver" by vertex enumeration, for the oracle: no simplex, no GLPK.
///
/// The feasible set is `{z ∈ R^d : lower ≤ z ≤ upper, rowLower_i ≤ a_i·z ≤ rowUpper_i}` with every
/// variable bound finite, so it is a bounded polytope: when it is not empty it has vertices and a
/// linear objective attains its minimum at one of them. A vertex is a feasible point where `d`
/// linearly independent constraints are tight. The enumeration chooses, for every variable, "at its
/// lower bound", "at its upper bound" or "free", and then as many tight row sides (at most one side
/// per row) as there are free variables; the square system that remains is solved by Gaussian
/// elimination with partial pivoting, and the point is kept when it satisfies every bound and row.
/// Singular choices are skipped: some other choice of tight constraints defines the same vertex.
///
/// Tolerances (data are small integers, so rounding errors are around 1e-14):
/// - a pivot below `1e-11 ×` the largest entry of the square system counts as singular;
/// - a row side `b` or a bound `b` is satisfied up to `1e-9 × max(1, |b|, Σ|a_j z_j|)`.
struct VertexLP {
    /// One row `lower ≤ a·z ≤ upper` (either side may be infinite).
    struct Row {
        var a: [Double]
        var lower: Double
        var upper: Double
    }

    let dimension: Int
    var lower: [Double]
    var upper: [Double]
    var rows: [Row] = []

    init(lower: [Double], upper: [Double]) {
        dimension = lower.count
        self.lower = lower
        self.upper = upper
    }

    /// Relative feasibility tolerance (see the type's comment).
    static let feasibilityTolerance = 1e-9
    /// Relative pivot threshold below which a square system counts as singular.
    static let pivotTolerance = 1e-11

    static func satisfied(_ activity: Double, _ lower: Double, _ upper: Double, scale: Double) -> Bool {
        if lower.isFinite && activity < lower - feasibilityTolerance * max(1, abs(lower), scale) { return false }
        if upper.isFinite && activity > upper + feasibilityTolerance * max(1, abs(upper), scale) { return false }
        return true
    }

    /// Whether `z` satisfies every bound and row (within the tolerance).
    func isFeasible(_ z: [Double]) -> Bool {
        for j in 0..<dimension where !Self.satisfied(z[j], lower[j], upper[j], scale: abs(z[j])) { return false }
        for row in rows {
            var activity = 0.0, scale = 0.0
            for j in 0..<dimension where row.a[j] != 0 {
                activity += row.a[j] * z[j]
                scale += abs(row.a[j] * z[j])
            }
            if !Self.satisfied(activity, row.lower, row.upper, scale: scale) { return false }
        }
        return true
    }

    /// The number of square systems `minimize` may solve: the cost estimate used to refuse models
    /// whose enumeration would take too long. `sides` is the number of finite row sides.
    static func candidateCount(dimension d: Int, rows: Int, sides: Int) -> Double {
        // Σ_k C(d,k)·2^(d−k)·(ways to pick k sides of distinct rows) ≤ Σ_k C(d,k)·2^(d−k)·C(sides,k).
        var total = 0.0
        for k in 0...d {
            total += binomial(d, k) * Double(1 << (d - k)) * binomial(min(sides, 2 * rows), k)
        }
        return total
    }

    static func binomial(_ n: Int, _ k: Int) -> Double {
        guard k >= 0, k <= n else { return 0 }
        var r = 1.0
        for i in 0..<k { r = r * Double(n - i) / Double(i + 1) }
        return r
    }

    /// The minimum of `c·z` over the polytope and a point attaining it, or nil when it is empty.
    func minimize(_ c: [Double]) -> (value: Double, point: [Double])? {
        // Rows without coefficients are constant checks.
        var live: [Row] = []
        for row in rows {
            if row.a.allSatisfy({ $0 == 0 }) {
                if !Self.satisfied(0, row.lower, row.upper, scale: 0) { return nil }
            } else {
                live.append(row)
            }
        }
        // Candidate tight sides: (row, right-hand side). An equality row gives one side.
        var sides: [(row: Int, rhs: Double)] = []
        for (i, row) in live.enumerated() {
            if row.lower.isFinite { sides.append((i, row.lower)) }
            if row.upper.isFinite && row.upper != row.lower { sides.append((i, row.upper)) }
        }
        var best: (value: Double, point: [Double])?
        var z = [Double](repeating: 0, count: dimension)
        var free: [Int] = []
        let problem = VertexLP(checked: self, rows: live)

        func consider(_ point: [Double]) {
            guard problem.isFeasible(point) else { return }
            var value = 0.0
            for j in 0..<dimension { value += c[j] * point[j] }
            if let current = best, value >= current.value { return }
            best = (value, point)
        }

        // Chooses k sides from distinct rows (indices increasing), then solves for the free variables.
        func chooseSides(_ k: Int) {
            var chosen: [Int] = []
            func recurse(_ start: Int) {
                if chosen.count == k {
                    if let point = solve(chosen) { consider(point) }
                    return
                }
                let needed = k - chosen.count
                guard start <= sides.count - needed else { return }
                for s in start..<sides.count {
                    if chosen.contains(where: { sides[$0].row == sides[s].row }) { continue }
                    chosen.append(s)
                    recurse(s + 1)
                    chosen.removeLast()
                }
            }
            recurse(0)
        }

        // Solves the square system of the chosen sides in the free variables, the others fixed in z.
        func solve(_ chosen: [Int]) -> [Double]? {
            let k = free.count
            if k == 0 { return z }
            var m = [Double](repeating: 0, count: k * (k + 1))
            var largest = 0.0
            for (r, s) in chosen.enumerated() {
                let row = live[sides[s].row]
                var rhs = sides[s].rhs
                for j in 0..<dimension where row.a[j] != 0 && !free.contains(j) { rhs -= row.a[j] * z[j] }
                for (col, j) in free.enumerated() {
                    m[r * (k + 1) + col] = row.a[j]
                    largest = max(largest, abs(row.a[j]))
                }
                m[r * (k + 1) + k] = rhs
            }
            guard largest > 0 else { return nil }
            // Forward elimination with partial pivoting.
            for col in 0..<k {
                var pivot = col
                for r in (col + 1)..<k where abs(m[r * (k + 1) + col]) > abs(m[pivot * (k + 1) + col]) {
                    pivot = r
                }
                if abs(m[pivot * (k + 1) + col]) <= Self.pivotTolerance * largest { return nil }
                if pivot != col {
                    for j in 0...k { m.swapAt(pivot * (k + 1) + j, col * (k + 1) + j) }
                }
                let p = m[col * (k + 1) + col]
                for r in (col + 1)..<k {
                    let factor = m[r * (k + 1) + col] / p
                    if factor == 0 { continue }
                    for j in col...k { m[r * (k + 1) + j] -= factor * m[col * (k + 1) + j] }
                }
            }
            // Back substitution.
            var point = z
            for col in stride(from: k - 1, through: 0, by: -1) {
                var v = m[col * (k + 1) + k]
                for j in (col + 1)..<k { v -= m[col * (k + 1) + j] * point[free[j]] }
                point[free[col]] = v / m[col * (k + 1) + col]
            }
            return point
        }

        // Every variable: at its lower bound, at its upper bound, or free (fixed variables: one state).
        func assign(_ j: Int) {
            // More free variables than rows: no vertex has them all strictly inside their bounds.
            if free.count > live.count { return }
            if j == dimension {
                chooseSides(free.count)
                return
            }
            z[j] = lower[j]
            assign(j + 1)
            guard upper[j] > lower[j] else { return }
            z[j] = upper[j]
            assign(j + 1)
            free.append(j)
            z[j] = 0
            assign(j + 1)
            free.removeLast()
        }
        assign(0)
        return best
    }

    private init(checked other: VertexLP, rows: [Row]) {
        dimension = other.dimension
        lower = other.lower
        upper = other.upper
        self.rows = rows
    }
}
