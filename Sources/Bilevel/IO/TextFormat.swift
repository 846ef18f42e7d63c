/// The `.blp` text format: a bilevel model that a person can read and write, in the spirit of the
/// CPLEX LP format, with a leader section and a follower section.
///
///     # Bard (1984), Example 1 — comments start with '#'
///     model bard_1984
///
///     leader
///       variables x
///       minimize x + y
///       bounds
///         x >= 0
///
///     follower
///       variables y
///       maximize y            # terms in leader variables are constants for the follower
///       subject to
///         c1: -x - 0.5 y <= -2
///         c2: -0.25 x + y <= 2
///         r3: 0 <= x + 0.5 y <= 8
///       bounds
///         y >= 0
///     end
///
/// A section holds, in any order: `variables NAME…` (declares the level's variables; default bounds
/// [0, +inf)), one objective (`minimize`/`maximize`/`min`/`max` EXPR, constants allowed), `subject to`
/// (or `st`, `s.t.`) followed by rows `[name:] EXPR (<=|>=|=) EXPR` or `NUM <= EXPR <= NUM`,
/// `bounds` followed by `lo <= x <= hi`, `x >= lo`, `x <= hi`, `x = v`, `x free`, and
/// `integer NAME…` / `binary NAME…`. A statement continues on the next line when that line is
/// indented deeper and starts with `+` or `-`, or when the current line ends with an operator.
/// `inf`/`infinity` are accepted.
/// Objectives may contain quadratic terms (`0.5 y^2 - x * y`; rows may not), and the leader's objective
/// follower multipliers (`dual(row)`, `row` a follower row).
public enum TextFormat {}

/// A token of the text format with its position.
struct TextToken: Equatable {
    enum Kind: Equatable { case word, number, symbol, newline, end }
    var kind: Kind
    var text: String
    var line: Int
    var column: Int
}

/// Splits `.blp` text into tokens; '#' starts a comment to the end of the line.
enum TextTokenizer {
    static let symbols: [String] = [
        "<=", ">=", "=<", "=>", "==", "<", ">", "=", "+", "-", "*", "^", ":", "(", ")", "/", ",",
    ]

    static func tokenize(_ text: String, file: String) throws -> [TextToken] {
        var tokens: [TextToken] = []
        var line = 1
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let chars = Array(rawLine.unicodeScalars)
            var i = 0
            while i < chars.count {
                let c = chars[i]
                let column = i + 1
                if c == "#" { break }
                if c == " " || c == "\t" || c == "\r" { i += 1; continue }
                if isNameStart(c) {
                    var j = i
                    while j < chars.count && isNameChar(chars[j]) { j += 1 }
                    let text = String(String.UnicodeScalarView(chars[i..<j]))
                    tokens.append(TextToken(kind: .word, text: text, line: line, column: column))
                    i = j
                    continue
                }
                if isDigit(c) || (c == "." && i + 1 < chars.count && isDigit(chars[i + 1])) {
                    var j = i
                    while j < chars.count && (isDigit(chars[j]) || chars[j] == ".") { j += 1 }
                    if j < chars.count && (chars[j] == "e" || chars[j] == "E") {
                        var k = j + 1
                        if k < chars.count && (chars[k] == "+" || chars[k] == "-") { k += 1 }
                        if k < chars.count && isDigit(chars[k]) {
                            j = k
                            while j < chars.count && isDigit(chars[j]) { j += 1 }
                        }
                    }
                    let text = String(String.UnicodeScalarView(chars[i..<j]))
                    tokens.append(TextToken(kind: .number, text: text, line: line, column: column))
                    i = j
                    continue
                }
                let rest = String(String.UnicodeScalarView(chars[i..<min(chars.count, i + 2)]))
                if let s = symbols.first(where: { rest.hasPrefix($0) }) {
                    tokens.append(TextToken(kind: .symbol, text: s, line: line, column: column))
                    i += s.unicodeScalars.count
                    continue
                }
                throw BilevelError.parse(SourceLocation(file: file, line: line, column: column),
                                         "unexpected character '\(printable(String(Character(c))))'")
            }
            tokens.append(TextToken(kind: .newline, text: "\n", line: line, column: chars.count + 1))
            line += 1
        }
        tokens.append(TextToken(kind: .end, text: "", line: max(1, line - 1), column: 1))
        return tokens
    }

    static func isNameStart(_ c: Unicode.Scalar) -> Bool {
        c.properties.isAlphabetic || c == "_"
    }

    static func isNameChar(_ c: Unicode.Scalar) -> Bool {
        c.properties.isAlphabetic || isDigit(c) || "_.[]{}'!$%&@~|".unicodeScalars.contains(c)
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
}
