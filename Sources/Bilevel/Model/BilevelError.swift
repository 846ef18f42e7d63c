/// Where in an input file something went wrong.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int?
    public init(file: String, line: Int, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }
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
    /// The model is valid but uses something this version cannot solve exactly (e.g. an integer follower).
    case unsupported(String)
    /// A solver-internal failure that prevented any answer.
    case solverFailure(String)

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
