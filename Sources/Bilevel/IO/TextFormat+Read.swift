extension TextFormat {
    /// Reads a `.blp` file.
    ///
    /// - Parameter path: The file's path.
    /// - Returns: The model.
    /// - Throws: `BilevelError.parse` with file, line and column and what was expected; `.io` when the
    ///   file cannot be read.
    public static func read(path: String) throws -> BilevelModel {
        try parse(try TextFile.read(path), file: path)
    }

    /// Parses `.blp` text (`file` is used in error messages).
    ///
    /// - Parameters:
    ///   - text: The model in the `.blp` format.
    ///   - file: The name that error messages give.
    /// - Returns: The model.
    /// - Throws: `BilevelError.parse` with file, line and column and what was expected.
    public static func parse(_ text: String, file: String = "model.blp") throws -> BilevelModel {
        var parser = TextParser(tokens: try TextTokenizer.tokenize(text, file: file), file: file)
        return try parser.parseModel()
    }

    /// Words that start statements or sections; they cannot name variables or rows.
    static let keywords: Set<String> = [
        "model", "leader", "follower", "variables", "variable", "minimize", "maximize", "minimise", "maximise",
        "min", "max", "subject", "st", "s.t.", "such", "bounds", "bound", "integer", "integers", "general",
        "generals", "binary", "binaries", "end", "free", "inf", "infinity", "dual",
    ]
}

/// A linear expression as written, before names are resolved.
private struct ParsedExpression {
    var terms: [(name: String, coefficient: Double, token: TextToken)] = []
    var quadratic: [(first: String, second: String, coefficient: Double, token: TextToken)] = []
    var duals: [(row: String, coefficient: Double, token: TextToken)] = []
    var constant = 0.0
    var isConstant: Bool { terms.isEmpty && quadratic.isEmpty && duals.isEmpty }
}

/// One level's statements, collected before names are resolved (a leader objective may name
/// follower variables declared further down).
private struct ParsedSection {
    var declared: [(name: String, token: TextToken)] = []
    var objective: (sense: ObjectiveSense, expression: ParsedExpression, token: TextToken)?
    var rows: [(name: String?, expression: ParsedExpression, lower: Double, upper: Double, token: TextToken)] = []
    var bounds: [(name: String, lower: Double?, upper: Double?, token: TextToken)] = []
    var integers: [(name: String, binary: Bool, token: TextToken)] = []
}

private struct TextParser {
    let tokens: [TextToken]
    let file: String
    var position = 0
    var modelName: String?
    var sections: [Level: ParsedSection] = [.leader: ParsedSection(), .follower: ParsedSection()]
    /// Column of the first token of the statement being parsed: a continuation line must be
    /// indented deeper (so a new row or bound starting with '-' is not read as a continuation).
    var statementColumn = 1

    init(tokens: [TextToken], file: String) {
        self.tokens = tokens
        self.file = file
    }

    enum Block { case none, variables, rows, bounds, integers(binary: Bool) }

    var current: TextToken { tokens[position] }

    func error(_ token: TextToken, _ message: String) -> BilevelError {
        .parse(SourceLocation(file: file, line: token.line, column: token.column), message)
    }

    func describe(_ t: TextToken) -> String {
        switch t.kind {
        case .newline: return "end of line"
        case .end: return "end of file"
        default: return "'\(t.text)'"
        }
    }

    mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    mutating func skipNewlines() { while current.kind == .newline { advance() } }

    func isWord(_ t: TextToken, _ words: String...) -> Bool { t.kind == .word && words.contains(t.text.lowercased()) }

    mutating func expectEndOfStatement() throws {
        guard current.kind == .newline || current.kind == .end else {
            throw error(current, "expected the end of the line, found \(describe(current))")
        }
    }

    // MARK: Model

