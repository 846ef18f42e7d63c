/// Writes a `MILPData` as CPLEX LP or free MPS text, each with an SOS section when there are sets.
/// Names are made valid for the format (characters outside its alphabet become '_', brackets become
/// parentheses in LP) and unique.
enum MILPWriter {
    static func lp(_ data: MILPData) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!\"#$%&()/,.;?@_`'{}|~")
        func clean(_ s: String) -> String {
            var t = String(s.map { c -> Character in
                switch c {
                case "[": return "("
                case "]": return ")"
                default: return allowed.contains(c) ? c : "_"
                }
            })
            if let f = t.first, f.isNumber || f == "." || f == "e" || f == "E" { t = "_" + t }
            return String(t.prefix(250))
        }
        let (columnNames, rowNames, sosNames) = names(data, clean)
        var out: [String] = ["\\ \(data.name): \(header)", "Minimize"]
        var objective = data.columns.indices.filter { data.columns[$0].objective != 0 }.map {
            (column: $0, value: data.columns[$0].objective)
        }
        // A constant goes in as a column fixed at 1.
        var constantColumn: Int?
        if data.objectiveConstant != 0 {
            constantColumn = data.columns.count
            objective.append((data.columns.count, data.objectiveConstant))
        }
        let names = columnNames + (constantColumn != nil ? ["obj_constant"] : [])
        out.append(wrapped(" obj:", objective, names))
        out.append("Subject To")
        for (i, r) in data.rows.enumerated() { out += lpRow(r, name: rowNames[i], names: names) }
        out.append("Bounds")
        for (j, c) in data.columns.enumerated() {
            if let line = lpBound(c, name: columnNames[j]) { out.append(line) }
        }
        if constantColumn != nil { out.append(" obj_constant = 1") }
        let integers = data.columns.indices.filter { data.columns[$0].isInteger }
        if !integers.isEmpty {
            out.append("General")
            for chunk in stride(from: 0, to: integers.count, by: 8) {
                let chunkNames = integers[chunk..<min(integers.count, chunk + 8)].map { columnNames[$0] }
                out.append(" " + chunkNames.joined(separator: " "))
            }
        }
        if !data.sos1.isEmpty {
            out.append("SOS")
            for (k, set) in data.sos1.enumerated() {
                let members = set.members.enumerated().map { "\(columnNames[$0.element]):\($0.offset + 1)" }
                out.append(" \(sosNames[k]): S1:: " + members.joined(separator: " "))
            }
        }
        out.append("End")
        return out.joined(separator: "\n") + "\n"
    }

    /// A row's lines in the Subject To section of an LP file: a ranged row is written as two rows, a
    /// free row not at all.
    private static func lpRow(_ r: MILPData.Row, name: String, names: [String]) -> [String] {
        let body = wrapped(" \(name):", r.terms, names)
        switch (r.lower.isFinite, r.upper.isFinite) {
        case (true, true) where r.lower == r.upper: return [body + " = \(number(r.lower))"]
        case (true, true):
            return [wrapped(" \(name)_lo:", r.terms, names) + " >= \(number(r.lower))",
                    wrapped(" \(name)_up:", r.terms, names) + " <= \(number(r.upper))"]
        case (true, false): return [body + " >= \(number(r.lower))"]
        case (false, true): return [body + " <= \(number(r.upper))"]
        case (false, false): return []
        }
    }

    /// A column's line in the Bounds section of an LP file; nil for the default bounds [0, +inf).
    private static func lpBound(_ c: MILPData.Column, name: String) -> String? {
        switch (c.lower.isFinite, c.upper.isFinite) {
        case (false, false): return " \(name) free"
        case (true, false): return c.lower != 0 ? " \(name) >= \(number(c.lower))" : nil
        case (false, true): return " -inf <= \(name) <= \(number(c.upper))"
        case (true, true) where c.lower == c.upper: return " \(name) = \(number(c.lower))"
        case (true, true): return " \(number(c.lower)) <= \(name) <= \(number(c.upper))"
        }
    }

    /// The first line of both formats (as a comment).
    private static let header = "single-level KKT reformulation written by bilevel \(BilevelVersion.string)"

    static func mps(_ data: MILPData) -> String {
        func clean(_ s: String) -> String {
            String(s.map { $0.isWhitespace || $0 == "$" || $0 == "*" ? "_" : $0 }.prefix(250))
        }
        let (columnNames, rowNames, sosNames) = names(data, clean)
        var out: [String] = ["* \(data.name): \(header)", "NAME \(clean(data.name))", "ROWS", " N obj"]
        // Free rows are left out.
        var kept: [Int] = []
        for (i, r) in data.rows.enumerated() {
            guard let type = mpsRowType(r) else { continue }
            kept.append(i)
            out.append(" \(type) \(rowNames[i])")
        }
        out += mpsColumns(data, kept: kept, columnNames: columnNames, rowNames: rowNames)
        out += mpsRightHandSides(data, kept: kept, rowNames: rowNames)
        out += mpsBounds(data, columnNames: columnNames)
        if !data.sos1.isEmpty {
            out.append("SOS")
            for (k, set) in data.sos1.enumerated() {
                out.append(" S1 SOS \(sosNames[k]) 1")
                for (w, j) in set.members.enumerated() { out.append("    \(columnNames[j]) \(w + 1)") }
            }
        }
        out.append("ENDATA")
        return out.joined(separator: "\n") + "\n"
    }

    /// A row's type in MPS (a ranged row is "G" with a range); nil for a free row.
    private static func mpsRowType(_ r: MILPData.Row) -> String? {
        switch (r.lower.isFinite, r.upper.isFinite) {
        case (true, true): return r.lower == r.upper ? "E" : "G"
        case (true, false): return "G"
        case (false, true): return "L"
        case (false, false): return nil
        }
    }

    /// The COLUMNS section, integer columns between markers.
    private static func mpsColumns(_ data: MILPData, kept: [Int], columnNames: [String],
                                   rowNames: [String]) -> [String] {
        var out = ["COLUMNS"]
        var byColumn = [[(String, Double)]](repeating: [], count: data.columns.count)
        for (j, c) in data.columns.enumerated() where c.objective != 0 { byColumn[j].append(("obj", c.objective)) }
        for i in kept { for (j, v) in data.rows[i].terms where v != 0 { byColumn[j].append((rowNames[i], v)) } }
        var inInteger = false
        for (j, c) in data.columns.enumerated() {
            if c.isInteger != inInteger {
                out.append(" M\(j) 'MARKER' '\(c.isInteger ? "INTORG" : "INTEND")'")
                inInteger = c.isInteger
            }
            if byColumn[j].isEmpty { out.append(" \(columnNames[j]) obj 0") }
            for (row, v) in byColumn[j] { out.append(" \(columnNames[j]) \(row) \(number(v))") }
        }
        if inInteger { out.append(" MEND 'MARKER' 'INTEND'") }
        return out
    }

    /// The RHS section (the objective's constant negated), then RANGES for rows with two sides.
    private static func mpsRightHandSides(_ data: MILPData, kept: [Int], rowNames: [String]) -> [String] {
        var out = ["RHS"]
        if data.objectiveConstant != 0 { out.append(" RHS obj \(number(-data.objectiveConstant))") }
        var ranges: [String] = []
        for i in kept {
            let r = data.rows[i]
            let side = r.lower.isFinite ? r.lower : r.upper
            if side != 0 { out.append(" RHS \(rowNames[i]) \(number(side))") }
            if r.lower.isFinite && r.upper.isFinite && r.lower != r.upper {
                ranges.append(" RNG \(rowNames[i]) \(number(r.upper - r.lower))")
            }
        }
        if !ranges.isEmpty { out.append("RANGES"); out += ranges }
        return out
    }

    /// The BOUNDS section.
    private static func mpsBounds(_ data: MILPData, columnNames: [String]) -> [String] {
        var out = ["BOUNDS"]
        for (j, c) in data.columns.enumerated() {
            let n = columnNames[j]
            switch (c.lower.isFinite, c.upper.isFinite) {
            case (false, false): out.append(" FR BND \(n)")
            case (false, true): out.append(" MI BND \(n)"); out.append(" UP BND \(n) \(number(c.upper))")
            case (true, false):
                out.append(" LO BND \(n) \(number(c.lower))")
                if c.isInteger { out.append(" PL BND \(n)") }
            case (true, true):
                if c.lower == c.upper { out.append(" FX BND \(n) \(number(c.lower))") } else {
                    out.append(" LO BND \(n) \(number(c.lower))")
                    out.append(" UP BND \(n) \(number(c.upper))")
                }
            }
        }
        return out
    }

    /// Cleaned, unique names for columns, rows and sets.
    private static func names(_ data: MILPData, _ clean: (String) -> String) -> ([String], [String], [String]) {
        var used = Set<String>(["obj", "obj_constant"])
        func unique(_ s: String) -> String {
            var name = clean(s.isEmpty ? "n" : s)
            let base = name
            var k = 1
            while used.contains(name) { name = "\(base)_\(k)"; k += 1 }
            used.insert(name)
            return name
        }
        let columns = data.columns.map { unique($0.name) }
        let rows = data.rows.map { unique($0.name) }
        let sets = data.sos1.map { unique($0.name) }
        return (columns, rows, sets)
    }

    private static func wrapped(_ head: String, _ terms: [(column: Int, value: Double)], _ names: [String]) -> String {
        var line = head
        var lines: [String] = []
        if terms.isEmpty { return head + " 0 " + (names.first ?? "x") }
        for (k, (j, v)) in terms.enumerated() {
            let sign: String
            if v < 0 { sign = " - " } else { sign = k == 0 ? " " : " + " }
            let piece = sign + "\(number(abs(v))) \(names[j])"
            if line.count + piece.count > 200 { lines.append(line); line = "   " }
            line += piece
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    private static func number(_ v: Double) -> String { NumberText.shortest(v) }
}
