import Foundation
import GLPK

/// One worker's node solver for integer followers: a node is the HPR's LP with some bounds moved.
///
/// At a node whose LP point has integral linking values `x_L`, the pool's verdict for `x_L` is
/// looked up or computed (the follower's MILP, then the best-response MILP, whose optimum is offered
/// as a verified point). A node whose linking variables are all fixed is then closed by that verdict:
/// its bilevel-feasible points are among those the best response ranged over. Otherwise the node
/// branches: on a fractional linking variable first, then on any fractional integer variable, and
/// when the point is integral but not bilevel feasible, on an unfixed linking variable, which drives
/// the linking variables to fixed values. Finite because they are integers with finite bounds.
///
/// Owns GLPK problems: create, use and drop on one thread.
final class LinkingNodeSolver: NodeProcessor {
    private let hpr: HighPointRelaxation
    private let lp: LinearProblem
    private let bounds: NodeBounds
    private let follower: FollowerMILP
    private let bestResponse: BestResponseMILP
    /// Checks the rows, bounds and integrality of the points offered.
    private let verifier: Verifier
    private let pool: LinkingPool
    /// Globally valid cuts (interdiction structure), and how many of them this LP has.
    private let cuts: CutPool
    private let interdiction: InterdictionCuts?
    private var loadedCuts = 0
    /// Integer columns that are not linking variables.
    private let otherIntegers: [Int]
    /// Why the last verdict could not be computed.
    private var trouble = ""

    var isUsable: Bool { lp.isValid }

    init(_ hpr: HighPointRelaxation, pool: LinkingPool, cuts: CutPool, interdiction: InterdictionCuts?) throws {
        self.hpr = hpr
        self.pool = pool
        self.cuts = cuts
        self.interdiction = interdiction
        lp = try hpr.makeProblem(integer: false)
        bounds = NodeBounds(lp)
        follower = try FollowerMILP(hpr.canonical)
        bestResponse = try BestResponseMILP(hpr)
        verifier = try Verifier(hpr.canonical)
        let linking = Set(hpr.linking)
        otherIntegers = hpr.integerColumns.filter { !linking.contains($0) }
    }

    func process(_ node: SearchNode, in search: SearchContext) -> NodeResult {
        do {
            try loadNewCuts()
            guard try bounds.apply(node.fixings?.changes ?? []) else { return .infeasible }
            if var basis = node.basis, basis.rows.count <= lp.rowCount, basis.columns.count == lp.columnCount {
                // Cuts added since the basis was taken enter as basic rows: the basis stays valid.
                basis.rows += Array(repeating: Basis.basic, count: lp.rowCount - basis.rows.count)
                try lp.setBasis(basis)
            }
        } catch {
            return .unresolved(node.bound, "bounds: \(error)")
        }
        let status = solveRelaxation(timeLeft: search.timeLeft)
        switch status {
        case .optimal: break
        case .infeasible: return .infeasible
        case .unbounded: return unboundedNode(node, search)
        case .timeLimit: return .stopped
        default: return .unresolved(node.bound, "node LP: \(status)")
        }
        let value = lp.objectiveValue
        if value >= search.cutoff { return .prunedByBound(value) }
        let z = lp.columnValues
        let basis = lp.basis
        if let j = Self.mostFractional(z, among: hpr.linking) { return split(j, at: z[j], value: value, basis: basis) }
        let key = hpr.linking.map { z[$0].rounded() }
        if linkingFixed { return close(key, value: value, search: search) }
        if case .unbounded = settle(key, search) ?? .best(value) { return .unbounded(unboundedProof(key)) }
        if value >= search.cutoff { return .prunedByBound(value) }
        if let j = Self.mostFractional(z, among: otherIntegers) { return split(j, at: z[j], value: value, basis: basis) }
        // Integral but not bilevel feasible (a bilevel-feasible point would have made the best
        // response no worse than this node's value, and the cutoff would have pruned it).
        return splitLinking(key, value: value, basis: basis)
    }

    // MARK: Steps

