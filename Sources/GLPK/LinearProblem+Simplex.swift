import CGLPK
import CGLPKGuard

/// Options for a simplex solve.
public struct SimplexOptions: Sendable {
    /// Which simplex method starts.
    public enum Method: Sendable {
        /// Primal simplex.
        case primal
        /// Dual simplex, falling back to the primal if it fails; the method of choice after bound
        /// changes, since an optimal basis stays dual feasible.
        case dual
    }
    public var method: Method = .dual
    /// Time limit in seconds (`nil`: none).
    public var timeLimit: Double? = nil
    /// Iteration limit (`nil`: none).
    public var iterationLimit: Int? = nil
    /// Print GLPK's own log.
    public var verbose = false
    /// Dual simplex on a minimization only (ignored otherwise): stop with `LPStatus.objectiveLimit`
    /// once the objective of a dual feasible basis reaches this (it only rises from there, so the
    /// optimum is at least this too).
    public var objectiveUpperLimit: Double? = nil
    public init(method: Method = .dual, timeLimit: Double? = nil, iterationLimit: Int? = nil, verbose: Bool = false,
                objectiveUpperLimit: Double? = nil) {
        self.method = method
        self.timeLimit = timeLimit
        self.iterationLimit = iterationLimit
        self.verbose = verbose
        self.objectiveUpperLimit = objectiveUpperLimit
    }
}

extension LinearProblem {
    /// Solves the LP by the simplex method, warm from the current basis.
    ///
    /// Presolve stays off so that the basis survives for the next solve (GLPK's presolver discards
    /// it). When GLPK fails on a bad basis, the solve is retried from an advanced basis, then from
    /// the standard basis with the primal simplex.
    @discardableResult
    public func solve(_ options: SimplexOptions = SimplexOptions()) -> LPStatus {
        lastSolveWasMIP = false
        guard isValid else { return .failed("internal GLPK error (problem freed)") }
        // GLPK's simplex can stall on degenerate LPs (seen: a verification LP of a 400-arc toll
        // instance spinning for minutes). A caller without its own limit gets a generous one; past
        // it, one restart from the standard basis with the primal simplex, then a failure to report.
        var options = options
        let guarded = options.iterationLimit == nil
        if guarded { options.iterationLimit = max(10_000, 50 * (rowCount + columnCount)) }
        var status = runSimplex(options, method: options.method == .dual ? GLP_DUALP : GLP_PRIMAL)
        if guarded, status == .iterationLimit {
            glp_std_basis(handle)
            status = runSimplex(options, method: GLP_PRIMAL)
            if status == .iterationLimit { return .failed("simplex stalled (\(options.iterationLimit!) iterations)") }
        }
        if case .failed = status, isValid {
            if bilevel_glp_adv_basis(handle) == BILEVEL_GLPK_FAULT { return .failed("internal GLPK error") }
            status = runSimplex(options, method: GLP_PRIMAL)
        }
        if case .failed = status, isValid {
            glp_std_basis(handle)
            status = runSimplex(options, method: GLP_PRIMAL)
        }
        return status
    }

    private func runSimplex(_ options: SimplexOptions, method: Int32) -> LPStatus {
        var parm = glp_smcp()
        glp_init_smcp(&parm)
        parm.msg_lev = options.verbose ? GLP_MSG_ALL : GLP_MSG_OFF
        parm.meth = method
        parm.presolve = GLP_OFF
        if let t = options.timeLimit {
            parm.tm_lim = Int32(clamping: Int64((max(0, t) * 1000).rounded(.up).clamped(to: 1...2e9)))
        }
        if let k = options.iterationLimit { parm.it_lim = Int32(clamping: max(0, k)) }
        if let u = options.objectiveUpperLimit, u.isFinite, direction == .minimize { parm.obj_ul = u }
        let code = bilevel_glp_simplex(handle, &parm)
        if code == BILEVEL_GLPK_FAULT { return .failed("internal GLPK error") }
        if code != 0 { return LPStatus.fromReturnCode(code) }
        return LPStatus.fromSolution(status: glp_get_status(handle), dualStatus: glp_get_dual_stat(handle))
    }

    /// Scales rows and columns (GLPK's automatic geometric/equilibration scaling); later simplex
    /// solves work on the scaled problem while every value read back stays in original units.
    /// Call once the matrix is loaded.
    public func scale() {
        guard isValid else { return }
        _ = bilevel_glp_scale_prob(handle)
    }

    // MARK: Solution

    /// Objective value of the last solve (basic solution, or MIP solution after `solveMIP`).
    public var objectiveValue: Double {
        guard isValid else { return .nan }
        return lastSolveWasMIP ? glp_mip_obj_val(handle) : glp_get_obj_val(handle)
    }

    /// Primal values of all columns.
    public var columnValues: [Double] {
        guard isValid else { return Array(repeating: .nan, count: columnCount) }
        return lastSolveWasMIP
            ? (0..<columnCount).map { glp_mip_col_val(handle, Int32($0 + 1)) }
            : (0..<columnCount).map { glp_get_col_prim(handle, Int32($0 + 1)) }
    }

    /// The primal value of one column.
    public func columnValue(_ j: Int) -> Double {
        guard isValid else { return .nan }
        return lastSolveWasMIP ? glp_mip_col_val(handle, Int32(j + 1)) : glp_get_col_prim(handle, Int32(j + 1))
    }

