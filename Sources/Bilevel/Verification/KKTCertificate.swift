import GLPK

/// Verifies a convex quadratic follower's response without a QP solver: at fixed (x, y), looks for
/// multipliers by an LP — stationarity `d + Qy + Cx + Σ (multiplier terms) = 0`, sign conditions, and
/// zero multipliers on every side that is not active at y. For a convex follower (Q positive
/// semidefinite, checked when the model is accepted) such multipliers exist if and only if y is
/// optimal.
final class KKTCertificate {
    private let kkt: KKTSystem
    private let lp: LinearProblem
    /// Multiplier `k` of `kkt.multipliers` is column `k` here.
    private let multiplierColumn: [Int: Int]

    init(_ kkt: KKTSystem) throws {
        self.kkt = kkt
        lp = LinearProblem(direction: .minimize)
        var columns: [Int: Int] = [:]
        for (k, m) in kkt.multipliers.enumerated() { columns[m.column] = k }
        multiplierColumn = columns
        try lp.addColumns(kkt.multipliers.count, lower: 0)
        for (k, m) in kkt.multipliers.enumerated() where m.isFree {
            try lp.setColumnBounds(k, lower: -.infinity, upper: .infinity)
        }
        try lp.addRows(kkt.ny)
        try lp.loadMatrix(Self.stationarityEntries(kkt, multiplierColumn: columns))
        lp.scale()
    }

    /// The stationarity rows' multiplier entries, a row per follower variable and a column per multiplier.
    private static func stationarityEntries(_ kkt: KKTSystem, multiplierColumn: [Int: Int]) -> [MatrixEntry] {
        let rows = kkt.stationarityRowRange
        return kkt.matrix.compactMap { e in
            guard rows.contains(e.row), let k = multiplierColumn[e.column] else { return nil }
            return MatrixEntry(row: e.row - rows.lowerBound, column: k, value: e.value)
        }
    }

    /// Whether multipliers certify that `y` is optimal for the follower at `x` (feasibility of (x, y)
    /// is checked by the caller).
    func certifies(x: [Double], y: [Double]) -> Bool {
        multipliers(x: x, y: y, strict: false) != nil
    }

    /// Multipliers that certify `y` at `x` (indexed like `kkt.multipliers`), or nil. With `strict`,
    /// among them the ones whose smallest sign-constrained entry on an active side is largest (so
    /// strict complementarity shows where it holds).
    func multipliers(x: [Double], y: [Double], strict: Bool) -> [Double]? {
        let c = kkt.canonical
        do {
            // Stationarity right-hand side: −(d + Qy + Cx).
            for k in 0..<kkt.ny {
                var g = c.d[k]
                for (m, v) in c.followerQ[k] { g += v * y[m] }
                for (l, v) in c.followerC[k] { g += v * x[l] }
                try lp.setRowBounds(k, lower: -g, upper: -g)
            }
            // Only sides active at y may carry a multiplier.
            for (k, m) in kkt.multipliers.enumerated() where !m.isFree {
                let active: Bool
                switch m.origin {
                case let .rowLower(r):
                    let row = c.followerRows[r]
                    active = Self.isActive(CanonicalProblem.activity(row, x: x, y: y) - row.lower, side: row.lower)
                case let .rowUpper(r):
                    let row = c.followerRows[r]
                    active = Self.isActive(row.upper - CanonicalProblem.activity(row, x: x, y: y), side: row.upper)
                case let .boundLower(j): active = Self.isActive(y[j] - c.yLower[j], side: c.yLower[j])
                case let .boundUpper(j): active = Self.isActive(c.yUpper[j] - y[j], side: c.yUpper[j])
                default: active = true
                }
                try lp.setColumnBounds(k, lower: 0, upper: active ? .infinity : 0)
            }
        } catch {
            return nil
        }
        guard lp.solve(SimplexOptions(method: .primal)) == .optimal else { return nil }
        guard strict else { return lp.columnValues }
        // Second phase: maximize t with λ_k ≥ t on every active sign-constrained side.
        let strictLP = try? strictProblem()
        guard let s = strictLP else { return lp.columnValues }
        guard s.solve(SimplexOptions(method: .primal)) == .optimal else { return lp.columnValues }
        return Array(s.columnValues[0..<kkt.multipliers.count])
    }

    /// Whether a side with this slack is active (feasibility tolerance, relative to the side).
    private static func isActive(_ slack: Double, side: Double) -> Bool {
        slack <= Tolerances.feasibility * relativeFloor(side)
    }

    /// A copy of the certificate LP with a column t ≤ 1 and rows λ_k − t ≥ 0 for the active sides.
    private func strictProblem() throws -> LinearProblem {
        let p = LinearProblem(direction: .maximize)
        let n = kkt.multipliers.count
        try p.addColumns(n + 1, lower: 0)
        for k in 0..<n { let b = lp.columnBounds(k); try p.setColumnBounds(k, lower: b.lower, upper: b.upper) }
        try p.setColumnBounds(n, lower: -.infinity, upper: 1)
        try p.setObjective(column: n, 1)
        try p.addRows(kkt.ny + n)
        var entries: [MatrixEntry] = []
        for k in 0..<kkt.ny {
            let b = lp.rowBounds(k)
            try p.setRowBounds(k, lower: b.lower, upper: b.upper)
        }
        entries += Self.stationarityEntries(kkt, multiplierColumn: multiplierColumn)
        for (k, m) in kkt.multipliers.enumerated() where !m.isFree && lp.columnBounds(k).upper > 0 {
            entries.append(MatrixEntry(row: kkt.ny + k, column: k, value: 1))
            entries.append(MatrixEntry(row: kkt.ny + k, column: n, value: -1))
            try p.setRowBounds(kkt.ny + k, lower: 0, upper: .infinity)
        }
        try p.loadMatrix(entries)
        return p
    }
}