    mutating func parseModel() throws -> BilevelModel {
        var level: Level?
        var block = Block.none
        var ended = false
        skipNewlines()
        while current.kind != .end {
            let t = current
            statementColumn = t.column
            if ended { throw error(t, "text after 'end'") }
            let word = t.kind == .word ? t.text.lowercased() : ""
            switch word {
            case "model":
                advance()
                guard current.kind == .word else {
                    throw error(current, "expected a model name after 'model', found \(describe(current))")
                }
                if level != nil { throw error(t, "'model' must come before the leader and follower sections") }
                modelName = current.text
                advance()
                try expectEndOfStatement()
            case "leader", "follower":
                level = word == "leader" ? .leader : .follower
                block = .none
                advance()
                try expectEndOfStatement()
            case "end":
                advance()
                try expectEndOfStatement()
                ended = true
            case "variables", "variable":
                guard let l = level else { throw error(t, "'\(t.text)' outside a leader or follower section") }
                advance()
                block = .variables
                try parseNames(into: l, block: block)
            case "minimize", "maximize", "minimise", "maximise", "min", "max":
                guard let l = level else { throw error(t, "objective outside a leader or follower section") }
                if sections[l]!.objective != nil { throw error(t, "the \(l.rawValue) already has an objective") }
                advance()
                skipNewlines()
                let isLabel = current.kind == .word && tokens[position + 1].text == ":"
                if isLabel && !TextFormat.keywords.contains(current.text.lowercased()) {
                    advance(); advance()
                }
                let e = try parseExpression(allowInfinity: false, allowQuadratic: true, allowDuals: l == .leader)
                sections[l]!.objective = (word.hasPrefix("min") ? .minimize : .maximize, e, t)
                try expectEndOfStatement()
                block = .none
            case "subject", "such", "st", "s.t.":
                guard level != nil else { throw error(t, "'\(t.text)' outside a leader or follower section") }
                advance()
                if word == "subject" || word == "such" {
                    guard isWord(current, "to", "that") else { throw error(current, "expected 'to' after '\(t.text)'") }
                    advance()
                }
                try expectEndOfStatement()
                block = .rows
            case "bounds", "bound":
                guard level != nil else { throw error(t, "'bounds' outside a leader or follower section") }
                advance()
                try expectEndOfStatement()
                block = .bounds
            case "integer", "integers", "general", "generals", "binary", "binaries":
                guard let l = level else { throw error(t, "'\(t.text)' outside a leader or follower section") }
                advance()
                block = .integers(binary: word.hasPrefix("bin"))
                try parseNames(into: l, block: block)
            default:
                if t.kind == .newline { advance(); continue }
                guard let l = level else {
                    throw error(t, "expected 'model', 'leader' or 'follower', found \(describe(t))")
                }
                switch block {
                case .none: throw error(t, Self.expectedKeywordMessage(describe(t)))
                case .variables, .integers: try parseNames(into: l, block: block)
                case .rows: try parseRow(into: l)
                case .bounds: try parseBound(into: l)
                }
            }
            skipNewlines()
        }
        return try resolve()
    }

    /// Names on the rest of the line (commas allowed), for `variables`, `integer`, `binary`.
    mutating func parseNames(into level: Level, block: Block) throws {
        while current.kind != .newline && current.kind != .end {
            if current.text == "," { advance(); continue }
            guard current.kind == .word, !TextFormat.keywords.contains(current.text.lowercased()) else {
                throw error(current, "expected a variable name, found \(describe(current))")
            }
            switch block {
            case .variables: sections[level]!.declared.append((current.text, current))
            case let .integers(binary): sections[level]!.integers.append((current.text, binary, current))
            default: break
            }
            advance()
        }
    }

    // MARK: Expressions

    /// Whether an expression continues past a line break: the next line starts with '+' or '-' and
    /// is indented deeper than the statement's first line.
    mutating func continueAcrossNewline() -> Bool {
        var k = position
        while tokens[k].kind == .newline { k += 1 }
        let isSign = tokens[k].kind == .symbol && (tokens[k].text == "+" || tokens[k].text == "-")
        if k > position && isSign && tokens[k].column > statementColumn {
            position = k
            return true
        }
        return false
    }

