import Foundation
import GLPK

/// A way to split a node in two: a complementarity pair (multiplier to zero, or slack to zero) or an
/// integer leader variable (down, up). `amounts` measure how far each child moves from the LP point,
/// for pseudo-costs; `key` indexes the pseudo-cost table.
struct BranchCandidate {
    var key: Int
    var children: [BoundChange]
    var amounts: [Double]
    var violation: Double
}

/// The complementarity pairs whose slacks are a column's lower and upper bound: the pair's index in
/// `KKTSystem.pairs` and the bound.
struct BoxSides {
    var lower: (pair: Int, bound: Double)?
    var upper: (pair: Int, bound: Double)?
}

/// One worker's view of the search: its own copy of the KKT relaxation in GLPK, its own verifier,
/// and the bound changes currently applied. Branching only moves bounds, so moving from node to node
/// resets the bounds that differ and re-solves warm with the dual simplex.
///
/// Owns GLPK problems: create, use and drop on one thread.
final class NodeSolver {
    let kkt: KKTSystem
    let lp: LinearProblem
    /// The LP's bounds: the root's plus the current node's changes.
    private let bounds: NodeBounds
    let verifier: PointEvaluator
    private var evaluated = Set<[Double]>()
    /// Which branching nodes evaluate their leader choice, where `schedulesEvaluations` (internal for
    /// the tests, which set it to skip a node).
    var schedule = EvaluationSchedule()
    /// The plain reading: no products, pricing, follower duals, implications or outer approximation
    /// (the optimistic one, and the pessimistic one with a linear leader objective). There follower
    /// reduced costs settle pairs and node LPs stop at the cutoff.
    private let isPlainReading: Bool
    /// The plain optimistic reading (the `Verifier` evaluates leader choices), where the schedule was
    /// measured: branching nodes evaluate their leader choice on `schedule`; elsewhere every node (in
    /// the pessimistic reading fewer evaluations left worse incumbents at a time limit).
    private let schedulesEvaluations: Bool
    /// Row-wise matrix of the LP, to evaluate `A·r` for a ray.
    private let rowsOfMatrix: [[(column: Int, value: Double)]]
    private let integerX: [Int]
    /// Positions in `x` of the integer leader variables.
    var integerLeaderColumns: [Int] { integerX }
    /// False after an internal GLPK fault freed this thread's problems.
    var isUsable: Bool { lp.isValid }
    private let pseudoCosts: PseudoCosts
    /// At most this many unreliable candidates are strong-branched per node.
    var strongBranchingCandidates = 8
    /// Whether pairs and leader splits are strong-branched too (`chooseBranch`): where the leader's
    /// objective has products (`KKTSystem.products`, a pricing reading) or follower duals.
    private let probesPairs: Bool
    /// The columns `reducedCostTightenings` reads, in increasing order: every leader column, and the
    /// columns with a pair on a bound (which may settle a pair of their box) in the plain reading
    /// (`isPlainReading`), where that was measured.
    private let reducedCostColumns: [Int]
    /// Per column whose bounds are pairs' slacks: those pairs (indices in `kkt.pairs`) and bounds.
    private let boxSides: [Int: BoxSides]
    /// Dual simplex iterations allowed per strong-branching probe.
    var strongBranchingIterations = 200
    /// A product's `w` may differ from the product of its factors by this much (times |coefficient|,
    /// relative to the node's value, floor 1) at a leaf: a tenth of the search's gap, at most 1e-9,
    /// so that leaves never hold the gap open (`NodeSolver+Products`).
    var productTolerance = Tolerances.largestProductTolerance
    /// Where leaves of a reading with implications record the infima they approach (pessimistic
    /// pricing reading only).
    var limits: LimitLog?
    /// The user's interruption, polled by the MILP this solver may run (set by the search per node).
    var shouldStop: (() -> Bool)?
    /// Branch on integer linking variables (leader variables in follower rows) until each is fixed,
    /// before any pair. Once every linking variable is fixed the strong-duality row is exact, so the
    /// LP's optimum is follower-optimal and the node a leaf: the search enumerates linking values
    /// under the LP bound. Much faster where that bound is tight enough (max-flow interdiction), much
    /// slower where pairs settle the follower's response cheaply (random-int); `PortfolioRace` runs both.
    var linkingFirst = false

