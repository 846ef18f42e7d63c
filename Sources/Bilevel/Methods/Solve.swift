import Foundation

extension BilevelModel {
    /// Solves the model to global optimality and verifies the answer.
    ///
    ///     let result = try model.solve(SolveOptions(timeLimit: 10))
    ///     if result.status == .optimal { print(result.objective!) }
    ///
    /// The data flow is one way: the model is validated and normalized (`PreparedProblem`),
    /// `MethodSelection` picks the method, the method returns an `Outcome` (its points already
    /// verified: the follower's problem is re-solved at the leader's choice and the response attains
    /// its optimum), and the result is built from the outcome in one place.
    ///
    /// - Parameter options: The method, limits and readings of the solve (default: `auto`, no limits).
    /// - Returns: The answer; every status but a thrown error comes back here, limits included.
    /// - Throws: `BilevelError.invalidModel` for inconsistent data, `.unsupported` for what no method
    ///   solves exactly (with the reason), `.solverFailure` when GLPK cannot even start, `.io` naming
    ///   the file when `options.resume` is unreadable, corrupt, or of another model or search.
    public func solve(_ options: SolveOptions = SolveOptions()) throws -> BilevelResult {
        let start = Date()
        var options = options
        let relay = options.progress.map(ProgressRelay.init)
        if let relay { options.progress = { relay.forward($0) } }
        let problem = try PreparedProblem(self)
        if options.resume != nil && (options.method == .bigm || options.method == .duality) {
            throw BilevelError.unsupported("resuming from a checkpoint needs a tree search: method 'auto', 'branch' "
                + "or 'integer' (a checkpoint written under 'duality' is of the branch-and-bound it fell back to: "
                + "resume it with method 'branch')")
        }
        let method = try MethodSelection.method(for: problem, options: options)
        let outcome = try method.solve(problem, options: options)
        var result = BilevelResult(outcome, problem.canonical)
        if options.sensitivity, let point = result.values, result.verified {
            let (x, y) = problem.canonical.split(point)
            // Every side's multiplier is reported, unbounded: the KKT system without presolve or vertex bounds.
            var full = options
            full.presolve = false
            full.vertexBounds = false
            result.sensitivity = try Sensitivity(kkt: problem.kkt(full)).report(x: x, y: y)
        }
        result.time = Date().timeIntervalSince(start)
        relay?.finish(result)
        return result
    }
}
