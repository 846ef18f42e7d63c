import GLPK

/// Non-convex leader products under McCormick envelopes.
///
/// A product `z_a·z_b` of two LP columns with bounds `[l_a, u_a] × [l_b, u_b]` is replaced by a
/// column `w` and the four rows of its convex and concave envelopes (McCormick 1976, "Computability
/// of global solutions to factorable nonconvex programs", Math. Program. 10):
///
///     w ≥ l_b·z_a + l_a·z_b − l_a·l_b      w ≥ u_b·z_a + u_a·z_b − u_a·u_b
///     w ≤ u_b·z_a + l_a·z_b − l_a·u_b      w ≤ l_b·z_a + u_a·z_b − u_a·l_b
///
/// They are exact where a factor sits at a bound, so the search (`NodeSolver`) splits a factor's
/// interval where `w` and the product disagree and rebuilds the rows for each node's bounds: the
/// node's LP value stays a valid bound and tends to the product's value as the intervals shrink.
extension KKTSystem {
    /// One envelope row: `lower ≤ Σ entries ≤ upper`.
    typealias EnvelopeRow = (entries: [(column: Int, value: Double)], lower: Double, upper: Double)
    /// An interval of a column's values.
    typealias Interval = (lower: Double, upper: Double)

    /// A leader product `coefficient·z_first·z_second` (LP columns; the same column for a square),
    /// stood in for by `column`, with its four envelope rows from `firstRow`.
    struct Product {
        var coefficient: Double
        var first: Int
        var second: Int
        var column: Int
        var firstRow: Int
    }

    /// The envelope rows of `p` for column bounds `lower`, `upper`; nil when a factor has an
    /// infinite bound (no linear envelope: the rows stay free).
    func envelope(_ p: Product, lower: [Double], upper: [Double]) -> [EnvelopeRow]? {
        envelope(p, first: (lower[p.first], upper[p.first]), second: (lower[p.second], upper[p.second]))
    }

    func envelope(_ p: Product, first a: Interval, second b: Interval) -> [EnvelopeRow]? {
        guard a.lower.isFinite, a.upper.isFinite, b.lower.isFinite, b.upper.isFinite else { return nil }
        func row(_ ca: Double, _ cb: Double, _ rhs: Double, below: Bool) -> EnvelopeRow {
            // w − ca·z_a − cb·z_b {≥, ≤} rhs; a square has one factor column.
            var entries: [(column: Int, value: Double)] = [(p.column, 1)]
            if p.first == p.second {
                if ca + cb != 0 { entries.append((p.first, -(ca + cb))) }
            } else {
                if ca != 0 { entries.append((p.first, -ca)) }
                if cb != 0 { entries.append((p.second, -cb)) }
            }
            return below ? (entries, rhs, .infinity) : (entries, -.infinity, rhs)
        }
        return [row(b.lower, a.lower, -a.lower * b.lower, below: true),
                row(b.upper, a.upper, -a.upper * b.upper, below: true),
                row(b.upper, a.lower, -a.lower * b.upper, below: false),
                row(b.lower, a.upper, -a.upper * b.lower, below: false)]
    }

    /// The smallest and largest product over a box (its corners).
    static func productRange(_ a: Interval, _ b: Interval, square: Bool) -> Interval {
        let corners = [a.lower * b.lower, a.lower * b.upper, a.upper * b.lower, a.upper * b.upper]
        var low = corners.min()!, high = corners.max()!
        if square { low = a.lower <= 0 && a.upper >= 0 ? 0 : min(a.lower * a.lower, a.upper * a.upper) }
        if square { high = max(a.lower * a.lower, a.upper * a.upper) }
        return (low, high)
    }

    /// Proves finite bounds for every factor of a product that has an infinite one
    /// (`impliedBounds`), and bounds each product column by its factors' corners.
    ///
    /// - Throws: `BilevelError.unsupported` when a factor is unbounded over the relaxation (the
    ///   envelopes need a box), `.solverFailure` when an LP fails.
    mutating func boundProductFactors(timeLimit: Double? = nil) throws {
        guard !products.isEmpty else { return }
        let factors = Set(products.flatMap { [$0.first, $0.second] }).sorted()
        let open = factors.filter { !columnLower[$0].isFinite || !columnUpper[$0].isFinite }
        if !open.isEmpty {
            // Nil: the relaxation is infeasible, and the search says so.
            guard let implied = try impliedBounds(of: open, timeLimit: timeLimit) else { return }
            for j in open {
                let b = implied[j]!
                guard b.lower.isFinite && b.upper.isFinite else {
                    let missing = b.lower.isFinite ? "upper" : "lower"
                    throw BilevelError.unsupported(unboundedFactor(columnName(j), missing: missing))
                }
                (columnLower[j], columnUpper[j]) = (b.lower, b.upper)
            }
        }
        for p in products {
            let r = Self.productRange((columnLower[p.first], columnUpper[p.first]),
                                      (columnLower[p.second], columnUpper[p.second]), square: p.first == p.second)
            columnLower[p.column] = r.lower
            columnUpper[p.column] = r.upper
        }
    }

    private func unboundedFactor(_ name: String, missing side: String) -> String {
        "the leader's objective has a non-convex product with \(name), which has no \(side) bound (none is "
            + "implied by the rows either): the McCormick relaxation needs finite bounds on both factors"
    }

    /// The smallest and largest value of each column over the relaxation (every row, stationarity
    /// and the strong-duality row: valid for every KKT point), infinite where unbounded; nil when
    /// the relaxation is infeasible.
    ///
    /// - Throws: `.solverFailure` when an LP fails.
    func impliedBounds(of columns: [Int], timeLimit: Double? = nil) throws -> [Int: Interval]? {
        let lp = try makeLP()
        for j in 0..<columnCount { try lp.setObjective(column: j, 0) }
        try lp.setObjectiveConstant(0)
        var out: [Int: Interval] = [:]
        for j in columns {
            var b = (lower: columnLower[j], upper: columnUpper[j])
            try lp.setObjective(column: j, 1)
            for direction in [LinearProblem.Direction.minimize, .maximize] {
                let minimizing = direction == .minimize
                guard !(minimizing ? b.lower : b.upper).isFinite else { continue }
                lp.direction = direction
                switch lp.solve(SimplexOptions(method: .primal, timeLimit: timeLimit)) {
                case .optimal where minimizing: b.lower = lp.objectiveValue
                case .optimal: b.upper = lp.objectiveValue
                case .infeasible: return nil
                case .unbounded: break
                case let other:
                    throw BilevelError.solverFailure("bounding \(columnName(j)) over the relaxation: \(other)")
                }
            }
            try lp.setObjective(column: j, 0)
            out[j] = b
        }
        return out
    }

    /// The model name of an `x` or `y` column.
    func columnName(_ j: Int) -> String {
        let c = canonical
        let variable = j < nx ? c.leaderVariables[j] : c.followerVariables[j - nx]
        return c.model.variables[variable].name
    }
}
