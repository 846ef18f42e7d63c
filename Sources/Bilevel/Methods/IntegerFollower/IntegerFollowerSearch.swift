import Foundation

/// Branch-and-bound for integer (MILP) followers, in the manner of MibS 1.2 (Tahernejad, Ralphs &
/// DeNegre 2020, "A branch-and-cut algorithm for mixed integer bilevel linear optimization problems
/// and its implementation", Math. Prog. Comp. 12, doi:10.1007/s12532-020-00183-6): the search runs
/// over the high-point relaxation (every row, no follower optimality), and at integral linking
/// values `x_L` the follower's MILP gives φ(x_L) and the best-response MILP the best
/// bilevel-feasible point with those values (`LinkingNodeSolver`, `LinkingPool`).
///
/// **Accepts** a follower with integer and continuous variables and a linear objective, a linear
/// leader objective, coupling rows, and linking variables (leader variables in follower rows) that
/// are all integers (MibS's class; also an LP follower with such linking). Infinite bounds of
/// linking variables are replaced by those the relaxation implies; where none is implied the search
/// still runs and its answers stay certified, but it need not terminate.
/// Continuous linking variables with an integer follower are refused: the optimum may then not be
/// attained (min x − y, x ∈ [0, 1], y = the least y ∈ {0, 1} with y ≥ x: the infimum −1 is only
/// approached), and no method here proves what the answer is.
/// **Exact**: the best-response MILPs are solved to proven optimality, every node is closed by the
/// LP bound or by a verdict of the pool, and the reported point is verified again at the end by the
/// follower's MILP solved from scratch (gap 0).
struct IntegerFollowerSearch: SolveMethod {
    static let choice = MethodChoice.integer

    func solve(_ problem: PreparedProblem, options: SolveOptions) throws -> Outcome {
        let canonical = problem.canonical
        try Self.checkClass(canonical)
        var hpr = HighPointRelaxation(canonical)
        let unbounded = try hpr.tightenLinkingBounds(timeLimit: options.timeLimit)
        let pool = LinkingPool()
        let cuts = CutPool()
        let robust = try RobustResponseCut.make(hpr, timeLimit: options.timeLimit, shouldStop: options.shouldStop)
        if let robust { cuts.addGlobal(key: []) { robust } }
        // Keyed with an infinity, which no follower solution (the interdiction cuts' keys) contains.
        let relaxationCuts = try RelaxationCuts.make(hpr, timeLimit: options.timeLimit, shouldStop: options.shouldStop)
        for (k, cut) in relaxationCuts.enumerated() { cuts.addGlobal(key: [.infinity, Double(k)]) { cut } }
        let interdiction = InterdictionCuts(canonical)
        // With interdiction structure the interdiction cuts bound the objective, and intersection cuts
        // only slowed the search (measured: knapsack interdiction with 20 items 0.3 s instead of 2.0 s,
        // 30 items solved in 6.6 s instead of a 30 s time limit; random interdiction 2× faster).
        let intersection = interdiction == nil ? IntersectionCuts(canonical) : nil
        let shared = LinkingNodeSolver.Shared(hpr: hpr, pool: pool, cuts: cuts, interdiction: interdiction,
                                              intersection: intersection)
        // Nodes name local cuts by id: a checkpoint keeps the cut pool (the linking pool is a cache).
        let plan = try CheckpointPlan(options, model: canonical.model, search: "search=integer reading=optimistic")
        if let saved = plan.resumed {
            try cuts.restore(saved.method, path: plan.resumePath ?? "")
            try plan.checkCuts(count: cuts.counts.local)
        }
        plan.saveMethodState = { cuts.saved }
        // A distributed search ships the local cuts its nodes name with them.
        plan.exportCut = { SearchCheckpoint.SavedCut(cuts.localCut($0)) }
        plan.importCut = { saved in (try? saved.cut()).flatMap { cuts.addLocal($0) } }
        let settings = BranchAndBound.Settings(options, leaderSign: canonical.leaderSign, checkpoint: plan)
        let search = BranchAndBound(settings: settings) {
            try LinkingNodeSolver(shared)
        }
        var outcome = try search.run()
        outcome.method = Self.choice
        let followers = pool.followers.statistics, best = pool.best.statistics
        var summary = "follower MILPs: \(followers.computed) (pool hits: \(followers.hits)), best responses: "
            + "\(best.computed) (pool hits: \(best.hits))"
        let counts = cuts.counts
        if robust != nil { summary += "; robust response cut: 1" }
        if !relaxationCuts.isEmpty { summary += "; relaxation cuts: \(relaxationCuts.count)" }
        let interdictionCuts = counts.global - (robust == nil ? 0 : 1) - relaxationCuts.count
        if interdictionCuts > 0 { summary += "; interdiction cuts: \(interdictionCuts)" }
        if counts.local > 0 { summary += "; intersection cuts: \(counts.local)" }
        let names = unbounded.map { canonical.model.variables[canonical.leaderVariables[$0]].name }
        let caveat = names.isEmpty ? nil : "the linking variables \(names.joined(separator: ", ")) are unbounded "
            + "even in the relaxation, so the search need not terminate (its answers stay certified)"
        outcome.message = [outcome.message, caveat, summary].compactMap { $0 }.joined(separator: "; ")
        return try Self.certify(outcome, canonical)
    }