    mutating func parseNumber() throws -> Double? {
        if current.kind == .number {
            guard let v = Double(current.text), v.isFinite else {
                throw error(current, "number '\(current.text)' is out of range")
            }
            advance()
            return v
        }
        if isWord(current, "inf", "infinity") { advance(); return .infinity }
        return nil
    }

    /// `[sign] term { (+|-) term }` where a term is `NUM`, `NAME`, `NUM NAME` or `NUM * NAME`.
    mutating func parseExpression(allowInfinity: Bool, allowQuadratic: Bool = false, allowDuals: Bool = false) throws
        -> ParsedExpression {
        var e = ParsedExpression()
        var first = true
        while true {
            var sign = 1.0
            var sawSign = false
            while current.kind == .symbol && (current.text == "+" || current.text == "-") {
                if current.text == "-" { sign = -sign }
                sawSign = true
                advance()
                if current.kind == .newline { skipNewlines() }
            }
            if !first && !sawSign { break }
            let start = current
            var coefficient = sign
            var sawNumber = false
            if let v = try parseNumber() {
                if v.isInfinite && !allowInfinity {
                    throw error(start, "infinity is allowed only as a bound or a row side")
                }
                coefficient = sign * v
                sawNumber = true
                if current.kind == .symbol && current.text == "*" {
                    advance()
                    guard current.kind == .word else {
                        throw error(current, "expected a variable name after '*', found \(describe(current))")
                    }
                }
            }
            if current.kind == .word && !isWord(current, "inf", "infinity") {
                let nameToken = current
                if nameToken.text.lowercased() == "dual" && tokens[position + 1].text == "(" {
                    guard allowDuals else {
                        throw error(nameToken, "follower multipliers (dual(...)) are allowed only in the leader's "
                            + "objective")
                    }
                    e.duals.append(try parseDual(coefficient: coefficient))
                    first = false
                    if current.kind == .newline && !continueAcrossNewline() { break }
                    if !(current.kind == .symbol && (current.text == "+" || current.text == "-")) { break }
                    continue
                }
                if nameToken.text.lowercased() == "nan" {
                    throw error(nameToken, "NaN is not a number")
                }
                if TextFormat.keywords.contains(nameToken.text.lowercased()) {
                    if !sawNumber && first && !sawSign {
                        throw error(nameToken, "expected an expression, found \(describe(nameToken))")
                    }
                    throw error(nameToken, "'\(nameToken.text)' is a keyword, not a variable name")
                }
                if coefficient.isInfinite { throw error(start, "a coefficient must be finite") }
                advance()
                if current.kind == .symbol && (current.text == "*" || current.text == "^") {
                    // `x * y` or `x^2`: objectives only.
                    guard allowQuadratic else { throw error(current, "quadratic terms are allowed only in objectives") }
                    e.quadratic.append(try parseProduct(nameToken, coefficient: coefficient))
                } else {
                    e.terms.append((nameToken.text, coefficient, nameToken))
                }
            } else if sawNumber {
                e.constant += coefficient
            } else {
                throw error(current, "expected a number or a variable name, found \(describe(current))")
            }
            first = false
            if current.kind == .newline && !continueAcrossNewline() { break }
            if !(current.kind == .symbol && (current.text == "+" || current.text == "-")) { break }
        }
        return e
    }

    /// `dual ( ROW )`, from its first token.
    mutating func parseDual(coefficient: Double) throws -> (row: String, coefficient: Double, token: TextToken) {
        advance(); advance()
        guard current.kind == .word else {
            throw error(current, "expected a row name inside dual(...), found \(describe(current))")
        }
        let row = current
        advance()
        guard current.text == ")" else {
            throw error(current, "expected ')' after dual(\(row.text), found \(describe(current))")
        }
        advance()
        return (row.text, coefficient, row)
    }

