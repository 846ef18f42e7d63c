import Bilevel

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator whose sequence is fixed by this code
/// alone, so a seed names the same model on every platform and toolchain.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `range` (modulo bias below 2^-50 for these tiny ranges).
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < p
    }

    /// One of `items` (not empty).
    public mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}

/// Small random mixed-integer bilevel linear programs that `MIBLPOracle` can enumerate.
///
/// Every model has 1–3 integer leader variables (binary or general integer: 0…1, 0…2, 0…3, −2…2),
/// sometimes one bounded continuous leader variable that stays out of the follower's rows, 1–3
/// follower variables (pure integer, or 1–2 continuous beside 1–2 integer ones), 1–4 follower rows
/// (each with a follower variable; leader integers appear as parameters) and 0–2 leader rows (often
/// coupling rows in follower variables), integer coefficients mostly in −5…5 with zeros, both senses
/// at both levels, every variable bounded.
///
/// Most right-hand sides are set so that a random reference point satisfies every row with a small
/// slack: the high-point relaxation is feasible, and infeasible models are infeasible because no
/// follower optimum satisfies the coupling rows (or the follower is infeasible at every other
/// choice), not trivially. Zero and repeated follower-objective coefficients make ties in the
/// follower's optima, where the optimistic choice matters.
public enum RandomMIBLP {
    /// The model of `seed`, named "rand-miblp-<seed>".
    public static func model(seed: UInt64) -> BilevelModel {
        var rng = SplitMix64(seed: seed)
        var m = BilevelModel(name: "rand-miblp-\(seed)")
        let integerRanges: [(Double, Double)] = [(0, 1), (0, 1), (0, 2), (0, 3), (-2, 2)]
        let continuousRanges: [(Double, Double)] = [(0, 2), (0, 3), (0, 5), (-2, 3), (-1, 2)]
        var reference: [Double] = []

        // Leader variables: integers (the linking candidates), then maybe one continuous.
        var leaderIntegers: [Int] = []
        for k in 1...rng.int(1...3) {
            let (lo, hi) = rng.pick(integerRanges)
            let x = Variable(name: "x\(k)", lower: lo, upper: hi, isInteger: true, level: .leader)
            leaderIntegers.append(m.addVariable(x))
            reference.append(Double(rng.int(Int(lo)...Int(hi))))
        }
        var leaderContinuous: [Int] = []
        if rng.chance(0.25) {
            let (lo, hi) = rng.pick(continuousRanges)
            leaderContinuous.append(m.addVariable(Variable(name: "xc", lower: lo, upper: hi, level: .leader)))
            reference.append(Double(rng.int(Int(lo) * 2...Int(hi) * 2)) / 2)
        }
        // Follower variables: pure integer, or mixed with 1–2 continuous ones.
        let mixed = rng.chance(0.4)
        let integerCount = mixed ? rng.int(1...2) : rng.int(1...3)
        let continuousCount = mixed ? rng.int(1...(3 - integerCount)) : 0
        var followers: [Int] = []
        for k in 1...integerCount {
            let (lo, hi) = rng.pick(integerRanges + [(0, 4)])
            let y = Variable(name: "y\(k)", lower: lo, upper: hi, isInteger: true, level: .follower)
            followers.append(m.addVariable(y))
            reference.append(Double(rng.int(Int(lo)...Int(hi))))
        }
        for k in 0..<continuousCount {
            let (lo, hi) = rng.pick(continuousRanges)
            followers.append(m.addVariable(Variable(name: "yc\(k + 1)", lower: lo, upper: hi, level: .follower)))
            reference.append(Double(rng.int(Int(lo) * 2...Int(hi) * 2)) / 2)
        }

        func coefficient(zeroChance: Double) -> Double {
            rng.chance(zeroChance) ? 0 : Double(rng.pick([-5, -4, -3, -2, -1, 1, 2, 3, 4, 5]))
        }
        // Most models are anchored: every row holds at the reference point (slack 0…maxSlack).
        let anchored = rng.chance(0.9)
        func addRow(_ name: String, _ terms: [LinearTerm], level: Level, maxSlack: Int = 3) {
            let activity = terms.reduce(0.0) { $0 + $1.coefficient * reference[$1.variable] }
            let rhs = anchored || rng.chance(0.5) ? activity : Double(rng.int(-3...6))
            let (lower, upper): (Double, Double)
            switch rng.int(0...9) {
            case 0...6: (lower, upper) = (-.infinity, rhs + Double(rng.int(0...maxSlack)))
            case 7, 8: (lower, upper) = (rhs - Double(rng.int(0...maxSlack)), .infinity)
            default:
                (lower, upper) = rng.chance(0.4)
                    ? (rhs, rhs) : (rhs - Double(rng.int(0...2)), rhs + Double(rng.int(1...3)))
            }
            m.addConstraint(Constraint(name: name, terms: terms, lower: lower, upper: upper, level: level))
        }

        for r in 1...rng.int(1...4) {
            var terms = followers.map { LinearTerm(variable: $0, coefficient: coefficient(zeroChance: 0.3)) }
            if terms.allSatisfy({ $0.coefficient == 0 }) {
                terms[rng.int(0...(terms.count - 1))].coefficient = rng.chance(0.5) ? 1 : -1
            }
            terms += leaderIntegers.map { LinearTerm(variable: $0, coefficient: coefficient(zeroChance: 0.4)) }
            addRow("f\(r)", terms.filter { $0.coefficient != 0 }, level: .follower)
        }
        // Leader rows: coupling (with follower variables) more often than not, with little slack so
        // that the follower's optima often break them.
        for r in 0..<rng.int(0...2) {
            let coupling = rng.chance(0.75)
            let leaders = (leaderIntegers + leaderContinuous)
            let zeroChance = coupling ? 0.6 : 0.3
            var terms = leaders.map { LinearTerm(variable: $0, coefficient: coefficient(zeroChance: zeroChance)) }
            if coupling {
                terms += followers.map { LinearTerm(variable: $0, coefficient: coefficient(zeroChance: 0.4)) }
            }
            terms = terms.filter { $0.coefficient != 0 }
            if terms.isEmpty {
                terms = [LinearTerm(variable: rng.pick(coupling ? followers : leaders), coefficient: 1)]
            }
            addRow("l\(r + 1)", terms, level: .leader, maxSlack: coupling ? 1 : 3)
        }

        // Objectives. The follower's has many zeros and repeated values (ties); sometimes leader terms.
        var followerTerms: [LinearTerm] = []
        let repeated = Double(rng.pick([-2, -1, 1, 2]))
        for y in followers {
            let c: Double = switch rng.int(0...9) {
            case 0...2: 0
            case 3...4: repeated
            default: Double(rng.int(-4...4))
            }
            if c != 0 { followerTerms.append(LinearTerm(variable: y, coefficient: c)) }
        }
        for x in leaderIntegers where rng.chance(0.2) {
            followerTerms.append(LinearTerm(variable: x, coefficient: Double(rng.int(-3...3))))
        }
        m.followerObjective = Objective(sense: rng.chance(0.4) ? .maximize : .minimize,
                                        terms: followerTerms.filter { $0.coefficient != 0 })
        // Often a coupling row asks the follower to do no better than at the reference point
        // (up to a slack of 0 or 1), against its own objective: often no leader choice can then
        // keep every follower optimum inside it (as MibS issue #45), so the model is infeasible.
        let followerSign = m.followerObjective.sense.sign
        let against = m.followerObjective.terms.filter { m.variables[$0.variable].level == .follower }
            .map { LinearTerm(variable: $0.variable, coefficient: followerSign * $0.coefficient) }
        if !against.isEmpty && rng.chance(0.45) {
            let level = against.reduce(0.0) { $0 + $1.coefficient * reference[$1.variable] }
            let lower = level - Double(rng.int(0...1))
            m.addConstraint(Constraint(name: "lf", terms: against, lower: lower, upper: .infinity, level: .leader))
        }
        let leaderTerms = m.variables.indices.map {
            LinearTerm(variable: $0, coefficient: coefficient(zeroChance: 0.2))
        }
        m.leaderObjective = Objective(sense: rng.chance(0.4) ? .maximize : .minimize,
                                      terms: leaderTerms.filter { $0.coefficient != 0 },
                                      constant: rng.chance(0.2) ? Double(rng.int(-5...5)) : 0)
        return m
    }

