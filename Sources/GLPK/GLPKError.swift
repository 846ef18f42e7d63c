/// An argument that GLPK would reject by aborting the process, caught before the call.
///
/// GLPK reports invalid arguments through `xerror`, which calls `abort()`. Every public entry point
/// of this module validates its arguments first and throws one of these instead.
public enum GLPKError: Error, Equatable, CustomStringConvertible {
    /// A row or column index outside the problem.
    case indexOutOfRange(kind: String, index: Int, count: Int)
    /// A coefficient, bound or objective entry that is NaN or infinite where a finite number is needed.
    case notFinite(what: String, value: Double)
    /// A lower bound above an upper bound.
    case invertedBounds(what: String, lower: Double, upper: Double)
    /// An operation that needs a state the problem is not in (e.g. a ray without an unbounded solve).
    case invalidState(String)

    public var description: String {
        switch self {
        case let .indexOutOfRange(kind, index, count):
            return "\(kind) index \(index) is out of range 0..<\(count)"
        case let .notFinite(what, value):
            return "\(what) must be a finite number, got \(value)"
        case let .invertedBounds(what, lower, upper):
            return "\(what) has lower bound \(lower) above upper bound \(upper)"
        case let .invalidState(message):
            return message
        }
    }
}