    init(_ kkt: KKTSystem, pseudoCosts: PseudoCosts? = nil, evaluator: PointEvaluator? = nil) throws {
        self.kkt = kkt
        self.pseudoCosts = pseudoCosts ?? PseudoCosts(keys: kkt.branchingKeyCount)
        lp = try kkt.makeLP()
        bounds = NodeBounds(lp)
        strongDualityBounds = (0..<kkt.nx).map { (kkt.canonical.xLower[$0], kkt.canonical.xUpper[$0]) }
        verifier = try evaluator ?? Verifier(kkt.canonical)
        var rows = [[(column: Int, value: Double)]](repeating: [], count: kkt.rowCount)
        for e in kkt.matrix { rows[e.row].append((e.column, e.value)) }
        rowsOfMatrix = rows
        integerX = (0..<kkt.nx).filter { kkt.canonical.xInteger[$0] }
        probesPairs = !kkt.products.isEmpty || kkt.canonical.pricingScale != nil || kkt.hasDualTerms
        var sides: [Int: BoxSides] = [:]
        for (p, pair) in kkt.pairs.enumerated() {
            switch pair.slack {
            case let .columnLower(j, v): sides[j, default: BoxSides()].lower = (p, v)
            case let .columnUpper(j, v): sides[j, default: BoxSides()].upper = (p, v)
            default: break
            }
        }
        boxSides = sides
        isPlainReading = !probesPairs && kkt.implications.isEmpty && kkt.oaColumn == nil
        schedulesEvaluations = isPlainReading && evaluator == nil
        reducedCostColumns = Set(0..<kkt.nx).union(isPlainReading ? Set(sides.keys) : []).sorted()
        envelopeBoxes = kkt.products.map { p in
            [kkt.columnLower[p.first], kkt.columnUpper[p.first], kkt.columnLower[p.second], kkt.columnUpper[p.second]]
        }
        if !kkt.implications.isEmpty {
            let row = lp.rowCount
            try lp.addRows(1)
            let objective = (0..<kkt.columnCount).filter { kkt.objective[$0] != 0 }.map { ($0, kkt.objective[$0]) }
            try lp.setRow(row, coefficients: objective)
            objectiveRowLower = kkt.objectiveFloor.map { $0 - kkt.objectiveConstant } ?? -.infinity
            try lp.setRowBounds(row, lower: objectiveRowLower, upper: .infinity)
            bounds.appendRows([(objectiveRowLower, .infinity)])
            objectiveRow = row
        }
        if let t = kkt.oaColumn {
            // A first tangent cut at the box's center (0 where a side is infinite), so t has a bound.
            var z = [Double](repeating: 0, count: kkt.columnCount)
            for j in 0..<kkt.columnCount where j != t { z[j] = Self.center(kkt.columnLower[j], kkt.columnUpper[j]) }
            try addTangentCut(at: z)
        }
    }

    /// The middle of `[lower, upper]`, or the point nearest 0 where a side is infinite.
    private static func center(_ lower: Double, _ upper: Double) -> Double {
        switch (lower.isFinite, upper.isFinite) {
        case (true, true): return (lower + upper) / 2
        case (true, false): return max(lower, 0)
        case (false, true): return min(upper, 0)
        case (false, false): return 0
        }
    }

    // MARK: Bounds

    /// Sets the LP's bounds to the root's plus `changes` (tightening only). Returns false when two
    /// changes contradict each other (the node is infeasible), without calling GLPK with bad bounds.
    func apply(_ changes: [BoundChange]) throws -> Bool {
        guard try bounds.apply(changes) else { return false }
        try updateStrongDualityRow()
        try updateEnvelopes()
        return true
    }

    /// The factor bounds each product's envelope rows were last built for (`NodeSolver+Products`).
    var envelopeBoxes: [[Double]] = []
    /// A row holding the leader's objective (at least `KKTSystem.objectiveFloor`, capped by the
    /// attainment tests), for readings with implications.
    private(set) var objectiveRow: Int?
    private(set) var objectiveRowLower = -Double.infinity

    /// The leader bounds the strong-duality row was last built for.
    private var strongDualityBounds: [(Double, Double)]?

    /// Rebuilds the strong-duality row when the bounds of a linking leader variable changed.
    private func updateStrongDualityRow() throws {
        guard !kkt.linkingX.isEmpty else { return }
        let bounds = (0..<kkt.nx).map { lp.columnBounds(kkt.xColumn($0)) }
        if let old = strongDualityBounds,
           !kkt.linkingX.contains(where: { old[$0] != (bounds[$0].lower, bounds[$0].upper) }) { return }
        strongDualityBounds = bounds.map { ($0.lower, $0.upper) }
        let row = kkt.strongDualityRow
        if let relaxed = kkt.strongDualityRelaxation(xLower: bounds.map(\.lower), xUpper: bounds.map(\.upper)) {
            try lp.setRow(row, coefficients: relaxed.entries)
            try lp.setRowBounds(row, lower: -.infinity, upper: relaxed.upper)
        } else {
            try lp.setRowBounds(row, lower: -.infinity, upper: .infinity)
        }
    }

    func currentBounds(_ target: BoundChange.Target) -> (lower: Double, upper: Double) { bounds.current(target) }

    func setBounds(_ target: BoundChange.Target, _ lower: Double, _ upper: Double) throws {
        try bounds.set(target, lower, upper)
    }

    /// Whether a pair already has one side fixed by the current bounds.
    func isFixed(_ pair: KKTSystem.Pair) -> Bool {
        if lp.columnBounds(pair.multiplier).upper == 0 { return true }
        switch pair.slack {
        case let .rowLower(i, v): return lp.rowBounds(i).upper == v
        case let .rowUpper(i, v): return lp.rowBounds(i).lower == v
        case let .columnLower(j, v): return lp.columnBounds(j).upper == v
        case let .columnUpper(j, v): return lp.columnBounds(j).lower == v
        }
    }

    // MARK: Processing

