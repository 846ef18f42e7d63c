/// Multiplier bounds from the vertices of the follower's dual polyhedron, where its matrix is totally
/// unimodular (network flows, interdiction, assignment and transportation followers).
///
/// For an LP follower whose objective does not depend on the leader, the dual polyhedron
/// Λ = {λ : stationarity, signs} is the same for every leader choice. When Λ is pointed, the dual of
/// the follower's LP at any `x` has an optimal vertex of Λ, and every optimal dual is complementary
/// to every optimal `y`; so each bilevel-feasible `(x, y)` keeps a KKT point whose multipliers form a
/// vertex of Λ, and bounds that hold at every vertex lose no bilevel-feasible point. They cut off
/// other optimal duals, so they serve only requests in which the multipliers' values do not matter:
/// the optimistic reading, no multipliers in the leader's objective, no sensitivity report.
///
/// The bound: if each follower row, divided by the magnitude `s_r` of its entries, has entries ±1
/// forming a totally unimodular matrix B̂, a vertex of Λ solves `M λ̂ = −d` for a nonsingular square
/// submatrix M of `[B̂ᵀ, −B̂ᵀ, I, −I]` (with λ̂_r = s_r λ_r), whose inverse has entries in {0, ±1}; so
/// `|λ_r| ≤ ‖d‖₁ / s_r` and a bound multiplier's `|λ| ≤ ‖d‖₁`. Total unimodularity is recognized by
/// Heller & Tompkins' sufficient condition on the rows with two entries or more (rows with one are
/// unit rows, which keep a matrix TU): at most two nonzeros per column, rows split in two parts,
/// equal signs in a column across the parts, opposite signs within one (Heller & Tompkins 1956, "An
/// extension of a theorem of Dantzig's", in Linear Inequalities and Related Systems, Ann. Math.
/// Studies 38). Λ is pointed when the stationarity entries of the free multipliers (equality rows,
/// fixed variables) are linearly independent, checked by elimination; an equality row that the
/// others imply for every `x` (conservation at every node of a network) leaves with its multiplier.
///
/// Without such bounds, a multiplier of a row with leader variables is unbounded over Λ (max-flow
/// interdiction: the capacity rows' multipliers), which left the strong-duality row's products
/// without envelopes, every big-M unproven and the strong-duality MILP inexact.
extension KKTSystem {
    /// Not a tolerance: row entries count as one magnitude when they differ by at most this, relative.
    static let equalMagnitude = 1e-12
    /// Not a tolerance: a bound below this (times ‖d‖₁, floor 1) is loosened to it, which keeps it
    /// valid (any larger bound is) and keeps GLPK from boxing a column within its own tolerances
    /// (a row scaled by 1e11 would otherwise bound its multiplier by 1e-11).
    static let smallestVertexBound = 1e-6
    /// Elimination work (entries updated) beyond which the pointedness test gives up.
    static let largestPointednessTest = 50_000_000

    /// Bounds every multiplier by its largest magnitude over the vertices of the dual polyhedron when
    /// the test above passes; returns how many multiplier columns it bounded (0 when it does not apply).
    @discardableResult
    mutating func boundMultipliersAtVertices() -> Int {
        let c = canonical
        guard !c.isQuadraticFollower, !c.hasFollowerProducts, !hasDualTerms, c.pricingScale == nil,
              let scales = Self.unimodularRowScales(c.followerRows, ny: ny),
              let implied = impliedFreeMultipliers() else { return 0 }
        let norm = c.d.reduce(0) { $0 + abs($1) }
        let floor = Self.smallestVertexBound * max(1, norm)
        var bounded = 0
        for column in implied { columnLower[column] = 0; columnUpper[column] = 0 }
        for m in multipliers {
            var bound: Double
            switch m.origin {
            case let .rowLower(r), let .rowUpper(r), let .rowEquality(r): bound = norm / scales[r]
            case .boundLower, .boundUpper, .boundFixed: bound = norm
            }
            bound = max(bound, floor)
            if bound < columnUpper[m.column] { columnUpper[m.column] = bound; bounded += 1 }
            if m.isFree && -bound > columnLower[m.column] { columnLower[m.column] = -bound }
        }
        return bounded
    }

