import Foundation
import GLPK

/// What a MILP reformulation's answer says about the bilevel problem; shared by `BigMReformulation`
/// and `StrongDualityReformulation`. The MILP's leader choice is re-evaluated as a candidate (the
/// follower's own LP, then verification), and optimality or infeasibility is claimed only when the
/// reformulation is exact (every M proven).
struct MILPVerdict {
    var status: SolveStatus = .unknown
    var incumbent: Candidate?
    /// Lower bound on the minimized leader objective (−∞ when the MILP's bound proves nothing).
    var bound: Double
    var message: String?

    /// - Parameters:
    ///   - name: the MILP as messages call it ("big-M", "strong-duality").
    init(_ result: MIPResult, milp: LinearProblem, kkt: KKTSystem, exact: Bool, name: String, gap: Double) throws {
        bound = exact ? (result.bound ?? -.infinity) : -.infinity
        if result.objective != nil {
            let x = Array(milp.columnValues[0..<kkt.nx])
            switch try Verifier(kkt.canonical).candidate(at: x) {
            case let .feasible(candidate):
                incumbent = candidate
            case .unbounded:
                status = .unbounded
                message = "at the MILP's leader choice, the leader's objective is unbounded on the follower's "
                    + "optimal face"
                return
            case let .infeasible(why), let .failed(why):
                message = "the MILP's point is not bilevel feasible (\(why))"
                    + (exact ? "" : "; an unproven big-M can cause this")
            }
        }
        switch result.status {
        case .optimal:
            if let inc = incumbent, exact, let b = result.bound {
                bound = min(b, inc.value)
                status = Gap.isClosed(incumbent: inc.value, bound: bound, tolerance: gap) ? .optimal : .feasible
            } else {
                status = incumbent == nil ? .unknown : .feasible
            }
        case .feasible:
            status = result.stoppedBy == .interrupted ? .interrupted : .timeLimit
        case .infeasible:
            status = exact ? .infeasible : .unknown
            if !exact {
                message = "the \(name) MILP is infeasible, but some M is unproven: infeasibility is not proven"
            }
        case .infeasibleOrUnbounded:
            status = .unknown
            message = "the \(name) MILP's relaxation is unbounded or infeasible; the branch-and-bound (method "
                + "'branch') decides"
        case .timeLimit: status = .timeLimit
        case .interrupted: status = .interrupted
        case let .failed(why):
            status = .unknown
            message = "GLPK failed on the \(name) MILP: \(why)"
        }
    }

    /// The verdict as a method's outcome.
    func outcome(nodes: Int) -> Outcome {
        Outcome(status: status, incumbent: incumbent, bound: bound, nodes: nodes, message: message)
    }
}

extension SolveOptions {
    /// What is left of the time limit since `start` (nil: no limit), at least a millisecond so that a
    /// spent limit still reaches GLPK as a positive one.
    func timeLeft(since start: Date) -> Double? {
        timeLimit.map { max(0.001, $0 - Date().timeIntervalSince(start)) }
    }

    /// GLPK's options for a reformulation's MILP: what is left of the time limit since `start`, no
    /// gap (the MILP's optimum is proven), and the user's interruption.
    func mipOptions(since start: Date) -> MIPOptions {
        let stop = shouldStop
        return MIPOptions(timeLimit: timeLeft(since: start), relativeGap: 0, shouldStop: stop.map { s in { s() } })
    }
}
