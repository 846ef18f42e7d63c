import Foundation

extension MibSFormat {
    /// Writes a model as MPS + AUX in the keywords MibS 1.2 reads (`@NUMVARS`, `@NUMCONSTRS`,
    /// `@VARSBEGIN`, `@CONSTRSBEGIN`, `@NAME`, `@MPS`), so that our files run in MibS where MibS can.
    ///
    /// MibS ignores `OBJSENSE` and has no follower sense keyword in its documented form, so a
    /// maximized objective is written negated (and said so in an MPS comment): the files then
    /// describe `min −F`. Terms of the follower's objective in leader variables (constants for the
    /// follower) cannot be expressed in AUX and are dropped, named in a comment.
    ///
    /// - Parameters:
    ///   - model: The model; it is validated first.
    ///   - mpsFileName: The MPS file's name, written into the AUX's `@MPS` line.
    /// - Returns: the texts of the MPS and AUX files; `mpsFileName` is written into the AUX's `@MPS`.
    /// - Throws: `BilevelError.invalidModel` when a name cannot be written (empty or with blanks), or the
    ///   model has quadratic terms or follower multipliers (which the format cannot hold).
    public static func write(_ model: BilevelModel, mpsFileName: String) throws -> (mps: String, aux: String) {
        try model.validate()
        let quadratic = !model.leaderObjective.quadratic.isEmpty || !model.followerObjective.quadratic.isEmpty
        if quadratic || !model.leaderObjective.duals.isEmpty {
            throw BilevelError.invalidModel("quadratic objective terms and follower multipliers cannot be written in "
                + "the MibS MPS+AUX format (use .blp)")
        }
        for name in model.variables.map(\.name) + model.constraints.map(\.name) + [model.name] {
            if name.isEmpty || name.contains(where: { $0.isWhitespace }) || name.hasPrefix("@") || name.hasPrefix("*") {
                throw BilevelError.invalidModel("name '\(name)' cannot be written to MPS (names must be non-empty, "
                    + "without blanks, and not start with '@' or '*')")
            }
        }
        var writer = MPSWriter(model: model)
        let mps = writer.text(mpsFileName: mpsFileName)
        return (mps, auxText(model, mpsFileName: mpsFileName))
    }

    /// The AUX file in the named form (follower coefficients in the minimized sense).
    static func auxText(_ model: BilevelModel, mpsFileName: String) -> String {
        var aux: [String] = []
        let followerSign = model.followerObjective.sense.sign
        let followers = model.variables.indices.filter { model.variables[$0].level == .follower }
        let followerRows = model.constraints.filter { $0.level == .follower }
        var followerCoefficient = [Double](repeating: 0, count: model.variables.count)
        for t in model.followerObjective.terms { followerCoefficient[t.variable] += followerSign * t.coefficient }
        aux.append("@NUMVARS")
        aux.append(String(followers.count))
        aux.append("@NUMCONSTRS")
        aux.append(String(followerRows.count))
        aux.append("@VARSBEGIN")
        for j in followers { aux.append("\(model.variables[j].name) \(number(followerCoefficient[j]))") }
        aux.append("@VARSEND")
        aux.append("@CONSTRSBEGIN")
        for c in followerRows { aux.append(c.name) }
        aux.append("@CONSTRSEND")
        aux.append("@NAME")
        aux.append(model.name)
        aux.append("@MPS")
        aux.append(mpsFileName)
        return aux.joined(separator: "\n") + "\n"
    }

