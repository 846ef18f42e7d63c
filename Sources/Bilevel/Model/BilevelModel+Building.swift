/// One level of a model under construction: `model.leader` or `model.follower`.
///
///     var model = BilevelModel()
///     let x = model.leader.variable("x", bounds: 0...1)
///     let y = model.follower.variable("y", bounds: 0...)
///     model.leader.minimize(x + 2 * y)
///     model.follower.minimize(-y)
///     model.follower.constraint("cap", x + y <= 4)
///
/// Variables and constraints made here belong to this level. Bounds of a follower variable belong to
/// the follower's problem. The follower's objective may name leader variables: they are constants
/// for the follower and count only in its reported value.
public struct LevelBuilder {
    fileprivate(set) var model: BilevelModel
    /// The level whose variables, rows and objective this builder makes.
    public let level: Level

    /// Adds a variable with bounds `lower...upper` (default `[0, +∞)`).
    ///
    /// - Parameters:
    ///   - name: The variable's name, unique in the model.
    ///   - lower: Lower bound (`-.infinity` for none).
    ///   - upper: Upper bound (`.infinity` for none).
    ///   - integer: Whether the variable is integer.
    /// - Returns: A handle for expressions and for reading results.
    @discardableResult
    public mutating func variable(_ name: String, lower: Double = 0, upper: Double = .infinity,
                                  integer: Bool = false) -> VariableRef {
        let index = model.addVariable(Variable(name: name, lower: lower, upper: upper, isInteger: integer,
                                               level: level))
        return VariableRef(index: index, name: name)
    }

    /// Adds a variable with bounds from a range: `0...1`, `0...`, `...5`.
    ///
    /// - Parameters:
    ///   - name: The variable's name, unique in the model.
    ///   - bounds: Lower and upper bound, e.g. `0...1`.
    ///   - integer: Whether the variable is integer.
    /// - Returns: A handle for expressions and for reading results.
    @discardableResult
    public mutating func variable(_ name: String, bounds: ClosedRange<Double>, integer: Bool = false) -> VariableRef {
        variable(name, lower: bounds.lowerBound, upper: bounds.upperBound, integer: integer)
    }

    /// Adds a variable with a lower bound only: `bounds: 0...` gives `[0, +∞)`.
    ///
    /// - Parameters:
    ///   - name: The variable's name, unique in the model.
    ///   - bounds: The lower bound, e.g. `0...`.
    ///   - integer: Whether the variable is integer.
    /// - Returns: A handle for expressions and for reading results.
    @discardableResult
    public mutating func variable(_ name: String, bounds: PartialRangeFrom<Double>,
                                  integer: Bool = false) -> VariableRef {
        variable(name, lower: bounds.lowerBound, upper: .infinity, integer: integer)
    }

    /// Adds a variable with an upper bound only: `bounds: ...5` gives `(-∞, 5]`.
    ///
    /// - Parameters:
    ///   - name: The variable's name, unique in the model.
    ///   - bounds: The upper bound, e.g. `...5`.
    ///   - integer: Whether the variable is integer.
    /// - Returns: A handle for expressions and for reading results.
    @discardableResult
    public mutating func variable(_ name: String, bounds: PartialRangeThrough<Double>,
                                  integer: Bool = false) -> VariableRef {
        variable(name, lower: -.infinity, upper: bounds.upperBound, integer: integer)
    }

    /// A free variable (no bounds).
    ///
    /// - Parameter name: The variable's name, unique in the model.
    /// - Returns: A handle for expressions and for reading results.
    @discardableResult
    public mutating func freeVariable(_ name: String) -> VariableRef {
        variable(name, lower: -.infinity, upper: .infinity)
    }

    /// `count` variables named `name[0]`, `name[1]`, …
    ///
    /// - Parameters:
    ///   - name: The base name; the variables are named `name[k]`.
    ///   - count: How many variables.
    ///   - lower: The lower bound of each.
    ///   - upper: The upper bound of each.
    ///   - integer: Whether they are integer.
    /// - Returns: Their handles, in order.
    public mutating func variables(_ name: String, count: Int, lower: Double = 0, upper: Double = .infinity,
                                   integer: Bool = false) -> [VariableRef] {
        (0..<count).map { variable("\(name)[\($0)]", lower: lower, upper: upper, integer: integer) }
    }

    /// Sets this level's objective to minimize `e`.
    ///
    /// - Parameter e: A variable or a linear expression (with ``BilevelModel/dual(of:)`` terms in the
    ///   leader's objective only).
    public mutating func minimize<E: LinearExpressionConvertible>(_ e: E) { setObjective(.minimize, e.expression) }