    /// Solves the node's LP and decides what to do with it.
    ///
    /// - Parameters:
    ///   - cutoff: nodes whose LP value is at or above this are pruned (incumbent less the gap).
    ///   - offer: receives every verified candidate found; returns the new cutoff.
    func process(_ node: SearchNode, cutoff initialCutoff: Double, timeLeft: Double?,
                 offer: (Candidate) -> Double) -> NodeResult {
        var cutoff = initialCutoff
        tightenings = []
        if let ended = applyBoundsAndWarmStart(node) { return ended }
        // The dual simplex stops once its objective passes the cutoff: the node is pruned then, and
        // most "slack = 0" children are (`Benchmarks/results/2026-12-03/node-work`). A hair above the
        // cutoff, as GLPK's objective holds up to its tolerances.
        let limit = isPlainReading && cutoff.isFinite
            ? cutoff + Tolerances.objectiveLimitMargin * relativeFloor(cutoff) : nil
        let status = solveNodeLP(timeLeft: timeLeft, objectiveLimit: limit)
        if status == .objectiveLimit, let limit {
            // The dual simplex's objective where it stopped bounds the node (at least the limit).
            let reached = lp.objectiveValue
            return .prunedByBound(reached.isFinite ? max(limit, reached) : limit)
        }
        switch status {
        case .optimal: break
        case .infeasible: return .infeasible
        case .unbounded: return analyzeUnbounded(node, timeLeft: timeLeft, offer: offer)
        case .timeLimit: return .stopped
        default: return .unresolved(node.bound, "node LP: \(status)")
        }
        let value = lp.objectiveValue
        if value >= cutoff { return .prunedByBound(value) }
        let columns = lp.columnValues
        let rows = lp.rowValues
        if !kkt.implications.isEmpty && !demandedMultipliersCanBePositive(columns: columns, timeLeft: timeLeft) {
            return .infeasible
        }
        let fractional = fractionalLeaderCandidates(columns)
        // Scheduled where it was measured; a skipped node that turns out a leaf is evaluated below.
        if let after = evaluateLeaderChoice(columns, cutoff: cutoff, scheduled: schedulesEvaluations,
                                            offer: offer) {
            cutoff = after
            if value >= cutoff { return .prunedByBound(value) }
        }
        let basis = lp.basis
        tightenings = reducedCostTightenings(value: value, cutoff: cutoff, columns: columns)
        // Pairs first: fractional integer leaders wait until every pair is complementary.
        // Measured on generated integer-leader instances (15-30 leaders): branching on both
        // (or on leaders whose bounds loosen the strong-duality row) took 20-200x the nodes.
        let pairs = pairCandidates(columns: columns, rows: rows)
        var candidates = pairs.violated.isEmpty ? fractional : pairs.violated
        if linkingFirst {
            let linking = unfixedLinkingCandidates(columns)
            if !linking.isEmpty { candidates = linking }
        }
        if candidates.isEmpty, let weakest = pairs.weakest { candidates = [weakest] }
        if candidates.isEmpty && schedulesEvaluations,
           let after = evaluateLeaderChoice(columns, cutoff: cutoff, scheduled: false, offer: offer) {
            cutoff = after
            if value >= cutoff { return .prunedByBound(value) }
        }
        if candidates.isEmpty && verifier.acceptsLeafPoints, let after = offerLeafPoint(columns, offer: offer) {
            cutoff = after
            if value >= cutoff { return .prunedByBound(value) }
        }
        // Strong branching where the leader's objective has products or follower duals (pricing, toll);
        // elsewhere pairs and leader splits go by how far the point violates them (`chooseBranch`).
        var probing = probesPairs
        // Products last: their envelopes only need refining where the follower's choice is settled.
        if candidates.isEmpty {
            candidates = productCandidates(columns: columns, value: value)
            probing = true
        }
        if candidates.isEmpty && !kkt.implications.isEmpty {
            candidates = implicationCandidates(columns: columns)
            probing = true
            if candidates.isEmpty {
                return settleLimitLeaf(value: value, columns: columns, rows: rows, timeLeft: timeLeft, offer: offer)
            }
        }
        guard !candidates.isEmpty else { return .leaf(value) }
        return chooseBranch(candidates, value: value, basis: basis, cutoff: cutoff, timeLeft: timeLeft,
                            probing: probing)
    }

    /// Sets the node's bounds and its parent's basis; the node's result when that already ends it.
    private func applyBoundsAndWarmStart(_ node: SearchNode) -> NodeResult? {
        do {
            guard try apply(node.fixings?.changes ?? []) else { return .infeasible }
            // A basis from a worker with another number of cut rows does not fit: start warm from ours.
            if let basis = node.basis, basis.rows.count == lp.rowCount { try lp.setBasis(basis) }
        } catch {
            return .unresolved(node.bound, "bounds: \(error)")
        }
        return nil
    }

    /// Solves the node's LP warm with the dual simplex, retrying once, then completes the outer
    /// approximation (bounded along a ray, refined at the optimum) when there is one.
    private func solveNodeLP(timeLeft: Double?, objectiveLimit: Double? = nil) -> LPStatus {
        // An iteration limit guards against GLPK stalling on degenerate bases (seen: one node LP
        // of an interdiction instance spinning for 17 s); the retry starts from the standard basis.
        var status = lp.solveWarm(timeLeft: timeLeft, size: kkt.rowCount + kkt.columnCount,
                                  objectiveLimit: objectiveLimit)
        if status == .unbounded && kkt.oaColumn != nil {
            // The quadratic part is only cut so far: bound it along the ray before anything else.
            if boundOuterApproximation(timeLeft: timeLeft) {
                status = .optimal
            } else if lp.isValid {
                status = .failed("unbounded LP with a quadratic leader objective (not proven unbounded)")
            } else {
                status = .failed("internal GLPK error")
            }
        }
        if status == .optimal { status = refineOuterApproximation(timeLeft: timeLeft) }
        if status == .optimal, let miss = boundMiss() {
            return .failed("the LP's point misses its bounds by \(miss) (scaling)")
        }
        return status
    }

    /// How far the LP's point misses a column or row bound, when farther than `Tolerances.feasibility`
    /// (relative to the bound, floor 1); nil when it keeps them. GLPK checks its tolerances on the
    /// scaled problem, so a badly scaled LP can be "optimal" at a point outside its bounds (seen: by
    /// 0.5 with a column scaled by 5e7); its value is then no bound for the node.
    private func boundMiss() -> Double? {
        func miss(_ v: Double, _ b: (lower: Double, upper: Double)) -> Double? {
            let below = b.lower - v, above = v - b.upper
            if below > Tolerances.feasibility * relativeFloor(b.lower) { return below }
            if above > Tolerances.feasibility * relativeFloor(b.upper) { return above }
            return nil
        }
        let columns = lp.columnValues, rows = lp.rowValues
        for j in columns.indices { if let m = miss(columns[j], lp.columnBounds(j)) { return m } }
        for i in rows.indices { if let m = miss(rows[i], lp.rowBounds(i)) { return m } }
        return nil
    }

