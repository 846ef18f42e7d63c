extension BilevelModel {
    /// Checks that the model is well formed: finite data, consistent bounds, integral bounds on
    /// integer variables, unique names, valid indices, at least one follower variable.
    ///
    /// - Throws: `BilevelError.invalidModel` naming the first problem found.
    public func validate() throws {
        try validateVariables()
        try validateConstraints()
        try validateObjectives()
        if !variables.contains(where: { $0.level == .follower }) {
            throw BilevelError.invalidModel("the follower has no variables: a bilevel model needs at least one "
                                            + "follower variable (a single-level problem belongs in an LP/MIP solver)")
        }
    }

    private func validateVariables() throws {
        var seen = Set<String>()
        for v in variables {
            if v.name.isEmpty { throw BilevelError.invalidModel("a variable has an empty name") }
            if !seen.insert(v.name).inserted { throw BilevelError.invalidModel("duplicate variable name '\(v.name)'") }
            if v.lower.isNaN || v.upper.isNaN {
                throw BilevelError.invalidModel("variable '\(v.name)' has a NaN bound")
            }
            if v.lower == .infinity || v.upper == -.infinity {
                throw BilevelError.invalidModel("variable '\(v.name)' has bounds [\(v.lower), \(v.upper)]: "
                                                + "a lower bound of +inf or an upper bound of -inf leaves no value")
            }
            if v.lower > v.upper {
                throw BilevelError.invalidModel("variable '\(v.name)' has lower bound \(v.lower) "
                                                + "above upper bound \(v.upper)")
            }
            if v.isInteger {
                if v.lower.isFinite && v.lower.rounded() != v.lower
                    || v.upper.isFinite && v.upper.rounded() != v.upper {
                    throw BilevelError.invalidModel("integer variable '\(v.name)' has fractional bounds "
                                                    + "[\(v.lower), \(v.upper)]; round them (ceil the lower, "
                                                    + "floor the upper)")
                }
            }
        }
    }

    private func validateConstraints() throws {
        var rowNames = Set<String>()
        for c in constraints {
            if c.name.isEmpty { throw BilevelError.invalidModel("a constraint has an empty name") }
            if !rowNames.insert(c.name).inserted {
                throw BilevelError.invalidModel("duplicate constraint name '\(c.name)'")
            }
            if c.lower.isNaN || c.upper.isNaN {
                throw BilevelError.invalidModel("constraint '\(c.name)' has a NaN side")
            }
            if c.lower == .infinity || c.upper == -.infinity || c.lower > c.upper {
                throw BilevelError.invalidModel("constraint '\(c.name)' has sides [\(c.lower), \(c.upper)]: "
                                                + "no value satisfies it")
            }
            try Self.checkTerms(c.terms, count: variables.count, what: "constraint '\(c.name)'")
        }
    }

    private func validateObjectives() throws {
        let objectives = [(leaderObjective, "the leader's objective"), (followerObjective, "the follower's objective")]
        for (objective, what) in objectives {
            for q in objective.quadratic {
                guard q.first >= 0, q.second < variables.count, q.coefficient.isFinite else {
                    throw BilevelError.invalidModel("\(what) has an invalid quadratic term (index out of range "
                                                    + "or a coefficient that is not finite)")
                }
            }
        }
        for d in leaderObjective.duals {
            guard d.constraint >= 0, d.constraint < constraints.count, d.coefficient.isFinite else {
                throw BilevelError.invalidModel("the leader's objective has an invalid dual term")
            }
            guard constraints[d.constraint].level == .follower else {
                throw BilevelError.invalidModel("dual(\(constraints[d.constraint].name)) names a leader row; "
                                                + "only follower rows have follower multipliers")
            }
        }
        if !followerObjective.duals.isEmpty {
            throw BilevelError.invalidModel("the follower's objective cannot contain follower multipliers")
        }
        try Self.checkTerms(leaderObjective.terms, count: variables.count, what: "the leader's objective")
        try Self.checkTerms(followerObjective.terms, count: variables.count, what: "the follower's objective")
        if !leaderObjective.constant.isFinite {
            throw BilevelError.invalidModel("the leader's objective constant is \(leaderObjective.constant)")
        }
        if !followerObjective.constant.isFinite {
            throw BilevelError.invalidModel("the follower's objective constant is \(followerObjective.constant)")
        }
    }

    private static func checkTerms(_ terms: [LinearTerm], count: Int, what: String) throws {
        for t in terms {
            guard t.variable >= 0 && t.variable < count else {
                throw BilevelError.invalidModel("\(what) refers to variable index \(t.variable), "
                                                + "but the model has \(count) variables")
            }
            guard t.coefficient.isFinite else {
                throw BilevelError.invalidModel("\(what) has a coefficient \(t.coefficient); "
                                                + "coefficients must be finite numbers")
            }
        }
    }
}
