import CGLPK

/// How a simplex solve ended: every return code and solution status of `glp_simplex` maps to one case.
public enum LPStatus: Equatable, Sendable, CustomStringConvertible {
    /// An optimal basic solution is available.
    case optimal
    /// The LP has no primal feasible solution.
    case infeasible
    /// The LP is primal feasible and its objective is unbounded in the optimizing direction.
    case unbounded
    /// The LP is either infeasible or unbounded (no dual feasible solution; primal status not decided).
    case infeasibleOrUnbounded
    /// The iteration limit was reached.
    case iterationLimit
    /// The time limit was reached.
    case timeLimit
    /// The objective limit was reached (dual simplex only).
    case objectiveLimit
    /// GLPK failed (singular or ill-conditioned basis, numerical trouble); the payload names the cause.
    case failed(String)

    public var description: String {
        switch self {
        case .optimal: return "optimal"
        case .infeasible: return "infeasible"
        case .unbounded: return "unbounded"
        case .infeasibleOrUnbounded: return "infeasible or unbounded"
        case .iterationLimit: return "iteration limit"
        case .timeLimit: return "time limit"
        case .objectiveLimit: return "objective limit"
        case let .failed(why): return "failed (\(why))"
        }
    }

    /// Maps a `glp_simplex` return code (non-zero) to a status.
    static func fromReturnCode(_ code: Int32) -> LPStatus {
        switch code {
        case GLP_EBADB: return .failed("invalid initial basis")
        case GLP_ESING: return .failed("singular basis matrix")
        case GLP_ECOND: return .failed("ill-conditioned basis matrix")
        case GLP_EBOUND: return .failed("incorrect bounds")
        case GLP_EFAIL: return .failed("solver failure")
        case GLP_EOBJLL, GLP_EOBJUL: return .objectiveLimit
        case GLP_EITLIM: return .iterationLimit
        case GLP_ETMLIM: return .timeLimit
        case GLP_ENOPFS: return .infeasible
        case GLP_ENODFS: return .infeasibleOrUnbounded
        default: return .failed("unknown return code \(code)")
        }
    }

    /// Maps the solution status after a successful `glp_simplex` call.
    static func fromSolution(status: Int32, dualStatus: Int32) -> LPStatus {
        switch status {
        case GLP_OPT: return .optimal
        case GLP_NOFEAS: return .infeasible
        case GLP_UNBND: return .unbounded
        default:
            if dualStatus == GLP_NOFEAS { return .infeasibleOrUnbounded }
            return .failed("solution status undefined")
        }
    }
}

/// How a MIP solve ended (`glp_intopt`).
public enum MIPStatus: Equatable, Sendable, CustomStringConvertible {
    /// Integer optimum found (within the MIP gap asked for).
    case optimal
    /// An integer feasible solution is known; the search stopped early (time limit, interruption).
    case feasible
    /// No integer feasible solution exists.
    case infeasible
    /// The LP relaxation is unbounded: the MIP is unbounded or infeasible.
    case infeasibleOrUnbounded
    /// The time limit was reached with no integer feasible solution.
    case timeLimit
    /// Stopped by the caller (callback) with no integer feasible solution.
    case interrupted
    /// GLPK failed; the payload names the cause.
    case failed(String)

    public var description: String {
        switch self {
        case .optimal: return "optimal"
        case .feasible: return "feasible"
        case .infeasible: return "infeasible"
        case .infeasibleOrUnbounded: return "infeasible or unbounded"
        case .timeLimit: return "time limit"
        case .interrupted: return "interrupted"
        case let .failed(why): return "failed (\(why))"
        }
    }
}
