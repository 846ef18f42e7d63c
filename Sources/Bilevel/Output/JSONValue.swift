/// A JSON value with ordered keys, so output is stable for scripts and tests.
public indirect enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number; whole numbers below 1e15 in magnitude are written without a fraction, and a number that
    /// is not finite is written as `null`.
    case number(Double)
    /// An integer.
    case integer(Int)
    /// A string, escaped as JSON requires.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object whose keys keep the order given.
    case object([(String, JSONValue)])

    /// Whether two values render to the same JSON text (so key order counts).
    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }

    /// A number, or `null` when it is missing or not finite (JSON has no infinities).
    ///
    /// - Parameter v: The number, if any.
    /// - Returns: `.number(v)`, or `.null`.
    public static func finite(_ v: Double?) -> JSONValue {
        guard let v, v.isFinite else { return .null }
        return .number(v)
    }

    /// Compact JSON text.
    ///
    /// - Returns: The value as JSON without white space, keys in their given order.
    public func rendered() -> String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .integer(i): out += String(i)
        case let .number(v):
            if !v.isFinite { out += "null" }
            else if v == v.rounded() && abs(v) < 1e15 { out += String(Int64(v)) }
            else { out += "\(v)" }
        case let .string(s): Self.writeString(s, to: &out)
        case let .array(items):
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case let .object(pairs):
            out += "{"
            for (k, (key, value)) in pairs.enumerated() {
                if k > 0 { out += "," }
                Self.writeString(key, to: &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
