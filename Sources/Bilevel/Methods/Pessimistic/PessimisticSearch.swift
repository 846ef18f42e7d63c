import Foundation

extension BilevelModel {
    /// The pessimistic reading (`SolveOptions.pessimistic`): `PessimisticReading` for constant
    /// follower costs, `PessimisticPricingReading` when the leader moves them, where the infimum may
    /// only be approached (`notAttained`).
    func solvePessimistic(_ canonical: CanonicalProblem, kkt: KKTSystem, options: SolveOptions) throws -> BilevelResult {
        guard options.method == .auto || options.method == .branch else {
            throw BilevelError.unsupported("the pessimistic reading is solved by the branch-and-bound only (--method branch)")
        }
        if canonical.hasUniqueFollowerResponse {
            // A strictly convex follower has one response: nothing to break ties over.
            var optimistic = options
            optimistic.pessimistic = false
            var result = try solve(optimistic)
            result.pessimistic = true
            result.message = ["the follower's objective is strictly convex, so its response is unique and the pessimistic reading is the optimistic one", result.message].compactMap { $0 }.joined(separator: "; ")
            return result
        }
        let start = Date()
        let pricing = PessimisticPricingReading.applies(to: canonical)
        var readingKKT = pricing ? try PessimisticPricingReading(canonical).kkt : try PessimisticReading(canonical).kkt
        try readingKKT.boundProductFactors(timeLimit: options.timeLimit)
        var searchOptions = options
        if pricing {
            // The worst case is never better than the best case: the optimistic bound is a floor
            // for the pessimistic objective, and it makes the reading's relaxation bounded.
            var first = options
            first.timeLimit = options.timeLimit.map { $0 / 4 }
            first.log = nil
            let optimistic = try ComplementarityBranching(kkt: kkt, options: first).run()
            if optimistic.bound.isFinite { readingKKT.objectiveFloor = optimistic.bound }
            searchOptions.timeLimit = options.timeLimit.map { max(0.001, $0 - Date().timeIntervalSince(start)) }
            // Nodes within 1e-9 of the incumbent are explored, not pruned: a leaf there may show
            // that the value is only approached (an incumbent a hair from a tie in the follower's
            // costs can sit that close to an unattained infimum).
            searchOptions.gap = -1e-9
        }
        let limits = LimitLog()
        let search = ComplementarityBranching(kkt: readingKKT, options: searchOptions, makeEvaluator: { try PessimisticEvaluator(canonical, limits: limits) })
        let outcome = try search.run()
        var result = makeResult(canonical, status: outcome.status, incumbent: outcome.incumbent, bound: outcome.bound, method: .branch)
        result.nodes = outcome.nodes
        result.pessimistic = true
        result.message = outcome.status == .infeasible
            ? "pessimistic reading: at no leader choice do all rows hold with a bounded worst-case follower response (an unbounded optimal face, or a coupling row that some follower optimum violates, counts against a choice)"
            : outcome.message
        guard pricing && (outcome.status == .feasible || outcome.status == .optimal) else { return result }

        // The search finished. Not attained: a leaf's value is the bound, its face's genuine points
        // approach it (structural: the segment from the leaf's point to a genuine point is genuine),
        // and no leaf attains it. ε is the verified point's distance (1e-4 guards numerics).
        let tolerance = { (v: Double) in 1e-9 * relativeFloor(v) }
        if let entry = limits.best, entry.limit <= outcome.bound + tolerance(outcome.bound),
           (limits.bestAttained.map { $0 > entry.limit + tolerance(entry.limit) } ?? true),
           entry.candidate.value - entry.limit <= 1e-4 * relativeFloor(entry.limit) {
            var point = entry.candidate
            if let incumbent = outcome.incumbent, incumbent.value < point.value { point = incumbent }
            result = makeResult(canonical, status: .notAttained, incumbent: point, bound: outcome.bound, method: .branch)
            result.nodes = outcome.nodes
            result.pessimistic = true
            result.objective = canonical.leaderSign * entry.limit
            result.pointObjective = canonical.leaderSign * point.value
            let limitX = Array(entry.limitX.prefix(canonical.nx))
            result.limitLeader = limitX
            let limitText = zip(canonical.leaderVariables, limitX).map { "\(variables[$0].name) = \(MibSFormat.number($1))" }.joined(separator: ", ")
            result.message = "pessimistic reading: the infimum \(MibSFormat.number(canonical.leaderSign * entry.limit)) is not attained: the worst-case value tends to it as the leader's choice tends to \(limitText), where the follower's optimal set grows and its worst response is worse. The reported point is within ε = \(String(format: "%.3g", abs(point.value - entry.limit))) of the infimum (its own pessimistic value \(MibSFormat.number(canonical.leaderSign * point.value))); points closer to the limit come closer."
        } else if let incumbent = outcome.incumbent, abs(incumbent.value - outcome.bound) <= options.gap * relativeFloor(incumbent.value) {
            result.status = .optimal   // within the user's gap (the search itself ran with none)
            result.message = nil
        }
        return result
    }
}
