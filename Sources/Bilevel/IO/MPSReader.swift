/// The contents of an MPS file, before the AUX file says who owns what.
struct MPSData {
    var name = ""
    var sense: ObjectiveSense = .minimize
    var objectiveName: String?
    var objective: [Int: Double] = [:]
    var objectiveConstant = 0.0
    var columns: [String] = []
    var columnIndex: [String: Int] = [:]
    var isInteger: [Bool] = []
    var lower: [Double] = []
    var upper: [Double] = []
    var rows: [String] = []
    var rowIndex: [String: Int] = [:]
    var rowLower: [Double] = []
    var rowUpper: [Double] = []
    var terms: [[LinearTerm]] = []
}

/// Reads MPS files, fixed and free, with the conventions of CoinMpsIO (MibS's reader) and GLPK.
///
/// - The first `N` row is the objective; later `N` rows are ignored.
/// - `OBJSENSE` (MIN/MAX, on its own line or on the section line) sets the objective's sense.
/// - An RHS entry on the objective row is minus the objective constant.
/// - RANGES follow the MPS standard (E rows: R > 0 gives [rhs, rhs + R], R < 0 gives [rhs + R, rhs]).
/// - Bounds: UP/LO/FX/FR/MI/PL/BV/LI/UI; `|value| ≥ 1e30` is infinite; `UP` with a negative value on a
///   column whose lower bound is 0 makes the lower bound −∞ (as both readers do); an integer column
///   with no upper-bound record gets [0, 1] (as both readers do).
/// - Unsupported: SC bounds, QUADOBJ/QMATRIX/QSECTION, SOS, and names containing blanks (the file
///   is split on whitespace, which every file of MibS, BOBILib and BilevelLib allows).
///
/// Every error names the file and line.
enum MPSReader {
    static let infinity = 1e30

    static func read(path: String) throws -> MPSData {
        try parse(try TextFile.read(path), file: path)
    }

    static func parse(_ text: String, file: String) throws -> MPSData {
        var parser = MPSParser(file: file)
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            parser.lineNumber += 1
            if parser.ended { break }
            try parser.read(line: rawLine)
        }
        return try parser.finish()
    }
}

/// The state of one MPS read: the data so far, the section being read, and what the checks at the
/// end need (which rows and bounds were seen, and on which lines).
private struct MPSParser {
    enum Section: String {
        case name = "NAME", objsense = "OBJSENSE", objname = "OBJNAME", rows = "ROWS", columns = "COLUMNS"
        case rhs = "RHS", ranges = "RANGES", bounds = "BOUNDS", endata = "ENDATA"
    }

    static let unsupportedSections: Set<String> = [
        "QUADOBJ", "QMATRIX", "QSECTION", "QCMATRIX", "CSECTION", "SOS", "INDICATORS", "GENCONS", "PWLOBJ",
        "PWLNAM", "PWLCON",
    ]

    let file: String
    var data = MPSData()
    var lineNumber = 0
    var lastContentLine = 1
    var section: Section?
    var seen = Set<String>()
    var ended = false
    // ROWS
    var rowType: [String: Character] = [:]   // "N" rows map to "O" (objective) or "D" (dropped)
    var objectiveDeclared = false
    var rowsLine = 1
    // COLUMNS
    var inInteger = false
    var entrySeen = Set<Int64>()
    var lastColumn: String?
    var closedColumns = Set<String>()
    // RHS, RANGES, BOUNDS (applied at the end)
    var rhs: [Int: Double] = [:]
    var rhsLine: [Int: Int] = [:]
    var ranges: [Int: Double] = [:]
    var upperSet: [Bool] = []
    var boundLine: [Int: Int] = [:]

    init(file: String) { self.file = file }

    func fail(_ message: String) -> BilevelError { .parse(SourceLocation(file: file, line: lineNumber), message) }

    func fail(line: Int, _ message: String) -> BilevelError { .parse(SourceLocation(file: file, line: line), message) }

    // MARK: Lines

