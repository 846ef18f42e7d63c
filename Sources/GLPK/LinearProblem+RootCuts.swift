import CGLPK
import CGLPKGuard
import Foundation

/// A row `lower ≤ coefficients · x ≤ upper` over a problem's columns (0-based), found by a cut
/// generator.
public struct CutRow: Sendable {
    /// The nonzero coefficients, by column.
    public var coefficients: [(column: Int, value: Double)]
    /// The lower side (`-infinity`: none).
    public var lower: Double
    /// The upper side (`+infinity`: none).
    public var upper: Double
}

/// State shared with the C callback of the root-cut run.
private final class RootCutContext {
    let rows: Int
    let shouldStop: (() -> Bool)?
    var cuts: [CutRow] = []
    init(rows: Int, shouldStop: (() -> Bool)?) {
        self.rows = rows
        self.shouldStop = shouldStop
    }
}

/// Harvests the cut rows of the root node when GLPK is about to branch there (or found an integral
/// point there), then stops the search: the rows still in the problem then are the root's active cuts.
private let rootCutCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Void = { tree, info in
    guard let tree, let info else { return }
    let context = Unmanaged<RootCutContext>.fromOpaque(info).takeUnretainedValue()
    if let stop = context.shouldStop, stop() {
        glp_ios_terminate(tree)
        return
    }
    let reason = glp_ios_reason(tree)
    guard reason == GLP_IBRANCH || reason == GLP_IBINGO else { return }
    let node = glp_ios_curr_node(tree)
    guard node != 0, glp_ios_node_level(tree, node) == 0, let problem = glp_ios_get_prob(tree) else {
        glp_ios_terminate(tree)
        return
    }
    let count = Int(glp_get_num_rows(problem))
    let columns = Int(glp_get_num_cols(problem))
    var indices = [Int32](repeating: 0, count: columns + 1)
    var values = [Double](repeating: 0, count: columns + 1)
    var attribute = glp_attr()
    if count > context.rows {
        for i in (context.rows + 1)...count {
            glp_ios_row_attr(tree, Int32(i), &attribute)
            guard attribute.origin == GLP_RF_CUT else { continue }
            let length = Int(glp_get_mat_row(problem, Int32(i), &indices, &values))
            let coefficients = (0..<length).map { (column: Int(indices[$0 + 1]) - 1, value: values[$0 + 1]) }
            let type = glp_get_row_type(problem, Int32(i))
            let hasLower = type == GLP_LO || type == GLP_DB || type == GLP_FX
            let hasUpper = type == GLP_UP || type == GLP_DB || type == GLP_FX
            let lower = hasLower ? glp_get_row_lb(problem, Int32(i)) : -.infinity
            let upper = hasUpper ? glp_get_row_ub(problem, Int32(i)) : .infinity
            context.cuts.append(CutRow(coefficients: coefficients, lower: lower, upper: upper))
        }
    }
    glp_ios_terminate(tree)
}

extension LinearProblem {
    /// The cutting planes GLPK's MIP solver keeps at the root of this problem (Gomory mixed-integer,
    /// mixed-integer rounding, cover and clique cuts, the ones active at the root's last LP): rows
    /// valid for every point that meets the problem's rows, bounds and integrality. The search stops
    /// at the root; the problem is left as it was (GLPK removes its cuts when `glp_intopt` returns).
    ///
    /// Empty when the relaxation is not optimal, when the time runs out, or when GLPK finds none.
    public func rootCuts(timeLimit: Double?, shouldStop: (() -> Bool)? = nil) -> [CutRow] {
        guard isValid else { return [] }
        guard solve(SimplexOptions(method: .dual, timeLimit: timeLimit)) == .optimal else { return [] }
        lastSolveWasMIP = true
        let context = RootCutContext(rows: rowCount, shouldStop: shouldStop)
        var parm = glp_iocp()
        glp_init_iocp(&parm)
        parm.msg_lev = GLP_MSG_OFF
        parm.presolve = GLP_OFF
        (parm.gmi_cuts, parm.mir_cuts, parm.cov_cuts, parm.clq_cuts) = (GLP_ON, GLP_ON, GLP_ON, GLP_ON)
        if let t = timeLimit { parm.tm_lim = Int32(clamping: Int64((max(0.001, t) * 1000).rounded(.up))) }
        parm.cb_func = rootCutCallback
        let unmanaged = Unmanaged.passRetained(context)
        defer { unmanaged.release() }
        parm.cb_info = unmanaged.toOpaque()
        let code = bilevel_glp_intopt(handle, &parm)
        if code == BILEVEL_GLPK_FAULT { return [] }
        return context.cuts
    }
}
