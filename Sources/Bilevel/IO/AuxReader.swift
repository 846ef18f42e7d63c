/// What an AUX file says: which MPS columns and rows belong to the follower, the follower's
/// objective and its sense.
struct AuxData {
    var followerColumns: [Int] = []
    var followerObjective: [Double] = []
    var followerRows: [Int] = []
    var sense: ObjectiveSense = .minimize
    var mpsFile: String?
    var name: String?
    /// For an interdiction instance (`IC`/`IB` keys): the problem MibS builds from the MPS file, which
    /// the indices above refer to; nil otherwise.
    var interdiction: MPSData?
}

/// Reads the AUX file of the MibS format, in both forms, with the spellings MibS's own files use.
///
/// Named form: `@NUMVARS n`, `@NUMCONSTRS m` (or `@NUMCONSTR`), `@VARSBEGIN name coef … @VARSEND`,
/// `@CONSTRSBEGIN name … @CONSTRSEND` (or `@CONSTSBEGIN`/`@CONSTRBEGIN` … `@CONSTSEND`/`@CONSTREND`),
/// `@OBJSENSE MIN|MAX` (or `@OBJESENSE`), `@NAME`, `@MPS`, `@LP`.
/// Index form: `N n`, `M m`, `LC j`, `LR i`, `LO c`, `OS 1|-1`; 0-based indices in MPS order (the
/// objective row not counted); an `LC`/`LR` token that is not an index is looked up as a name.
/// Interdiction form (`IC c` once per MPS column, `IB b`): the problem MibS builds (see `Interdiction`);
/// as in MibS 1.2, index-based `LC` counts the MPS columns from n (LC n…2n−1) and `LR` indices and
/// names refer to the built rows (0 = BUDGET, 1…m = the MPS rows, m+1…m+n = the V rows).
/// Unknown keywords are errors (MibS skips them silently, which hides typos).
enum AuxReader {
    struct Token {
        var text: Substring
        var line: Int
        var column: Int
    }

    /// The MPS file named by an AUX file's `@MPS` line, if any (read before the MPS is parsed).
    static func mpsFileName(in text: String) -> String? {
        let tokens = tokenize(text)
        for (k, t) in tokens.enumerated() where t.text.uppercased() == "@MPS" && k + 1 < tokens.count {
            return String(tokens[k + 1].text)
        }
        return nil
    }

    private static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var line = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            line += 1
            var column = 0
            var start: Substring.Index?
            var startColumn = 0
            for index in rawLine.indices {
                column += 1
                let ch = rawLine[index]
                let blank = ch == " " || ch == "\t" || ch == "\r"
                if blank {
                    if let s = start {
                        tokens.append(Token(text: rawLine[s..<index], line: line, column: startColumn))
                        start = nil
                    }
                } else if start == nil {
                    start = index
                    startColumn = column
                }
            }
            if let s = start { tokens.append(Token(text: rawLine[s...], line: line, column: startColumn)) }
        }
        return tokens
    }

    static func parse(_ text: String, file: String, mps: MPSData) throws -> AuxData {
        var parser = try AuxParser(tokens: tokenize(text), file: file, mps: mps)
        try parser.readKeys()
        return try parser.finish()
    }

    static let columnListKey = "@VARSBEGIN"
    static let rowListKeys: Set<String> = ["@CONSTRSBEGIN", "@CONSTSBEGIN", "@CONSTRBEGIN"]
    static let listEndKeys: Set<String> = ["@VARSEND", "@CONSTRSEND", "@CONSTSEND", "@CONSTREND"]
    /// The keys followed by one value (those `readLegacyKey` and `readNamedKey` read with `value(after:)`).
    static let valueKeys: Set<String> = [
        "N", "M", "LC", "LR", "LO", "OS", "IC", "IB",
        "@NUMVARS", "@NUMCONSTRS", "@NUMCONSTR", "@OBJSENSE", "@OBJESENSE", "@NAME", "@MPS", "@LP",
    ]

    /// The first `IC` or `IB` key: not a key's value, nor a name in a @VARSBEGIN or @CONSTRSBEGIN list.
    /// Found before the keys are read, because these keys change what `LC` and `LR` refer to. An unknown
    /// key is stepped over alone (the read stops there with an error; the scan must not lose step).
    static func firstInterdictionKey(_ tokens: [Token]) -> Token? {
        var k = 0
        while k < tokens.count {
            let key = tokens[k].text.uppercased()
            if key == "IC" || key == "IB" { return tokens[k] }
            k += 1
            if key == columnListKey || rowListKeys.contains(key) {
                while k < tokens.count && !tokens[k].text.hasPrefix("@") { k += 1 }
            } else if valueKeys.contains(key) {
                k += 1
            }
        }
        return nil
    }
}