    /// Fractional integer leader variables: branching candidates like the pairs (down, up).
    private func fractionalLeaderCandidates(_ columns: [Double]) -> [BranchCandidate] {
        var candidates: [BranchCandidate] = []
        for k in integerX {
            let column = kkt.xColumn(k)
            // GLPK's point may sit a feasibility tolerance outside the node's bounds (scaled problems:
            // 7 − 2e-6 at a lower bound of 7); split there, and the child "≥ 7" changes nothing and is
            // dived into forever (covering_20_s1: 9000 nodes deep on one x).
            let (lower, upper) = lp.columnBounds(column)
            let v = min(max(columns[column], lower), upper)
            let down = v - v.rounded(.down), up = v.rounded(.up) - v
            guard min(down, up) > Tolerances.branchingIntegrality else { continue }
            candidates.append(leaderSplit(k, at: v.rounded(.down), amounts: [down, up]))
        }
        return candidates
    }

    /// Integer leader variable `k` split into `≤ split` and `≥ split + 1`; `amounts` are the LP's
    /// distances to the two children (for pseudo-costs).
    private func leaderSplit(_ k: Int, at split: Double, amounts: [Double]) -> BranchCandidate {
        let column = kkt.xColumn(k)
        let children = [BoundChange(.column(column), .upper, split), BoundChange(.column(column), .lower, split + 1)]
        return BranchCandidate(key: kkt.pairs.count + k, children: children, amounts: amounts,
                               violation: amounts.min()!)
    }

    /// Integer linking variables not yet fixed by the node's bounds, split at their LP value (an
    /// integral value goes to the lower child), for `linkingFirst`.
    private func unfixedLinkingCandidates(_ columns: [Double]) -> [BranchCandidate] {
        var candidates: [BranchCandidate] = []
        for k in kkt.linkingX where kkt.canonical.xInteger[k] {
            let column = kkt.xColumn(k)
            let (lower, upper) = lp.columnBounds(column)
            guard lower < upper else { continue }
            let v = min(max(columns[column], lower), upper)
            var split = v.rounded(.down)
            if split >= upper { split = upper - 1 }
            // An integral value moves neither child by the LP's measure: a floor keeps pseudo-costs finite.
            let least = 1e-3
            candidates.append(leaderSplit(k, at: split, amounts: [max(v - split, least), max(split + 1 - v, least)]))
        }
        return candidates
    }

    /// Evaluates the LP's x as a leader choice (integers rounded: the verifier snaps them), each x
    /// once; the cutoff after offering the candidate it yields, nil when it yields none or when
    /// `scheduled` (a branching node's evaluation) and `schedule` skips it.
    private func evaluateLeaderChoice(_ columns: [Double], cutoff: Double, scheduled: Bool,
                                      offer: (Candidate) -> Double) -> Double? {
        let x = Array(columns[0..<kkt.nx])
        let key = x.enumerated().map { k, v in integerX.isEmpty || !kkt.canonical.xInteger[k] ? v : v.rounded() }
        if evaluated.count > 100_000 { evaluated.removeAll(keepingCapacity: true) }
        guard !evaluated.contains(key), !scheduled || schedule.isDue() else { return nil }
        evaluated.insert(key)
        guard case let .feasible(candidate) = verifier.candidate(at: x) else {
            if scheduled { schedule.record(improved: false) }
            return nil
        }
        let after = offer(candidate)
        if scheduled { schedule.record(improved: after < cutoff) }
        return after
    }

    /// Violated complementarity pairs; and, for when none is violated, the unfixed pair with both
    /// sides positive whose smaller side is largest (exactness over speed: a leaf must be an exact
    /// KKT point of its own face).
    private func pairCandidates(columns: [Double], rows: [Double])
        -> (violated: [BranchCandidate], weakest: BranchCandidate?) {
        var violated: [BranchCandidate] = []
        var weakest: BranchCandidate?
        for (p, pair) in kkt.pairs.enumerated() where !isFixed(pair) {
            let mu = columns[pair.multiplier]
            let s = KKTSystem.slackValue(pair.slack, columns: columns, rows: rows)
            guard mu > 0 && s > 0 else { continue }
            let children = [kkt.zeroMultiplier(pair), KKTSystem.activate(pair.slack)]
            let candidate = BranchCandidate(key: p, children: children, amounts: [mu, s], violation: min(mu, s))
            if candidate.violation > Tolerances.complementarity {
                violated.append(candidate)
            } else if candidate.violation > (weakest?.violation ?? 0) {
                weakest = candidate
            }
        }
        return (violated, weakest)
    }

    /// A leaf: the LP point is an exact KKT point of its face. Verifies it and offers it as it is
    /// (this is how a quadratic follower's incumbents are found); the cutoff after offering it, nil
    /// when it fails verification.
    private func offerLeafPoint(_ columns: [Double], offer: (Candidate) -> Double) -> Double? {
        let y = Array(columns[kkt.nx..<(kkt.nx + kkt.ny)])
        var x = Array(columns[0..<kkt.nx])
        for k in integerX { x[k] = x[k].rounded() }
        let report = verifier.verify(x: x, y: y)
        guard report.verified else { return nil }
        // At a leaf the multipliers are exact KKT multipliers too: the leader's multiplier terms count.
        let value = kkt.canonical.leaderValue(x: x, y: y) + kkt.dualTermsValue(columns)
        let duals = kkt.hasDualTerms ? kkt.shadowPrices(columns) : nil
        return offer(Candidate(x: x, y: y, value: value, report: report, duals: duals))
    }