    /// The rest of `x^2` or `x * y`, from the '^' or '*' after the first name.
    mutating func parseProduct(_ nameToken: TextToken, coefficient: Double) throws
        -> (first: String, second: String, coefficient: Double, token: TextToken) {
        if current.text == "^" {
            advance()
            guard current.kind == .number, current.text == "2" else {
                throw error(current, "only squares (^2) are supported, found \(describe(current))")
            }
            advance()
            return (nameToken.text, nameToken.text, coefficient, nameToken)
        }
        advance()
        guard current.kind == .word, !TextFormat.keywords.contains(current.text.lowercased()) else {
            throw error(current, "expected a variable name after '*', found \(describe(current))")
        }
        let second = current
        advance()
        return (nameToken.text, second.text, coefficient, second)
    }

    enum Relation { case lessEqual, greaterEqual, equal }

    mutating func parseRelation() -> Relation? {
        guard current.kind == .symbol else { return nil }
        let r: Relation?
        switch current.text {
        case "<=", "=<", "<": r = .lessEqual
        case ">=", "=>", ">": r = .greaterEqual
        case "=", "==": r = .equal
        default: r = nil
        }
        if r != nil {
            advance()
            if current.kind == .newline { skipNewlines() }
        }
        return r
    }

    /// `EXPR REL EXPR [REL EXPR]`, normalized to `lower ≤ Σ terms ≤ upper`; a side not written is nil.
    mutating func parseRelationChain() throws
        -> (expression: ParsedExpression, lower: Double?, upper: Double?, start: TextToken) {
        let start = current
        let first = try parseExpression(allowInfinity: true)
        guard let r1 = parseRelation() else {
            throw error(current, "expected '<=', '>=' or '=', found \(describe(current))")
        }
        let second = try parseExpression(allowInfinity: true)
        if let r2 = parseRelation() {
            let third = try parseExpression(allowInfinity: true)
            guard first.isConstant, third.isConstant, !second.isConstant, r1 == r2, r1 != .equal else {
                throw error(start, "a two-sided row reads 'NUM <= EXPR <= NUM' (or with '>=' twice)")
            }
            let a = first.constant - second.constant, b = third.constant - second.constant
            return r1 == .lessEqual ? (stripConstant(second), a, b, start) : (stripConstant(second), b, a, start)
        }
        // One relation: move everything to the left.
        var e = first
        e.terms += second.terms.map { ($0.name, -$0.coefficient, $0.token) }
        let rhs = second.constant - first.constant
        e.constant = 0
        guard rhs.isFinite || e.terms.isEmpty == false else { throw error(start, "a row needs a variable") }
        switch r1 {
        case .lessEqual: return (e, nil, rhs, start)
        case .greaterEqual: return (e, rhs, nil, start)
        case .equal:
            guard rhs.isFinite else { throw error(start, "an equality needs a finite side") }
            return (e, rhs, rhs, start)
        }
    }

    func stripConstant(_ e: ParsedExpression) -> ParsedExpression {
        var e = e
        e.constant = 0
        return e
    }

    mutating func parseRow(into level: Level) throws {
        var name: String?
        if current.kind == .word && tokens[position + 1].kind == .symbol && tokens[position + 1].text == ":" {
            guard !TextFormat.keywords.contains(current.text.lowercased()) else {
                throw error(current, "'\(current.text)' is a keyword, not a row name")
            }
            name = current.text
            advance(); advance()
            skipNewlines()
        }
        let row = try parseRelationChain()
        // A row without variables (`f1: 0 <= 34`) is kept: MPS files have them, and `convert` must
        // round-trip them (an infeasible one makes the model infeasible, as in MPS).
        try expectEndOfStatement()
        sections[level]!.rows.append((name, row.expression, row.lower ?? -.infinity, row.upper ?? .infinity, row.start))
    }