/// The state of one AUX read: the entries of both forms as listed, with their tokens for errors
/// (indices and names are resolved as they are read; the lists are checked at the end).
private struct AuxParser {
    typealias Token = AuxReader.Token

    let tokens: [Token]
    let file: String
    let mps: MPSData
    /// The first IC/IB key of an interdiction instance; nil for other instances.
    let interdictionKey: Token?
    /// The rows `LR` and `@CONSTRSBEGIN` refer to: the MPS rows, or the built interdiction problem's.
    let rows: [String]
    let rowIndex: [String: Int]
    /// The token being read.
    var k = 0
    var aux = AuxData()
    var declaredColumns: (Int, Token)?
    var declaredRows: (Int, Token)?
    // Legacy form
    var indexColumns: [(Int, Token)] = []
    var indexRows: [(Int, Token)] = []
    var indexObjective: [(Double, Token)] = []
    // Named form
    var namedColumns: [(Int, Double, Token)] = []
    var namedRows: [(Int, Token)] = []
    var sawVarsSection = false, sawRowsSection = false
    // Interdiction form
    var costs: [(Double, Token)] = []
    var budget: (Double, Token)?

    init(tokens: [Token], file: String, mps: MPSData) throws {
        self.tokens = tokens
        self.file = file
        self.mps = mps
        interdictionKey = AuxReader.firstInterdictionKey(tokens)
        guard let key = interdictionKey else {
            rows = mps.rows
            rowIndex = mps.rowIndex
            return
        }
        rows = Interdiction.rowNames(mps)
        rowIndex = Dictionary(rows.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        if let name = Interdiction.nameClash(mps) { throw fail(key, Self.nameClashMessage(name)) }
        if mps.sense == .maximize { throw fail(key, Self.interdictionSenseMessage) }
    }

    func fail(_ token: Token, _ message: String) -> BilevelError {
        .parse(SourceLocation(file: file, line: token.line, column: token.column), message)
    }

    func fail(atEnd message: String) -> BilevelError {
        .parse(SourceLocation(file: file, line: tokens.last?.line ?? 1), message)
    }

    // MARK: Values

    mutating func value(after key: Token) throws -> Token {
        guard k + 1 < tokens.count else { throw fail(key, "\(key.text) needs a value") }
        k += 1
        return tokens[k]
    }

    mutating func count(after key: Token) throws -> (Int, Token) {
        let t = try value(after: key)
        guard let n = Int(t.text), n >= 0 else {
            throw fail(t, "\(key.text) needs a non-negative integer, got '\(t.text)'")
        }
        return (n, t)
    }

    func number(_ t: Token, _ what: String) throws -> Double {
        guard let v = Double(t.text), v.isFinite, abs(v) < MPSReader.infinity else {
            throw fail(t, "\(what) '\(t.text)' is not a finite number")
        }
        return v
    }

    func column(_ t: Token, byIndex: Bool) throws -> Int {
        let n = mps.columns.count
        if byIndex, let index = Int(t.text) {
            // MibS 1.2 numbers an interdiction instance's follower columns after the n leader columns.
            let offset = interdictionKey == nil ? 0 : n
            guard index >= offset && index - offset < n else {
                if interdictionKey != nil { throw fail(t, Self.interdictionColumnRangeMessage(index, n)) }
                throw fail(t, "column index \(index) is out of range 0..<\(n)")
            }
            return index - offset
        }
        guard let j = mps.columnIndex[String(t.text)] else {
            throw fail(t, "unknown column '\(t.text)' (not in the MPS file)")
        }
        return j
    }

    func row(_ t: Token, byIndex: Bool) throws -> Int {
        if byIndex, let i = Int(t.text) {
            guard i >= 0 && i < rows.count else {
                if interdictionKey != nil { throw fail(t, Self.interdictionRowRangeMessage(i, mps)) }
                throw fail(t, "row index \(i) is out of range 0..<\(rows.count) (the objective row is not counted)")
            }
            return i
        }
        if String(t.text) == mps.objectiveName {
            throw fail(t, "'\(t.text)' is the objective row of the MPS file; it cannot be a follower row")
        }
        guard let i = rowIndex[String(t.text)] else {
            throw fail(t, "unknown row '\(t.text)' (not in the MPS file)")
        }
        return i
    }

    func sense(_ t: Token) throws -> ObjectiveSense {
        switch t.text.uppercased() {
        case "MIN", "MINIMIZE", "1", "+1": return .minimize
        case "MAX", "MAXIMIZE", "-1": return .maximize
        default: throw fail(t, "unknown objective sense '\(t.text)' (expected MIN or MAX, or 1 or -1)")
        }
    }

    /// An interdiction cost or budget: finite and not negative.
    func nonNegative(_ t: Token, _ what: String) throws -> Double {
        let v = try number(t, what)
        guard v >= 0 else { throw fail(t, "\(what) \(t.text) is negative") }
        return v
    }

    // MARK: Keys

    mutating func readKeys() throws {
        while k < tokens.count {
            let key = tokens[k]
            let upper = key.text.uppercased()
            guard try readLegacyKey(key, upper) || readNamedKey(key, upper) else {
                throw fail(key, "unknown AUX keyword '\(printable(key.text))'")
            }
            k += 1
        }
    }

    /// `N n`, `M m`, `LC j`, `LR i`, `LO c`, `OS 1|-1`, and for interdiction `IC c`, `IB b`; false for
    /// another key.
    mutating func readLegacyKey(_ key: Token, _ upper: String) throws -> Bool {
        switch upper {
        case "N":
            try declareColumns(key)
        case "M":
            try declareRows(key)
        case "LC":
            let t = try value(after: key)
            indexColumns.append((try column(t, byIndex: true), t))
        case "LR":
            let t = try value(after: key)
            indexRows.append((try row(t, byIndex: true), t))
        case "LO":
            let t = try value(after: key)
            indexObjective.append((try number(t, "objective coefficient"), t))
        case "OS":
            aux.sense = try sense(try value(after: key))
        case "IC":
            let t = try value(after: key)
            costs.append((try nonNegative(t, "interdiction cost"), t))
        case "IB":
            if let (_, first) = budget {
                throw fail(key, "IB (the interdiction budget) is given twice (first at line \(first.line))")
            }
            let t = try value(after: key)
            budget = (try nonNegative(t, "interdiction budget"), t)
        default:
            return false
        }
        return true
    }

    /// The `@` keywords, with the spellings of MibS's own files; false for another key.
    mutating func readNamedKey(_ key: Token, _ upper: String) throws -> Bool {
        switch upper {
        case "@NUMVARS":
            try declareColumns(key)
        case "@NUMCONSTRS", "@NUMCONSTR":
            try declareRows(key)
        case "@OBJSENSE", "@OBJESENSE":
            aux.sense = try sense(try value(after: key))
        case "@NAME":
            aux.name = String(try value(after: key).text)
        case "@MPS":
            aux.mpsFile = String(try value(after: key).text)
        case "@LP":
            _ = try value(after: key)
        case AuxReader.columnListKey:
            try readVarsSection(key)
        case _ where AuxReader.rowListKeys.contains(upper):
            try readRowsSection(key)
        case _ where AuxReader.listEndKeys.contains(upper):
            break
        default:
            return false
        }
        return true
    }

    mutating func declareColumns(_ key: Token) throws {
        if declaredColumns != nil { throw fail(key, "the number of follower variables is given twice") }
        let (n, t) = try count(after: key)
        if interdictionKey != nil && n != mps.columns.count {
            throw fail(t, Self.interdictionCountMessage(key, n, mps.columns.count))
        }
        declaredColumns = (n, t)
    }

    mutating func declareRows(_ key: Token) throws {
        if declaredRows != nil { throw fail(key, "the number of follower rows is given twice") }
        declaredRows = try count(after: key)
    }

    /// `name coefficient` pairs up to the next `@` keyword.
    mutating func readVarsSection(_ key: Token) throws {
        if sawVarsSection { throw fail(key, "@VARSBEGIN appears twice") }
        sawVarsSection = true
        while k + 1 < tokens.count && !tokens[k + 1].text.hasPrefix("@") {
            let nameToken = tokens[k + 1]
            guard k + 2 < tokens.count, !tokens[k + 2].text.hasPrefix("@") else {
                throw fail(nameToken, Self.missingCoefficientMessage(nameToken))
            }
            let j = try column(nameToken, byIndex: false)
            namedColumns.append((j, try number(tokens[k + 2], "objective coefficient"), nameToken))
            k += 2
        }
    }

    /// Row names up to the next `@` keyword.
    mutating func readRowsSection(_ key: Token) throws {
        if sawRowsSection { throw fail(key, "\(key.text) appears twice") }
        sawRowsSection = true
        while k + 1 < tokens.count && !tokens[k + 1].text.hasPrefix("@") {
            let t = tokens[k + 1]
            namedRows.append((try row(t, byIndex: false), t))
            k += 1
        }
    }

    // MARK: End

    /// Chooses the form each list was given in, then checks counts, repeats and emptiness.
    mutating func finish() throws -> AuxData {
        if !namedColumns.isEmpty && !indexColumns.isEmpty {
            throw fail(indexColumns[0].1, "follower variables are listed both by @VARSBEGIN and by LC")
        }
        if !namedRows.isEmpty && !indexRows.isEmpty {
            throw fail(indexRows[0].1, "follower rows are listed both by @CONSTRSBEGIN and by LR")
        }
        try finishColumns()
        aux.followerRows = namedRows.isEmpty ? indexRows.map(\.0) : namedRows.map(\.0)
        try checkCounts()
        if tokens.isEmpty { throw BilevelError.parse(SourceLocation(file: file, line: 1), "empty AUX file") }
        if aux.followerColumns.isEmpty {
            throw fail(atEnd: "the AUX file lists no follower variables")
        }
        if interdictionKey != nil { aux.interdiction = try buildInterdiction() }
        return aux
    }

    /// Checks IC and IB against the MPS file, then builds MibS's problem.
    func buildInterdiction() throws -> MPSData {
        let n = mps.columns.count
        guard let (budgetValue, _) = budget else {
            throw fail(costs.first?.1 ?? interdictionKey!, "IC interdiction costs are given but no IB budget")
        }
        guard let (_, firstCost) = costs.first else {
            throw fail(budget!.1, "an IB interdiction budget is given but no IC costs (one per MPS column)")
        }
        if costs.count != n {
            let at = costs.count > n ? costs[n].1 : costs[costs.count - 1].1
            throw fail(at, "\(costs.count) IC interdiction costs for \(n) MPS columns (one per column)")
        }
        if aux.followerColumns.count != n {
            throw fail(firstCost, Self.interdictionFollowersMessage(aux.followerColumns.count, n))
        }
        for j in 0..<n where !Interdiction.hasFiniteUpperBound(mps, j) {
            throw fail(costs[j].1, Self.interdictionBoundMessage(mps.columns[j]))
        }
        return Interdiction.build(mps, costs: costs.map(\.0), budget: budgetValue)
    }

    /// The follower's columns and objective, from `@VARSBEGIN` or from `LC` and `LO`.
    mutating func finishColumns() throws {
        if !namedColumns.isEmpty || sawVarsSection {
            if !indexObjective.isEmpty {
                throw fail(indexObjective[0].1, "LO coefficients given although @VARSBEGIN lists the objective")
            }
            aux.followerColumns = namedColumns.map(\.0)
            aux.followerObjective = namedColumns.map(\.1)
            return
        }
        aux.followerColumns = indexColumns.map(\.0)
        if indexObjective.isEmpty {
            aux.followerObjective = Array(repeating: 0, count: indexColumns.count)
            return
        }
        guard indexObjective.count == indexColumns.count else {
            let message = "\(indexObjective.count) LO coefficients for \(indexColumns.count) LC variables"
            throw fail(indexObjective.last!.1, message)
        }
        aux.followerObjective = indexObjective.map(\.0)
    }

    /// The declared counts match the lists, and nothing is listed twice.
    func checkCounts() throws {
        if let (n, t) = declaredColumns, n != aux.followerColumns.count {
            throw fail(t, "the file declares \(n) follower variables but lists \(aux.followerColumns.count)")
        }
        if let (m, t) = declaredRows, m != aux.followerRows.count {
            throw fail(t, "the file declares \(m) follower rows but lists \(aux.followerRows.count)")
        }
        var seenColumns = Set<Int>()
        let columnTokens = namedColumns.isEmpty ? indexColumns.map(\.1) : namedColumns.map(\.2)
        for (j, t) in zip(aux.followerColumns, columnTokens) where !seenColumns.insert(j).inserted {
            throw fail(t, "follower variable '\(mps.columns[j])' is listed twice")
        }
        var seenRows = Set<Int>()
        let rowTokens = namedRows.isEmpty ? indexRows.map(\.1) : namedRows.map(\.1)
        for (i, t) in zip(aux.followerRows, rowTokens) where !seenRows.insert(i).inserted {
            throw fail(t, "follower row '\(rows[i])' is listed twice")
        }
    }

    // MARK: Messages

    static func nameClashMessage(_ name: String) -> String {
        "the MPS file already uses the name '\(name)', which the interdiction construction gives to a "
            + "variable or row it adds"
    }

    static let interdictionSenseMessage = "the MPS file of an interdiction instance maximizes (OBJSENSE MAX); "
        + "MibS ignores OBJSENSE and builds the leader's objective as -(MPS objective) minimized, so write the "
        + "objective to be minimized"

    static func interdictionColumnRangeMessage(_ index: Int, _ n: Int) -> String {
        "column index \(index) is out of range \(n)..<\(2 * n) (an interdiction instance numbers its \(n) MPS "
            + "columns from \(n), after the leader's variables)"
    }

    static func interdictionRowRangeMessage(_ i: Int, _ mps: MPSData) -> String {
        let (m, n) = (mps.rows.count, mps.columns.count)
        return "row index \(i) is out of range 0..<\(1 + m + n) (an interdiction instance numbers the budget "
            + "row 0, the \(m) MPS rows from 1 and the \(n) interdiction rows from \(m + 1))"
    }

    static func interdictionCountMessage(_ key: Token, _ declared: Int, _ n: Int) -> String {
        "\(key.text) is \(declared), but the follower of an interdiction instance has one variable per MPS "
            + "column (\(n))"
    }

    static func interdictionFollowersMessage(_ listed: Int, _ n: Int) -> String {
        "the follower of an interdiction instance has every MPS column as a variable (\(n)), but the file "
            + "lists \(listed)"
    }

    static func interdictionBoundMessage(_ column: String) -> String {
        "column '\(column)' has no finite upper bound; interdicting it needs one (the row y + ub x <= ub; "
            + "bounds of 1e25 or more are infinite in MibS)"
    }

    static func missingCoefficientMessage(_ name: Token) -> String {
        "follower variable '\(name.text)' needs an objective coefficient after its name"
    }
}
