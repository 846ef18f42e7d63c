import Foundation

/// The pessimistic reading (`SolveOptions.pessimistic`) as a method: `PessimisticReading` for
/// constant follower costs, `PessimisticPricingReading` when the leader moves them (where the
/// infimum may only be approached: `notAttained`), each solved by the search on complementarity
/// with `PessimisticEvaluator` for its candidates. A strictly convex follower has one response, so
/// its pessimistic reading is the optimistic one.
struct PessimisticSearch: SolveMethod {
    static let choice = MethodChoice.branch

    func solve(_ problem: PreparedProblem, options: SolveOptions) throws -> Outcome {
        let canonical = problem.canonical
        let kkt = try problem.kkt(options)
        if canonical.hasUniqueFollowerResponse {
            var outcome = try ComplementarityBranching().solve(problem, options: options)
            outcome.pessimistic = true
            outcome.message = [Self.uniqueResponse, outcome.message].compactMap { $0 }.joined(separator: "; ")
            return outcome
        }
        let start = Date()
        let pricing = PessimisticPricingReading.applies(to: canonical)
        var readingKKT = pricing ? try PessimisticPricingReading(canonical).kkt : try PessimisticReading(canonical).kkt
        try readingKKT.boundProductFactors(timeLimit: options.timeLimit)
        var searchOptions = options
        // Nodes within a hair of the incumbent are explored, not pruned: a leaf there may show
        // that the value is only approached (an incumbent a hair from a tie in the follower's
        // costs can sit that close to an unattained infimum).
        if pricing { searchOptions.gap = -Tolerances.attainment }
        // A checkpoint of the reading's search keeps the floor below and the limit log: a resumed
        // run skips the optimistic search and settles on the same leaves.
        let reading = pricing ? "pessimistic-pricing" : "pessimistic-fixed"
        let plan = try CheckpointPlan(searchOptions, model: canonical.model,
                                      search: "search=complementarity reading=\(reading)")
        let limits = LimitLog()
        if let saved = plan.resumed {
            readingKKT.objectiveFloor = saved.method.objectiveFloor
            if let log = saved.method.limitLog { limits.restore(log) }
        } else if pricing {
            // The worst case is never better than the best case: the optimistic bound is a floor
            // for the pessimistic objective, and it makes the reading's relaxation bounded.
            var first = options
            first.timeLimit = options.timeLimit.map { $0 / 4 }
            first.log = nil
            first.progress = nil
            first.checkpoint = nil
            first.resume = nil
            let optimistic = try ComplementarityBranching.search(kkt, options: first)
            if optimistic.bound.isFinite { readingKKT.objectiveFloor = optimistic.bound }
            searchOptions.timeLimit = options.timeLeft(since: start)
        }
        let floor = readingKKT.objectiveFloor
        plan.saveMethodState = { SearchCheckpoint.MethodState(objectiveFloor: floor, limitLog: limits.saved) }
        plan.mergeMethodState = { state in state.limitLog.map(limits.merge) }
        var outcome = try ComplementarityBranching.search(readingKKT, options: searchOptions,
                                                          makeEvaluator: { try PessimisticEvaluator(canonical) },
                                                          limits: limits, checkpoint: plan)
        outcome.pessimistic = true
        if outcome.status == .infeasible { outcome.message = Self.noChoice }
        guard pricing && (outcome.status == .feasible || outcome.status == .optimal) else { return outcome }
        return Self.settle(outcome, limits: limits, canonical: canonical, gap: options.gap)
    }

    /// After the pricing reading's search finished. Not attained: a leaf's value is the bound, its
    /// face's genuine points approach it (structural: the segment from the leaf's point to a genuine
    /// point is genuine), and no leaf attains it. Otherwise the incumbent is optimal within the
    /// user's gap (the search itself ran with none).
    private static func settle(_ searched: Outcome, limits: LimitLog, canonical: CanonicalProblem,
                               gap: Double) -> Outcome {
        var outcome = searched
        let tolerance = { (v: Double) in Tolerances.attainment * relativeFloor(v) }
        if let entry = limits.best, entry.limit <= outcome.bound + tolerance(outcome.bound),
           limits.bestAttained.map({ $0 > entry.limit + tolerance(entry.limit) }) ?? true,
           entry.candidate.value - entry.limit <= Tolerances.approachDistance * relativeFloor(entry.limit) {
            var point = entry.candidate
            if let incumbent = outcome.incumbent, incumbent.value < point.value { point = incumbent }
            outcome.status = .notAttained
            outcome.incumbent = point
            let limitX = Array(entry.limitX.prefix(canonical.nx))
            outcome.limit = (entry.limit, limitX)
            outcome.message = notAttainedMessage(limit: entry.limit, limitX: limitX, point: point.value,
                                                 canonical: canonical)
        } else if let incumbent = outcome.incumbent,
                  Gap.isClosed(incumbent: incumbent.value, bound: outcome.bound, tolerance: gap) {
            outcome.status = .optimal
            outcome.message = nil
        }
        return outcome
    }

    private static func notAttainedMessage(limit: Double, limitX: [Double], point: Double,
                                           canonical: CanonicalProblem) -> String {
        let sign = canonical.leaderSign
        let names = canonical.leaderVariables.map { canonical.model.variables[$0].name }
        let limitText = zip(names, limitX).map { "\($0) = \(NumberText.shortest($1))" }.joined(separator: ", ")
        return "pessimistic reading: the infimum \(NumberText.shortest(sign * limit)) is not attained: the "
            + "worst-case value tends to it as the leader's choice tends to \(limitText), where the follower's "
            + "optimal set grows and its worst response is worse. The reported point is within "
            + "ε = \(String(format: "%.3g", abs(point - limit))) of the infimum (its own pessimistic value "
            + "\(NumberText.shortest(sign * point))); points closer to the limit come closer."
    }

    private static let uniqueResponse = "the follower's objective is strictly convex, so its response is unique "
        + "and the pessimistic reading is the optimistic one"
    private static let noChoice = "pessimistic reading: at no leader choice do all rows hold with a bounded "
        + "worst-case follower response (an unbounded optimal face, or a coupling row that some follower optimum "
        + "violates, counts against a choice)"
}