    mutating func parseBound(into level: Level) throws {
        if current.kind == .word && isWord(tokens[position + 1], "free") {
            sections[level]!.bounds.append((current.text, -.infinity, .infinity, current))
            advance(); advance()
            try expectEndOfStatement()
            return
        }
        let b = try parseRelationChain()
        guard b.expression.terms.count == 1, b.expression.terms[0].coefficient == 1 else {
            throw error(b.start, "a bound reads 'NUM <= x <= NUM', 'x >= NUM', 'x <= NUM', 'x = NUM' or 'x free'")
        }
        let name = b.expression.terms[0].name
        // A one-sided bound changes only its side; the other keeps its value (default lower 0).
        sections[level]!.bounds.append((name, b.lower, b.upper, b.expression.terms[0].token))
        try expectEndOfStatement()
    }

    static func expectedKeywordMessage(_ found: String) -> String {
        "expected a keyword (variables, minimize, maximize, subject to, bounds, integer, binary, leader, follower, "
            + "end), found \(found)"
    }

    // MARK: Resolution

    /// Names resolved to indices: variables in declaration order, each level's integrality, bounds
    /// and objective, rows in file order, then the leader's follower multipliers.
    func resolve() throws -> BilevelModel {
        var resolver = ModelResolver(parser: self)
        try resolver.declareVariables()
        for level in Level.allCases { try resolver.apply(sections[level]!, of: level) }
        try resolver.checkIntegerBounds()
        try resolver.addRows()
        try resolver.addDuals()
        try resolver.checkNotEmpty()
        return resolver.model
    }
}

/// Builds the model from a parser's sections, resolving names as they are used.
private struct ModelResolver {
    let parser: TextParser
    var model: BilevelModel
    var index: [String: Int] = [:]
    var integerTokens: [Int: TextToken] = [:]
    var pendingDuals: [(row: String, coefficient: Double, token: TextToken)] = []

    init(parser: TextParser) {
        self.parser = parser
        model = BilevelModel(name: parser.modelName ?? "model")
    }

    func error(_ token: TextToken, _ message: String) -> BilevelError { parser.error(token, message) }

    /// Every declared variable, in declaration order in the file (bounds [0, ∞) until bounds say more).
    mutating func declareVariables() throws {
        var declaredToken: [String: TextToken] = [:]
        var all: [(name: String, token: TextToken, level: Level)] = []
        for level in Level.allCases {
            for (name, token) in parser.sections[level]!.declared { all.append((name, token, level)) }
        }
        all.sort { ($0.token.line, $0.token.column) < ($1.token.line, $1.token.column) }
        for (name, token, level) in all {
            if let previous = declaredToken[name] {
                throw error(token, "variable '\(name)' is declared twice (first at line \(previous.line))")
            }
            declaredToken[name] = token
            index[name] = model.addVariable(Variable(name: name, lower: 0, upper: .infinity, level: level))
        }
    }

    func lookup(_ name: String, _ token: TextToken) throws -> Int {
        guard let j = index[name] else {
            throw error(token, Self.unknownVariableMessage(name))
        }
        return j
    }

    /// A variable whose integrality or bounds a level gives: it must be that level's own.
    func owned(_ name: String, _ token: TextToken, by level: Level, _ what: String) throws -> Int {
        let j = try lookup(name, token)
        let owner = model.variables[j].level.rawValue
        guard model.variables[j].level == level else {
            throw error(token, "'\(name)' is a \(owner) variable; give its \(what) in the \(owner) section")
        }
        return j
    }

    /// Linear terms with repeated variables merged (first occurrence's order).
    func terms(_ e: ParsedExpression) throws -> [LinearTerm] {
        var merged: [Int: Double] = [:]
        var order: [Int] = []
        for t in e.terms {
            let j = try lookup(t.name, t.token)
            if merged[j] == nil { order.append(j) }
            merged[j, default: 0] += t.coefficient
        }
        return order.map { LinearTerm(variable: $0, coefficient: merged[$0]!) }
    }

