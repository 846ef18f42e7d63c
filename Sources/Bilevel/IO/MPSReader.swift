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

    private enum Section: String {
        case name = "NAME", objsense = "OBJSENSE", objname = "OBJNAME", rows = "ROWS", columns = "COLUMNS"
        case rhs = "RHS", ranges = "RANGES", bounds = "BOUNDS", endata = "ENDATA"
    }

    private static let unsupportedSections: Set<String> = ["QUADOBJ", "QMATRIX", "QSECTION", "QCMATRIX", "CSECTION", "SOS", "INDICATORS", "GENCONS", "PWLOBJ", "PWLNAM", "PWLCON"]

    static func read(path: String) throws -> MPSData {
        try parse(try TextFile.read(path), file: path)
    }

    static func parse(_ text: String, file: String) throws -> MPSData {
        var data = MPSData()
        var section: Section?
        var seen = Set<String>()
        var rowType: [String: Character] = [:]   // "N" rows map to "O" (objective) or "D" (dropped)
        var objectiveDeclared = false
        var inInteger = false
        var rhs: [Int: Double] = [:]
        var rhsLine: [Int: Int] = [:]
        var rowsLine = 1
        var lastContentLine = 1
        var ranges: [Int: Double] = [:]
        var upperSet: [Bool] = []
        var boundLine: [Int: Int] = [:]
        var entrySeen = Set<Int64>()
        var lastColumn: String?
        var closedColumns = Set<String>()
        var ended = false
        var lineNumber = 0

        func fail(_ message: String) -> BilevelError { .parse(SourceLocation(file: file, line: lineNumber), message) }

        func number(_ token: Substring, _ what: String) throws -> Double {
            guard let v = Double(token), !v.isNaN else { throw fail("\(what) '\(printable(token))' is not a number") }
            return v
        }
        func coefficient(_ token: Substring, _ what: String) throws -> Double {
            let v = try number(token, what)
            guard v.isFinite && abs(v) < infinity else { throw fail("\(what) '\(token)' is not a finite number below 1e30") }
            return v
        }
        func boundValue(_ token: Substring) throws -> Double {
            let v = try number(token, "bound")
            if v >= infinity { return .infinity }
            if v <= -infinity { return -.infinity }
            return v
        }

        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if ended { break }
            var line = rawLine
            if line.last == "\r" { line = line.dropLast() }
            guard let first = line.first else { continue }
            if first == "*" { continue }
            let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if tokens.isEmpty { continue }
            lastContentLine = lineNumber
            if first != " " && first != "\t" {
                let keyword = tokens[0].uppercased()
                if unsupportedSections.contains(keyword) {
                    throw fail("MPS section \(keyword) is not supported (quadratic and SOS data are not read yet)")
                }
                let key = keyword == "OBJSENCE" ? "OBJSENSE" : keyword
                if let s = Section(rawValue: key) {
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
                        if tokens.count > 1 { data.sense = try parseSense(tokens[1], fail) }
                    case .objname:
                        if tokens.count > 1 { data.objectiveName = String(tokens[1]) }
                    case .endata:
                        ended = true
                    default:
                        if tokens.count > 1 && s != .rhs && s != .ranges && s != .bounds {
                            throw fail("unexpected text after section keyword \(key)")
                        }
                    }
                    continue
                }
                if section == nil || section == .name {
                    throw fail("unknown section '\(printable(tokens[0]))'")
                }
                // Free MPS: a data line may start in column 1.
            }
            guard let current = section else { throw fail("data before the first section") }
            switch current {
            case .name:
                throw fail("unexpected data after NAME")
            case .objsense:
                data.sense = try parseSense(tokens[0], fail)
            case .objname:
                data.objectiveName = String(tokens[0])
            case .rows:
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
                    switch type {
                    case "L": data.rowLower.append(-.infinity); data.rowUpper.append(0)
                    case "G": data.rowLower.append(0); data.rowUpper.append(.infinity)
                    default: data.rowLower.append(0); data.rowUpper.append(0)
                    }
                    data.terms.append([])
                default:
                    throw fail("unknown row type '\(tokens[0])' (expected N, L, G or E)")
                }
            case .columns:
                if tokens.count >= 3 && tokens[1].trimmingQuotes().uppercased() == "MARKER" {
                    switch tokens[2].trimmingQuotes().uppercased() {
                    case "INTORG": inInteger = true
                    case "INTEND": inInteger = false
                    default: throw fail("unknown marker \(tokens[2]) (expected 'INTORG' or 'INTEND')")
                    }
                    continue
                }
                guard tokens.count == 3 || tokens.count == 5 else {
                    throw fail("a COLUMNS line needs a column name and one or two (row, value) pairs, got \(tokens.count) fields")
                }
                let columnName = String(tokens[0])
                if columnName != lastColumn {
                    if let last = lastColumn { closedColumns.insert(last) }
                    if closedColumns.contains(columnName) { throw fail("entries of column '\(columnName)' are not contiguous") }
                    lastColumn = columnName
                }
                let j: Int
                if let existing = data.columnIndex[columnName] {
                    j = existing
                } else {
                    j = data.columns.count
                    data.columnIndex[columnName] = j
                    data.columns.append(columnName)
                    data.isInteger.append(inInteger)
                    data.lower.append(0)
                    data.upper.append(.infinity)
                    upperSet.append(false)
                }
                var k = 1
                while k + 1 < tokens.count {
                    let rowName = String(tokens[k])
                    let value = try coefficient(tokens[k + 1], "coefficient")
                    guard let type = rowType[rowName] else { throw fail("column '\(columnName)' refers to unknown row '\(rowName)'") }
                    switch type {
                    case "O":
                        if data.objective[j] != nil { throw fail("column '\(columnName)' has two objective entries") }
                        data.objective[j] = value
                    case "D":
                        break
                    default:
                        let i = data.rowIndex[rowName]!
                        let key = Int64(i) << 32 | Int64(j)
                        if !entrySeen.insert(key).inserted { throw fail("column '\(columnName)' has two entries in row '\(rowName)'") }
                        if value != 0 { data.terms[i].append(LinearTerm(variable: j, coefficient: value)) }
                    }
                    k += 2
                }
            case .rhs, .ranges:
                let pairs = tokens.count % 2 == 1 ? tokens.dropFirst() : tokens[...]
                guard !pairs.isEmpty else { throw fail("an \(current.rawValue) line needs (row, value) pairs") }
                var k = pairs.startIndex
                while k + 1 < pairs.endIndex {
                    let rowName = String(pairs[k])
                    guard let type = rowType[rowName] else { throw fail("\(current.rawValue) refers to unknown row '\(rowName)'") }
                    if current == .rhs {
                        let value = try number(pairs[k + 1], "right-hand side")
                        if type == "O" {
                            guard value.isFinite && abs(value) < infinity else { throw fail("objective constant '\(pairs[k + 1])' is not finite") }
                            data.objectiveConstant = -value
                        } else if type != "D" {
                            let i = data.rowIndex[rowName]!
                            if rhs[i] != nil { throw fail("row '\(rowName)' has two right-hand sides") }
                            rhs[i] = value
                            rhsLine[i] = lineNumber
                        }
                    } else {
                        let value = try coefficient(pairs[k + 1], "range")
                        if type == "O" || type == "D" { throw fail("RANGES on objective row '\(rowName)'") }
                        let i = data.rowIndex[rowName]!
                        if ranges[i] != nil { throw fail("row '\(rowName)' has two ranges") }
                        ranges[i] = value
                    }
                    k += 2
                }
            case .bounds:
                let type = tokens[0].uppercased()
                let needsValue = ["UP", "LO", "FX", "LI", "UI"].contains(type)
                let valueFree = ["FR", "MI", "PL", "BV"].contains(type)
                if type == "SC" { throw fail("semi-continuous bounds (SC) are not supported") }
                guard needsValue || valueFree else { throw fail("unknown bound type '\(tokens[0])'") }
                var columnToken: Substring
                var valueToken: Substring?
                switch tokens.count {
                case 4: columnToken = tokens[2]; valueToken = tokens[3]
                case 3:
                    if needsValue {
                        columnToken = tokens[1]; valueToken = tokens[2]
                    } else if data.columnIndex[String(tokens[2])] == nil && data.columnIndex[String(tokens[1])] != nil && Double(tokens[2]) != nil {
                        columnToken = tokens[1]; valueToken = tokens[2]
                    } else {
                        columnToken = tokens[2]
                    }
                case 2:
                    guard valueFree else { throw fail("bound \(type) needs a value") }
                    columnToken = tokens[1]
                default:
                    throw fail("a BOUNDS line has \(tokens.count) fields; expected TYPE [SET] COLUMN [VALUE]")
                }
                guard let j = data.columnIndex[String(columnToken)] else { throw fail("bound on unknown column '\(columnToken)'") }
                let value = try valueToken.map(boundValue)
                boundLine[j] = lineNumber
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
            case .endata:
                break
            }
        }
        if !ended {
            throw BilevelError.parse(SourceLocation(file: file, line: lastContentLine), seen.isEmpty ? "not an MPS file (no sections found)" : "missing ENDATA (is the file truncated?)")
        }
        if !seen.contains("ROWS") { throw BilevelError.parse(SourceLocation(file: file, line: lastContentLine), "missing ROWS section") }
        if !seen.contains("COLUMNS") { throw BilevelError.parse(SourceLocation(file: file, line: lastContentLine), "missing COLUMNS section") }
        if !objectiveDeclared { throw BilevelError.parse(SourceLocation(file: file, line: rowsLine), "no objective row (an N row) in ROWS") }
        for j in data.columns.indices where data.isInteger[j] && !upperSet[j] && data.upper[j] == .infinity {
            // GLPK and CoinMpsIO give an integer column without an upper bound record the bounds [0, 1].
            data.upper[j] = 1
        }
        for j in data.columns.indices {
            let location = SourceLocation(file: file, line: boundLine[j] ?? lastContentLine)
            if data.lower[j] > data.upper[j] {
                throw BilevelError.parse(location, "column '\(data.columns[j])' has lower bound \(data.lower[j]) above upper bound \(data.upper[j])")
            }
            if data.isInteger[j] && (data.lower[j].isFinite && data.lower[j] != data.lower[j].rounded() || data.upper[j].isFinite && data.upper[j] != data.upper[j].rounded()) {
                throw BilevelError.parse(location, "integer column '\(data.columns[j])' has fractional bounds [\(data.lower[j]), \(data.upper[j])]; round them (ceil the lower, floor the upper)")
            }
        }
        for i in data.rows.indices {
            let b = rhs[i] ?? 0
            let low = b <= -infinity ? -Double.infinity : b
            let high = b >= infinity ? Double.infinity : b
            switch rowType[data.rows[i]]! {
            case "L":
                data.rowUpper[i] = high
                if let r = ranges[i] { data.rowLower[i] = high - abs(r) }
            case "G":
                data.rowLower[i] = low
                if let r = ranges[i] { data.rowUpper[i] = low + abs(r) }
            default:
                guard b.isFinite && abs(b) < infinity else {
                    throw BilevelError.parse(SourceLocation(file: file, line: rhsLine[i] ?? lastContentLine), "equality row '\(data.rows[i])' has an infinite right-hand side")
                }
                data.rowLower[i] = b
                data.rowUpper[i] = b
                if let r = ranges[i] {
                    if r > 0 { data.rowUpper[i] = b + r } else { data.rowLower[i] = b + r }
                }
            }
        }
        return data
    }

    private static func parseSense(_ token: Substring, _ fail: (String) -> BilevelError) throws -> ObjectiveSense {
        switch token.uppercased() {
        case "MIN", "MINIMIZE", "MINIMISE": return .minimize
        case "MAX", "MAXIMIZE", "MAXIMISE": return .maximize
        default: throw fail("unknown objective sense '\(token)' (expected MIN or MAX)")
        }
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