    // MARK: Outer approximation

    /// Adds `t ≥ f(p) + ∇f(p)·(z − p)` for the leader's convex quadratic part f.
    private func addTangentCut(at p: [Double]) throws {
        guard let t = kkt.oaColumn else { return }
        let (f, g) = kkt.leaderQuadratic(at: p)
        let row = lp.rowCount
        try lp.addRows(1)
        try lp.setRow(row, coefficients: [(t, 1)] + g.map { ($0.column, -$0.value) })
        let rhs = f - g.reduce(0) { $0 + $1.value * p[$1.column] }
        try lp.setRowBounds(row, lower: rhs, upper: .infinity)
        bounds.appendRows([(rhs, .infinity)])
    }

    /// At an optimal node LP: adds tangent cuts at the LP point until t meets f there (within 1e-9
    /// relative), re-solving warm. Returns the final status.
    private func refineOuterApproximation(timeLeft: Double?) -> LPStatus {
        guard let t = kkt.oaColumn else { return .optimal }
        for _ in 0..<50 {
            let z = lp.columnValues
            let f = kkt.leaderQuadratic(at: z).value
            if f - z[t] <= Tolerances.outerApproximation * relativeFloor(f) { return .optimal }
            do { try addTangentCut(at: z) } catch { return .failed("\(error)") }
            let status = lp.solve(SimplexOptions(method: .dual, timeLimit: timeLeft))
            if status != .optimal { return status }
        }
        return .optimal
    }

    /// An unbounded node LP with outer approximation: cut far along the ray where the quadratic part
    /// curves upward; true when the LP became bounded.
    private func boundOuterApproximation(timeLeft: Double?) -> Bool {
        guard kkt.oaColumn != nil else { return false }
        for _ in 0..<50 {
            guard let ray = lp.unboundedRay() else { return false }
            let p = lp.columnValues
            let pointSize = max(1, p.reduce(0) { max($0, abs($1)) })
            let scale = pointSize / max(Self.smallestRayNorm, ray.reduce(0) { max($0, abs($1)) })
            let far = zip(p, ray).map { $0 + Self.cutDistanceAlongRay * scale * $1 }
            do { try addTangentCut(at: far) } catch { return false }
            let status = lp.solve(SimplexOptions(method: .primal, timeLimit: timeLeft))
            if status == .optimal { return true }
            if status != .unbounded { return false }
        }
        return false
    }

    /// Not tolerances: an unbounded ray's largest entry is taken as at least this when the ray is
    /// scaled, and the tangent cut goes this many times the point's size along it.
    private static let smallestRayNorm = 1e-12
    private static let cutDistanceAlongRay = 1e3

    /// Bound changes implied by the incumbent for every child of the last node processed.
    private(set) var tightenings: [BoundChange] = []

    /// Reduced-cost tightening: a variable at a bound with reduced cost `r` cannot move more than
    /// `(cutoff − value) / r` in any child that could beat the incumbent. Leader variables get the
    /// tightened bound. Follower variables (`reducedCostColumns`) do not — bounds a hair from the other
    /// side made GLPK return points that miss them (by 9e-5 on an oracle model, leaving its search open)
    /// and gave no fewer nodes — but a bound that moves strictly inside the box settles the
    /// pair of the box's other side: that slack cannot reach zero, so its multiplier is zero. Measured
    /// (Benchmarks/results/2026-12-03/reduced-costs): where the follower's variables are boxed (mixed)
    /// the search takes a fifth fewer nodes; elsewhere it changes nothing.
    private func reducedCostTightenings(value: Double, cutoff: Double, columns: [Double]) -> [BoundChange] {
        guard cutoff.isFinite else { return [] }
        let room = cutoff - value
        var changes: [BoundChange] = []
        let tol = Tolerances.reducedCostTightening
        for j in reducedCostColumns {
            let b = lp.columnBounds(j)
            guard b.lower < b.upper else { continue }
            let r = lp.reducedCost(j)
            let isInteger = j < kkt.nx && kkt.canonical.xInteger[j]
            if r > tol && b.lower.isFinite && abs(columns[j] - b.lower) <= tol * relativeFloor(b.lower) {
                var upper = b.lower + room / r
                if isInteger { upper = (upper + tol).rounded(.down) }
                if upper < b.upper - tol * relativeFloor(b.upper) {
                    if j < kkt.nx { changes.append(BoundChange(.column(j), .upper, upper)) }
                    if let side = boxSides[j]?.upper {
                        settle(side.pair, slack: side.bound - upper, reference: side.bound, into: &changes)
                    }
                }
            } else if r < -tol && b.upper.isFinite && abs(columns[j] - b.upper) <= tol * relativeFloor(b.upper) {
                var lower = b.upper + room / r
                if isInteger { lower = (lower - tol).rounded(.up) }
                if lower > b.lower + tol * relativeFloor(b.lower) {
                    if j < kkt.nx { changes.append(BoundChange(.column(j), .lower, lower)) }
                    if let side = boxSides[j]?.lower {
                        settle(side.pair, slack: lower - side.bound, reference: side.bound, into: &changes)
                    }
                }
            }
        }
        return changes
    }

