/// What the verifier found about a point.
public struct VerificationReport: Sendable, Hashable {
    /// True when every row and bound holds, integers are integral, and the follower's response is
    /// optimal for the follower's own problem at the leader's choice.
    public var verified: Bool
    /// The follower's optimal value at the leader's choice (model sense, leader terms excluded), when
    /// the follower's LP solved.
    public var followerOptimum: Double?
    /// The largest relative violation of a row, bound or integrality requirement.
    public var maxViolation: Double
    /// Why the point failed, when it did.
    public var reason: String?
}

/// A verified bilevel-feasible point.
struct Candidate: Sendable {
    var x: [Double]
    var y: [Double]
    /// Leader objective, minimized form.
    var value: Double
    var report: VerificationReport
    /// Shadow prices of the follower's rows (by constraint index), when the leader's objective uses them.
    var duals: [Int: Double]? = nil
}

/// What the search asks of a point: build a verified candidate from a leader choice, and verify a
/// (x, y) pair. `Verifier` answers for the optimistic reading, `PessimisticEvaluator` for the
/// pessimistic one.
protocol PointEvaluator: AnyObject {
    /// The leader's box and integrality, by position in `x` (the search's leader columns come first).
    var leaderLower: [Double] { get }
    var leaderUpper: [Double] { get }
    /// Whether the search's own leaf points (x, y) are candidates as they stand.
    var acceptsLeafPoints: Bool { get }
    func candidate(at x: [Double]) -> Verifier.CandidateOutcome
    func verify(x: [Double], y: [Double]) -> VerificationReport
}

extension Verifier: PointEvaluator {
    var leaderLower: [Double] { canonical.xLower }
    var leaderUpper: [Double] { canonical.xUpper }
    var acceptsLeafPoints: Bool { true }
}

/// The solver's own guard: fixes `x`, re-solves the follower's LP, and checks that `y` attains the
/// follower's optimum and that every row holds. Also builds candidates: from an `x`, the follower's
/// optimum and then the optimistic response among the follower's optima.
///
/// Owns GLPK problems: create and use on one thread.
final class Verifier {
    let canonical: CanonicalProblem
    private let follower: FollowerProblem
    /// For an integer follower: its MILP, solved to proven optimality (gap 0) at each point checked.
    private let followerMILP: FollowerMILP?
    private let optimistic: OptimisticResponse
    private let xOnlyRows: [CanonicalProblem.Row]
    /// For a quadratic follower: optimality is certified by multipliers (GLPK has no QP solver).
    private let certificate: KKTCertificate?

    init(_ canonical: CanonicalProblem) throws {
        self.canonical = canonical
        follower = try FollowerProblem(canonical)
        followerMILP = canonical.hasIntegerFollower ? try FollowerMILP(canonical) : nil
        optimistic = try OptimisticResponse(canonical)
        xOnlyRows = canonical.leaderRows.filter { $0.y.isEmpty }
        certificate = canonical.isQuadraticFollower ? try KKTCertificate(KKTSystem(canonical)) : nil
    }

    /// Checks a point. `x` should already be snapped (integers rounded).
    func verify(x: [Double], y: [Double]) -> VerificationReport {
        let (violation, what) = worstViolation(x: x, y: y)
        var report = VerificationReport(verified: false, followerOptimum: nil, maxViolation: violation, reason: nil)
        if violation > Tolerances.feasibility {
            report.reason = "\(what) is violated by \(violation) (relative)"
            return report
        }
        if let followerMILP { return checkIntegerResponse(report, x: x, y: y, follower: followerMILP) }
        if let certificate {
            // Convex QP follower: KKT multipliers at (x, y) prove optimality.
            if certificate.certifies(x: x, y: y) {
                report.followerOptimum = canonical.followerSign * canonical.followerValue(x: x, y: y)
                report.verified = true
            } else {
                report.reason = "no KKT multipliers certify the follower's response at the leader's choice"
            }
            return report
        }
        switch follower.respond(to: x) {
        case let .optimal(phi, _):
            report.followerOptimum = canonical.followerSign * phi
            let value = canonical.followerValue(x: x, y: y)
            let excess = value - phi
            if excess > Tolerances.followerOptimality * relativeFloor(phi) {
                report.reason = "the follower's response is not optimal: objective \(canonical.followerSign * value) "
                    + "vs optimum \(canonical.followerSign * phi)"
                return report
            }
            report.verified = true
        case .infeasible:
            report.reason = "the follower's problem is infeasible at the leader's choice"
        case .unbounded:
            report.reason = "the follower's problem is unbounded at the leader's choice"
        case let .failed(why):
            report.reason = "the follower's LP could not be solved: \(why)"
        }
        return report
    }