    /// Each row's entry magnitude when every row's `y` entries share one magnitude and the rows so
    /// scaled pass Heller & Tompkins' test; nil otherwise. A row without `y` entries gets scale 1.
    static func unimodularRowScales(_ rows: [CanonicalProblem.Row], ny: Int) -> [Double]? {
        var scales = [Double](repeating: 1, count: rows.count)
        var column = [[(row: Int, positive: Bool)]](repeating: [], count: ny)
        for (r, row) in rows.enumerated() {
            let entries = row.y.filter { $0.value != 0 }
            guard let first = entries.first else { continue }
            let s = abs(first.value)
            guard entries.allSatisfy({ abs(abs($0.value) - s) <= equalMagnitude * s }) else { return nil }
            scales[r] = s
            // A row with one entry is a unit row once scaled: appending unit rows keeps a matrix TU.
            guard entries.count > 1 else { continue }
            for e in entries {
                column[e.index].append((r, e.value > 0))
                if column[e.index].count > 2 { return nil }
            }
        }
        // Two-colouring of the rows: an edge per column with two entries, "same part" for opposite
        // signs, "other part" for equal ones.
        var edges = [[(row: Int, samePart: Bool)]](repeating: [], count: rows.count)
        for entries in column where entries.count == 2 {
            let (a, b) = (entries[0], entries[1])
            guard a.row != b.row else { return nil }
            edges[a.row].append((b.row, a.positive != b.positive))
            edges[b.row].append((a.row, a.positive != b.positive))
        }
        var part = [Int?](repeating: nil, count: rows.count)
        for start in rows.indices where part[start] == nil {
            part[start] = 0
            var stack = [start]
            while let r = stack.popLast() {
                for (s, same) in edges[r] {
                    let wanted = same ? part[r]! : 1 - part[r]!
                    if let p = part[s] {
                        if p != wanted { return nil }
                    } else {
                        part[s] = wanted
                        stack.append(s)
                    }
                }
            }
        }
        return scales
    }

    /// The free multipliers (equality rows, fixed variables) whose rows the other such rows imply for
    /// every leader choice, as a linear combination of them (the flow conservation row of the last
    /// node, say); nil when their stationarity columns are dependent otherwise. Without the implied
    /// ones, the free multipliers' columns are independent and Λ holds no line, so it has vertices;
    /// an implied row leaves the follower's problem unchanged, so its multiplier may be fixed at 0.
    func impliedFreeMultipliers() -> [Int]? {
        let c = canonical
        // Each free multiplier's row, sparse over (y, x, right-hand side): y at 0..<ny, x after it,
        // the right-hand side at ny + nx.
        var rows: [(column: Int, entries: [Int: Double])] = []
        // A multiplier already fixed at 0 (its side left in presolve) is not among the rows that imply others.
        for m in multipliers where m.isFree && (columnLower[m.column] < 0 || columnUpper[m.column] > 0) {
            var entries: [Int: Double] = [:]
            switch m.origin {
            case let .rowEquality(r):
                // Divided by its own magnitude: y entries ±1, so that the tests below do not depend
                // on how the row was scaled (a row at 1e-11 is not "empty in y").
                let row = c.followerRows[r]
                let s = row.y.map { abs($0.value) }.max().flatMap { $0 > 0 ? $0 : nil } ?? 1
                for (k, v) in row.y { entries[k, default: 0] += v / s }
                for (k, v) in row.x { entries[ny + k, default: 0] += v / s }
                entries[ny + nx] = row.lower / s
            case let .boundFixed(k):
                entries[k] = 1
                entries[ny + nx] = c.yLower[k]
            default: return nil
            }
            rows.append((m.column, entries))
        }
        // Rows are reduced one at a time against the earlier pivot rows, in the order they were
        // taken: a pivot row is zero at every earlier pivot, so one pass leaves a row zero at all of
        // them. What is left in y becomes a new pivot row; a row left empty in y is a combination of
        // the earlier ones: implied when it is also one in x and the right-hand side, else the
        // follower's rows contradict each other for some x.
        var basis: [(pivot: Int, row: [Int: Double])] = []
        var implied: [Int] = []
        var work = 0
        for (column, entries) in rows {
            var row = entries
            let rowScale = max(1, entries.values.map(abs).max() ?? 0)
            for (pivot, b) in basis {
                guard let v = row[pivot], v != 0 else { continue }
                let f = v / b[pivot]!
                for (j, w) in b { row[j, default: 0] -= f * w }
                row[pivot] = nil
                work += b.count
                if work > Self.largestPointednessTest { return nil }
            }
            let pivot = row.filter { $0.key < ny && abs($0.value) > Tolerances.singularPivot }
                .max { abs($0.value) < abs($1.value) || (abs($0.value) == abs($1.value) && $0.key > $1.key) }
            if let pivot {
                basis.append((pivot.key, row))
                continue
            }
            let residual = row.filter { $0.key >= ny }.values.map(abs).max() ?? 0
            guard residual <= Tolerances.redundantSide * rowScale else { return nil }
            implied.append(column)
        }
        return implied
    }
}