    /// Appends "multiplier = 0" for pair `p`, whose slack (at a bound `reference`) is at least `slack`
    /// in every child that could beat the incumbent, when that is clearly above zero.
    private func settle(_ p: Int, slack: Double, reference: Double, into changes: inout [BoundChange]) {
        let pair = kkt.pairs[p]
        guard !isFixed(pair), slack > Tolerances.settledByReducedCost * relativeFloor(reference) else { return }
        changes.append(kkt.zeroMultiplier(pair))
    }

    /// Picks the candidate to branch on.
    ///
    /// Without `probing` (pairs and integer leader splits where `probesPairs` is false): the candidate
    /// whose children move the LP point most, by the product of the two amounts (for a pair, multiplier
    /// times slack), diving into the child that moves it less. Measured against strong branching on
    /// the generated families (Benchmarks/results/2026-12-03/branching): on their dual-degenerate node
    /// LPs the probes mostly see no bound gain and steer the search badly (random 30 s1: 47 165 nodes
    /// with probes, 3 819 without; covering 30 closes 3 of 3 in 120 s without, 0 of 3 with).
    ///
    /// With `probing` (`probesPairs`, where it pays: toll 6400 s1 takes 320 nodes with it, 3 087
    /// without; product envelopes and implications always): strong branching on up to
    /// `strongBranchingCandidates` candidates whose pseudo-costs are not yet reliable, pseudo-cost
    /// estimates for the rest, product score. A probe that proves a child infeasible (or no better than
    /// the cutoff) leaves only the other child.
    private func chooseBranch(_ candidates: [BranchCandidate], value: Double, basis: Basis,
                              cutoff: Double, timeLeft: Double?, probing: Bool) -> NodeResult {
        // A child whose change leaves the node's bounds as they are is the node itself: branching
        // there never ends. No candidate source should make one; this keeps the search finite if one does.
        let ordered = candidates.filter { !$0.children.contains(where: isNoChange) }
            .sorted { $0.violation > $1.violation }
        guard !ordered.isEmpty else {
            return .unresolved(value, "no branching candidate changes the node's bounds")
        }
        if !probing {
            // The first of the largest scores: ties go to the most violated (`ordered`'s order).
            var chosen = ordered[0]
            var top = branchingScore(chosen.amounts[0], chosen.amounts[1])
            for candidate in ordered.dropFirst() {
                let score = branchingScore(candidate.amounts[0], candidate.amounts[1])
                if score > top { (chosen, top) = (candidate, score) }
            }
            let preferred = Self.preferredChild(bounds: [value, value], amounts: chosen.amounts)
            return .branch(value: value, children: chosen.children, bounds: [value, value], preferred: preferred,
                           basis: basis)
        }
        var best: (candidate: BranchCandidate, score: Double, bounds: [Double], probed: Bool)?
        var probes = 0
        for candidate in ordered {
            var bounds = [value, value]
            var alive = [true, true]
            let probed = !pseudoCosts.isReliable(key: candidate.key) && probes < strongBranchingCandidates
                && ordered.count > 1
            if probed {
                probes += 1
                for (side, change) in candidate.children.enumerated() {
                    switch probe(change, basis: basis, timeLeft: timeLeft) {
                    case .none:
                        alive[side] = false
                        bounds[side] = .infinity
                    case let .some(v):
                        bounds[side] = max(value, v.bound)
                        if v.exact {
                            pseudoCosts.record(key: candidate.key, side: side, gain: v.bound - value,
                                               amount: candidate.amounts[side])
                        }
                        if bounds[side] >= cutoff { alive[side] = false }
                    }
                }
                if !alive[0] || !alive[1] {
                    // One side (or both) is closed: no better choice exists at this node.
                    try? lp.setBasis(basis)
                    if !alive[0] && !alive[1] {
                        let closed = min(bounds[0], bounds[1])
                        return closed == .infinity ? .infeasible : .prunedByBound(closed)
                    }
                    let k = alive[0] ? 0 : 1
                    return .branch(value: value, children: [candidate.children[k]], bounds: [bounds[k]], preferred: 0,
                                   basis: basis)
                }
            } else {
                let (a, b) = pseudoCosts.estimate(key: candidate.key, first: candidate.amounts[0],
                                                  second: candidate.amounts[1])
                bounds = [value + a, value + b]
            }
            let score = branchingScore(bounds[0] - value, bounds[1] - value)
            if best == nil || score > best!.score { best = (candidate, score, bounds, probed) }
        }
        if probes > 0 { try? lp.setBasis(basis) }
        let chosen = best!
        // Only probed bounds are proven; estimates order the dive but are not used as bounds.
        let childBounds = chosen.probed ? chosen.bounds : [value, value]
        let preferred = Self.preferredChild(bounds: chosen.bounds, amounts: chosen.candidate.amounts)
        return .branch(value: value, children: chosen.candidate.children, bounds: childBounds, preferred: preferred,
                       basis: basis)
    }

    /// Whether `change` leaves the current bounds as they are.
    private func isNoChange(_ change: BoundChange) -> Bool {
        let now = currentBounds(change.target)
        let after = change.tightening(now)
        return after.lower == now.lower && after.upper == now.upper
    }

    /// The child to dive into: the one with the smaller bound gain (it keeps more of the parent), on
    /// a tie the one that moves less.
    private static func preferredChild(bounds: [Double], amounts: [Double]) -> Int {
        if bounds[0] < bounds[1] { return 0 }
        if bounds[0] > bounds[1] { return 1 }
        return amounts[0] <= amounts[1] ? 0 : 1
    }

