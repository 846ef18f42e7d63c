import GLPK

/// The strong-duality row of the relaxation: `d·y − D(λ, x) ≤ 0`, linear once its products of
/// multipliers and leader variables are replaced by under-estimators over the leader's box.
extension KKTSystem {
    /// A linear row `Σ entries ≤ upper`.
    struct LinearRow {
        var entries: [(column: Int, value: Double)]
        var upper: Double
    }

    /// The strong-duality row relaxed for leader bounds `[xLower, xUpper]`, or nil when it cannot be
    /// relaxed linearly there.
    ///
    /// Weak duality `d·y ≥ D(λ, x)` holds for every primal and dual feasible pair, and `d·y − D` is
    /// the sum of the complementarity products, so `d·y − D ≤ 0` is valid for every KKT point, with
    /// `D = α·(lo − Ax) − β·(hi − Ax) − π·(b − Ax) + γ·l − δ·u − ν·l`. Each product `c·λ·x_k` of a
    /// linking row is exact when `x_k` is fixed, and otherwise replaced by its McCormick
    /// under-estimator from one bound `q` of the multiplier, `(x_k − x_lower)(λ − q) ≥ 0` and the
    /// like: `c·λ·x_k ≥ c·b·λ + c·q·x_k − c·b·q`, with `b` the end of `x_k`'s range that makes it
    /// valid for the sign of `c` and the side of `q`. For a multiplier of an inequality `q = 0`
    /// (`λ ≥ 0`), which gives `c·b·λ` alone; a free multiplier (equality row) needs a proven bound
    /// (`boundFreeMultipliers`). Nil when a product has no such bound, or an infinite `x` bound is
    /// needed.
    func strongDualityRelaxation(xLower: [Double], xUpper: [Double]) -> LinearRow? {
        // With a quadratic follower or x·y terms in its objective, d·y − D is no longer linear.
        if canonical.isQuadraticFollower || canonical.hasFollowerProducts { return nil }
        var entries: [(column: Int, value: Double)] = []
        var xTerms = [Double](repeating: 0, count: nx)
        var xTermSizes = [Double](repeating: 0, count: nx)   // the largest term summed into xTerms
        var upper = 0.0
        for k in 0..<ny where canonical.d[k] != 0 { entries.append((yColumn(k), canonical.d[k])) }
        for m in multipliers {
            var base = 0.0
            var sign = 0.0
            var rowX: [(index: Int, value: Double)] = []
            switch m.origin {
            case let .rowLower(r):
                base = -canonical.followerRows[r].lower; sign = 1; rowX = canonical.followerRows[r].x
            case let .rowUpper(r):
                base = canonical.followerRows[r].upper; sign = -1; rowX = canonical.followerRows[r].x
            case let .rowEquality(r):
                base = canonical.followerRows[r].upper; sign = -1; rowX = canonical.followerRows[r].x
            case let .boundLower(k): base = -canonical.yLower[k]
            case let .boundUpper(k): base = canonical.yUpper[k]
            case let .boundFixed(k): base = canonical.yLower[k]
            }
            var coefficient = base
            var coefficientSize = abs(base)
            // The multiplier's bound the envelopes use: its lower one if finite (0 for an inequality's).
            let lowerSide = columnLower[m.column].isFinite
            let q = lowerSide ? columnLower[m.column] : columnUpper[m.column]
            for (k, a) in rowX {
                let c = sign * a
                if xLower[k] == xUpper[k] {
                    coefficient += c * xLower[k]
                    coefficientSize = max(coefficientSize, abs(c * xLower[k]))
                    continue
                }
                guard q.isFinite else { return nil }
                let b = (c > 0) == lowerSide ? xLower[k] : xUpper[k]
                guard b.isFinite else { return nil }
                coefficient += c * b
                coefficientSize = max(coefficientSize, abs(c * b))
                xTerms[k] += c * q
                xTermSizes[k] = max(xTermSizes[k], abs(c * q))
                upper += c * b * q
            }
            guard coefficient.isFinite else { return nil }
            let residue = Self.residueEffect(coefficient, size: coefficientSize,
                                             lower: columnLower[m.column], upper: columnUpper[m.column])
            if let effect = residue { upper += effect } else if coefficient != 0 { entries.append((m.column, coefficient)) }
        }
        for k in 0..<nx where xTerms[k] != 0 {
            let column = xColumn(k)
            if let effect = Self.residueEffect(xTerms[k], size: xTermSizes[k], lower: xLower[k], upper: xUpper[k]) {
                upper += effect
            } else {
                entries.append((column, xTerms[k]))
            }
        }
        return LinearRow(entries: entries, upper: upper)
    }

    /// For a coefficient `a` of a `≤` row that is a rounding residue of terms up to `size`
    /// (`Tolerances.cancellationResidue`): how far the side must move when the entry is dropped,
    /// the most `−a·v` can be over `v ∈ [lower, upper]` (at least 0); nil when `a` is no residue, or
    /// the box is unbounded on the side that matters.
    static func residueEffect(_ a: Double, size: Double, lower: Double, upper: Double) -> Double? {
        guard a != 0, abs(a) <= Tolerances.cancellationResidue * size else { return nil }
        let most = a > 0 ? -a * lower : -a * upper
        return most.isFinite ? max(0, most) : nil
    }

    /// Bounds the free multipliers of equality rows with leader variables over the dual polyhedron
    /// (stationarity and the multipliers' signs: it contains every KKT point's multipliers and does
    /// not depend on `x` for an LP follower), as their columns' bounds. Without a bound such a
    /// multiplier times an unfixed leader variable leaves the strong-duality row out of the
    /// relaxation (`strongDualityRelaxation`), and with it the only row that bounds the follower's
    /// objective: on the covering family the root relaxation was then unbounded.
    ///
    /// The bounds are proven by weak duality (`ProvenLPBound`); the row then holds at every KKT point.
    mutating func boundFreeMultipliers() throws {
        guard !canonical.isQuadraticFollower, !canonical.hasFollowerProducts else { return }
        let open = multipliers.filter { m in
            guard m.isFree, case let .rowEquality(r) = m.origin else { return false }
            return !canonical.followerRows[r].x.isEmpty
        }
        guard !open.isEmpty else { return }
        let stationarity = stationarityRowRange
        var rows = [[(column: Int, value: Double)]](repeating: [], count: stationarity.count)
        for e in matrix where stationarity.contains(e.row) {
            rows[e.row - stationarity.lowerBound].append((e.column, e.value))
        }
        let polyhedron = try ProvenLPBound(columnLower: columnLower, columnUpper: columnUpper, rows: rows,
                                           rowLower: Array(rowLower[stationarity]),
                                           rowUpper: Array(rowUpper[stationarity]))
        guard polyhedron.isFeasible else { return }
        for m in open {
            let upper = try polyhedron.provenMaximum([(m.column, 1)])
            let lower = -(try polyhedron.provenMaximum([(m.column, -1)]))
            if upper.isFinite { columnUpper[m.column] = upper }
            if lower.isFinite { columnLower[m.column] = lower }
        }
    }
}
