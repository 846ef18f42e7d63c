extension BilevelResult {
    /// The one place where a method's outcome (normal form: the leader minimizes) becomes the answer
    /// in the model's own terms: signs, the point in model order, the follower's objective.
    init(_ outcome: Outcome, _ canonical: CanonicalProblem) {
        self.init(status: outcome.status, method: outcome.method)
        let sign = canonical.leaderSign
        if outcome.bound.isFinite { bound = sign * outcome.bound }
        if let c = outcome.incumbent {
            let point = canonical.join(x: c.x, y: c.y)
            values = point
            objective = sign * c.value
            duals = c.duals
            followerObjective = canonical.model.followerObjective.value(at: point)
            verified = c.report.verified
            verification = c.report
        }
        switch outcome.status {
        case .unbounded:
            objective = sign * -.infinity
            bound = sign * -.infinity
        case .infeasible:
            bound = sign * .infinity
        default:
            break
        }
        nodes = outcome.nodes
        message = outcome.message
        bigM = outcome.bigM
        pessimistic = outcome.pessimistic
        if let limit = outcome.limit {
            pointObjective = objective
            objective = sign * limit.value
            limitLeader = limit.x
        }
    }
}