    /// Solves the node's LP with one extra bound change, a limited number of dual simplex
    /// iterations, then restores the bound and the basis. Nil when the child is infeasible.
    /// `exact` is true when the child's LP was solved to optimality (then `bound` is its value);
    /// otherwise `bound` is the dual simplex's bound so far or the parent's value.
    private func probe(_ change: BoundChange, basis: Basis, timeLeft: Double?) -> (bound: Double, exact: Bool)? {
        let old = currentBounds(change.target)
        let (lower, upper) = change.tightening(old)
        if lower > upper { return nil }
        defer {
            try? setBounds(change.target, old.lower, old.upper)
            try? updateEnvelopes()
            try? lp.setBasis(basis)
        }
        guard (try? setBounds(change.target, lower, upper)) != nil, (try? updateEnvelopes()) != nil else {
            return (-.infinity, false)
        }
        let options = SimplexOptions(method: .dual, timeLimit: timeLeft, iterationLimit: strongBranchingIterations)
        let status = lp.solve(options)
        switch status {
        case .optimal: return (lp.objectiveValue, true)
        case .infeasible: return nil
        default: return (-.infinity, false)
        }
    }

    // MARK: Unboundedness

    /// At a node whose LP is unbounded: look for a face with every pair fixed that keeps the ray.
    /// If the ray crosses a pair (both sides grow along it), branch on that pair instead.
    private func analyzeUnbounded(_ node: SearchNode, timeLeft: Double?, offer: (Candidate) -> Double) -> NodeResult {
        let basis = lp.basis
        guard let ray = lp.unboundedRay() else {
            return branchOnAnyPair(node, basis: basis)
                ?? .unresolved(-.infinity, "unbounded node LP without a usable ray")
        }
        let point = lp.columnValues
        let rows = lp.rowValues
        let scale = max(1, ray.reduce(0) { max($0, abs($1)) })
        let tol = Tolerances.rayEntry * scale
        func rowDirection(_ i: Int) -> Double { rowsOfMatrix[i].reduce(0) { $0 + $1.value * ray[$1.column] } }
        func slackDirection(_ slack: KKTSystem.Slack) -> Double {
            switch slack {
            case let .rowLower(i, _): return rowDirection(i)
            case let .rowUpper(i, _): return -rowDirection(i)
            case let .columnLower(j, _): return ray[j]
            case let .columnUpper(j, _): return -ray[j]
            }
        }
        var face: [BoundChange] = []
        var crossing: (pair: KKTSystem.Pair, score: Double)?
        for pair in kkt.pairs where !isFixed(pair) {
            let rm = ray[pair.multiplier], rs = slackDirection(pair.slack)
            if rm > tol && rs > tol {
                if rm * rs > (crossing?.score ?? 0) { crossing = (pair, rm * rs) }
            } else if rm > tol {
                face.append(KKTSystem.activate(pair.slack))
            } else if rs > tol {
                face.append(kkt.zeroMultiplier(pair))
            } else {
                // Neither side moves: keep the side that is already (nearly) zero at the point.
                let mu = point[pair.multiplier]
                let s = KKTSystem.slackValue(pair.slack, columns: point, rows: rows)
                face.append(mu <= s ? kkt.zeroMultiplier(pair) : KKTSystem.activate(pair.slack))
            }
        }
        if let c = crossing {
            return unboundedBranch(on: c.pair, basis: basis)
        }
        let nodeChanges = node.fixings?.changes ?? []
        if kkt.hasDualTerms, let proof = multiplierRay(ray, face: nodeChanges + face, timeLeft: timeLeft) {
            _ = try? apply(nodeChanges)
            return .unbounded(proof)
        }
        let proof = proveUnboundedFace(nodeChanges + face, timeLeft: timeLeft)
        // Restore the node's own bounds before going on.
        _ = try? apply(nodeChanges)
        if let proof { return .unbounded(proof) }
        return branchOnAnyPair(node, basis: basis, point: point, rows: rows)
            ?? .unresolved(-.infinity, "unbounded LP on a face whose unboundedness could not be confirmed")
    }

    /// Solves the LP on a face where every pair is fixed. Unbounded there means unbounded bilevel
    /// problem: every point of the face is a KKT point. A witness point far along the ray is verified
    /// (for continuous leaders) before the claim is made.
    private func proveUnboundedFace(_ changes: [BoundChange], timeLeft: Double?) -> UnboundedProof? {
        guard (try? apply(changes)) == true else { return nil }
        var status = lp.solve(SimplexOptions(method: .primal, timeLimit: timeLeft))
        if status == .infeasibleOrUnbounded {
            lp.resetBasis()
            status = lp.solve(SimplexOptions(method: .primal, timeLimit: timeLeft))
        }
        guard status == .unbounded, let ray = lp.unboundedRay() else { return nil }
        let point = lp.columnValues
        if !integerX.isEmpty {
            // Meyer (1974): with rational data, a feasible MILP whose relaxation is unbounded is unbounded.
            guard integerFeasible(changes) else { return nil }
            return UnboundedProof(message: Self.unboundedIntegerFace, witness: nil)
        }
        let nx = kkt.nx, ny = kkt.ny
        let base = kkt.canonical.leaderValue(x: Array(point[0..<nx]), y: Array(point[nx..<(nx + ny)]))
        let slope = -kkt.canonical.leaderValue(x: Array(ray[0..<nx]), y: Array(ray[nx..<(nx + ny)])) + kkt.canonical.c0
        guard slope > 0 else { return nil }
        // Walk far enough that the objective improves by `witnessImprovement`·max(1, |base|), and verify there.
        let t = Self.witnessImprovement * max(1, abs(base)) / slope
        let x = (0..<nx).map { point[$0] + t * ray[$0] }
        switch verifier.candidate(at: x) {
        case let .feasible(candidate) where candidate.value < base - 0.5 * t * slope:
            let message = Self.unboundedAlongRay(witness: candidate.value, start: base)
            return UnboundedProof(message: message, witness: candidate)
        case .unbounded:
            return UnboundedProof(message: Self.unboundedOptimalFace, witness: nil)
        default:
            return nil
        }
    }

