/// Which decision maker owns a variable or a constraint.
public enum Level: String, Sendable, Hashable, CaseIterable {
    /// The leader (upper level) decides first.
    case leader
    /// The follower (lower level) responds optimally to the leader's choice.
    case follower
}

/// Direction of an objective.
public enum ObjectiveSense: String, Sendable, Hashable {
    /// `minimize`: smaller is better; `maximize`: larger is better.
    case minimize, maximize
    /// +1 for minimize, -1 for maximize: multiplying an objective by it gives a minimization.
    public var sign: Double { self == .minimize ? 1 : -1 }
}

/// One coefficient times one variable (by its index in `BilevelModel.variables`).
public struct LinearTerm: Hashable, Sendable {
    /// Index of the variable in ``BilevelModel/variables``.
    public var variable: Int
    /// The variable's coefficient.
    public var coefficient: Double
    /// Creates the term `coefficient · variable`.
    ///
    /// - Parameters:
    ///   - variable: Index of the variable in ``BilevelModel/variables``.
    ///   - coefficient: Its coefficient.
    public init(variable: Int, coefficient: Double) {
        self.variable = variable
        self.coefficient = coefficient
    }
}

/// A decision variable of a bilevel model.
public struct Variable: Hashable, Sendable {
    /// The name, unique among the model's variables (``BilevelModel/validate()`` checks it).
    public var name: String
    /// Lower bound (`-.infinity` when free below).
    public var lower: Double
    /// Upper bound (`.infinity` when free above).
    public var upper: Double
    /// Whether the variable must take an integer value (its finite bounds must then be integers).
    public var isInteger: Bool
    /// The owner. Bounds of a follower variable belong to the follower's problem; bounds of a leader
    /// variable to the leader's.
    public var level: Level
    /// Creates a variable; the default bounds are `[0, +∞)`.
    ///
    /// - Parameters:
    ///   - name: The variable's name, unique in the model.
    ///   - lower: Lower bound (`-.infinity` for none).
    ///   - upper: Upper bound (`.infinity` for none).
    ///   - isInteger: Whether the variable is integer.
    ///   - level: The level that owns it.
    public init(name: String, lower: Double = 0, upper: Double = .infinity, isInteger: Bool = false, level: Level) {
        self.name = name
        self.lower = lower
        self.upper = upper
        self.isInteger = isInteger
        self.level = level
    }
}

/// A linear row `lower ≤ Σ terms ≤ upper` owned by one level.
///
/// A leader row may contain follower variables (a coupling row: it must hold at the follower's
/// response). A follower row may contain leader variables (they are constants for the follower).
public struct Constraint: Hashable, Sendable {
    /// The row's name, unique among the model's constraints.
    public var name: String
    /// The row's linear terms `Σ coefficient · variable`.
    public var terms: [LinearTerm]
    /// The lower side (`-.infinity` for none).
    public var lower: Double
    /// The upper side (`.infinity` for none); equal to ``lower`` for an equality row.
    public var upper: Double
    /// The level that owns the row.
    public var level: Level
    /// Creates the row `lower ≤ Σ terms ≤ upper` of `level`.
    ///
    /// - Parameters:
    ///   - name: The row's name, unique in the model.
    ///   - terms: Its linear terms.
    ///   - lower: The lower side (`-.infinity` for none).
    ///   - upper: The upper side (`.infinity` for none).
    ///   - level: The level that owns the row.
    public init(name: String, terms: [LinearTerm], lower: Double, upper: Double, level: Level) {
        self.name = name
        self.terms = terms
        self.lower = lower
        self.upper = upper
        self.level = level
    }
}

/// `coefficient · v_first · v_second` (a square when `first == second`).
public struct QuadraticTerm: Hashable, Sendable {
    /// Index of the first factor in ``BilevelModel/variables`` (the smaller of the two indices).
    public var first: Int
    /// Index of the second factor in ``BilevelModel/variables`` (the larger of the two indices).
    public var second: Int
    /// The product's coefficient.
    public var coefficient: Double
    /// Creates `coefficient · v_first · v_second`; the indices are stored in increasing order.
    ///
    /// - Parameters:
    ///   - first: Index of one factor in ``BilevelModel/variables``.
    ///   - second: Index of the other factor (the same index for a square).
    ///   - coefficient: The product's coefficient.
    public init(_ first: Int, _ second: Int, coefficient: Double) {
        self.first = min(first, second)
        self.second = max(first, second)
        self.coefficient = coefficient
    }
}

/// `coefficient · dual(row)`: the follower's multiplier of a follower row, as a shadow price in the
/// follower's own sense (the rate at which the follower's optimal value changes with the row's
/// right-hand side). Allowed in the leader's objective.
public struct DualTerm: Hashable, Sendable {
    /// Index in `BilevelModel.constraints` (a follower row).
    public var constraint: Int
    /// The multiplier's coefficient.
    public var coefficient: Double
    /// Creates `coefficient · dual(constraint)`.
    ///
    /// - Parameters:
    ///   - constraint: Index of a follower row in ``BilevelModel/constraints``.
    ///   - coefficient: The multiplier's coefficient.
    public init(constraint: Int, coefficient: Double) {
        self.constraint = constraint
        self.coefficient = coefficient
    }
}

