/// A handle to a variable of a `BilevelModel`, returned by `model.leader.variable(…)` and
/// `model.follower.variable(…)`, used in expressions and to read results.
public struct VariableRef: Hashable, Sendable, LinearExpressionConvertible {
    /// Index in `BilevelModel.variables`.
    public let index: Int
    public let name: String
    public var expression: LinearExpression { LinearExpression(terms: [LinearTerm(variable: index, coefficient: 1)]) }
}

/// Anything that reads as a linear expression: a variable or an expression.
public protocol LinearExpressionConvertible {
    var expression: LinearExpression { get }
}

/// `Σ coefficient·variable + constant`, built with ordinary operators:
///
///     let e = x + 2 * y - 3          // LinearExpression
///     let total = xs.sum()           // sums over arrays of variables or expressions
///
/// Coefficients are `Double`; integer literals work (`2 * y`), integer variables need `Double(k)`.
/// Products of two variables are not expressible: the type system refuses them.
public struct LinearExpression: Sendable, LinearExpressionConvertible, CustomStringConvertible {
    /// Terms in the order first seen; a variable appears at most once.
    public private(set) var terms: [LinearTerm]
    public var constant: Double
    /// Follower multipliers (`model.dual(of:)`), for the leader's objective.
    public internal(set) var duals: [DualTerm] = []

    public init(terms: [LinearTerm] = [], constant: Double = 0) {
        self.terms = []
        self.constant = constant
        for t in terms { add(t.variable, t.coefficient) }
    }

    public init(_ constant: Double) { self.init(terms: [], constant: constant) }

    public var expression: LinearExpression { self }

    mutating func add(_ variable: Int, _ coefficient: Double) {
        if let k = terms.firstIndex(where: { $0.variable == variable }) {
            terms[k].coefficient += coefficient
            if terms[k].coefficient == 0 { terms.remove(at: k) }
        } else if coefficient != 0 {
            terms.append(LinearTerm(variable: variable, coefficient: coefficient))
        }
    }

    func scaled(_ c: Double) -> LinearExpression {
        let scaledTerms = terms.map { LinearTerm(variable: $0.variable, coefficient: c * $0.coefficient) }
        var e = LinearExpression(terms: scaledTerms, constant: c * constant)
        e.duals = duals.map { DualTerm(constraint: $0.constraint, coefficient: c * $0.coefficient) }
        return e
    }

    public var description: String {
        var parts = terms.map { "\($0.coefficient)·v\($0.variable)" }
        if constant != 0 || parts.isEmpty { parts.append("\(constant)") }
        return parts.joined(separator: " + ")
    }
}

/// A linear constraint `lower ≤ expression ≤ upper`, made by `<=`, `>=` or `==` on expressions.
public struct LinearConstraint: Sendable {
    public var expression: LinearExpression
    public var lower: Double
    public var upper: Double
}

// MARK: Operators

public func + <L: LinearExpressionConvertible, R: LinearExpressionConvertible>(l: L, r: R) -> LinearExpression {
    var e = l.expression
    for t in r.expression.terms { e.add(t.variable, t.coefficient) }
    e.constant += r.expression.constant
    e.duals += r.expression.duals
    return e
}

/// The follower's multiplier of a follower row, for the leader's objective:
/// `model.leader.minimize(x - model.dual(of: cap))`. It is the row's shadow price in the follower's
/// sense. When the follower's optimal multipliers are not unique the leader may exploit them without
/// bound: the solver then reports `ill_posed` with the rows and the ray.
public struct DualRef: Hashable, Sendable, LinearExpressionConvertible {
    /// Index of the follower row in `BilevelModel.constraints`.
    public let constraint: Int
    public var expression: LinearExpression {
        var e = LinearExpression()
        e.duals = [DualTerm(constraint: constraint, coefficient: 1)]
        return e
    }
}

public func - <L: LinearExpressionConvertible, R: LinearExpressionConvertible>(l: L, r: R) -> LinearExpression {
    l + r.expression.scaled(-1)
}

public prefix func - <E: LinearExpressionConvertible>(e: E) -> LinearExpression { e.expression.scaled(-1) }

public func * <E: LinearExpressionConvertible>(c: Double, e: E) -> LinearExpression { e.expression.scaled(c) }
public func * <E: LinearExpressionConvertible>(e: E, c: Double) -> LinearExpression { e.expression.scaled(c) }
public func / <E: LinearExpressionConvertible>(e: E, c: Double) -> LinearExpression { e.expression.scaled(1 / c) }

public func + <E: LinearExpressionConvertible>(e: E, c: Double) -> LinearExpression {
    var x = e.expression
    x.constant += c
    return x
}
public func + <E: LinearExpressionConvertible>(c: Double, e: E) -> LinearExpression { e + c }
public func - <E: LinearExpressionConvertible>(e: E, c: Double) -> LinearExpression { e + (-c) }
public func - <E: LinearExpressionConvertible>(c: Double, e: E) -> LinearExpression { -e + c }

public func += <E: LinearExpressionConvertible>(l: inout LinearExpression, r: E) { l = l + r }
public func -= <E: LinearExpressionConvertible>(l: inout LinearExpression, r: E) { l = l - r }

