import Bilevel

/// A random model exercising every feature the formats carry: both senses, ranges, equalities,
/// free/fixed/one-sided bounds, integer and binary leader variables, objective constants and
/// follower-objective terms in leader variables.
public func randomModel(seed: UInt64) -> BilevelModel {
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
        if integer {
            l = l.isFinite ? l.rounded(.up) : l
            u = u.isFinite ? max(l.isFinite ? l : u, u.rounded(.down)) : u
        }
        if integer && rng.int(0...1) == 0 { (l, u) = (0, 1) }
        m.addVariable(Variable(name: "x\(k)", lower: l, upper: u, isInteger: integer, level: .leader))
    }
    for k in 0..<ny {
        let (l, u) = bounds()
        m.addVariable(Variable(name: "y\(k)", lower: l, upper: u, level: .follower))
    }
    let n = nx + ny
    func terms() -> [LinearTerm] {
        (0..<n).compactMap { j in
            rng.int(0...2) == 0 ? nil : LinearTerm(variable: j, coefficient: Double(rng.int(-20...20)) / 4)
        }
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
    m.leaderObjective = Objective(sense: rng.int(0...1) == 0 ? .minimize : .maximize, terms: terms(),
                                  constant: Double(rng.int(-3...3)))
    m.followerObjective = Objective(sense: rng.int(0...1) == 0 ? .minimize : .maximize, terms: terms())
    return m
}