    /// Appends the cuts other workers (or this one) found since the last node.
    private func loadNewCuts() throws {
        let new = cuts.cuts(from: loadedCuts)
        guard !new.isEmpty else { return }
        let first = lp.rowCount
        try lp.addRows(new.count)
        for (k, cut) in new.enumerated() {
            try lp.setRow(first + k, coefficients: cut.coefficients)
            try lp.setRowBounds(first + k, lower: -.infinity, upper: cut.upper)
        }
        loadedCuts += new.count
    }

    /// Records the interdiction cut of a follower solution (feasible at some leader choice).
    private func addCut(from y: [Double]) {
        guard let interdiction else { return }
        cuts.add(key: y) {
            let cut = interdiction.cut(from: y)
            return CutPool.Cut(coefficients: cut.coefficients, upper: cut.upper)
        }
    }

    /// Dual simplex from the warm basis; on trouble, the primal simplex from the standard basis.
    private func solveRelaxation(timeLeft: Double?) -> LPStatus {
        let limit = max(5_000, 20 * (lp.rowCount + lp.columnCount))
        var status = lp.solve(SimplexOptions(method: .dual, timeLimit: timeLeft, iterationLimit: limit))
        if status == .infeasibleOrUnbounded || status == .iterationLimit {
            lp.resetBasis()
            status = lp.solve(SimplexOptions(method: .primal, timeLimit: timeLeft, iterationLimit: 2 * limit))
        }
        return status
    }

    private var linkingFixed: Bool {
        hpr.linking.allSatisfy { let b = bounds.current(.column($0)); return b.lower == b.upper }
    }

    /// A node whose linking variables are fixed at `key`: its bilevel-feasible points are among the
    /// best response's, so the pool's verdict closes it.
    private func close(_ key: [Double], value: Double, search: SearchContext) -> NodeResult {
        switch settle(key, search) {
        case .none: return .unresolved(value, trouble)
        case .noPoint?: return .infeasible
        case .unbounded?: return .unbounded(unboundedProof(key))
        case let .best(best)?: return .leaf(max(value, best))
        }
    }

    /// The node's LP is unbounded: split the widest unfixed linking variable, or, with every linking
    /// variable fixed, close the node by the pool's verdict.
    private func unboundedNode(_ node: SearchNode, _ search: SearchContext) -> NodeResult {
        let open = hpr.linking.map { ($0, bounds.current(.column($0))) }.filter { $0.1.lower < $0.1.upper }
        guard let (j, b) = open.max(by: { $0.1.upper - $0.1.lower < $1.1.upper - $1.1.lower }) else {
            let key = hpr.linking.map { bounds.current(.column($0)).lower }
            return close(key, value: -.infinity, search: search)
        }
        // The middle of the domain; with an infinite side, the basic solution's value (finite depth
        // is then not guaranteed, but every claim stays certified).
        let value = lp.columnValue(j)
        var middle = b.lower.isFinite && b.upper.isFinite ? ((b.lower + b.upper) / 2).rounded(.down)
            : (value.isFinite ? value.rounded(.down) : 0)
        middle = min(max(middle, b.lower), b.upper - 1)
        return .branch(value: -.infinity,
                       children: [BoundChange(.column(j), .upper, middle), BoundChange(.column(j), .lower, middle + 1)],
                       bounds: [-.infinity, -.infinity], preferred: 0, basis: lp.basis)
    }

    /// Branches on an integer column with a fractional value: down and up, nearer side first.
    private func split(_ j: Int, at v: Double, value: Double, basis: Basis) -> NodeResult {
        let down = BoundChange(.column(j), .upper, v.rounded(.down))
        let up = BoundChange(.column(j), .lower, v.rounded(.up))
        let preferred = v - v.rounded(.down) <= 0.5 ? 0 : 1
        return .branch(value: value, children: [down, up], bounds: [value, value], preferred: preferred, basis: basis)
    }

    /// Branches on an unfixed linking variable at its integral value v: the child that keeps v first
    /// (its LP point stays, and fixing continues until the pool closes it), then the rest.
    private func splitLinking(_ key: [Double], value: Double, basis: Basis) -> NodeResult {
        let open = zip(hpr.linking, key).map { ($0, $1, bounds.current(.column($0))) }.filter { $0.2.lower < $0.2.upper }
        guard let (j, v, b) = open.max(by: { $0.2.upper - $0.2.lower < $1.2.upper - $1.2.lower }) else {
            return .unresolved(value, "no linking variable left to branch on")
        }
        let keep = v < b.upper ? BoundChange(.column(j), .upper, v) : BoundChange(.column(j), .lower, v)
        let rest = v < b.upper ? BoundChange(.column(j), .lower, v + 1) : BoundChange(.column(j), .upper, v - 1)
        return .branch(value: value, children: [keep, rest], bounds: [value, value], preferred: 0, basis: basis)
    }

