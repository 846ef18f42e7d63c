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
            guard options.method == .auto || options.method == .branch else {
                throw BilevelError.unsupported("the pessimistic reading is solved by the branch-and-bound only (--method branch)")
            }
            let limits = LimitLog()
            let pricing = PessimisticPricingReading.applies(to: canonical)
            let readingKKT = pricing ? try PessimisticPricingReading(canonical).kkt : try PessimisticReading(canonical).kkt
            var searchOptions = options
            // Where infima may only be approached, ties at the bound must be explored, not pruned
            // within the gap: a leaf there may attain it.
            if pricing { searchOptions.gap = 0 }
            let search = ComplementarityBranching(kkt: readingKKT, options: searchOptions, makeEvaluator: { try PessimisticEvaluator(canonical, limits: limits) })
            var outcome = try search.run()
            if pricing && outcome.status == .feasible, let incumbent = outcome.incumbent,
               abs(incumbent.value - outcome.bound) <= options.gap * relativeFloor(incumbent.value),
               limits.best == nil || limits.bestAttained.map({ $0 <= outcome.bound + 1e-9 * relativeFloor(outcome.bound) }) == true {
                outcome.status = .optimal   // within the user's gap, and no better value is only approached
                outcome.message = nil
            }
            result = makeResult(canonical, status: outcome.status, incumbent: outcome.incumbent, bound: outcome.bound, method: .branch)
            result.nodes = outcome.nodes
            result.message = outcome.status == .infeasible
                ? "pessimistic reading: at no leader choice do all rows hold with a bounded worst-case follower response (an unbounded optimal face, or a coupling row that some follower optimum violates, counts against a choice)"
                : outcome.message
            if outcome.status == .feasible, let entry = limits.best,
               entry.limit <= outcome.bound + 1e-9 * relativeFloor(outcome.bound),
               limits.bestAttained.map({ $0 > entry.limit + 1e-9 * relativeFloor(entry.limit) }) ?? true,
               entry.candidate.value - entry.limit <= 1e-4 * relativeFloor(entry.limit) {
                // The search finished and no point attains the bound. That points approach it is
                // structural (the leaf's face has genuine points, and the segment from its point to
                // one of them is genuine); the verified point shows it, with its own ε (the sanity
                // limit 1e-4 only guards against numerical trouble near the limit).
                result = makeResult(canonical, status: .notAttained, incumbent: entry.candidate, bound: outcome.bound, method: .branch)
                result.nodes = outcome.nodes
                result.objective = canonical.leaderSign * entry.limit
                result.pointObjective = canonical.leaderSign * entry.candidate.value
                let limitX = Array(entry.limitX.prefix(canonical.nx))
                result.limitLeader = limitX
                let limitText = zip(canonical.leaderVariables, limitX).map { "\(variables[$0].name) = \(MibSFormat.number($1))" }.joined(separator: ", ")
                let epsilon = abs(entry.candidate.value - entry.limit)
                result.message = "pessimistic reading: the infimum \(MibSFormat.number(canonical.leaderSign * entry.limit)) is not attained: the worst-case value tends to it as the leader's choice tends to \(limitText), where the follower's optimal set grows and its worst response is worse. The reported point is within ε = \(String(format: "%.3g", epsilon)) of the infimum (its own pessimistic value \(MibSFormat.number(canonical.leaderSign * entry.candidate.value))); points closer to the limit come closer."
            }
            result.pessimistic = true
            result.time = Date().timeIntervalSince(start)
            return result
        }
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
        if options.sensitivity, let point = result.values, result.verified {
            let (x, y) = canonical.split(point)
            result.sensitivity = try Sensitivity(kkt: kkt).report(x: x, y: y)
        }
        result.time = Date().timeIntervalSince(start)
        return result
    }

    private func makeResult(_ canonical: CanonicalProblem, status: SolveStatus, incumbent: Candidate?, bound: Double, method: SolveMethod) -> BilevelResult {
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
