import Foundation
@testable import Bilevel

/// Paths inside the repository, found from this file's location (tests never depend on ../shared).
enum Repository {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("repository root not found")
    }()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// Rows of models/INDEX.tsv: (file, known optimum or status word).
    static func modelIndex() throws -> [(file: String, known: String)] {
        let text = try String(contentsOfFile: path("models/INDEX.tsv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            return (String(fields[0]), String(fields[1]))
        }
    }
}

/// A model from text: `x` variables leader, others follower (tiny helper for hand-written tests).
func model(mps: String, aux: String) throws -> BilevelModel {
    try MibSFormat.parse(mps: mps, aux: aux)
}

func close(_ a: Double?, _ b: Double, _ tol: Double = 1e-6) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tol * max(1, abs(b))
}

extension BilevelModel {
    /// Equality up to the order of variables and rows (compared by name), with terms merged.
    func isEquivalent(to other: BilevelModel) -> Bool {
        guard variables.count == other.variables.count, constraints.count == other.constraints.count else { return false }
        func byName(_ m: BilevelModel) -> [String: Variable] { Dictionary(uniqueKeysWithValues: m.variables.map { ($0.name, $0) }) }
        guard byName(self) == byName(other) else { return false }
        func terms(_ m: BilevelModel, _ t: [LinearTerm]) -> [String: Double] {
            var d: [String: Double] = [:]
            for x in t { d[m.variables[x.variable].name, default: 0] += x.coefficient }
            return d.filter { $0.value != 0 }
        }
        func rows(_ m: BilevelModel) -> [String: (Level, Double, Double, [String: Double])] {
            Dictionary(uniqueKeysWithValues: m.constraints.map { ($0.name, ($0.level, $0.lower, $0.upper, terms(m, $0.terms))) })
        }
        let a = rows(self), b = rows(other)
        for (name, r) in a {
            guard let s = b[name], r.0 == s.0, r.1 == s.1, r.2 == s.2, r.3 == s.3 else { return false }
        }
        return leaderObjective.sense == other.leaderObjective.sense && leaderObjective.constant == other.leaderObjective.constant
            && terms(self, leaderObjective.terms) == terms(other, other.leaderObjective.terms)
            && followerObjective.sense == other.followerObjective.sense
            && terms(self, followerObjective.terms) == terms(other, other.followerObjective.terms)
    }
}

/// A random model exercising every feature the formats carry: both senses, ranges, equalities,
/// free/fixed/one-sided bounds, integer and binary leader variables, objective constants and
/// follower-objective terms in leader variables.
func randomModel(seed: UInt64) -> BilevelModel {
    var rng = SeededGenerator(seed: seed)
    var m = BilevelModel(name: "random\(seed)")
    let nx = rng.int(0...4), ny = rng.int(1...4)
    func bounds() -> (Double, Double) {
        switch rng.int(0...5) {
        case 0: return (0, .infinity)
        case 1: return (-.infinity, .infinity)
        case 2: return (-Double(rng.int(0...5)), Double(rng.int(1...9)))
        case 3: return (-.infinity, Double(rng.int(-3...9)))
        case 4: let v = Double(rng.int(-4...4)); return (v, v)
        default: return (Double(rng.int(-3...3)) / 4, .infinity)
        }
    }
    for k in 0..<nx {
        let integer = rng.int(0...2) == 0
        var (l, u) = bounds()
        if integer { l = l.isFinite ? l.rounded(.up) : l; u = u.isFinite ? max(l.isFinite ? l : u, u.rounded(.down)) : u }
        if integer && rng.int(0...1) == 0 { (l, u) = (0, 1) }
        m.addVariable(Variable(name: "x\(k)", lower: l, upper: u, isInteger: integer, level: .leader))
    }
    for k in 0..<ny {
        let (l, u) = bounds()
        m.addVariable(Variable(name: "y\(k)", lower: l, upper: u, level: .follower))
    }
    let n = nx + ny
    func terms() -> [LinearTerm] {
        (0..<n).compactMap { j in rng.int(0...2) == 0 ? nil : LinearTerm(variable: j, coefficient: Double(rng.int(-20...20)) / 4) }
            .filter { $0.coefficient != 0 }
    }
    for i in 0..<rng.int(1...5) {
        var t = terms()
        if t.isEmpty { t = [LinearTerm(variable: n - 1, coefficient: 1)] }
        let level: Level = rng.int(0...3) == 0 ? .leader : .follower
        let (l, u): (Double, Double)
        switch rng.int(0...3) {
        case 0: (l, u) = (-.infinity, Double(rng.int(-5...20)))
        case 1: (l, u) = (Double(rng.int(-20...5)), .infinity)
        case 2: let v = Double(rng.int(-5...5)); (l, u) = (v, v)
        default: let v = Double(rng.int(-10...5)); (l, u) = (v, v + Double(rng.int(1...10)))
        }
        m.addConstraint(Constraint(name: "c\(i)", terms: t, lower: l, upper: u, level: level))
    }
    m.leaderObjective = Objective(sense: rng.int(0...1) == 0 ? .minimize : .maximize, terms: terms(), constant: Double(rng.int(-3...3)))
    m.followerObjective = Objective(sense: rng.int(0...1) == 0 ? .minimize : .maximize, terms: terms())
    return m
}
