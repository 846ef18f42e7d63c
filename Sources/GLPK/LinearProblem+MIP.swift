import CGLPK
import CGLPKGuard

/// Options for a MIP solve.
public struct MIPOptions {
    /// Time limit in seconds for the whole MIP solve, LP relaxation included (`nil`: none).
    public var timeLimit: Double? = nil
    /// Relative MIP gap at which GLPK may stop (0: prove optimality).
    public var relativeGap: Double = 0
    /// Integrality tolerance of GLPK's MIP search (`GLPKTolerances.integrality` unless set).
    public var integralityTolerance: Double = GLPKTolerances.integrality
    /// Polled at every callback; returning true stops the search (`glp_ios_terminate`).
    public var shouldStop: (() -> Bool)? = nil
    /// Print GLPK's own log.
    public var verbose = false
    public init(timeLimit: Double? = nil, relativeGap: Double = 0, shouldStop: (() -> Bool)? = nil,
                verbose: Bool = false) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.shouldStop = shouldStop
        self.verbose = verbose
    }
}

/// The outcome of a MIP solve.
public struct MIPResult {
    /// How the solve ended.
    public var status: MIPStatus
    /// Objective of the best integer solution, when there is one.
    public var objective: Double?
    /// The best bound recorded during the search (from `glp_ios_best_node` in the callback, because
    /// no GLPK call returns it after `glp_intopt` ends); equal to the objective when optimal.
    public var bound: Double?
    /// Why the search stopped early, if it did.
    public var stoppedBy: StopReason?
    /// Branch-and-bound nodes GLPK reported (an estimate: GLPK counts active and processed nodes).
    public var nodes: Int
    public enum StopReason: Sendable { case timeLimit, interrupted }
}

/// State shared with the C callback of `glp_intopt`.
private final class MIPCallbackContext {
    var bound: Double = .nan
    var nodes = 0
    let shouldStop: (() -> Bool)?
    var stopped = false
    init(shouldStop: (() -> Bool)?) { self.shouldStop = shouldStop }
}

private let mipCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Void = { tree, info in
    guard let tree, let info else { return }
    let context = Unmanaged<MIPCallbackContext>.fromOpaque(info).takeUnretainedValue()
    let best = glp_ios_best_node(tree)
    if best != 0 { context.bound = glp_ios_node_bound(tree, best) }
    var active: Int32 = 0, total: Int32 = 0
    glp_ios_tree_size(tree, &active, nil, &total)
    context.nodes = Int(total)
    if let stop = context.shouldStop, stop() {
        context.stopped = true
        glp_ios_terminate(tree)
    }
}

extension LinearProblem {
    /// Not a tolerance: the unit of `Duration.components.attoseconds`, in seconds.
    private static let secondsPerAttosecond = 1e-18

    /// Solves the problem as a MIP with `glp_intopt`.
    ///
    /// The LP relaxation is solved first by the simplex method (so presolve can stay off, which
    /// `glp_intopt` allows only from an optimal LP basis; otherwise it returns `GLP_EROOT`). An
    /// unbounded relaxation yields `.infeasibleOrUnbounded`.
    public func solveMIP(_ options: MIPOptions = MIPOptions()) -> MIPResult {
        let clock = ContinuousClock()
        let start = clock.now
        guard isValid else { return MIPResult(status: .failed("internal GLPK error (problem freed)"), nodes: 0) }
        let relaxation = solve(SimplexOptions(method: .dual, timeLimit: options.timeLimit, verbose: options.verbose))
        lastSolveWasMIP = true
        switch relaxation {
        case .optimal: break
        case .infeasible: return MIPResult(status: .infeasible, nodes: 0)
        case .unbounded, .infeasibleOrUnbounded: return MIPResult(status: .infeasibleOrUnbounded, nodes: 0)
        case .timeLimit: return MIPResult(status: .timeLimit, stoppedBy: .timeLimit, nodes: 0)
        case .iterationLimit, .objectiveLimit:
            return MIPResult(status: .failed("LP relaxation: \(relaxation)"), nodes: 0)
        case let .failed(why): return MIPResult(status: .failed("LP relaxation: \(why)"), nodes: 0)
        }
        lastSolveWasMIP = true
        let context = MIPCallbackContext(shouldStop: options.shouldStop)
        var parm = Self.intoptParameters(options, clock: clock, start: start)
        parm.cb_func = mipCallback
        let unmanaged = Unmanaged.passRetained(context)
        defer { unmanaged.release() }
        parm.cb_info = unmanaged.toOpaque()
        let code = bilevel_glp_intopt(handle, &parm)
        if code == BILEVEL_GLPK_FAULT { return MIPResult(status: .failed("internal GLPK error"), nodes: context.nodes) }
        return intoptResult(code, context: context, relativeGap: options.relativeGap)
    }

