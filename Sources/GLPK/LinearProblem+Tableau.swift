import CGLPK
import CGLPKGuard

/// One edge of the cone of an optimal basis: a non-basic variable moving away from the bound it
/// sits at, and how the columns move with it. Every point of the LP's feasible set is the basic
/// solution plus a non-negative combination of these edges (with the variables' distances from their
/// bounds as weights): the cone intersection cuts are computed from.
public struct ConeEdge: Sendable {
    /// The non-basic variable: a row (its activity) or a column.
    public enum Variable: Sendable, Equatable { case row(Int), column(Int) }
    public var variable: Variable
    /// True when the variable sits at its upper bound (it moves down), false at its lower bound.
    public var atUpper: Bool
    /// The bound it sits at.
    public var bound: Double
    /// The change of every column per unit of distance from the bound.
    public var direction: [Double]
}

extension LinearProblem {
    /// The cone of the current optimal basis (after an LP solve), or nil when there is none or it
    /// has a free non-basic variable (then the cone holds a line, and cone-based cuts do not apply).
    /// Fixed non-basic variables do not move and give no edge.
    public func basisCone() -> [ConeEdge]? {
        guard isValid, !lastSolveWasMIP, glp_get_status(handle) == GLP_OPT, glp_bf_exists(handle) != 0 else {
            return nil
        }
        let m = rowCount, n = columnCount
        var ind = [Int32](repeating: 0, count: m + 1)
        var val = [Double](repeating: 0, count: m + 1)
        var edges: [ConeEdge] = []
        for k in 1...(m + n) {
            let isRow = k <= m
            let status = isRow ? glp_get_row_stat(handle, Int32(k)) : glp_get_col_stat(handle, Int32(k - m))
            switch status {
            case GLP_BS, GLP_NS: continue
            case GLP_NF: return nil
            default: break
            }
            let atUpper = status == GLP_NU
            let sign: Double = atUpper ? -1 : 1
            let code = bilevel_glp_eval_tab_col(handle, Int32(k), &ind, &val)
            guard code != BILEVEL_GLPK_FAULT, code >= 0 else { return nil }
            var direction = [Double](repeating: 0, count: n)
            if !isRow { direction[k - m - 1] = sign }
            for t in stride(from: 1, through: Int(code), by: 1) where Int(ind[t]) > m {
                direction[Int(ind[t]) - m - 1] = sign * val[t]
            }
            let bound: Double
            if isRow {
                bound = atUpper ? rowUpper[k - 1] : rowLower[k - 1]
            } else {
                bound = atUpper ? columnUpper[k - m - 1] : columnLower[k - m - 1]
            }
            guard bound.isFinite else { return nil }
            edges.append(ConeEdge(variable: isRow ? .row(k - 1) : .column(k - m - 1), atUpper: atUpper,
                                  bound: bound, direction: direction))
        }
        return edges
    }

    /// The coefficients of row `i` (0-based), as (column, value) pairs.
    public func rowCoefficients(_ i: Int) -> [(column: Int, value: Double)] {
        guard isValid, i >= 0, i < rowCount else { return [] }
        var ind = [Int32](repeating: 0, count: columnCount + 1)
        var val = [Double](repeating: 0, count: columnCount + 1)
        let len = Int(glp_get_mat_row(handle, Int32(i + 1), &ind, &val))
        return len > 0 ? (1...len).map { (Int(ind[$0]) - 1, val[$0]) } : []
    }
}
