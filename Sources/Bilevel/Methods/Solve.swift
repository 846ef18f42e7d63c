import Foundation

extension BilevelModel {
    /// Solves the model to global optimality (optimistic reading) and verifies the answer.
    ///
    ///     let result = try model.solve(SolveOptions(timeLimit: 10))
    ///     if result.status == .optimal { print(result.objective!) }
    ///
    /// The default method is the branch-and-bound on complementarity (no big-M). Every reported
    /// point has passed the verifier: the follower's LP is re-solved at the leader's choice and the
    /// follower's response attains its optimum.
    ///
    /// - Throws: `BilevelError.invalidModel` for inconsistent data, `.unsupported` for an integer
    ///   follower, `.solverFailure` when GLPK cannot even start.
    public func solve(_ options: SolveOptions = SolveOptions()) throws -> BilevelResult {
        let start = Date()
        try validate()
        try checkSupported()
        let canonical = CanonicalProblem(self)
        try canonical.checkSolvable()
        var kkt = KKTSystem(canonical)
        try kkt.boundProductFactors(timeLimit: options.timeLimit)
        var result: BilevelResult
        if options.pessimistic {
            result = try solvePessimistic(canonical, kkt: kkt, options: options)
        } else {
            result = try solveOptimistic(canonical, kkt: kkt, options: options)
        }
        if options.sensitivity, result.sensitivity == nil, let point = result.values, result.verified {
            let (x, y) = canonical.split(point)
            result.sensitivity = try Sensitivity(kkt: kkt).report(x: x, y: y)
        }
        result.time = Date().timeIntervalSince(start)
        return result
    }

    private func solveOptimistic(_ canonical: CanonicalProblem, kkt: KKTSystem, options: SolveOptions) throws -> BilevelResult {
        var result: BilevelResult
        switch options.method {
        case .bigm:
            if canonical.hasQuadraticLeader || canonical.isQuadraticFollower || kkt.hasDualTerms {
                throw BilevelError.unsupported("--method bigm solves linear models only (the quadratic terms need the branch-and-bound: --method branch)")
            }
            let outcome = try BigMReformulation(kkt: kkt, options: options).run()
            result = makeResult(canonical, status: outcome.status, incumbent: outcome.incumbent, bound: outcome.bound, method: .bigm)
            result.bigM = outcome.bigM
            result.nodes = outcome.nodes
            result.message = outcome.message
        case .duality:
            let method = StrongDualityReformulation(kkt: kkt, options: options)
            if let outcome = try method.run() {
                result = makeResult(canonical, status: outcome.status, incumbent: outcome.incumbent, bound: outcome.bound, method: .duality)
                result.nodes = outcome.nodes
                result.message = outcome.message
            } else {
                let why = method.obstacle(try BoundTightening(kkt, timeLimit: options.timeLimit)) ?? "not applicable"
                let outcome = try ComplementarityBranching(kkt: kkt, options: options).run()
                result = makeResult(canonical, status: outcome.status, incumbent: outcome.incumbent, bound: outcome.bound, method: .branch)
                result.nodes = outcome.nodes
                result.message = "the strong-duality reformulation is not exact here (\(why)); solved by the branch-and-bound"
                    + (outcome.message.map { "; " + $0 } ?? "")
            }
        case .branch, .auto:
            let outcome = try ComplementarityBranching(kkt: kkt, options: options).run()
            result = makeResult(canonical, status: outcome.status, incumbent: outcome.incumbent, bound: outcome.bound, method: .branch)
            result.nodes = outcome.nodes
            result.message = outcome.message
        }
        return result
    }

    func makeResult(_ canonical: CanonicalProblem, status: SolveStatus, incumbent: Candidate?, bound: Double, method: SolveMethod) -> BilevelResult {
        var result = BilevelResult(status: status, method: method)
        let sign = canonical.leaderSign
        if bound.isFinite { result.bound = sign * bound }
        if let c = incumbent {
            let point = canonical.join(x: c.x, y: c.y)
            result.values = point
            result.objective = canonical.leaderSign * c.value
            result.duals = c.duals
            result.followerObjective = followerObjective.value(at: point)
            result.verified = c.report.verified
            result.verification = c.report
        }
        if status == .unbounded {
            result.objective = sign * -.infinity
            result.bound = sign * -.infinity
        }
        if status == .infeasible {
            result.bound = sign * .infinity
        }
        return result
    }
}
