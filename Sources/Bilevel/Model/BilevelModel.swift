/// Which decision maker owns a variable or a constraint.
public enum Level: String, Sendable, Hashable, CaseIterable {
    /// The leader (upper level) decides first.
    case leader
    /// The follower (lower level) responds optimally to the leader's choice.
    case follower
}

/// Direction of an objective.
public enum ObjectiveSense: String, Sendable, Hashable {
    case minimize, maximize
    /// +1 for minimize, -1 for maximize: multiplying an objective by it gives a minimization.
    public var sign: Double { self == .minimize ? 1 : -1 }
}

/// One coefficient times one variable (by its index in `BilevelModel.variables`).
public struct LinearTerm: Hashable, Sendable {
    public var variable: Int
    public var coefficient: Double
    public init(variable: Int, coefficient: Double) {
        self.variable = variable
        self.coefficient = coefficient
    }
}

/// A decision variable of a bilevel model.
public struct Variable: Hashable, Sendable {
    public var name: String
    /// Lower bound (`-.infinity` when free below).
    public var lower: Double
    /// Upper bound (`.infinity` when free above).
    public var upper: Double
    public var isInteger: Bool
    /// The owner. Bounds of a follower variable belong to the follower's problem; bounds of a leader
    /// variable to the leader's.
    public var level: Level
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
    public var name: String
    public var terms: [LinearTerm]
    public var lower: Double
    public var upper: Double
    public var level: Level
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
    public var first: Int
    public var second: Int
    public var coefficient: Double
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
    public var coefficient: Double
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
    public var sense: ObjectiveSense
    public var terms: [LinearTerm]
    public var constant: Double
    public var quadratic: [QuadraticTerm]
    /// Follower multipliers (leader objective only).
    public var duals: [DualTerm]
    public init(sense: ObjectiveSense = .minimize, terms: [LinearTerm] = [], constant: Double = 0,
                quadratic: [QuadraticTerm] = [], duals: [DualTerm] = []) {
        self.sense = sense
        self.terms = terms
        self.constant = constant
        self.quadratic = quadratic
        self.duals = duals
    }

    /// The objective's value at a point (indexed like `BilevelModel.variables`).
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
    public var name: String
    public var variables: [Variable] = []
    public var constraints: [Constraint] = []
    /// The leader's objective over all variables.
    public var leaderObjective = Objective()
    /// The follower's objective; terms in leader variables are constants for the follower and are
    /// kept only to report its value.
    public var followerObjective = Objective()

    public init(name: String = "model") { self.name = name }

    /// Appends a variable and returns its index.
    @discardableResult
    public mutating func addVariable(_ variable: Variable) -> Int {
        variables.append(variable)
        return variables.count - 1
    }

    /// Appends a constraint and returns its index.
    @discardableResult
    public mutating func addConstraint(_ constraint: Constraint) -> Int {
        constraints.append(constraint)
        return constraints.count - 1
    }

    /// Indices of the variables owned by `level`, in model order.
    public func variableIndices(of level: Level) -> [Int] {
        variables.indices.filter { variables[$0].level == level }
    }

    /// Indices of the constraints owned by `level`, in model order.
    public func constraintIndices(of level: Level) -> [Int] {
        constraints.indices.filter { constraints[$0].level == level }
    }

    /// The index of the variable called `name`, if any.
    public func variableIndex(named name: String) -> Int? {
        variables.firstIndex { $0.name == name }
    }
}