    /// The largest relative violation of bounds, rows and integrality, and what it is.
    func worstViolation(x: [Double], y: [Double]) -> (Double, String) {
        var worst = 0.0, what = ""
        func check(_ value: Double, _ lower: Double, _ upper: Double, _ name: @autoclosure () -> String) {
            if lower.isFinite {
                let v = (lower - value) / relativeFloor(lower)
                if v > worst { worst = v; what = name() }
            }
            if upper.isFinite {
                let v = (value - upper) / relativeFloor(upper)
                if v > worst { worst = v; what = name() }
            }
            if value.isNaN { worst = .infinity; what = name() }
        }
        let model = canonical.model
        for k in 0..<canonical.nx {
            let name = model.variables[canonical.leaderVariables[k]].name
            check(x[k], canonical.xLower[k], canonical.xUpper[k], "bound of \(name)")
            if canonical.xInteger[k] {
                let v = abs(x[k] - x[k].rounded()) / Tolerances.integrality * Tolerances.feasibility
                if v > worst { worst = v; what = "integrality of \(name)" }
            }
        }
        for k in 0..<canonical.ny {
            let name = model.variables[canonical.followerVariables[k]].name
            check(y[k], canonical.yLower[k], canonical.yUpper[k], "bound of \(name)")
            if canonical.yInteger[k] {
                let v = abs(y[k] - y[k].rounded()) / Tolerances.integrality * Tolerances.feasibility
                if v > worst { worst = v; what = "integrality of \(name)" }
            }
        }
        for row in canonical.leaderRows + canonical.followerRows {
            let activity = CanonicalProblem.activity(row, x: x, y: y)
            check(activity, row.lower, row.upper, "row \(model.constraints[row.source].name)")
        }
        return (worst, what)
    }

    /// Outcome of building a candidate from a leader choice.
    enum CandidateOutcome {
        case feasible(Candidate)
        /// No bilevel-feasible point has this `x`.
        case infeasible(String)
        /// The leader's objective is unbounded below on the follower's optimal face at this `x`
        /// (with the coupling rows holding): a proof that the bilevel problem is unbounded.
        case unbounded(x: [Double], y: [Double], ray: [Double]?)
        case failed(String)
    }

    /// The first steps of every candidate, optimistic or pessimistic.
    enum FollowerValue {
        /// `x` snapped and the follower's optimal value φ(x).
        case value(x: [Double], phi: Double)
        /// The candidate ends here (a leader row fails, the follower has no optimum, an LP failed).
        case outcome(CandidateOutcome)
    }

    /// Snaps `x` (integers rounded, tiny bound violations clipped), checks the leader's rows in `x`
    /// alone, and solves the follower's LP for its optimal value.
    func followerValue(at rawX: [Double]) -> FollowerValue {
        var x = rawX
        for k in 0..<canonical.nx {
            if canonical.xInteger[k] { x[k] = x[k].rounded() }
            x[k] = min(max(x[k], canonical.xLower[k]), canonical.xUpper[k])
        }
        for row in xOnlyRows {
            let a = CanonicalProblem.activity(row, x: x, y: [])
            if row.lower.isFinite && (row.lower - a) > Tolerances.feasibility * relativeFloor(row.lower)
                || row.upper.isFinite && (a - row.upper) > Tolerances.feasibility * relativeFloor(row.upper) {
                return .outcome(.infeasible("leader row \(canonical.model.constraints[row.source].name) fails at x"))
            }
        }
        switch follower.respond(to: x) {
        case let .optimal(value, _): return .value(x: x, phi: value)
        case .infeasible: return .outcome(.infeasible("follower infeasible at x"))
        case .unbounded: return .outcome(.infeasible("follower unbounded at x"))
        case let .failed(why): return .outcome(.failed(why))
        }
    }

    /// An integer follower's response: its MILP solved at `x` to proven optimality; `y` must attain
    /// its value. A solve stopped by a limit proves nothing.
    private func checkIntegerResponse(_ checked: VerificationReport, x: [Double], y: [Double],
                                      follower: FollowerMILP) -> VerificationReport {
        var report = checked
        switch follower.respond(to: x) {
        case let .optimal(phi, _):
            report.followerOptimum = canonical.followerSign * phi
            let value = canonical.followerValue(x: x, y: y)
            if value - phi > Tolerances.followerOptimality * relativeFloor(phi) {
                report.reason = "the follower's response is not optimal: objective \(canonical.followerSign * value) "
                    + "vs optimum \(canonical.followerSign * phi)"
                return report
            }
            report.verified = true
        case let .noResponse(why):
            report.reason = why
        case .stopped:
            report.reason = "the follower's MILP was stopped before its optimum was proven"
        case let .failed(why):
            report.reason = "the follower's MILP could not be solved: \(why)"
        }
        return report
    }

    /// Snaps `x` (integers rounded, tiny bound violations clipped), solves the follower, takes the
    /// optimistic response and verifies it.
    func candidate(at rawX: [Double]) -> CandidateOutcome {
        // An integer follower's candidates come from its own method (best responses by MILP).
        if followerMILP != nil { return .failed("integer follower: no LP response") }
        // A quadratic follower's response needs a QP solver: its candidates come from the search's
        // leaves (exact KKT points), verified by `verify`.
        if canonical.isQuadraticFollower { return .failed("quadratic follower: no LP response") }
        // With follower multipliers in the leader's objective the value depends on which optimal
        // multipliers the follower has: those candidates come from the search's leaves.
        if !canonical.model.leaderObjective.duals.isEmpty { return .failed("multipliers in the leader's objective") }
        let x: [Double], phi: Double
        switch followerValue(at: rawX) {
        case let .value(snapped, value): (x, phi) = (snapped, value)
        case let .outcome(outcome): return outcome
        }
        switch optimistic.respond(to: x, followerOptimum: phi) {
        case let .optimal(y):
            let report = verify(x: x, y: y)
            guard report.verified else { return .failed("candidate failed verification: \(report.reason ?? "")") }
            return .feasible(Candidate(x: x, y: y, value: canonical.leaderValue(x: x, y: y), report: report))
        case .infeasible: return .infeasible("no follower optimum satisfies the coupling rows")
        case let .unbounded(ray):
            return .unbounded(x: x, y: [], ray: ray)
        case let .failed(why): return .failed(why)
        }
    }
}
