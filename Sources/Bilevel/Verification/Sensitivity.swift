import GLPK

/// How the follower's response moves with the leader's choice at a solution: dy*/dx and dλ*/dx by
/// the implicit function theorem on the active KKT system
///
///     Q dy + Σ_{i active} s_i b_i dλ_i = −C dx        (stationarity)
///     b_i · dy = −a_i · dx                             (each active side stays active)
///
/// valid where the follower's optimum is unique and strictly complementary. Where an active side has
/// a zero multiplier (a kink of y*(x)) or the active system is singular (the optimum is not unique),
/// the response is not differentiable and the report says why.
public struct SensitivityReport: Sendable, Hashable {
    /// Whether the response is differentiable at the point; when not, ``reason`` says why and the
    /// derivatives are not meaningful.
    public var differentiable: Bool
    /// Why not, when not.
    public var reason: String?
    /// `dy[j][l]` = ∂y_j/∂x_l, follower variables and leader variables in model order (by name in JSON).
    public var dyDx: [[Double]]
    /// Active multipliers (named `row[lower]`, `y[upper]`, …) and their derivatives.
    public var multiplierNames: [String]
    /// `dLambdaDx[k][l]` = ∂λ_k/∂x_l for the active multiplier `multiplierNames[k]` and leader variable `l`.
    public var dLambdaDx: [[Double]]
}

extension BilevelModel {
    /// The sensitivity of the follower's response at `point` (all variables, model order), which
    /// should be a verified solution.
    ///
    /// - Parameter point: A value for every variable, in model order (e.g. ``BilevelResult/values``).
    /// - Returns: dy*/dx and dλ*/dx, or why the response is not differentiable there.
    /// - Throws: `BilevelError.invalidModel` for an inconsistent model, or an error of the LP that finds
    ///   the multipliers.
    public func sensitivity(at point: [Double]) throws -> SensitivityReport {
        try validate()
        let canonical = CanonicalProblem(self)
        let kkt = KKTSystem(canonical)
        let (x, y) = canonical.split(point)
        return try Sensitivity(kkt: kkt).report(x: x, y: y)
    }
}

struct Sensitivity {
    let kkt: KKTSystem

    /// A side of the follower's problem: its multiplier (position in `kkt.multipliers`), its terms in
    /// y and in x, the sign of its multiplier in stationarity, and its name.
    private struct Side {
        var multiplier: Int
        var y: [(Int, Double)]
        var x: [(Int, Double)]
        var sign: Double
        var name: String
    }

    func report(x: [Double], y: [Double]) throws -> SensitivityReport {
        let ny = kkt.canonical.ny
        guard ny <= 400 else { return Self.notDifferentiable(Self.tooLarge) }
        // Multipliers at (x, y): an LP over the active sides (as the verifier's certificate does).
        guard let lambda = try activeMultipliers(x: x, y: y) else { return Self.notDifferentiable(Self.noMultipliers) }
        // Active sides: equalities always; inequalities with zero slack.
        var sides: [Side] = []
        for (k, m) in kkt.multipliers.enumerated() {
            let (slack, side) = self.side(k, m, x: x, y: y)
            let scale = max(1, side.y.reduce(0) { max($0, abs($1.1)) })
            let ySize = relativeFloor(y.reduce(0) { max($0, abs($1)) })
            guard slack <= Tolerances.activeSide * scale * ySize else { continue }
            if !m.isFree && lambda[k] <= Tolerances.positiveMultiplier {
                return Self.notDifferentiable("not differentiable: '\(side.name)' is active with a zero multiplier "
                                              + "(a kink of the follower's response)")
            }
            sides.append(side)
        }
        let (matrix, rhs) = activeSystem(sides)
        guard let solution = Self.solve(matrix, rhs) else { return Self.notDifferentiable(Self.singular) }
        return SensitivityReport(differentiable: true, reason: nil,
                                 dyDx: Array(solution[0..<ny]),
                                 multiplierNames: sides.map(\.name),
                                 dLambdaDx: Array(solution[ny..<(ny + sides.count)]))
    }

    private static func notDifferentiable(_ reason: String) -> SensitivityReport {
        SensitivityReport(differentiable: false, reason: reason, dyDx: [], multiplierNames: [], dLambdaDx: [])
    }

    private static let tooLarge = "too large for the dense active-set system (more than 400 follower variables)"
    private static let noMultipliers = "no KKT multipliers at this point: the follower's response is not optimal here"
    private static let singular = "not differentiable: the active system is singular (the follower's optimum is "
        + "not unique here, or its active constraints are dependent)"