/// `l ≤ r`, `l ≥ r`, `l = r`: everything moves to the left, the constant to the side.
public func <= <L: LinearExpressionConvertible, R: LinearExpressionConvertible>(l: L, r: R) -> LinearConstraint {
    let d = l - r
    return LinearConstraint(expression: LinearExpression(terms: d.terms), lower: -.infinity, upper: -d.constant)
}
public func >= <L: LinearExpressionConvertible, R: LinearExpressionConvertible>(l: L, r: R) -> LinearConstraint {
    let d = l - r
    return LinearConstraint(expression: LinearExpression(terms: d.terms), lower: -d.constant, upper: .infinity)
}
public func == <L: LinearExpressionConvertible, R: LinearExpressionConvertible>(l: L, r: R) -> LinearConstraint {
    let d = l - r
    return LinearConstraint(expression: LinearExpression(terms: d.terms), lower: -d.constant, upper: -d.constant)
}
public func <= <E: LinearExpressionConvertible>(l: E, r: Double) -> LinearConstraint { l <= LinearExpression(r) }
public func >= <E: LinearExpressionConvertible>(l: E, r: Double) -> LinearConstraint { l >= LinearExpression(r) }
public func == <E: LinearExpressionConvertible>(l: E, r: Double) -> LinearConstraint { l == LinearExpression(r) }
public func <= <E: LinearExpressionConvertible>(l: Double, r: E) -> LinearConstraint { LinearExpression(l) <= r }
public func >= <E: LinearExpressionConvertible>(l: Double, r: E) -> LinearConstraint { LinearExpression(l) >= r }

extension Sequence where Element: LinearExpressionConvertible {
    /// The sum of the elements (`xs.sum()`; `zip(costs, xs).map { $0 * $1 }.sum()`).
    public func sum() -> LinearExpression {
        reduce(LinearExpression()) { $0 + $1 }
    }
}

/// A linear expression plus products of two variables, for objectives:
///
///     model.follower.minimize(0.5 * (y - x) * (y - x))   // ½(y − x)²
///     model.leader.maximize(x * y)                        // revenue: price times demand
public struct QuadraticExpression: Sendable {
    public var linear: LinearExpression
    public var quadratic: [QuadraticTerm]

    public init(linear: LinearExpression = LinearExpression(), quadratic: [QuadraticTerm] = []) {
        self.linear = linear
        self.quadratic = []
        for q in quadratic { add(q) }
    }

    mutating func add(_ q: QuadraticTerm) {
        if let k = quadratic.firstIndex(where: { $0.first == q.first && $0.second == q.second }) {
            quadratic[k].coefficient += q.coefficient
            if quadratic[k].coefficient == 0 { quadratic.remove(at: k) }
        } else if q.coefficient != 0 {
            quadratic.append(q)
        }
    }

    func scaled(_ c: Double) -> QuadraticExpression {
        let scaledTerms = quadratic.map { QuadraticTerm($0.first, $0.second, coefficient: c * $0.coefficient) }
        return QuadraticExpression(linear: linear.scaled(c), quadratic: scaledTerms)
    }
}

/// The product of two linear expressions.
public func * <L: LinearExpressionConvertible, R: LinearExpressionConvertible>(l: L, r: R) -> QuadraticExpression {
    let a = l.expression, b = r.expression
    var q = QuadraticExpression(linear: b.scaled(a.constant) + a.scaled(b.constant) - a.constant * b.constant)
    for s in a.terms {
        for t in b.terms { q.add(QuadraticTerm(s.variable, t.variable, coefficient: s.coefficient * t.coefficient)) }
    }
    return q
}

public func + (l: QuadraticExpression, r: QuadraticExpression) -> QuadraticExpression {
    var q = QuadraticExpression(linear: l.linear + r.linear, quadratic: l.quadratic)
    for t in r.quadratic { q.add(t) }
    return q
}
public func + <E: LinearExpressionConvertible>(l: QuadraticExpression, r: E) -> QuadraticExpression {
    l + QuadraticExpression(linear: r.expression)
}
public func + <E: LinearExpressionConvertible>(l: E, r: QuadraticExpression) -> QuadraticExpression {
    QuadraticExpression(linear: l.expression) + r
}
public func - (l: QuadraticExpression, r: QuadraticExpression) -> QuadraticExpression { l + r.scaled(-1) }
public func - <E: LinearExpressionConvertible>(l: QuadraticExpression, r: E) -> QuadraticExpression {
    l + QuadraticExpression(linear: r.expression.scaled(-1))
}
public func - <E: LinearExpressionConvertible>(l: E, r: QuadraticExpression) -> QuadraticExpression {
    QuadraticExpression(linear: l.expression) - r
}
public func + (l: QuadraticExpression, c: Double) -> QuadraticExpression {
    l + QuadraticExpression(linear: LinearExpression(c))
}
public func - (l: QuadraticExpression, c: Double) -> QuadraticExpression {
    l + QuadraticExpression(linear: LinearExpression(-c))
}
public func * (c: Double, q: QuadraticExpression) -> QuadraticExpression { q.scaled(c) }
public func * (q: QuadraticExpression, c: Double) -> QuadraticExpression { q.scaled(c) }
public prefix func - (q: QuadraticExpression) -> QuadraticExpression { q.scaled(-1) }