    /// Row activities of all rows.
    public var rowValues: [Double] {
        guard isValid else { return Array(repeating: .nan, count: rowCount) }
        return lastSolveWasMIP
            ? (0..<rowCount).map { glp_mip_row_val(handle, Int32($0 + 1)) }
            : (0..<rowCount).map { glp_get_row_prim(handle, Int32($0 + 1)) }
    }

    /// Row duals (shadow prices) of the last basic solution.
    public var rowDuals: [Double] {
        guard isValid else { return Array(repeating: .nan, count: rowCount) }
        return (0..<rowCount).map { glp_get_row_dual(handle, Int32($0 + 1)) }
    }

    /// The reduced cost of one column in the last basic solution.
    public func reducedCost(_ j: Int) -> Double { isValid ? glp_get_col_dual(handle, Int32(j + 1)) : .nan }

    /// Reduced costs of all columns in the last basic solution.
    public var reducedCosts: [Double] {
        guard isValid else { return Array(repeating: .nan, count: columnCount) }
        return (0..<columnCount).map { glp_get_col_dual(handle, Int32($0 + 1)) }
    }

    // MARK: Unbounded ray

    /// A direction of unboundedness after a solve that ended `.unbounded`: a vector `r` over the
    /// columns such that moving along `r` keeps every row and column bound and improves the
    /// objective without limit.
    ///
    /// `glp_get_unbnd_ray` gives only the non-basic variable that can move; the rest of the ray is
    /// the matching column of the simplex tableau (`glp_eval_tab_col`). The ray is checked before it
    /// is returned; `nil` when GLPK did not leave one or the check fails.
    public func unboundedRay(tolerance: Double = GLPKTolerances.recessionDirection) -> [Double]? {
        guard isValid, !lastSolveWasMIP, glp_get_status(handle) == GLP_UNBND else { return nil }
        var k = Int(glp_get_unbnd_ray(handle))
        if k == 0 {
            // The dual simplex can end "unbounded" without naming a ray; the primal simplex from the
            // same basis names one.
            _ = runSimplex(SimplexOptions(), method: GLP_PRIMAL)
            guard isValid, glp_get_status(handle) == GLP_UNBND else { return nil }
            k = Int(glp_get_unbnd_ray(handle))
        }
        let m = rowCount, n = columnCount
        guard k >= 1 && k <= m + n else { return nil }
        let status = k <= m ? glp_get_row_stat(handle, Int32(k)) : glp_get_col_stat(handle, Int32(k - m))
        let isBasic = status == GLP_BS
        guard !isBasic else { return nil }
        // Direction of the entering variable: against its reduced cost in the optimizing sense.
        let reduced = k <= m ? glp_get_row_dual(handle, Int32(k)) : glp_get_col_dual(handle, Int32(k - m))
        let improvingRate = direction == .minimize ? -reduced : reduced
        let sign: Double = improvingRate >= 0 ? 1 : -1
        var ind = [Int32](repeating: 0, count: m + 1)
        var val = [Double](repeating: 0, count: m + 1)
        let code = bilevel_glp_eval_tab_col(handle, Int32(k), &ind, &val)
        guard code != BILEVEL_GLPK_FAULT else { return nil }
        let len = Int(code)
        var ray = [Double](repeating: 0, count: n)
        if k > m { ray[k - m - 1] = sign }
        for t in 1...max(1, len) where t <= len {
            let b = Int(ind[t])
            if b > m { ray[b - m - 1] = sign * val[t] }
        }
        return isRecessionDirection(ray, tolerance: tolerance) ? ray : nil
    }

    /// Whether `ray` is a recession direction of the feasible set that strictly improves the
    /// objective (within `tolerance`, relative to the ray's size).
    public func isRecessionDirection(_ ray: [Double], tolerance: Double = GLPKTolerances.recessionDirection) -> Bool {
        guard isValid, ray.count == columnCount else { return false }
        let scale = ray.reduce(0) { max($0, abs($1)) }
        guard scale > 0 else { return false }
        let tol = tolerance * scale
        for j in 0..<columnCount {
            if columnLower[j].isFinite && ray[j] < -tol { return false }
            if columnUpper[j].isFinite && ray[j] > tol { return false }
        }
        var activity = [Double](repeating: 0, count: rowCount)
        var ind = [Int32](repeating: 0, count: columnCount + 1)
        var val = [Double](repeating: 0, count: columnCount + 1)
        for i in 0..<rowCount {
            let len = Int(glp_get_mat_row(handle, Int32(i + 1), &ind, &val))
            var s = 0.0
            if len > 0 { for t in 1...len { s += val[t] * ray[Int(ind[t]) - 1] } }
            activity[i] = s
        }
        for i in 0..<rowCount {
            if rowLower[i].isFinite && activity[i] < -tol { return false }
            if rowUpper[i].isFinite && activity[i] > tol { return false }
        }
        var gain = 0.0
        for j in 0..<columnCount { gain += glp_get_obj_coef(handle, Int32(j + 1)) * ray[j] }
        return direction == .minimize ? gain < -tol : gain > tol
    }
}

extension Double {
    func clamped(to range: ClosedRange<Double>) -> Double {
        Swift.min(Swift.max(self, range.lowerBound), range.upperBound)
    }
}