    /// One level's integrality, bounds and objective.
    mutating func apply(_ s: ParsedSection, of level: Level) throws {
        for (name, binary, token) in s.integers {
            let j = try owned(name, token, by: level, "integrality")
            model.variables[j].isInteger = true
            if binary { model.variables[j].lower = 0; model.variables[j].upper = 1 }
            integerTokens[j] = token
        }
        for (name, lower, upper, token) in s.bounds {
            let j = try owned(name, token, by: level, "bounds")
            if let lower { model.variables[j].lower = lower }
            if let upper { model.variables[j].upper = upper }
            let v = model.variables[j]
            if v.lower > v.upper || v.lower == .infinity || v.upper == -.infinity {
                throw error(token, "bounds of '\(name)' are inconsistent: [\(v.lower), \(v.upper)]")
            }
        }
        if let o = s.objective {
            let quadratic = try o.expression.quadratic.map { q in
                QuadraticTerm(try lookup(q.first, q.token), try lookup(q.second, q.token), coefficient: q.coefficient)
            }
            let objective = Objective(sense: o.sense, terms: try terms(o.expression), constant: o.expression.constant,
                                      quadratic: quadratic)
            if !o.expression.duals.isEmpty { pendingDuals = o.expression.duals }
            if level == .leader { model.leaderObjective = objective } else { model.followerObjective = objective }
        }
    }

    func checkIntegerBounds() throws {
        for (j, token) in integerTokens.sorted(by: { $0.key < $1.key }) {
            let v = model.variables[j]
            if v.lower.isFinite && v.lower != v.lower.rounded() || v.upper.isFinite && v.upper != v.upper.rounded() {
                throw error(token, Self.fractionalBoundsMessage(v))
            }
        }
    }

    /// Rows of both levels in file order; unnamed rows get the first free name `r1`, `r2`, ….
    mutating func addRows() throws {
        var rowNames = Set<String>()
        var rows: [(row: Constraint, token: TextToken)] = []
        for level in Level.allCases {
            for r in parser.sections[level]!.rows {
                let row = Constraint(name: r.name ?? "", terms: try terms(r.expression), lower: r.lower, upper: r.upper,
                                     level: level)
                rows.append((row, r.token))
            }
        }
        rows.sort { ($0.token.line, $0.token.column) < ($1.token.line, $1.token.column) }
        for (row, token) in rows where !row.name.isEmpty {
            if !rowNames.insert(row.name).inserted { throw error(token, "row name '\(row.name)' is used twice") }
        }
        var counter = 0
        for (var row, _) in rows {
            if row.name.isEmpty {
                repeat { counter += 1; row.name = "r\(counter)" } while rowNames.contains(row.name)
                rowNames.insert(row.name)
            }
            model.addConstraint(row)
        }
    }

    /// `dual(row)` terms of the leader's objective, once the rows exist.
    mutating func addDuals() throws {
        for (row, coefficient, token) in pendingDuals {
            guard let i = model.constraints.firstIndex(where: { $0.name == row }) else {
                throw error(token, "dual(\(row)) names no row; give the follower row's name")
            }
            guard model.constraints[i].level == .follower else {
                throw error(token, "dual(\(row)) names a leader row; only follower rows have follower multipliers")
            }
            model.leaderObjective.duals.append(DualTerm(constraint: i, coefficient: coefficient))
        }
    }

    func checkNotEmpty() throws {
        if model.variables.isEmpty {
            throw error(parser.tokens[parser.tokens.count - 1], "the model declares no variables")
        }
        if !model.variables.contains(where: { $0.level == .follower }) {
            throw error(parser.tokens[parser.tokens.count - 1], Self.noFollowerVariablesMessage)
        }
    }

    static func unknownVariableMessage(_ name: String) -> String {
        "unknown variable '\(name)'; declare it with 'variables' in the leader or follower section"
    }

    static func fractionalBoundsMessage(_ v: Variable) -> String {
        "integer variable '\(v.name)' has fractional bounds [\(v.lower), \(v.upper)]; "
            + "round them (ceil the lower, floor the upper)"
    }

    static let noFollowerVariablesMessage = "the follower has no variables: declare them with 'variables' in a "
        + "follower section (a single-level problem belongs in an LP/MIP solver)"
}