    /// Multiplier `k`'s side and its slack at (x, y) (0 for an equality or a fixed variable).
    private func side(_ k: Int, _ m: KKTSystem.Multiplier, x: [Double], y: [Double]) -> (slack: Double, side: Side) {
        let c = kkt.canonical
        let model = c.model
        func rowSide(_ r: Int, sign: Double, suffix: String) -> Side {
            let row = c.followerRows[r]
            return Side(multiplier: k, y: row.y.map { ($0.index, $0.value) }, x: row.x.map { ($0.index, $0.value) },
                        sign: sign, name: model.constraints[row.source].name + suffix)
        }
        func boundSide(_ j: Int, sign: Double, suffix: String) -> Side {
            Side(multiplier: k, y: [(j, 1)], x: [], sign: sign,
                 name: model.variables[c.followerVariables[j]].name + suffix)
        }
        switch m.origin {
        case let .rowLower(r):
            let row = c.followerRows[r]
            return (CanonicalProblem.activity(row, x: x, y: y) - row.lower, rowSide(r, sign: -1, suffix: "[lower]"))
        case let .rowUpper(r):
            let row = c.followerRows[r]
            return (row.upper - CanonicalProblem.activity(row, x: x, y: y), rowSide(r, sign: 1, suffix: "[upper]"))
        case let .rowEquality(r): return (0, rowSide(r, sign: 1, suffix: ""))
        case let .boundLower(j): return (y[j] - c.yLower[j], boundSide(j, sign: -1, suffix: "[lower]"))
        case let .boundUpper(j): return (c.yUpper[j] - y[j], boundSide(j, sign: 1, suffix: "[upper]"))
        case let .boundFixed(j): return (0, boundSide(j, sign: 1, suffix: ""))
        }
    }

    /// The square system in (dy, dλ_active) and its right-hand sides, one column per leader variable.
    private func activeSystem(_ sides: [Side]) -> (matrix: [[Double]], rhs: [[Double]]) {
        let c = kkt.canonical
        let nx = c.nx, ny = c.ny
        let n = ny + sides.count
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for j in 0..<ny { for (k, v) in c.followerQ[j] { matrix[j][k] += v } }
        for (s, side) in sides.enumerated() {
            for (j, v) in side.y {
                matrix[j][ny + s] += side.sign * v    // stationarity: s_i b_i λ_i
                matrix[ny + s][j] += v                // the side stays active: b_i · dy = −a_i · dx
            }
        }
        var rhs = [[Double]](repeating: [Double](repeating: 0, count: nx), count: n)
        for j in 0..<ny { for (l, v) in c.followerC[j] { rhs[j][l] -= v } }
        for (s, side) in sides.enumerated() { for (l, v) in side.x { rhs[ny + s][l] -= v } }
        return (matrix, rhs)
    }

    /// Multipliers at (x, y), preferring strictly complementary ones (nil when none exist).
    private func activeMultipliers(x: [Double], y: [Double]) throws -> [Double]? {
        try KKTCertificate(kkt).multipliers(x: x, y: y, strict: true)
    }

    /// Gaussian elimination with partial pivoting for several right-hand sides; nil when singular.
    static func solve(_ a: [[Double]], _ b: [[Double]]) -> [[Double]]? {
        var a = a, b = b
        let n = a.count
        let scale = max(Tolerances.smallestMatrixScale, a.joined().reduce(0.0) { max($0, abs($1)) })
        for col in 0..<n {
            let p = (col..<n).max { abs(a[$0][col]) < abs(a[$1][col]) }!
            if abs(a[p][col]) <= Tolerances.singularPivot * scale { return nil }
            a.swapAt(col, p)
            b.swapAt(col, p)
            for r in (col + 1)..<max(col + 1, n) {
                let f = a[r][col] / a[col][col]
                if f == 0 { continue }
                for k in col..<n { a[r][k] -= f * a[col][k] }
                for k in 0..<b[r].count { b[r][k] -= f * b[col][k] }
            }
        }
        var x = b
        for r in stride(from: n - 1, through: 0, by: -1) {
            for k in 0..<b[r].count {
                var s = b[r][k]
                for j in (r + 1)..<max(r + 1, n) { s -= a[r][j] * x[j][k] }
                x[r][k] = s / a[r][r]
            }
        }
        return x
    }
}