    /// Refuses what this method cannot solve exactly, naming the variables concerned.
    static func checkClass(_ c: CanonicalProblem) throws {
        if c.isQuadraticFollower || c.hasFollowerProducts {
            throw BilevelError.unsupported("an integer follower's objective must be linear in its own variables "
                                           + "(quadratic terms and products with leader variables are not solved)")
        }
        if !c.leaderQuadratic.isEmpty || !c.leaderBilinear.isEmpty || !c.leaderPricing.isEmpty {
            throw BilevelError.unsupported("with an integer follower the leader's objective must be linear")
        }
        if !c.model.leaderObjective.duals.isEmpty {
            throw BilevelError.unsupported(noKKT("dual(row) in the leader's objective"))
        }
        let name = { (k: Int) in c.model.variables[c.leaderVariables[k]].name }
        let continuous = c.linkingX.filter { !c.xInteger[$0] }.map(name)
        if !continuous.isEmpty && !c.hasIntegerFollower {
            throw BilevelError.unsupported("the integer-follower method needs integer linking variables, and "
                + "\(continuous.joined(separator: ", ")) are continuous; the follower is continuous: solve with "
                + "method 'auto' or 'branch'")
        }
        if !continuous.isEmpty {
            throw BilevelError.unsupported("the linking variables \(continuous.joined(separator: ", ")) are "
                + "continuous (leader variables in follower rows). With an integer follower the optimum may then "
                + "not be attained, and no method here proves it; make them integer (MibS's class)")
        }
    }

    /// Why a KKT-based request is refused for an integer follower, and what to do instead.
    static func noKKT(_ what: String, instead: String = "") -> String {
        "\(what) needs the follower's KKT system, and an integer follower has none (its optimality is not "
            + "described by multipliers)" + (instead.isEmpty ? "" : "; " + instead)
    }

    /// Verifies the reported point once more from scratch: a new follower MILP at `x`, gap 0. A point
    /// that fails is not reported as verified, and nothing is claimed for it.
    private static func certify(_ searched: Outcome, _ canonical: CanonicalProblem) throws -> Outcome {
        var outcome = searched
        guard let incumbent = outcome.incumbent else { return outcome }
        let report = try Verifier(canonical).verify(x: incumbent.x, y: incumbent.y)
        outcome.incumbent?.report = report
        if !report.verified {
            outcome.status = .unknown
            outcome.message = "the point found did not pass the final verification (\(report.reason ?? "")); "
                + "nothing is claimed"
        }
        return outcome
    }
}