    mutating func read(line rawLine: Substring) throws {
        var line = rawLine
        if line.last == "\r" { line = line.dropLast() }
        guard let first = line.first, first != "*" else { return }
        let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if tokens.isEmpty { return }
        lastContentLine = lineNumber
        // Free MPS: a data line may start in column 1, so only a known keyword there starts a section.
        if first != " " && first != "\t", try readSectionKeyword(tokens) { return }
        guard let current = section else { throw fail("data before the first section") }
        switch current {
        case .name: throw fail("unexpected data after NAME")
        case .objsense: data.sense = try parseSense(tokens[0])
        case .objname: data.objectiveName = String(tokens[0])
        case .rows: try readRow(tokens)
        case .columns: try readColumn(tokens)
        case .rhs: try readRHS(tokens)
        case .ranges: try readRanges(tokens)
        case .bounds: try readBound(tokens)
        case .endata: break
        }
    }

    /// A line starting in column 1: a section keyword (with its value for NAME, OBJSENSE, OBJNAME).
    /// Returns false for a free-MPS data line.
    mutating func readSectionKeyword(_ tokens: [Substring]) throws -> Bool {
        let keyword = tokens[0].uppercased()
        if Self.unsupportedSections.contains(keyword) {
            throw fail("MPS section \(keyword) is not supported (quadratic and SOS data are not read yet)")
        }
        let key = keyword == "OBJSENCE" ? "OBJSENSE" : keyword
        guard let s = Section(rawValue: key) else {
            if section == nil || section == .name { throw fail("unknown section '\(printable(tokens[0]))'") }
            return false
        }
        if !seen.insert(key).inserted { throw fail("section \(key) appears twice") }
        switch s {
        case .columns where !seen.contains("ROWS"): throw fail("COLUMNS before ROWS")
        case .rhs, .ranges, .bounds:
            if !seen.contains("COLUMNS") { throw fail("\(key) before COLUMNS") }
        default: break
        }
        section = s
        if s == .rows { rowsLine = lineNumber }
        switch s {
        case .name:
            data.name = tokens.count > 1 ? String(tokens[1]) : ""
        case .objsense:
            if tokens.count > 1 { data.sense = try parseSense(tokens[1]) }
        case .objname:
            if tokens.count > 1 { data.objectiveName = String(tokens[1]) }
        case .endata:
            ended = true
        case .rows, .columns:
            if tokens.count > 1 { throw fail("unexpected text after section keyword \(key)") }
        case .rhs, .ranges, .bounds:
            break   // the set name may follow
        }
        return true
    }

    func parseSense(_ token: Substring) throws -> ObjectiveSense {
        switch token.uppercased() {
        case "MIN", "MINIMIZE", "MINIMISE": return .minimize
        case "MAX", "MAXIMIZE", "MAXIMISE": return .maximize
        default: throw fail("unknown objective sense '\(token)' (expected MIN or MAX)")
        }
    }

    // MARK: Numbers

    func number(_ token: Substring, _ what: String) throws -> Double {
        guard let v = Double(token), !v.isNaN else { throw fail("\(what) '\(printable(token))' is not a number") }
        return v
    }

    func coefficient(_ token: Substring, _ what: String) throws -> Double {
        let v = try number(token, what)
        guard v.isFinite && abs(v) < MPSReader.infinity else {
            throw fail("\(what) '\(token)' is not a finite number below 1e30")
        }
        return v
    }

    func boundValue(_ token: Substring) throws -> Double {
        let v = try number(token, "bound")
        if v >= MPSReader.infinity { return .infinity }
        if v <= -MPSReader.infinity { return -.infinity }
        return v
    }

    // MARK: ROWS

