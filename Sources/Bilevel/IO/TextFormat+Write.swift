import Foundation

extension TextFormat {
    /// Writes a model as `.blp` text; `TextFormat.parse` of the result gives the same model (up to
    /// the order of variables and rows, which are grouped by level).
    ///
    /// - Parameter model: The model; it is validated first.
    /// - Returns: The text.
    /// - Throws: `BilevelError.invalidModel` when a name cannot be written (a keyword, or characters
    ///   that are not part of a name).
    public static func write(_ model: BilevelModel) throws -> String {
        try model.validate()
        for name in model.variables.map(\.name) + model.constraints.map(\.name) {
            try checkWritable(name)
        }
        if model.name.contains(where: { $0.isWhitespace }) || model.name.isEmpty {
            throw BilevelError.invalidModel("model name '\(model.name)' cannot be written (it must be one word)")
        }
        var out: [String] = []
        out.append("# \(model.name): bilevel model (written by bilevel \(BilevelVersion.string))")
        out.append("model \(model.name)")
        for level in Level.allCases {
            out.append("")
            out.append(level.rawValue)
            let vars = model.variables.indices.filter { model.variables[$0].level == level }
            for chunk in stride(from: 0, to: vars.count, by: 12) {
                let names = vars[chunk..<min(vars.count, chunk + 12)].map { model.variables[$0].name }
                out.append("  variables " + names.joined(separator: " "))
            }
            let objective = level == .leader ? model.leaderObjective : model.followerObjective
            do {
                var text = expression(objective.terms, constant: objective.constant, model: model)
                if !objective.quadratic.isEmpty {
                    let q = quadraticExpression(objective.quadratic, model: model)
                    if objective.terms.isEmpty && objective.constant == 0 {
                        text = q
                    } else {
                        text += q.hasPrefix("-") ? " - " + q.dropFirst() : " + " + q
                    }
                }
                for d in objective.duals {
                    let dual = "dual(\(model.constraints[d.constraint].name))"
                    let body = abs(d.coefficient) == 1 ? dual : "\(number(abs(d.coefficient))) \(dual)"
                    text += d.coefficient < 0 ? " - " + body : " + " + body
                }
                out += wrap("  \(objective.sense == .minimize ? "minimize" : "maximize") ", text)
            }
            let rows = model.constraints.filter { $0.level == level }
            if !rows.isEmpty {
                out.append("  subject to")
                for row in rows {
                    let body = expression(row.terms, constant: 0, model: model)
                    let line: String
                    switch (row.lower.isFinite, row.upper.isFinite) {
                    case (true, true) where row.lower == row.upper: line = "\(body) = \(number(row.lower))"
                    case (true, true): line = "\(number(row.lower)) <= \(body) <= \(number(row.upper))"
                    case (true, false): line = "\(body) >= \(number(row.lower))"
                    case (false, true): line = "\(body) <= \(number(row.upper))"
                    case (false, false): line = "-inf <= \(body) <= inf"
                    }
                    out += wrap("    \(row.name): ", line)
                }
            }
            var bounds: [String] = []
            var integers: [String] = []
            var binaries: [String] = []
            for j in vars {
                let v = model.variables[j]
                if v.isInteger && v.lower == 0 && v.upper == 1 { binaries.append(v.name); continue }
                if v.isInteger { integers.append(v.name) }
                switch (v.lower, v.upper) {
                case (0, .infinity): break
                case (-.infinity, .infinity): bounds.append("\(v.name) free")
                case (0, let u): bounds.append("\(v.name) <= \(number(u))")
                case (let l, .infinity): bounds.append("\(v.name) >= \(number(l))")
                case (let l, let u) where l == u: bounds.append("\(v.name) = \(number(l))")
                case (let l, let u): bounds.append("\(number(l)) <= \(v.name) <= \(number(u))")
                }
            }
            if !bounds.isEmpty {
                out.append("  bounds")
                out += bounds.map { "    " + $0 }
            }
            if !integers.isEmpty { out.append("  integer " + integers.joined(separator: " ")) }
            if !binaries.isEmpty { out.append("  binary " + binaries.joined(separator: " ")) }
        }
        out.append("end")
        return out.joined(separator: "\n") + "\n"
    }

    /// Writes a model to a `.blp` file.
    ///
    /// - Parameters:
    ///   - model: The model; it is validated first.
    ///   - path: The file to write (replaced if it exists).
    /// - Throws: `BilevelError.invalidModel` as ``write(_:)`` does; `.io` when the file cannot be written.
    public static func write(_ model: BilevelModel, to path: String) throws {
        let text = try write(model)
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw BilevelError.io(path: path, "cannot write: \(error.localizedDescription)")
        }
    }

    static func checkWritable(_ name: String) throws {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, TextTokenizer.isNameStart(first), scalars.allSatisfy(TextTokenizer.isNameChar),
              !keywords.contains(name.lowercased()) else {
            throw BilevelError.invalidModel("name '\(name)' cannot be written in the .blp format (a name starts with "
                + "a letter or '_', continues with letters, digits or _.[]{}'!$%&@~|, and is not a keyword)")
        }
    }

    /// `3 x - y + 2.5 z + 4` (terms in order, then the constant).
    static func expression(_ terms: [LinearTerm], constant: Double, model: BilevelModel) -> String {
        var parts: [String] = []
        for t in terms {
            let name = model.variables[t.variable].name
            let c = t.coefficient
            let magnitude = abs(c) == 1 ? name : "\(number(abs(c))) \(name)"
            if parts.isEmpty {
                parts.append(c < 0 ? "-\(magnitude)" : magnitude)
            } else {
                parts.append(c < 0 ? "- \(magnitude)" : "+ \(magnitude)")
            }
        }
        if constant != 0 || parts.isEmpty {
            if parts.isEmpty {
                parts.append(number(constant))
            } else {
                parts.append(constant < 0 ? "- \(number(-constant))" : "+ \(number(constant))")
            }
        }
        return parts.joined(separator: " ")
    }

    /// `0.5 y^2 - x * y` (quadratic objective terms).
    static func quadraticExpression(_ terms: [QuadraticTerm], model: BilevelModel) -> String {
        var parts: [String] = []
        for t in terms {
            let first = model.variables[t.first].name, second = model.variables[t.second].name
            let body = t.first == t.second ? "\(first)^2" : "\(first) * \(second)"
            let magnitude = abs(t.coefficient) == 1 ? body : "\(number(abs(t.coefficient))) \(body)"
            if parts.isEmpty {
                parts.append(t.coefficient < 0 ? "-" + magnitude : magnitude)
            } else {
                parts.append(t.coefficient < 0 ? "- " + magnitude : "+ " + magnitude)
            }
        }
        return parts.joined(separator: " ")
    }

    /// Breaks a long statement before '+'/'-' signs; continuation lines start with the sign.
    static func wrap(_ head: String, _ body: String, width: Int = 100) -> [String] {
        var lines: [String] = []
        var line = head
        for piece in body.split(separator: " ", omittingEmptySubsequences: true) {
            if line.count + piece.count + 1 > width && (piece == "+" || piece == "-") && line.count > head.count {
                lines.append(line)
                line = String(repeating: " ", count: head.count + 2) + piece
                continue
            }
            line += (line.hasSuffix(" ") || line.isEmpty ? "" : " ") + piece
        }
        lines.append(line)
        return lines
    }

    static func number(_ v: Double) -> String {
        if v == .infinity { return "inf" }
        if v == -.infinity { return "-inf" }
        return MibSFormat.number(v)
    }
}