    private static let unboundedIntegerFace = "the leader's objective decreases without bound on a face of the KKT "
        + "system where every complementarity pair holds and integer points exist"
    private static let unboundedOptimalFace = "the leader's objective decreases without bound on the follower's "
        + "optimal face"

    private static func unboundedAlongRay(witness: Double, start: Double) -> String {
        "the leader's objective decreases without bound along a ray on which the follower stays optimal "
            + "(verified point with objective \(witness) versus \(start) at the ray's start)"
    }

    /// Not a tolerance: how far a witness of unboundedness walks along the ray, as the improvement it
    /// promises relative to the objective at the ray's start (floor 1).
    private static let witnessImprovement = 1e3
    /// Not a tolerance: the prices named in an ill-posedness message are rounded to this many parts of one.
    private static let messagePricePrecision = 1e9

    /// With follower multipliers in the leader's objective: an improving ray that moves only
    /// multipliers, on a face where every pair holds, means the follower's optimal multipliers are not
    /// unique and the leader can pick them as large as it likes: the model is ill-posed.
    private func multiplierRay(_ ray: [Double], face: [BoundChange], timeLeft: Double?) -> UnboundedProof? {
        let primal = (0..<(kkt.nx + kkt.ny)).reduce(0.0) { max($0, abs(ray[$1])) }
        let moving = kkt.multipliers.filter { abs(ray[$0.column]) > Tolerances.rayEntry }
        guard primal <= Tolerances.rayEntry, !moving.isEmpty else { return nil }
        guard (try? apply(face)) == true else { return nil }
        let status = lp.solve(SimplexOptions(method: .primal, timeLimit: timeLeft))
        guard status == .unbounded, let faceRay = lp.unboundedRay(),
              (0..<(kkt.nx + kkt.ny)).allSatisfy({ abs(faceRay[$0]) <= Tolerances.rayEntry }) else { return nil }
        let model = kkt.canonical.model
        let moved = kkt.multipliers.filter { abs(faceRay[$0.column]) > Tolerances.rayEntry }
        let movingRows = moved.compactMap(followerRowName)
        let prices = kkt.shadowPrices(faceRay).filter { abs($0.value) > Tolerances.rayEntry }.sorted { $0.key < $1.key }
            .map { "dual(\(model.constraints[$0.key].name)) " + Self.signedPrice($0.value) }
        return UnboundedProof(message: Self.illPosed(rows: Set(movingRows).sorted(), prices: prices), witness: nil,
                              illPosed: true)
    }

    /// The name of the follower row a multiplier belongs to (nil for a bound's).
    private func followerRowName(_ m: KKTSystem.Multiplier) -> String? {
        switch m.origin {
        case let .rowLower(r), let .rowUpper(r), let .rowEquality(r):
            return kkt.canonical.model.constraints[kkt.canonical.followerRows[r].source].name
        default: return nil
        }
    }

    /// A price as the ill-posedness message writes it: signed, rounded to `messagePricePrecision`.
    private static func signedPrice(_ v: Double) -> String {
        (v > 0 ? "+" : "") + NumberText.shortest((v * messagePricePrecision).rounded() / messagePricePrecision)
    }

    private static func illPosed(rows: [String], prices: [String]) -> String {
        "ill-posed: the follower's optimal multipliers are not unique (rows \(rows.joined(separator: ", ")) are "
            + "redundant), and the leader's objective decreases without bound along the ray of optimal "
            + "multipliers \(prices.joined(separator: ", ")) at a fixed follower response"
    }

    /// Whether the face has a point with integral leader integers (a MILP feasibility check on a
    /// fresh copy, leaving this worker's LP untouched).
    private func integerFeasible(_ changes: [BoundChange]) -> Bool {
        guard let copy = try? kkt.makeLP() else { return false }
        do {
            for j in 0..<kkt.columnCount { try copy.setObjective(column: j, 0) }
            for k in integerX { try copy.setInteger(column: kkt.xColumn(k)) }
            guard try NodeBounds(copy).apply(changes) else { return false }
        } catch { return false }
        let result = copy.solveMIP(MIPOptions(timeLimit: 60, shouldStop: shouldStop))
        return result.status == .optimal || result.status == .feasible
    }

    /// Branch on the unfixed pair most violated at `point` (or the first unfixed pair).
    private func branchOnAnyPair(_ node: SearchNode, basis: Basis, point: [Double]? = nil,
                                 rows: [Double]? = nil) -> NodeResult? {
        var chosen: KKTSystem.Pair?
        var bestScore = -1.0
        for pair in kkt.pairs where !isFixed(pair) {
            var score = 0.0
            if let point, let rows {
                score = min(point[pair.multiplier], KKTSystem.slackValue(pair.slack, columns: point, rows: rows))
            }
            if score > bestScore { bestScore = score; chosen = pair }
        }
        guard let pair = chosen else { return nil }
        return unboundedBranch(on: pair, basis: basis)
    }

    /// Branches on `pair` with no bound for either child (at an unbounded node).
    private func unboundedBranch(on pair: KKTSystem.Pair, basis: Basis) -> NodeResult {
        .branch(value: -.infinity, children: [kkt.zeroMultiplier(pair), KKTSystem.activate(pair.slack)],
                bounds: [-.infinity, -.infinity], preferred: 0, basis: basis)
    }
}
