/// A handle to a variable of a `BilevelModel`, returned by `model.leader.variable(…)` and
/// `model.follower.variable(…)`, used in expressions and to read results.
public struct VariableRef: Hashable, Sendable, LinearExpressionConvertible {
    /// Index in `BilevelModel.variables`.
    public let index: Int
    /// The variable's name.
    public let name: String
    /// The variable as an expression: `1 · variable`.
    public var expression: LinearExpression { LinearExpression(terms: [LinearTerm(variable: index, coefficient: 1)]) }
}

/// Anything that reads as a linear expression: a variable or an expression.
public protocol LinearExpressionConvertible {
    /// The value as a linear expression.
    var expression: LinearExpression { get }
}

/// `Σ coefficient·variable + constant`, built with ordinary operators:
///
///     let e = x + 2 * y - 3          // LinearExpression
///     let total = xs.sum()           // sums over arrays of variables or expressions
///
/// Coefficients are `Double`; integer literals work (`2 * y`), a Swift `Int` value `k` needs `Double(k)`.
/// The product of two expressions is not linear: it is a ``QuadraticExpression``, accepted by objectives only.
public struct LinearExpression: Sendable, LinearExpressionConvertible, CustomStringConvertible {
    /// Terms in the order first seen; a variable appears at most once.
    public private(set) var terms: [LinearTerm]
    /// The constant term.
    public var constant: Double
    /// Follower multipliers (`model.dual(of:)`), for the leader's objective.
    public internal(set) var duals: [DualTerm] = []

    /// Creates `Σ terms + constant`; terms in the same variable are added up, zero terms dropped.
    ///
    /// - Parameters:
    ///   - terms: Coefficients of variables (by index in ``BilevelModel/variables``).
    ///   - constant: The constant term.
    public init(terms: [LinearTerm] = [], constant: Double = 0) {
        self.terms = []
        self.constant = constant
        for t in terms { add(t.variable, t.coefficient) }
    }

    /// A constant expression.
    ///
    /// - Parameter constant: Its value.
    public init(_ constant: Double) { self.init(terms: [], constant: constant) }

    /// The expression itself.
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

    /// A debugging form, with variables by index: `2.0·v0 + 1.0·v1 + -3.0`.
    public var description: String {
        var parts = terms.map { "\($0.coefficient)·v\($0.variable)" }
        if constant != 0 || parts.isEmpty { parts.append("\(constant)") }
        return parts.joined(separator: " + ")
    }
}

/// A linear constraint `lower ≤ expression ≤ upper`, made by `<=`, `>=` or `==` on expressions.
public struct LinearConstraint: Sendable {
    /// The terms of the row (no constant: it has moved to the sides).
    public var expression: LinearExpression
    /// The lower side (`-.infinity` for none).
    public var lower: Double
    /// The upper side (`.infinity` for none).
    public var upper: Double
}

// MARK: Operators

/// The sum of two linear expressions (variables, expressions or multipliers).
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
    /// The multiplier as an expression: `1 · dual(constraint)`.
    public var expression: LinearExpression {
        var e = LinearExpression()
        e.duals = [DualTerm(constraint: constraint, coefficient: 1)]
        return e
    }
}

/// The difference of two linear expressions.
public func - <L: LinearExpressionConvertible, R: LinearExpressionConvertible>(l: L, r: R) -> LinearExpression {
    l + r.expression.scaled(-1)
}

/// The negated expression.
public prefix func - <E: LinearExpressionConvertible>(e: E) -> LinearExpression { e.expression.scaled(-1) }

/// A number times an expression: `2 * y`.
public func * <E: LinearExpressionConvertible>(c: Double, e: E) -> LinearExpression { e.expression.scaled(c) }
/// An expression times a number: `y * 2`.
public func * <E: LinearExpressionConvertible>(e: E, c: Double) -> LinearExpression { e.expression.scaled(c) }
/// An expression divided by a number: `y / 2`.
public func / <E: LinearExpressionConvertible>(e: E, c: Double) -> LinearExpression { e.expression.scaled(1 / c) }

/// An expression plus a constant: `x + 3`.
public func + <E: LinearExpressionConvertible>(e: E, c: Double) -> LinearExpression {
    var x = e.expression
    x.constant += c
    return x
}
/// A constant plus an expression: `3 + x`.
public func + <E: LinearExpressionConvertible>(c: Double, e: E) -> LinearExpression { e + c }
/// An expression minus a constant: `x - 3`.
public func - <E: LinearExpressionConvertible>(e: E, c: Double) -> LinearExpression { e + (-c) }
/// A constant minus an expression: `3 - x`.
public func - <E: LinearExpressionConvertible>(c: Double, e: E) -> LinearExpression { -e + c }

/// Adds an expression to `l` in place: `total += x`.
public func += <E: LinearExpressionConvertible>(l: inout LinearExpression, r: E) { l = l + r }
/// Subtracts an expression from `l` in place: `total -= x`.
public func -= <E: LinearExpressionConvertible>(l: inout LinearExpression, r: E) { l = l - r }