    /// Sets this level's objective to maximize `e`.
    ///
    /// - Parameter e: A variable or a linear expression (with ``BilevelModel/dual(of:)`` terms in the
    ///   leader's objective only).
    public mutating func maximize<E: LinearExpressionConvertible>(_ e: E) { setObjective(.maximize, e.expression) }

    /// Sets this level's objective to minimize a quadratic expression (see `Objective` for what is
    /// solved exactly: a convex follower in its own variables, x·y products, a convex leader).
    ///
    /// - Parameter q: A quadratic expression, e.g. `0.5 * (y - x) * (y - x)`.
    public mutating func minimize(_ q: QuadraticExpression) { setObjective(.minimize, q.linear, q.quadratic) }

    /// Sets this level's objective to maximize a quadratic expression.
    ///
    /// - Parameter q: A quadratic expression, e.g. `x * y`.
    public mutating func maximize(_ q: QuadraticExpression) { setObjective(.maximize, q.linear, q.quadratic) }

    private mutating func setObjective(_ sense: ObjectiveSense, _ e: LinearExpression,
                                       _ quadratic: [QuadraticTerm] = []) {
        let objective = Objective(sense: sense, terms: e.terms, constant: e.constant, quadratic: quadratic,
                                  duals: e.duals)
        if level == .leader { model.leaderObjective = objective } else { model.followerObjective = objective }
    }

    /// Adds a row of this level: `model.follower.constraint("cap", x + y <= 4)`.
    ///
    /// - Parameters:
    ///   - name: The row's name, unique in the model.
    ///   - c: A constraint made with `<=`, `>=` or `==`.
    /// - Returns: The row's index in ``BilevelModel/constraints`` (for ``BilevelModel/dual(of:)``).
    @discardableResult
    public mutating func constraint(_ name: String, _ c: LinearConstraint) -> Int {
        model.addConstraint(Constraint(name: name, terms: c.expression.terms, lower: c.lower, upper: c.upper,
                                       level: level))
    }

    /// Adds a ranged row: `model.follower.constraint("band", x - y, in: -1...1)`.
    ///
    /// - Parameters:
    ///   - name: The row's name, unique in the model.
    ///   - e: The row's expression; its constant moves to the sides.
    ///   - range: The row's sides, `lower...upper`.
    /// - Returns: The row's index in ``BilevelModel/constraints``.
    @discardableResult
    public mutating func constraint<E: LinearExpressionConvertible>(_ name: String, _ e: E,
                                                                    in range: ClosedRange<Double>) -> Int {
        let x = e.expression
        return model.addConstraint(Constraint(name: name, terms: x.terms, lower: range.lowerBound - x.constant,
                                              upper: range.upperBound - x.constant, level: level))
    }
}

extension BilevelModel {
    /// The follower's multiplier of follower row `constraint` (the index `constraint(…)` returned),
    /// for the leader's objective.
    ///
    /// - Parameter constraint: The index of a follower row.
    /// - Returns: A term to use in the leader's objective: `model.leader.minimize(x - model.dual(of: cap))`.
    public func dual(of constraint: Int) -> DualRef { DualRef(constraint: constraint) }

    /// The leader's side of the model, for building: `model.leader.variable(…)`.
    public var leader: LevelBuilder {
        get { LevelBuilder(model: self, level: .leader) }
        _modify {
            var builder = LevelBuilder(model: self, level: .leader)
            self = BilevelModel(name: name)   // give up our storage so the builder mutates it in place
            defer { self = builder.model }
            yield &builder
        }
    }

    /// The follower's side of the model, for building: `model.follower.constraint(…)`.
    public var follower: LevelBuilder {
        get { LevelBuilder(model: self, level: .follower) }
        _modify {
            var builder = LevelBuilder(model: self, level: .follower)
            self = BilevelModel(name: name)
            defer { self = builder.model }
            yield &builder
        }
    }
}

extension BilevelResult {
    /// The value of a variable at the reported point (nil when no point is reported).
    ///
    /// - Parameter variable: A handle returned by `model.leader.variable(…)` or `model.follower.variable(…)`.
    /// - Returns: Its value in ``values``, or `nil`.
    public func value(of variable: VariableRef) -> Double? { values?[variable.index] }

    /// The value of an expression at the reported point.
    ///
    /// Follower multipliers in `e` are not counted (read them from ``duals``).
    ///
    /// - Parameter e: A variable or a linear expression.
    /// - Returns: Its value at ``values``, or `nil` when no point is reported.
    public func value<E: LinearExpressionConvertible>(of e: E) -> Double? {
        guard let v = values else { return nil }
        let x = e.expression
        return x.terms.reduce(x.constant) { $0 + $1.coefficient * v[$1.variable] }
    }
}
