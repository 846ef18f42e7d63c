import Bilevel

/// What the oracle says about a model.
public enum OracleAnswer: Equatable, Sendable, CustomStringConvertible {
    /// The optimum in the leader's own sense, and one optimal point (model variable order).
    case optimal(value: Double, point: [Double])
    /// No leader choice has a follower optimum that satisfies every row.
    case infeasible
    /// The model is outside what the oracle can enumerate; the reason says why.
    case unsupported(String)

    public var description: String {
        switch self {
        case .optimal(let value, let point): return "optimal \(value) at \(point)"
        case .infeasible: return "infeasible"
        case .unsupported(let why): return "unsupported (\(why))"
        }
    }
}

/// The oracle's answer with what it saw on the way (for coverage statistics).
public struct OracleReport: Sendable {
    public var answer: OracleAnswer
    /// Integer leader choices enumerated.
    public var leaderChoices = 0
    /// Of those, the choices that satisfy the rows in integer leader variables only and at which the
    /// follower's problem is feasible. An infeasible answer with a positive count was made
    /// infeasible by coupling rows, not by the follower.
    public var leaderChoicesWithResponse = 0
    /// Optimal answers: the worst leader value (model sense) over the follower's optima at the optimal
    /// leader choice, coupling rows ignored: the pessimistic follower's reply to that choice.
    public var worstResponseValue: Double?
    /// Optimal answers: the follower's optima at the optimal leader choice are not all equally good
    /// for the leader (or some break a coupling row), so the optimistic tie-break matters.
    public var tieMatters = false
    /// Infeasible answers: whether the high-point relaxation (every row, bound and integrality, no
    /// optimality of the follower) has a point, i.e. whether the model is infeasible only as a bilevel
    /// program.
    public var relaxationFeasible: Bool?

    public init(answer: OracleAnswer) { self.answer = answer }
}

/// An independent answer for small mixed-integer bilevel linear programs by enumeration: no LP or
/// MILP solver is involved, only integer enumeration and `VertexLP`'s vertex enumeration.
///
/// Reading (optimistic, coupling rows kept, as MibS): the leader optimizes F(x, y) over its bounds,
/// integrality and leader rows (which may contain y); y must be optimal for the follower's problem
/// at x (follower rows and y's bounds and integrality; x-terms of the follower objective are
/// constants); among the follower's optima the best for the leader that satisfies the leader rows
/// is taken, and a leader choice where none does (or where the follower is infeasible) is excluded.
///
/// For every integer leader choice xI:
/// 1. φ(xI) = min over follower integer choices yI of the LP in the continuous follower variables
///    (vertex enumeration); no feasible yI: xI is excluded.
/// 2. The leader's best: min F over the follower-optimal yI (LP value ≤ φ + tol), the continuous
///    leader variables and the continuous follower variables jointly, subject to every row and
///    bound and the follower's value f ≤ φ(xI) (the cut, checked with VertexLP's tolerance).
/// This is exact because continuous leader variables may not appear in follower rows: φ depends on
/// xI only.
///
/// Requirements (else `.unsupported`): a valid model (`BilevelModel.validate()`); linear objectives
/// without follower multipliers; finite bounds on every variable (within ±1e9 for integers); no
/// continuous leader variable in a follower row that has a follower variable (a linking variable
/// must be integer); at most `maxContinuousPerLevel` continuous variables per level; at most
/// `maxAssignments` pairs of integer leader and follower choices; at most `maxSquareSystems`
/// square systems in total. A follower row without follower variables is a constraint on x.
///
/// Tolerances: an integer follower choice is optimal when its value is within
/// `valueTolerance`·max(1, |φ|) of φ; the cut f ≤ φ itself is exact up to `VertexLP`'s feasibility
/// tolerance (1e-9 relative); singular systems: `VertexLP`'s relative pivot threshold (1e-11).
public enum MIBLPOracle {
    /// Cap on (integer leader choices) × (integer follower choices).
    public static let maxAssignments = 200_000
    /// Cap on continuous variables per level (the vertex enumeration grows like 3^d).
    public static let maxContinuousPerLevel = 3
    /// Cap on the estimated number of square systems over the whole run.
    public static let maxSquareSystems = 2e8
    /// Relative tolerance on the follower's value when deciding which integer choices are optimal.
    public static let valueTolerance = 1e-9

    /// The optimum of `model`, `.infeasible`, or why the oracle cannot tell.
    public static func solve(_ model: BilevelModel) -> OracleAnswer { analyze(model).answer }