    mutating func readRow(_ tokens: [Substring]) throws {
        guard tokens.count == 2 else { throw fail("a ROWS line needs a type and a name, got \(tokens.count) fields") }
        let type = tokens[0].uppercased()
        let rowName = String(tokens[1])
        if rowType[rowName] != nil { throw fail("row '\(rowName)' is declared twice") }
        switch type {
        case "N":
            let isObjective = data.objectiveName.map { $0 == rowName } ?? !objectiveDeclared
            if isObjective {
                objectiveDeclared = true
                data.objectiveName = rowName
                rowType[rowName] = "O"
            } else {
                rowType[rowName] = "D"
            }
        case "L", "G", "E":
            rowType[rowName] = Character(type)
            data.rowIndex[rowName] = data.rows.count
            data.rows.append(rowName)
            // Placeholder sides; the RHS and RANGES sections set the real ones in finish().
            switch type {
            case "L": data.rowLower.append(-.infinity); data.rowUpper.append(0)
            case "G": data.rowLower.append(0); data.rowUpper.append(.infinity)
            default: data.rowLower.append(0); data.rowUpper.append(0)
            }
            data.terms.append([])
        default:
            throw fail("unknown row type '\(tokens[0])' (expected N, L, G or E)")
        }
    }

    // MARK: COLUMNS

    mutating func readColumn(_ tokens: [Substring]) throws {
        if tokens.count >= 3 && tokens[1].trimmingQuotes().uppercased() == "MARKER" {
            return try readMarker(tokens[2])
        }
        guard tokens.count == 3 || tokens.count == 5 else { throw fail(Self.columnFieldsMessage(tokens.count)) }
        let columnName = String(tokens[0])
        if columnName != lastColumn {
            if let last = lastColumn { closedColumns.insert(last) }
            if closedColumns.contains(columnName) { throw fail("entries of column '\(columnName)' are not contiguous") }
            lastColumn = columnName
        }
        let j = column(named: columnName)
        var k = 1
        while k + 1 < tokens.count {
            try readEntry(column: j, row: String(tokens[k]), value: tokens[k + 1])
            k += 2
        }
    }

    /// `'MARKER' 'INTORG'` / `'INTEND'`: the columns between them are integer.
    mutating func readMarker(_ token: Substring) throws {
        switch token.trimmingQuotes().uppercased() {
        case "INTORG": inInteger = true
        case "INTEND": inInteger = false
        default: throw fail("unknown marker \(token) (expected 'INTORG' or 'INTEND')")
        }
    }

    /// The index of a column, appended (bounds [0, ∞)) on its first entry.
    mutating func column(named columnName: String) -> Int {
        if let existing = data.columnIndex[columnName] { return existing }
        let j = data.columns.count
        data.columnIndex[columnName] = j
        data.columns.append(columnName)
        data.isInteger.append(inInteger)
        data.lower.append(0)
        data.upper.append(.infinity)
        upperSet.append(false)
        return j
    }

    mutating func readEntry(column j: Int, row rowName: String, value token: Substring) throws {
        let columnName = data.columns[j]
        let value = try coefficient(token, "coefficient")
        guard let type = rowType[rowName] else {
            throw fail("column '\(columnName)' refers to unknown row '\(rowName)'")
        }
        switch type {
        case "O":
            if data.objective[j] != nil { throw fail("column '\(columnName)' has two objective entries") }
            data.objective[j] = value
        case "D":
            break
        default:
            let i = data.rowIndex[rowName]!
            let key = Int64(i) << 32 | Int64(j)
            if !entrySeen.insert(key).inserted {
                throw fail("column '\(columnName)' has two entries in row '\(rowName)'")
            }
            if value != 0 { data.terms[i].append(LinearTerm(variable: j, coefficient: value)) }
        }
    }

    // MARK: RHS and RANGES

    /// The (row, value) fields of an RHS or RANGES line, after the optional set name.
    func pairFields(_ tokens: [Substring], _ current: Section) throws -> [(row: String, value: Substring)] {
        let fields = tokens.count % 2 == 1 ? tokens.dropFirst() : tokens[...]
        guard !fields.isEmpty else { throw fail("an \(current.rawValue) line needs (row, value) pairs") }
        return stride(from: fields.startIndex, to: fields.endIndex - 1, by: 2).map {
            (String(fields[$0]), fields[$0 + 1])
        }
    }