    /// Writes `OUT.aux` and `OUT.mps` beside it (the path may name either).
    ///
    /// - Parameters:
    ///   - model: The model; it is validated first.
    ///   - path: `OUT.aux` or `OUT.mps` (any other extension is the AUX file's, with `OUT.mps` beside it).
    /// - Throws: `BilevelError.invalidModel` as ``write(_:mpsFileName:)`` does; `.io` when a file cannot be
    ///   written.
    public static func write(_ model: BilevelModel, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let base = url.deletingPathExtension()
        let mpsURL = base.appendingPathExtension("mps")
        let auxURL = url.pathExtension.lowercased() == "mps" ? base.appendingPathExtension("aux") : url
        let (mps, aux) = try write(model, mpsFileName: mpsURL.lastPathComponent)
        do {
            try mps.write(to: mpsURL, atomically: true, encoding: .utf8)
            try aux.write(to: auxURL, atomically: true, encoding: .utf8)
        } catch {
            throw BilevelError.io(path: path, "cannot write: \(error.localizedDescription)")
        }
    }

    static func uniqueName(_ base: String, avoiding taken: Set<String>) -> String {
        var name = base
        var k = 1
        while taken.contains(name) { name = "\(base)\(k)"; k += 1 }
        return name
    }

    /// The shortest text that reads back as the same Double.
    static func number(_ v: Double) -> String { NumberText.shortest(v) }
}

/// The MPS text of a model, section by section: fixed MPS when every name fits in 8 characters,
/// else free MPS.
private struct MPSWriter {
    let model: BilevelModel
    let objectiveName: String
    let fixed: Bool
    var out: [String] = []

    init(model: BilevelModel) {
        self.model = model
        objectiveName = MibSFormat.uniqueName("obj", avoiding: Set(model.constraints.map(\.name)))
        let columnWidth = max(8, model.variables.map(\.name.count).max() ?? 0)
        let rowWidth = max(8, (model.constraints.map(\.name.count) + [objectiveName.count]).max() ?? 0)
        fixed = columnWidth == 8 && rowWidth == 8
    }

    func number(_ v: Double) -> String { MibSFormat.number(v) }

    func line(_ f1: String, _ f2: String, _ f3: String, _ f4: String) -> String {
        if fixed {
            return " " + f1.padding(toLength: 2, withPad: " ", startingAt: 0)
                + " " + f2.padding(toLength: 8, withPad: " ", startingAt: 0)
                + "  " + f3.padding(toLength: 8, withPad: " ", startingAt: 0)
                + "  " + String(repeating: " ", count: max(0, 12 - f4.count)) + f4
        }
        return " \(f1) \(f2) \(f3) \(f4)"
    }

    mutating func text(mpsFileName: String) -> String {
        writeHeader(mpsFileName: mpsFileName)
        let (rhs, ranges) = writeRows()
        writeColumns()
        writeRHSAndRanges(rhs: rhs, ranges: ranges)
        writeBounds()
        out.append("ENDATA")
        return out.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
            .joined(separator: "\n") + "\n"
    }

    /// Comments (provenance, a negated objective, dropped follower terms) and the NAME line.
    mutating func writeHeader(mpsFileName: String) {
        let auxFileName = mpsFileName.replacingOccurrences(of: ".mps", with: ".aux")
        out.append("* \(model.name): bilevel model in the MibS MPS+AUX format (AUX: \(auxFileName))")
        out.append("* written by bilevel \(BilevelVersion.string)")
        if model.leaderObjective.sense == .maximize {
            out.append("* The leader MAXIMIZES F; MibS ignores OBJSENSE, so the objective row below is -F (minimized).")
        }
        let followerNames = Set(model.variables.filter { $0.level == .follower }.map(\.name))
        let dropped = model.followerObjective.terms.filter {
            !followerNames.contains(model.variables[$0.variable].name) && $0.coefficient != 0
        }
        let followerConstant = model.followerObjective.constant
        if !dropped.isEmpty || followerConstant != 0 {
            let list = dropped.map { "\(model.variables[$0.variable].name):\(number($0.coefficient))" }
                .joined(separator: ",")
            let constant = followerConstant != 0 ? " constant:\(number(followerConstant))" : ""
            out.append("* Follower objective terms in leader variables (constants for the follower) dropped: "
                + "\(list)\(constant)")
        }
        out.append("NAME          \(model.name)")
    }