    /// GLPK's MIP parameters for `options`, the time limit less the time since `start`.
    private static func intoptParameters(_ options: MIPOptions, clock: ContinuousClock,
                                         start: ContinuousClock.Instant) -> glp_iocp {
        var parm = glp_iocp()
        glp_init_iocp(&parm)
        parm.msg_lev = options.verbose ? GLP_MSG_ALL : GLP_MSG_OFF
        parm.presolve = GLP_OFF
        parm.mip_gap = max(0, options.relativeGap)
        parm.tol_int = options.integralityTolerance
        if let t = options.timeLimit {
            let elapsed = start.duration(to: clock.now)
            let (wholeSeconds, attoseconds) = elapsed.components
            let seconds = Double(wholeSeconds) + Double(attoseconds) * secondsPerAttosecond
            let left = t - seconds
            parm.tm_lim = Int32(clamping: Int64((max(0.001, left) * 1000).rounded(.up).clamped(to: 1...2e9)))
        }
        return parm
    }

    /// What `glp_intopt`'s return `code` and the solution status say.
    private func intoptResult(_ code: Int32, context: MIPCallbackContext, relativeGap: Double) -> MIPResult {
        let mipStatus = glp_mip_status(handle)
        let hasSolution = mipStatus == GLP_OPT || mipStatus == GLP_FEAS
        let objective = hasSolution ? glp_mip_obj_val(handle) : nil
        let recordedBound = context.bound.isNaN ? nil : context.bound
        let nodes = context.nodes
        switch code {
        case 0, GLP_EMIPGAP:
            if mipStatus == GLP_NOFEAS { return MIPResult(status: .infeasible, nodes: nodes) }
            if hasSolution {
                // The search closed: every node was fathomed, so the bound is the objective unless a
                // gap was allowed, in which case the recorded bound is the honest one.
                let bound = code == 0 && relativeGap == 0 ? objective : (recordedBound ?? objective)
                return MIPResult(status: .optimal, objective: objective, bound: bound, nodes: nodes)
            }
            return MIPResult(status: .failed("no solution status after intopt"), nodes: nodes)
        case GLP_ETMLIM:
            return MIPResult(status: hasSolution ? .feasible : .timeLimit, objective: objective, bound: recordedBound,
                             stoppedBy: .timeLimit, nodes: nodes)
        case GLP_ESTOP:
            return MIPResult(status: hasSolution ? .feasible : .interrupted, objective: objective, bound: recordedBound,
                             stoppedBy: .interrupted, nodes: nodes)
        case GLP_EBOUND: return MIPResult(status: .failed("integer column with non-integer bound"), nodes: nodes)
        case GLP_EROOT: return MIPResult(status: .failed("no optimal LP basis at the root"), nodes: nodes)
        case GLP_ENOPFS: return MIPResult(status: .infeasible, nodes: nodes)
        case GLP_ENODFS: return MIPResult(status: .infeasibleOrUnbounded, nodes: nodes)
        case GLP_EFAIL: return MIPResult(status: .failed("solver failure"), objective: objective, nodes: nodes)
        default: return MIPResult(status: .failed("return code \(code)"), objective: objective, nodes: nodes)
        }
    }
}
