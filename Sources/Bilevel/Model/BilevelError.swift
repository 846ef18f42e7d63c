/// Where in an input file something went wrong.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file's path as it was given.
    public var file: String
    /// The line, counted from 1.
    public var line: Int
    /// The column, counted from 1, when known.
    public var column: Int?
    /// Creates a location.
    ///
    /// - Parameters:
    ///   - file: The file's path.
    ///   - line: The line, from 1.
    ///   - column: The column, from 1, when known.
    public init(file: String, line: Int, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }
    /// `file:line:column`, or `file:line` without a column.
    public var description: String {
        if let column { return "\(file):\(line):\(column)" }
        return "\(file):\(line)"
    }
}

/// Errors of the bilevel library. Each message says what was wrong and, where it can, how to fix it.
public enum BilevelError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A file could not be parsed.
    case parse(SourceLocation, String)
    /// A file could not be found or read.
    case io(path: String, String)
    /// The model is inconsistent (NaN, inverted bounds, duplicate names, …).
    case invalidModel(String)
    /// The model is valid but uses something this version cannot solve exactly (e.g. a non-convex
    /// quadratic follower, or continuous linking variables with an integer follower), with the reason.
    case unsupported(String)
    /// A solver-internal failure that prevented any answer.
    case solverFailure(String)

    /// The message as the command-line tool prints it, e.g. `model.blp:3:7: error: …` or
    /// `invalid model: …`.
    public var description: String {
        switch self {
        case let .parse(location, message): return "\(location): error: \(message)"
        case let .io(path, message): return "\(path): error: \(message)"
        case let .invalidModel(message): return "invalid model: \(message)"
        case let .unsupported(message): return "not supported yet: \(message)"
        case let .solverFailure(message): return "solver failure: \(message)"
        }
    }
}