    /// Structural features of a model, for coverage summaries.
    public struct Features: Sendable {
        /// No continuous follower variable.
        public var pureIntegerFollower: Bool
        /// A leader row with a follower variable.
        public var coupling: Bool
        /// Linking (leader variables in follower rows) with domain {0, 1} / with a larger domain.
        public var binaryLinking: Bool
        public var generalLinking: Bool
        public var continuousLeader: Bool
        public var leaderMaximizes: Bool
        public var followerMaximizes: Bool

        public init(_ model: BilevelModel) {
            let isFollower = { (j: Int) in model.variables[j].level == .follower }
            pureIntegerFollower = !model.variables.contains { $0.level == .follower && !$0.isInteger }
            coupling = model.constraints.contains {
                $0.level == .leader && $0.terms.contains { isFollower($0.variable) && $0.coefficient != 0 }
            }
            var linking = Set<Int>()
            let followerRows = model.constraints.filter {
                $0.level == .follower && $0.terms.contains { isFollower($0.variable) && $0.coefficient != 0 }
            }
            for c in followerRows {
                for t in c.terms where !isFollower(t.variable) && t.coefficient != 0 { linking.insert(t.variable) }
            }
            binaryLinking = linking.contains { model.variables[$0].lower == 0 && model.variables[$0].upper == 1 }
            generalLinking = linking.contains { model.variables[$0].upper - model.variables[$0].lower > 1 }
            continuousLeader = model.variables.contains { $0.level == .leader && !$0.isInteger }
            leaderMaximizes = model.leaderObjective.sense == .maximize
            followerMaximizes = model.followerObjective.sense == .maximize
        }
    }
}