/// The row `l ≤ r` between two expressions: `x + y <= 2 * z`.
///
/// As with `>=` and `==`, everything moves to the left and the constant to the side.
public func <= <L: LinearExpressionConvertible, R: LinearExpressionConvertible>(l: L, r: R) -> LinearConstraint {
    let d = l - r
    return LinearConstraint(expression: LinearExpression(terms: d.terms), lower: -.infinity, upper: -d.constant)
}
/// The row `l ≥ r` between two expressions: `x + y >= z - 1`.
public func >= <L: LinearExpressionConvertible, R: LinearExpressionConvertible>(l: L, r: R) -> LinearConstraint {
    let d = l - r
    return LinearConstraint(expression: LinearExpression(terms: d.terms), lower: -d.constant, upper: .infinity)
}
/// The equality row `l = r` between two expressions: `x == y + 1`.
public func == <L: LinearExpressionConvertible, R: LinearExpressionConvertible>(l: L, r: R) -> LinearConstraint {
    let d = l - r
    return LinearConstraint(expression: LinearExpression(terms: d.terms), lower: -d.constant, upper: -d.constant)
}
/// The row `l ≤ r` with a number on the right: `x + y <= 4`.
public func <= <E: LinearExpressionConvertible>(l: E, r: Double) -> LinearConstraint { l <= LinearExpression(r) }
/// The row `l ≥ r` with a number on the right: `x + y >= 1`.
public func >= <E: LinearExpressionConvertible>(l: E, r: Double) -> LinearConstraint { l >= LinearExpression(r) }
/// The equality row `l = r` with a number on the right: `x + y == 3`.
public func == <E: LinearExpressionConvertible>(l: E, r: Double) -> LinearConstraint { l == LinearExpression(r) }
/// The row `l ≤ r` with a number on the left: `1 <= x + y`.
public func <= <E: LinearExpressionConvertible>(l: Double, r: E) -> LinearConstraint { LinearExpression(l) <= r }
/// The row `l ≥ r` with a number on the left: `4 >= x + y`.
public func >= <E: LinearExpressionConvertible>(l: Double, r: E) -> LinearConstraint { LinearExpression(l) >= r }

/// Sums of variables and expressions.
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
    /// The linear part, with the constant.
    public var linear: LinearExpression
    /// The products of two variables; a pair of variables appears at most once.
    public var quadratic: [QuadraticTerm]

    /// Creates `linear + Σ quadratic`; products of the same pair are added up, zero ones dropped.
    ///
    /// - Parameters:
    ///   - linear: The linear part.
    ///   - quadratic: The products.
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

/// The sum of two quadratic expressions.
public func + (l: QuadraticExpression, r: QuadraticExpression) -> QuadraticExpression {
    var q = QuadraticExpression(linear: l.linear + r.linear, quadratic: l.quadratic)
    for t in r.quadratic { q.add(t) }
    return q
}
/// A quadratic expression plus a linear one: `x * y + 2 * x`.
public func + <E: LinearExpressionConvertible>(l: QuadraticExpression, r: E) -> QuadraticExpression {
    l + QuadraticExpression(linear: r.expression)
}
/// A linear expression plus a quadratic one: `2 * x + x * y`.
public func + <E: LinearExpressionConvertible>(l: E, r: QuadraticExpression) -> QuadraticExpression {
    QuadraticExpression(linear: l.expression) + r
}
/// The difference of two quadratic expressions.
public func - (l: QuadraticExpression, r: QuadraticExpression) -> QuadraticExpression { l + r.scaled(-1) }
/// A quadratic expression minus a linear one: `x * y - x`.
public func - <E: LinearExpressionConvertible>(l: QuadraticExpression, r: E) -> QuadraticExpression {
    l + QuadraticExpression(linear: r.expression.scaled(-1))
}
/// A linear expression minus a quadratic one: `x - x * y`.
public func - <E: LinearExpressionConvertible>(l: E, r: QuadraticExpression) -> QuadraticExpression {
    QuadraticExpression(linear: l.expression) - r
}
/// A quadratic expression plus a constant.
public func + (l: QuadraticExpression, c: Double) -> QuadraticExpression {
    l + QuadraticExpression(linear: LinearExpression(c))
}
/// A quadratic expression minus a constant.
public func - (l: QuadraticExpression, c: Double) -> QuadraticExpression {
    l + QuadraticExpression(linear: LinearExpression(-c))
}
/// A number times a quadratic expression: `0.5 * (y * y)`.
public func * (c: Double, q: QuadraticExpression) -> QuadraticExpression { q.scaled(c) }
/// A quadratic expression times a number: `(y * y) * 0.5`.
public func * (q: QuadraticExpression, c: Double) -> QuadraticExpression { q.scaled(c) }
/// The negated quadratic expression.
public prefix func - (q: QuadraticExpression) -> QuadraticExpression { q.scaled(-1) }