    /// The integer column among `columns` farthest from an integer (beyond the LP's tolerance).
    private static func mostFractional(_ z: [Double], among columns: [Int]) -> Int? {
        var best: (column: Int, distance: Double)?
        for j in columns {
            let distance = min(z[j] - z[j].rounded(.down), z[j].rounded(.up) - z[j])
            if distance > Tolerances.branchingIntegrality, distance > (best?.distance ?? 0) { best = (j, distance) }
        }
        return best?.column
    }

    // MARK: Verdicts

    private func settle(_ key: [Double], _ search: SearchContext) -> LinkingVerdict? {
        pool.verdict(for: key) { evaluate(key, search) }
    }

    /// The follower's MILP at `x_L`, then the best response; its optimum is checked and offered.
    private func evaluate(_ key: [Double], _ search: SearchContext) -> LinkingVerdict? {
        let c = hpr.canonical
        var x = [Double](repeating: 0, count: c.nx)
        for (k, v) in zip(hpr.linking, key) { x[k] = v }
        let stop: () -> Bool = { search.stopRequested }
        let phi: Double
        switch follower.respond(to: x, timeLimit: search.timeLeft, shouldStop: stop) {
        case let .optimal(value, yhat):
            phi = value
            addCut(from: yhat)
        case let .noResponse(why): return .noPoint(why)
        case .stopped: trouble = "stopped"; return nil
        case let .failed(why): trouble = why; return nil
        }
        switch bestResponse.respond(linkingValues: key, phi: phi, timeLimit: search.timeLeft, shouldStop: stop) {
        case let .optimal(x, y, _):
            addCut(from: y)
            return offer(x: x, y: y, phi: phi, search: search)
        case .infeasible: return .noPoint("no follower optimum satisfies the leader's rows")
        case .unbounded: return .unbounded
        case .stopped: trouble = "stopped"; return nil
        case let .failed(why): trouble = why; return nil
        }
    }

    /// Checks a best response (rows, bounds, integrality, the follower's value against φ from its
    /// own MILP at these linking values) and offers it.
    private func offer(x rawX: [Double], y rawY: [Double], phi: Double, search: SearchContext) -> LinkingVerdict? {
        let c = hpr.canonical
        let x = rawX.enumerated().map { c.xInteger[$0.offset] ? $0.element.rounded() : $0.element }
        let y = rawY.enumerated().map { c.yInteger[$0.offset] ? $0.element.rounded() : $0.element }
        let (violation, what) = verifier.worstViolation(x: x, y: y)
        guard violation <= Tolerances.feasibility else {
            trouble = "a best response violates \(what) by \(violation)"
            return nil
        }
        guard c.followerValue(y: y) - phi <= Tolerances.followerOptimality * relativeFloor(phi) else {
            trouble = "a best response misses the follower's optimum"
            return nil
        }
        let report = VerificationReport(verified: true, followerOptimum: c.followerSign * phi, maxViolation: violation,
                                        reason: nil)
        let value = c.leaderValue(x: x, y: y)
        _ = search.offer(Candidate(x: x, y: y, value: value, report: report))
        return .best(value)
    }

    private func unboundedProof(_ key: [Double]) -> UnboundedProof {
        let c = hpr.canonical
        let names = hpr.linking.map { c.model.variables[c.leaderVariables[$0]].name }
        let values = zip(names, key).map { "\($0) = \(NumberText.shortest($1))" }.joined(separator: ", ")
        let at = values.isEmpty ? "" : " with the linking variables at \(values)"
        return UnboundedProof(message: "the leader's objective decreases without bound over the bilevel-feasible "
                              + "points\(at): the follower's optimum is attained and the best response for the "
                              + "leader is unbounded")
    }
}