    /// The answer with statistics (see `OracleReport`).
    public static func analyze(_ model: BilevelModel) -> OracleReport {
        switch Prepared.make(model) {
        case .failure(let refusal): return OracleReport(answer: refusal.answer)
        case .success(let prepared): return prepared.run()
        }
    }
}

/// Why the oracle stops before enumerating.
struct Refusal: Error {
    var answer: OracleAnswer
}

/// The model split into integer and continuous parts, objectives turned into minimizations.
struct Prepared {
    /// A row `lower ≤ Σ terms ≤ upper` with the integer parts apart and the continuous part dense over
    /// the continuous variables (leader ones first, then follower ones).
    struct Row {
        var leaderInteger: [(Int, Double)] = []
        var followerInteger: [(Int, Double)] = []
        var continuous: [Double]
        var lower: Double
        var upper: Double
        /// A follower row with a follower variable: part of the follower's problem.
        var isFollower = false
        /// A leader row with a follower variable.
        var isCoupling = false
        var onlyLeaderIntegers: Bool { followerInteger.isEmpty && continuous.allSatisfy { $0 == 0 } }
    }

    let model: BilevelModel
    /// Model indices of integer leader, continuous leader, integer follower, continuous follower variables.
    var xI: [Int] = [], xC: [Int] = [], yI: [Int] = [], yC: [Int] = []
    var rows: [Row] = []
    /// Leader objective (minimized): constant, integer parts, continuous part.
    var leaderConstant = 0.0
    var leaderOnXI: [Double] = [], leaderOnYI: [Double] = [], leaderOnContinuous: [Double] = []
    /// Follower objective (minimized), without its terms in leader variables (constants for it).
    var followerOnYI: [Double] = [], followerOnYC: [Double] = []

    var p: Int { xC.count }
    var q: Int { yC.count }

    static func refuse(_ why: String) -> Result<Prepared, Refusal> { .failure(Refusal(answer: .unsupported(why))) }

    static func make(_ model: BilevelModel) -> Result<Prepared, Refusal> {
        do { try model.validate() } catch { return refuse("invalid model: \(error)") }
        if !model.leaderObjective.quadratic.isEmpty || !model.followerObjective.quadratic.isEmpty {
            return refuse("quadratic objective")
        }
        if !model.leaderObjective.duals.isEmpty { return refuse("follower multipliers in the leader's objective") }
        for v in model.variables where !v.lower.isFinite || !v.upper.isFinite {
            return refuse("variable '\(v.name)' has an infinite bound")
        }
        // Beyond 2^53 adding 1 to a Double stops counting; far below that the domain cap refuses anyway.
        for v in model.variables where v.isInteger && max(abs(v.lower), abs(v.upper)) > 1e9 {
            return refuse("integer variable '\(v.name)' has a bound beyond ±1e9")
        }
        var prepared = Prepared(model: model)
        for (j, v) in model.variables.enumerated() {
            switch (v.level, v.isInteger) {
            case (.leader, true): prepared.xI.append(j)
            case (.leader, false): prepared.xC.append(j)
            case (.follower, true): prepared.yI.append(j)
            case (.follower, false): prepared.yC.append(j)
            }
        }
        if prepared.p > MIBLPOracle.maxContinuousPerLevel || prepared.q > MIBLPOracle.maxContinuousPerLevel {
            return refuse("more than \(MIBLPOracle.maxContinuousPerLevel) continuous variables in a level")
        }
        // Where each variable goes: (kind, position) with kind 0 xI, 1 xC, 2 yI, 3 yC.
        var place = [(Int, Int)](repeating: (0, 0), count: model.variables.count)
        for (k, list) in [prepared.xI, prepared.xC, prepared.yI, prepared.yC].enumerated() {
            for (pos, j) in list.enumerated() { place[j] = (k, pos) }
        }
        let continuousCount = prepared.p + prepared.q
        /// Merges a term list into the four parts (repeated variables add up; zeros vanish).
        func split(_ terms: [LinearTerm]) -> (xI: [Double], yI: [Double], continuous: [Double]) {
            var onXI = [Double](repeating: 0, count: prepared.xI.count)
            var onYI = [Double](repeating: 0, count: prepared.yI.count)
            var onC = [Double](repeating: 0, count: continuousCount)
            for t in terms {
                let (kind, pos) = place[t.variable]
                switch kind {
                case 0: onXI[pos] += t.coefficient
                case 1: onC[pos] += t.coefficient
                case 2: onYI[pos] += t.coefficient
                default: onC[prepared.p + pos] += t.coefficient
                }
            }
            return (onXI, onYI, onC)
        }
        for c in model.constraints {
            let (onXI, onYI, onC) = split(c.terms)
            var row = Row(continuous: onC, lower: c.lower, upper: c.upper)
            row.leaderInteger = onXI.enumerated().filter { $0.element != 0 }.map { ($0.offset, $0.element) }
            row.followerInteger = onYI.enumerated().filter { $0.element != 0 }.map { ($0.offset, $0.element) }
            let hasFollower = !row.followerInteger.isEmpty || onC[prepared.p...].contains { $0 != 0 }
            row.isFollower = c.level == .follower && hasFollower
            row.isCoupling = c.level == .leader && hasFollower
            if row.isFollower, let k = onC[..<prepared.p].firstIndex(where: { $0 != 0 }) {
                let name = model.variables[prepared.xC[k]].name
                return refuse("continuous leader variable '\(name)' is in a follower row")
            }
            prepared.rows.append(row)
        }
        let leaderSign = model.leaderObjective.sense.sign, followerSign = model.followerObjective.sense.sign
        let leader = split(model.leaderObjective.terms)
        prepared.leaderConstant = leaderSign * model.leaderObjective.constant
        prepared.leaderOnXI = leader.xI.map { leaderSign * $0 }
        prepared.leaderOnYI = leader.yI.map { leaderSign * $0 }
        prepared.leaderOnContinuous = leader.continuous.map { leaderSign * $0 }
        let follower = split(model.followerObjective.terms)
        prepared.followerOnYI = follower.yI.map { followerSign * $0 }
        prepared.followerOnYC = Array(follower.continuous[prepared.p...]).map { followerSign * $0 }

        // Size of the enumeration, in Double so that it cannot overflow.
        let pairs = prepared.domainSize(prepared.xI) * prepared.domainSize(prepared.yI)
        if pairs > Double(MIBLPOracle.maxAssignments) {
            return refuse("\(pairs) integer leader/follower choices (limit \(MIBLPOracle.maxAssignments))")
        }
        let sides = prepared.rows.reduce(1) { $0 + ($1.lower.isFinite ? 1 : 0) + ($1.upper.isFinite ? 1 : 0) }
        let perLP = VertexLP.candidateCount(dimension: continuousCount, rows: prepared.rows.count + 1, sides: sides)
        let systems = pairs * perLP
        if systems > MIBLPOracle.maxSquareSystems {
            return refuse("about \(systems) square systems to solve (limit \(MIBLPOracle.maxSquareSystems))")
        }
        return .success(prepared)
    }