    mutating func readRHS(_ tokens: [Substring]) throws {
        for (rowName, valueToken) in try pairFields(tokens, .rhs) {
            guard let type = rowType[rowName] else { throw fail("RHS refers to unknown row '\(rowName)'") }
            let value = try number(valueToken, "right-hand side")
            if type == "O" {
                guard value.isFinite && abs(value) < MPSReader.infinity else {
                    throw fail("objective constant '\(valueToken)' is not finite")
                }
                data.objectiveConstant = -value
            } else if type != "D" {
                let i = data.rowIndex[rowName]!
                if rhs[i] != nil { throw fail("row '\(rowName)' has two right-hand sides") }
                rhs[i] = value
                rhsLine[i] = lineNumber
            }
        }
    }

    mutating func readRanges(_ tokens: [Substring]) throws {
        for (rowName, valueToken) in try pairFields(tokens, .ranges) {
            guard let type = rowType[rowName] else { throw fail("RANGES refers to unknown row '\(rowName)'") }
            let value = try coefficient(valueToken, "range")
            if type == "O" || type == "D" { throw fail("RANGES on objective row '\(rowName)'") }
            let i = data.rowIndex[rowName]!
            if ranges[i] != nil { throw fail("row '\(rowName)' has two ranges") }
            ranges[i] = value
        }
    }

    // MARK: BOUNDS

    mutating func readBound(_ tokens: [Substring]) throws {
        let type = tokens[0].uppercased()
        let needsValue = ["UP", "LO", "FX", "LI", "UI"].contains(type)
        let valueFree = ["FR", "MI", "PL", "BV"].contains(type)
        if type == "SC" { throw fail("semi-continuous bounds (SC) are not supported") }
        guard needsValue || valueFree else { throw fail("unknown bound type '\(tokens[0])'") }
        let (columnToken, valueToken) = try boundFields(tokens, type: type, needsValue: needsValue)
        guard let j = data.columnIndex[String(columnToken)] else {
            throw fail("bound on unknown column '\(columnToken)'")
        }
        let value = try valueToken.map { try boundValue($0) }
        boundLine[j] = lineNumber
        try applyBound(type, value, to: j, columnToken)
    }

    /// The column and value fields of a BOUNDS line: `TYPE SET COLUMN [VALUE]` or, without the set
    /// name, `TYPE COLUMN [VALUE]`.
    func boundFields(_ tokens: [Substring], type: String, needsValue: Bool) throws
        -> (column: Substring, value: Substring?) {
        switch tokens.count {
        case 4:
            return (tokens[2], tokens[3])
        case 3:
            if needsValue { return (tokens[1], tokens[2]) }
            // A value-free type with three fields: `TYPE SET COLUMN`, unless the third field is a number
            // and the second a column (a value written after FR/MI/PL/BV).
            let secondIsColumn = data.columnIndex[String(tokens[1])] != nil
            let thirdIsColumn = data.columnIndex[String(tokens[2])] != nil
            if !thirdIsColumn && secondIsColumn && Double(tokens[2]) != nil { return (tokens[1], tokens[2]) }
            return (tokens[2], nil)
        case 2:
            guard !needsValue else { throw fail("bound \(type) needs a value") }
            return (tokens[1], nil)
        default:
            throw fail("a BOUNDS line has \(tokens.count) fields; expected TYPE [SET] COLUMN [VALUE]")
        }
    }

    mutating func applyBound(_ type: String, _ value: Double?, to j: Int, _ columnToken: Substring) throws {
        switch type {
        case "UP":
            data.upper[j] = value!
            upperSet[j] = true
            if value! < 0 && data.lower[j] == 0 { data.lower[j] = -.infinity }
        case "LO": data.lower[j] = value!
        case "FX":
            guard value!.isFinite else { throw fail("FX bound on '\(columnToken)' is infinite") }
            data.lower[j] = value!; data.upper[j] = value!; upperSet[j] = true
        case "FR": data.lower[j] = -.infinity; data.upper[j] = .infinity; upperSet[j] = true
        case "MI": data.lower[j] = -.infinity
        case "PL": data.upper[j] = .infinity; upperSet[j] = true
        case "BV": data.lower[j] = 0; data.upper[j] = 1; data.isInteger[j] = true; upperSet[j] = true
        case "LI": data.lower[j] = value!; data.isInteger[j] = true
        case "UI": data.upper[j] = value!; data.isInteger[j] = true; upperSet[j] = true
        default: break
        }
    }

