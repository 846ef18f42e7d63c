/// Chooses the method for a prepared problem: the user's choice where it applies, `auto` by the
/// problem's class. Messages name methods, not command-line flags (the CLI has its own words).
enum MethodSelection {
    static func method(for problem: PreparedProblem, options: SolveOptions) throws -> any SolveMethod {
        let canonical = problem.canonical
        if canonical.hasIntegerFollower { return try integerFollowerMethod(options) }
        if options.method == .integer {
            if options.pessimistic || options.sensitivity {
                throw BilevelError.unsupported("the integer-follower method solves the optimistic reading only, "
                                               + "without sensitivity")
            }
            return IntegerFollowerSearch()
        }
        if options.pessimistic {
            guard options.method == .auto || options.method == .branch else {
                throw BilevelError.unsupported("the pessimistic reading is solved by the branch-and-bound only "
                                               + "(method 'branch')")
            }
            return PessimisticSearch()
        }
        switch options.method {
        case .bigm:
            let kkt = try problem.kkt(options)
            if canonical.hasQuadraticLeader || canonical.isQuadraticFollower || kkt.hasDualTerms {
                throw BilevelError.unsupported("the big-M method solves linear models only (the quadratic terms "
                                               + "need the branch-and-bound: method 'branch')")
            }
            return BigMMethod()
        case .duality:
            return StrongDualityMethod()
        case .auto:
            return PortfolioRace.applies(problem, options: options) ? PortfolioRace() : ComplementarityBranching()
        case .branch:
            return ComplementarityBranching()
        case .integer:
            return IntegerFollowerSearch()
        }
    }

    /// An integer follower has no KKT system: only its own method applies, optimistic, without
    /// sensitivity.
    private static func integerFollowerMethod(_ options: SolveOptions) throws -> any SolveMethod {
        if options.pessimistic {
            throw BilevelError.unsupported(IntegerFollowerSearch.noKKT(
                "the pessimistic reading", instead: "integer followers are solved in the optimistic reading"))
        }
        if options.sensitivity {
            throw BilevelError.unsupported(IntegerFollowerSearch.noKKT(
                "sensitivity (dy*/dx, dλ*/dx)", instead: "it is computed for continuous followers only"))
        }
        switch options.method {
        case .auto, .integer: return IntegerFollowerSearch()
        case .branch, .bigm, .duality:
            throw BilevelError.unsupported(IntegerFollowerSearch.noKKT(
                "method '\(options.method.rawValue)'", instead: "solve with method 'auto' or 'integer'"))
        }
    }
}