/// An objective: linear terms, a constant, and optional quadratic terms.
///
/// Quadratic terms are allowed where they can be solved exactly: in the follower's objective, a
/// convex quadratic in its own variables (`½ yᵀQy`, Q positive semidefinite) and products of a leader
/// and a follower variable (`xᵀCᵀy`: linear in `y` for the follower); in the leader's objective, any
/// quadratic: products `x·y` that are the follower's own objective terms (pricing) exactly through
/// strong duality, a convex rest by outer approximation, a non-convex rest by McCormick envelopes
/// and branching on the factors' intervals (every factor needs finite bounds, given or implied).
public struct Objective: Hashable, Sendable {
    /// Whether the objective is minimized or maximized.
    public var sense: ObjectiveSense
    /// The linear terms.
    public var terms: [LinearTerm]
    /// The constant term.
    public var constant: Double
    /// The products of two variables (see the type's overview for where they are allowed).
    public var quadratic: [QuadraticTerm]
    /// Follower multipliers (leader objective only).
    public var duals: [DualTerm]
    /// Creates an objective; the default is `minimize 0`.
    ///
    /// - Parameters:
    ///   - sense: Minimize or maximize.
    ///   - terms: The linear terms.
    ///   - constant: The constant term.
    ///   - quadratic: Products of two variables.
    ///   - duals: Follower multipliers (the leader's objective only).
    public init(sense: ObjectiveSense = .minimize, terms: [LinearTerm] = [], constant: Double = 0,
                quadratic: [QuadraticTerm] = [], duals: [DualTerm] = []) {
        self.sense = sense
        self.terms = terms
        self.constant = constant
        self.quadratic = quadratic
        self.duals = duals
    }

    /// The objective's value at a point (indexed like `BilevelModel.variables`).
    ///
    /// Follower multipliers (``duals``) are not part of this value: a point holds no multipliers.
    ///
    /// - Parameter point: A value for every variable of the model, in model order.
    /// - Returns: The constant plus the linear and quadratic terms at `point`.
    public func value(at point: [Double]) -> Double {
        let linear = terms.reduce(constant) { $0 + $1.coefficient * point[$1.variable] }
        return quadratic.reduce(linear) { $0 + $1.coefficient * point[$1.first] * point[$1.second] }
    }
}

/// A bilevel optimization problem: the leader minimizes (or maximizes) its objective over its own
/// variables, knowing that the follower then solves its own problem with the leader's variables fixed.
///
///     var model = BilevelModel(name: "toy")
///     let x = model.addVariable(Variable(name: "x", lower: 0, upper: 4, level: .leader))
///     let y = model.addVariable(Variable(name: "y", lower: 0, level: .follower))
///     model.leaderObjective = Objective(sense: .minimize, terms: [LinearTerm(variable: x, coefficient: -1)])
///
/// This type knows nothing of any solver. The optimistic reading is the default: among the
/// follower's optimal responses, the one best for the leader is taken.
public struct BilevelModel: Hashable, Sendable {
    /// The model's name, reported in results and written to files.
    public var name: String
    /// The variables of both levels, in model order; indices into this array identify variables.
    public var variables: [Variable] = []
    /// The rows of both levels, in model order; indices into this array identify rows.
    public var constraints: [Constraint] = []
    /// The leader's objective over all variables.
    public var leaderObjective = Objective()
    /// The follower's objective; terms in leader variables are constants for the follower and are
    /// kept only to report its value.
    public var followerObjective = Objective()

    /// Creates an empty model (no variables, no rows, both objectives `minimize 0`).
    ///
    /// - Parameter name: The model's name.
    public init(name: String = "model") { self.name = name }

    /// Appends a variable and returns its index.
    ///
    /// - Parameter variable: The variable; its ``Variable/level`` says which level owns it.
    /// - Returns: Its index in ``variables``.
    @discardableResult
    public mutating func addVariable(_ variable: Variable) -> Int {
        variables.append(variable)
        return variables.count - 1
    }

    /// Appends a constraint and returns its index.
    ///
    /// - Parameter constraint: The row; its ``Constraint/level`` says which level owns it.
    /// - Returns: Its index in ``constraints``.
    @discardableResult
    public mutating func addConstraint(_ constraint: Constraint) -> Int {
        constraints.append(constraint)
        return constraints.count - 1
    }

    /// Indices of the variables owned by `level`, in model order.
    ///
    /// - Parameter level: The leader or the follower.
    /// - Returns: Indices into ``variables``.
    public func variableIndices(of level: Level) -> [Int] {
        variables.indices.filter { variables[$0].level == level }
    }

    /// Indices of the constraints owned by `level`, in model order.
    ///
    /// - Parameter level: The leader or the follower.
    /// - Returns: Indices into ``constraints``.
    public func constraintIndices(of level: Level) -> [Int] {
        constraints.indices.filter { constraints[$0].level == level }
    }

    /// The index of the variable called `name`, if any.
    ///
    /// - Parameter name: A variable's name.
    /// - Returns: The index of the first variable with that name in ``variables``, or `nil`.
    public func variableIndex(named name: String) -> Int? {
        variables.firstIndex { $0.name == name }
    }
}