    /// Number of integer points in the box of `variables` (validated bounds are integral).
    func domainSize(_ variables: [Int]) -> Double {
        variables.reduce(1.0) { $0 * (model.variables[$1].upper - model.variables[$1].lower + 1) }
    }

    /// Calls `body` for every integer point of the box of `variables` (odometer order).
    func forEachPoint(_ variables: [Int], _ body: ([Double]) -> Void) {
        var point = variables.map { model.variables[$0].lower }
        while true {
            body(point)
            var k = variables.count - 1
            while k >= 0 {
                if point[k] < model.variables[variables[k]].upper {
                    point[k] += 1
                    break
                }
                point[k] = model.variables[variables[k]].lower
                k -= 1
            }
            if k < 0 { return }
        }
    }

    static func dot(_ terms: [(Int, Double)], _ values: [Double]) -> Double {
        terms.reduce(0) { $0 + $1.1 * values[$1.0] }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// The LP over the continuous variables (leader ones first) at integer choices `x` and `y`, with
    /// the rows `include` picks; `fixLeader` pins the continuous leader variables.
    func program(x: [Double], y: [Double], fixLeader: [Double]? = nil, include: (Row) -> Bool) -> VertexLP {
        var lower = (xC + yC).map { model.variables[$0].lower }
        var upper = (xC + yC).map { model.variables[$0].upper }
        if let fixLeader {
            for k in 0..<p {
                lower[k] = fixLeader[k]
                upper[k] = fixLeader[k]
            }
        }
        var lp = VertexLP(lower: lower, upper: upper)
        for row in rows where include(row) {
            let shift = Self.dot(row.leaderInteger, x) + Self.dot(row.followerInteger, y)
            lp.rows.append(VertexLP.Row(a: row.continuous, lower: row.lower - shift, upper: row.upper - shift))
        }
        return lp
    }

    /// The follower's optimal value at integer leader choice `x` for each feasible integer follower
    /// choice (its best continuous completion), or an empty list when the follower is infeasible.
    func followerValues(x: [Double]) -> [(y: [Double], value: Double)] {
        var out: [(y: [Double], value: Double)] = []
        forEachPoint(yI) { y in
            // Only the follower's rows and bounds; the continuous leader variables are absent from them.
            let lp = program(x: x, y: y, fixLeader: [Double](repeating: 0, count: p)) { $0.isFollower }
            if let best = lp.minimize([Double](repeating: 0, count: p) + followerOnYC) {
                out.append((y, Self.dot(followerOnYI, y) + best.value))
            }
        }
        return out
    }

    /// The follower-optimal integer choices at `x` with the right-hand side of the optimality cut.
    func optimalResponses(x: [Double]) -> (responses: [(y: [Double], cut: Double)], phi: Double)? {
        let values = followerValues(x: x)
        guard let phi = values.map(\.value).min() else { return nil }
        let tolerance = MIBLPOracle.valueTolerance * max(1, abs(phi))
        // The cut is exact (f ≤ φ): a tolerance here would let the leader buy O(tolerance) of
        // follower suboptimality; VertexLP's feasibility tolerance absorbs the rounding.
        let responses = values.filter { $0.value <= phi + tolerance }.map { ($0.y, phi - Self.dot(followerOnYI, $0.y)) }
        return (responses, phi)
    }

    /// The LP of the leader's choice among the follower's optima: `include` rows plus the cut.
    func leaderProgram(x: [Double], y: [Double], cut: Double, fixLeader: [Double]? = nil,
                       include: (Row) -> Bool) -> VertexLP {
        var lp = program(x: x, y: y, fixLeader: fixLeader, include: include)
        lp.rows.append(VertexLP.Row(a: [Double](repeating: 0, count: p) + followerOnYC, lower: -.infinity, upper: cut))
        return lp
    }

    func leaderConstantPart(x: [Double], y: [Double]) -> Double {
        leaderConstant + Self.dot(leaderOnXI, x) + Self.dot(leaderOnYI, y)
    }

    func run() -> OracleReport {
        var report = OracleReport(answer: .infeasible)
        var best: (value: Double, x: [Double], y: [Double], continuous: [Double])?
        let xOnlyRows = rows.filter(\.onlyLeaderIntegers)
        forEachPoint(xI) { x in
            report.leaderChoices += 1
            for row in xOnlyRows {
                let activity = Self.dot(row.leaderInteger, x)
                if !VertexLP.satisfied(activity, row.lower, row.upper, scale: abs(activity)) { return }
            }
            guard let (responses, _) = optimalResponses(x: x) else { return }
            report.leaderChoicesWithResponse += 1
            for (y, cut) in responses {
                let lp = leaderProgram(x: x, y: y, cut: cut) { !$0.onlyLeaderIntegers }
                guard let r = lp.minimize(leaderOnContinuous) else { continue }
                let value = leaderConstantPart(x: x, y: y) + r.value
                if let current = best, value >= current.value { continue }
                best = (value, x, y, r.point)
            }
        }
        guard let best else {
            report.relaxationFeasible = relaxationFeasible()
            return report
        }
        var point = [Double](repeating: 0, count: model.variables.count)
        for (k, j) in xI.enumerated() { point[j] = best.x[k] }
        for (k, j) in yI.enumerated() { point[j] = best.y[k] }
        for (k, j) in (xC + yC).enumerated() { point[j] = best.continuous[k] }
        let sign = model.leaderObjective.sense.sign
        report.answer = .optimal(value: sign * best.value, point: point)
        if let worst = worstResponse(x: best.x, leaderContinuous: Array(best.continuous[..<p])) {
            report.worstResponseValue = sign * worst
            report.tieMatters = worst > best.value + 1e-6 * max(1, abs(best.value))
        }
        return report
    }

    /// The worst leader value (minimized form) over the follower's optima at a full leader choice,
    /// coupling rows ignored.
    func worstResponse(x: [Double], leaderContinuous: [Double]) -> Double? {
        guard let (responses, _) = optimalResponses(x: x) else { return nil }
        var worst: Double?
        for (y, cut) in responses {
            let lp = leaderProgram(x: x, y: y, cut: cut, fixLeader: leaderContinuous) { $0.isFollower }
            guard let r = lp.minimize(leaderOnContinuous.map { -$0 }) else { continue }
            let value = leaderConstantPart(x: x, y: y) - r.value
            worst = max(worst ?? value, value)
        }
        return worst
    }

    /// Whether some integer choice has a continuous completion satisfying every row and bound.
    func relaxationFeasible() -> Bool {
        var found = false
        let zero = [Double](repeating: 0, count: p + q)
        forEachPoint(xI) { x in
            guard !found else { return }
            forEachPoint(yI) { y in
                guard !found else { return }
                if program(x: x, y: y, include: { _ in true }).minimize(zero) != nil { found = true }
            }
        }
        return found
    }
}