    // MARK: End

    /// The checks that need the whole file, then the rows' sides from RHS and RANGES.
    mutating func finish() throws -> MPSData {
        if !ended {
            if seen.isEmpty { throw fail(line: lastContentLine, "not an MPS file (no sections found)") }
            throw fail(line: lastContentLine, "missing ENDATA (is the file truncated?)")
        }
        if !seen.contains("ROWS") { throw fail(line: lastContentLine, "missing ROWS section") }
        if !seen.contains("COLUMNS") { throw fail(line: lastContentLine, "missing COLUMNS section") }
        if !objectiveDeclared { throw fail(line: rowsLine, "no objective row (an N row) in ROWS") }
        try finishColumnBounds()
        try finishRowSides()
        return data
    }

    mutating func finishColumnBounds() throws {
        for j in data.columns.indices where data.isInteger[j] && !upperSet[j] && data.upper[j] == .infinity {
            // GLPK and CoinMpsIO give an integer column without an upper bound record the bounds [0, 1].
            data.upper[j] = 1
        }
        for j in data.columns.indices {
            let line = boundLine[j] ?? lastContentLine
            let (name, lower, upper) = (data.columns[j], data.lower[j], data.upper[j])
            if lower > upper {
                throw fail(line: line, "column '\(name)' has lower bound \(lower) above upper bound \(upper)")
            }
            if data.isInteger[j] && (isFractional(lower) || isFractional(upper)) {
                throw fail(line: line, Self.fractionalBoundsMessage(name, lower, upper))
            }
        }
    }

    func isFractional(_ v: Double) -> Bool { v.isFinite && v != v.rounded() }

    mutating func finishRowSides() throws {
        for i in data.rows.indices {
            let b = rhs[i] ?? 0
            let low = b <= -MPSReader.infinity ? -Double.infinity : b
            let high = b >= MPSReader.infinity ? Double.infinity : b
            switch rowType[data.rows[i]]! {
            case "L":
                data.rowUpper[i] = high
                if let r = ranges[i] { data.rowLower[i] = high - abs(r) }
            case "G":
                data.rowLower[i] = low
                if let r = ranges[i] { data.rowUpper[i] = low + abs(r) }
            default:
                guard b.isFinite && abs(b) < MPSReader.infinity else {
                    throw fail(line: rhsLine[i] ?? lastContentLine,
                               "equality row '\(data.rows[i])' has an infinite right-hand side")
                }
                data.rowLower[i] = b
                data.rowUpper[i] = b
                if let r = ranges[i] {
                    if r > 0 { data.rowUpper[i] = b + r } else { data.rowLower[i] = b + r }
                }
            }
        }
    }

    // MARK: Messages

    static func columnFieldsMessage(_ count: Int) -> String {
        "a COLUMNS line needs a column name and one or two (row, value) pairs, got \(count) fields"
    }

    static func fractionalBoundsMessage(_ name: String, _ lower: Double, _ upper: Double) -> String {
        "integer column '\(name)' has fractional bounds [\(lower), \(upper)]; "
            + "round them (ceil the lower, floor the upper)"
    }
}

/// Text for an error message: control and non-ASCII bytes become '?', long text is cut.
func printable<S: StringProtocol>(_ s: S) -> String {
    let cleaned = String(s.unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" })
    return cleaned.count > 60 ? String(cleaned.prefix(60)) + "…" : cleaned
}

extension Substring {
    func trimmingQuotes() -> Substring {
        var s = self
        while let f = s.first, f == "'" || f == "\"" { s = s.dropFirst() }
        while let l = s.last, l == "'" || l == "\"" { s = s.dropLast() }
        return s
    }
}