    /// ROWS; returns the nonzero right-hand sides and the ranges of two-sided rows.
    mutating func writeRows() -> (rhs: [(String, Double)], ranges: [(String, Double)]) {
        out.append("ROWS")
        out.append(" N  \(objectiveName)")
        var ranges: [(String, Double)] = []
        var rhs: [(String, Double)] = []
        for c in model.constraints {
            let type: String
            switch (c.lower.isFinite, c.upper.isFinite) {
            case (false, false): type = "N"
            case (true, false): type = "G"; if c.lower != 0 { rhs.append((c.name, c.lower)) }
            case (false, true): type = "L"; if c.upper != 0 { rhs.append((c.name, c.upper)) }
            case (true, true):
                if c.lower == c.upper {
                    type = "E"
                    if c.lower != 0 { rhs.append((c.name, c.lower)) }
                } else {
                    type = "G"
                    if c.lower != 0 { rhs.append((c.name, c.lower)) }
                    ranges.append((c.name, c.upper - c.lower))
                }
            }
            out.append(" \(type)  \(c.name)")
        }
        return (rhs, ranges)
    }

    /// COLUMNS, column by column, with INTORG/INTEND markers around runs of integer columns.
    mutating func writeColumns() {
        var entries = [[(String, Double)]](repeating: [], count: model.variables.count)
        var objective = [Double](repeating: 0, count: model.variables.count)
        let leaderSign = model.leaderObjective.sense.sign
        for t in model.leaderObjective.terms { objective[t.variable] += leaderSign * t.coefficient }
        for (j, c) in objective.enumerated() where c != 0 { entries[j].append((objectiveName, c)) }
        for c in model.constraints {
            var merged: [Int: Double] = [:]
            for t in c.terms { merged[t.variable, default: 0] += t.coefficient }
            for (j, v) in merged.sorted(by: { $0.key < $1.key }) where v != 0 { entries[j].append((c.name, v)) }
        }
        out.append("COLUMNS")
        var inInteger = false
        var markerCount = 0
        for (j, v) in model.variables.enumerated() {
            if v.isInteger != inInteger {
                out.append("    MARKER\(markerCount)  'MARKER'                 '\(v.isInteger ? "INTORG" : "INTEND")'")
                markerCount += 1
                inInteger = v.isInteger
            }
            if entries[j].isEmpty {
                out.append(line("", v.name, objectiveName, "0"))
            }
            for (row, value) in entries[j] { out.append(line("", v.name, row, number(value))) }
        }
        if inInteger { out.append("    MARKER\(markerCount)  'MARKER'                 'INTEND'") }
    }

    mutating func writeRHSAndRanges(rhs: [(String, Double)], ranges: [(String, Double)]) {
        out.append("RHS")
        let constant = model.leaderObjective.sense.sign * model.leaderObjective.constant
        if constant != 0 { out.append(line("", "RHS", objectiveName, number(-constant))) }
        for (row, value) in rhs { out.append(line("", "RHS", row, number(value))) }
        if !ranges.isEmpty {
            out.append("RANGES")
            for (row, value) in ranges { out.append(line("", "RNG", row, number(value))) }
        }
    }

    /// An explicit BOUNDS record for every column (so no reader's defaults matter).
    mutating func writeBounds() {
        out.append("BOUNDS")
        for v in model.variables {
            switch (v.lower.isFinite, v.upper.isFinite) {
            case (false, false): out.append(line("FR", "BND", v.name, ""))
            case (false, true):
                out.append(line("MI", "BND", v.name, ""))
                out.append(line("UP", "BND", v.name, number(v.upper)))
            case (true, false):
                out.append(line("LO", "BND", v.name, number(v.lower)))
                out.append(line("PL", "BND", v.name, ""))
            case (true, true):
                if v.lower == v.upper {
                    out.append(line("FX", "BND", v.name, number(v.lower)))
                } else {
                    out.append(line("LO", "BND", v.name, number(v.lower)))
                    out.append(line("UP", "BND", v.name, number(v.upper)))
                }
            }
        }
    }
}
