import Foundation
import GLPK

/// One worker's node solver for integer followers: a node is the HPR's LP with some bounds moved.
///
/// At a node whose LP point has integral linking values `x_L`, the pool's verdict for `x_L` is
/// looked up or computed (the follower's MILP, then the best-response MILP, whose optimum is offered
/// as a verified point). A node whose linking variables are all fixed is then closed by that verdict:
/// its bilevel-feasible points are among those the best response ranged over. Otherwise cuts are
/// tried (intersection cuts, local to the node's subtree, where the data allow them), and then the
/// node branches: on a fractional linking variable, else on an unfixed linking variable at its
/// integral value, which drives the linking variables to fixed values (other integer variables are
/// never branched on: a node with its linking variables fixed is closed by the pool's verdict).
/// Finite when the linking variables are integers with finite bounds.
///
/// Owns GLPK problems: create, use and drop on one thread.
final class LinkingNodeSolver: NodeProcessor {
    /// What a worker shares with the others and with the method.
    struct Shared {
        let hpr: HighPointRelaxation
        let pool: LinkingPool
        let cuts: CutPool
        let interdiction: InterdictionCuts?
        let intersection: IntersectionCuts?
    }

    private let hpr: HighPointRelaxation
    private let shared: Shared
    private let lp: LinearProblem
    private let bounds: NodeBounds
    private let follower: FollowerMILP
    private let bestResponse: BestResponseMILP
    /// Finds improving directions for intersection cuts (when they apply).
    private let improving: ImprovingDirection?
    /// Separates interdiction cuts (when they apply).
    private let separation: InterdictionSeparation?
    /// Checks the rows, bounds and integrality of the points offered.
    private let verifier: Verifier
    /// Integer columns that are not linking variables.
    private let otherIntegers: [Int]
    /// Row layout of the LP: the HPR's own rows, the global cuts loaded so far, then the local cuts
    /// of the node being solved (their pool identifiers, in order).
    private let baseRows: Int
    private var globalRows = 0
    private var localCuts: [Int] = []
    /// Why the last verdict could not be computed.
    private var trouble = ""
    /// Rounds of cuts at one node before it branches (more at the root, whose cuts every node keeps).
    static let cutRounds = 5
    static let rootCutRounds = 20
    /// Rounds of interdiction-cut separation: many at the root, a few at shallow nodes (measured on
    /// knapsack interdiction, 20–40 items: every node, or the root only, left 30-item instances at
    /// the time limit that these settings solve in 1–2 s; deeper separation makes the LP too large).
    static let rootSeparationRounds = 50
    static let separationRounds = 2
    static let separationDepth = 8
    /// Whether the best response is solved at every integral linking vector the LP reaches (early
    /// incumbents), or only where the LP point is integral and where the linking values are fixed.
    /// Measured on the general families at 10 s: 82 solved eagerly, 81 lazily (lazily 7 % faster on
    /// those both solve); early incumbents decide for eager.
    static let eagerBestResponse = true

    /// Whether node bounds round up (`HighPointRelaxation.hasIntegralObjective`).
    private let integralObjective: Bool

    var isUsable: Bool { lp.isValid }

    init(_ shared: Shared) throws {
        self.shared = shared
        hpr = shared.hpr
        lp = try hpr.makeProblem(integer: false)
        bounds = NodeBounds(lp)
        baseRows = lp.rowCount
        follower = try FollowerMILP(hpr.canonical)
        bestResponse = try BestResponseMILP(hpr)
        improving = shared.intersection == nil ? nil : ImprovingDirection(hpr.canonical)
        let canonical = shared.hpr.canonical
        separation = try shared.interdiction.map { try InterdictionSeparation(canonical, cuts: $0) }
        verifier = try Verifier(hpr.canonical)
        let linking = Set(hpr.linking)
        otherIntegers = hpr.integerColumns.filter { !linking.contains($0) }
        integralObjective = hpr.hasIntegralObjective
    }

    /// The LP's value as a bound: rounded up when the objective is integral at integral points (less
    /// a hair, so that an LP value a rounding error above an integer is not rounded past it).
    private var nodeBound: Double {
        let value = lp.objectiveValue
        guard integralObjective else { return value }
        return (value - Tolerances.integralBoundSlack * relativeFloor(value)).rounded(.up)
    }

    func process(_ node: SearchNode, in search: SearchContext) -> NodeResult {
        do {
            let changes = node.fixings?.changes ?? []
            let wanted = changes.compactMap { change -> Int? in
                if case let .cut(id) = change.target { return id }
                return nil
            }
            try loadGlobalCuts()
            try setLocalCuts(wanted, warm: node.basis == nil)
            guard try bounds.apply(changes) else { return .infeasible }
            if let basis = node.basis { try restore(basis) }
        } catch {
            return .unresolved(node.bound, "bounds: \(error)")
        }
        var activated: [BoundChange] = []
        let root = node.fixings == nil
        let rounds = root ? Self.rootCutRounds : Self.cutRounds
        let shallow = node.depth <= Self.separationDepth
        let separations = root ? Self.rootSeparationRounds : (shallow ? Self.separationRounds : 0)
        for round in 0... {
            let status = lp.solveWarm(timeLeft: search.timeLeft, size: lp.rowCount + lp.columnCount)
            switch status {
            case .optimal: break
            case .infeasible: return .infeasible
            case .unbounded: return unboundedNode(search)
            case .timeLimit: return .stopped
            default: return .unresolved(node.bound, "node LP: \(status)")
            }
            let value = nodeBound
            if value >= search.cutoff { return .prunedByBound(value) }
            // Clamped to the node's bounds: GLPK's point may sit a tolerance outside them, and a split
            // there has a child that changes nothing (the complementarity search dived 9000 nodes so).
            let z = lp.columnValues.enumerated().map { j, v in
                let b = bounds.current(.column(j))
                return min(max(v, b.lower), b.upper)
            }
            let fractionalLinking = Self.mostFractional(z, among: hpr.linking)
            let key = hpr.linking.map { z[$0].rounded() }
            var yhat: [Double]?
            if fractionalLinking == nil {
                if linkingFixed { return close(key, value: value, search: search) }
                let response = follower(at: key, search)
                if Self.eagerBestResponse || isIntegral(z), case .unbounded? = best(at: key, search) {
                    return .unbounded(unboundedProof(key))
                }
                if value >= search.cutoff { return .prunedByBound(value) }
                if case let .optimal(_, y)? = response { yhat = y }
            }
            if round < max(rounds, separations) {
                do {
                    if round < separations, try separatedInterdictionCut(at: z, search) { continue }
                    if round < rounds, let change = try intersectionCut(at: z, yhat: yhat) {
                        activated.append(change)
                        continue
                    }
                } catch {
                    return .unresolved(value, "cut: \(error)")
                }
            }
            if let j = fractionalLinking { return split(j, at: z[j], value: value, common: activated) }
            // Integral linking values not yet fixed (fixed ones were closed above): fix them, and the
            // pool's verdict closes the node, rather than branch on other integers first (as MibS's
            // linking strategy does; the search stays finite and exact either way). Measured at 30 s,
            // one thread: IBLP-FIS p0201-0.9 solved in 1.9 s instead of a time limit, MIBLP-XU's
            // slowest (bmilplib_60_5, 110_6, 110_8) 1.3–2.3× faster; easy ones up to 2× slower
            // (lseu-0.1 0.5 → 1.0 s, bmilplib_110_5 0.3 → 0.6 s).
            return splitLinking(key, value: value, common: activated)
        }
        return .unresolved(node.bound, "unreachable")
    }

    // MARK: Steps

    private func isIntegral(_ z: [Double]) -> Bool { Self.mostFractional(z, among: otherIntegers) == nil }

    private var linkingFixed: Bool {
        hpr.linking.allSatisfy { let b = bounds.current(.column($0)); return b.lower == b.upper }
    }

    /// A node whose linking variables are fixed at `key`: its bilevel-feasible points are among the
    /// best response's, so the pool's verdict closes it.
    private func close(_ key: [Double], value: Double, search: SearchContext) -> NodeResult {
        switch best(at: key, search) {
        case .none: return .unresolved(value, trouble)
        case .noPoint?: return .infeasible
        case .unbounded?: return .unbounded(unboundedProof(key))
        case let .value(best)?: return .leaf(max(value, best))
        }
    }

    /// The node's LP is unbounded: split the widest unfixed linking variable, or, with every linking
    /// variable fixed, close the node by the pool's verdict.
    private func unboundedNode(_ search: SearchContext) -> NodeResult {
        let open = hpr.linking.map { ($0, bounds.current(.column($0))) }.filter { $0.1.lower < $0.1.upper }
        guard let (j, b) = open.max(by: { $0.1.upper - $0.1.lower < $1.1.upper - $1.1.lower }) else {
            let key = hpr.linking.map { bounds.current(.column($0)).lower }
            return close(key, value: -.infinity, search: search)
        }
        // The middle of the domain; with an infinite side, the basic solution's value (finite depth
        // is then not guaranteed, but every claim stays certified).
        let basic = lp.columnValue(j)
        var middle = b.lower.isFinite && b.upper.isFinite ? ((b.lower + b.upper) / 2).rounded(.down)
            : (basic.isFinite ? basic.rounded(.down) : 0)
        middle = min(max(middle, b.lower), b.upper - 1)
        return .branch(value: -.infinity,
                       children: [BoundChange(.column(j), .upper, middle), BoundChange(.column(j), .lower, middle + 1)],
                       bounds: [-.infinity, -.infinity], preferred: 0, basis: lp.basis)
    }

    /// Branches on an integer column with a fractional value: down and up, nearer side first.
    private func split(_ j: Int, at v: Double, value: Double, common: [BoundChange]) -> NodeResult {
        let down = BoundChange(.column(j), .upper, v.rounded(.down))
        let up = BoundChange(.column(j), .lower, v.rounded(.up))
        let preferred = v - v.rounded(.down) <= 0.5 ? 0 : 1
        return .branch(value: value, children: [down, up], bounds: [value, value], preferred: preferred,
                       basis: lp.basis, common: common)
    }

    /// Branches on an unfixed linking variable at its integral value v: the child that keeps v first
    /// (its LP point stays, and fixing continues until the pool closes it), then the rest.
    private func splitLinking(_ key: [Double], value: Double, common: [BoundChange]) -> NodeResult {
        let open = zip(hpr.linking, key).map { ($0, $1, bounds.current(.column($0))) }
            .filter { $0.2.lower < $0.2.upper }
        guard let (j, v, b) = open.max(by: { $0.2.upper - $0.2.lower < $1.2.upper - $1.2.lower }) else {
            return .unresolved(value, "no linking variable left to branch on")
        }
        let keep = v < b.upper ? BoundChange(.column(j), .upper, v) : BoundChange(.column(j), .lower, v)
        let rest = v < b.upper ? BoundChange(.column(j), .lower, v + 1) : BoundChange(.column(j), .upper, v - 1)
        return .branch(value: value, children: [keep, rest], bounds: [value, value], preferred: 0, basis: lp.basis,
                       common: common)
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

    // MARK: Cuts

    /// Appends the global cuts found since the last node (by any worker) after those loaded, before
    /// the local cuts; the current basis keeps its statuses, the new rows enter basic.
    private func loadGlobalCuts() throws {
        let new = shared.cuts.globalCuts(from: globalRows)
        guard !new.isEmpty else { return }
        let basis = lp.basis
        let locals = localCuts
        try lp.removeLastRows(locals.count)
        localCuts = []
        try append(Array(new))
        bounds.appendRows(new.map { ($0.lower, $0.upper) })
        globalRows += new.count
        for id in locals { try append([shared.cuts.localCut(id)]); localCuts.append(id) }
        let kept = basis.rows.count - locals.count
        var rows = Array(basis.rows[..<kept]) + Array(repeating: Basis.basic, count: new.count)
        rows += basis.rows[kept...]
        try lp.setBasis(Basis(rows: rows, columns: basis.columns))
    }

    /// Makes the LP's local cuts those of the node (`wanted`, in its changes' order): rows past the
    /// common prefix are removed and the missing ones appended. Without a basis to restore (a dive
    /// continues from the LP as it is), a changed row set falls back to the standard basis.
    private func setLocalCuts(_ wanted: [Int], warm: Bool) throws {
        guard wanted != localCuts else { return }
        var common = 0
        while common < min(wanted.count, localCuts.count) && wanted[common] == localCuts[common] { common += 1 }
        try lp.removeLastRows(localCuts.count - common)
        localCuts.removeLast(localCuts.count - common)
        for id in wanted[common...] { try append([shared.cuts.localCut(id)]); localCuts.append(id) }
        if warm { lp.resetBasis() }
    }

    private func append(_ cuts: [CutPool.Cut]) throws {
        let first = lp.rowCount
        try lp.addRows(cuts.count)
        for (k, cut) in cuts.enumerated() {
            try lp.setRow(first + k, coefficients: cut.coefficients)
            try lp.setRowBounds(first + k, lower: cut.lower, upper: cut.upper)
        }
    }

    /// Installs a node's basis, taken when the LP had fewer global cuts perhaps: the global cuts
    /// loaded since enter basic. Local rows are the node's own (its parent's at branching time).
    private func restore(_ basis: Basis) throws {
        let locals = localCuts.count
        let taken = basis.rows.count - locals - baseRows
        guard basis.columns.count == lp.columnCount, taken >= 0, taken <= globalRows else {
            lp.resetBasis()
            return
        }
        var rows = Array(basis.rows[..<(baseRows + taken)])
        rows += Array(repeating: Basis.basic, count: globalRows - taken)
        rows += basis.rows[(baseRows + taken)...]
        try lp.setBasis(Basis(rows: rows, columns: basis.columns))
    }

    /// The most violated interdiction cut at the LP point `z`, added to the pool and loaded; true
    /// when one was.
    private func separatedInterdictionCut(at z: [Double], _ search: SearchContext) throws -> Bool {
        guard let separation, let yhat = separation.separate(at: z, shouldStop: { search.stopRequested }) else {
            return false
        }
        let before = shared.cuts.counts.global
        addInterdictionCut(from: yhat)
        guard shared.cuts.counts.global > before else { return false }
        try loadGlobalCuts()
        return true
    }

    /// Records the interdiction cut of a follower solution (feasible at some leader choice).
    private func addInterdictionCut(from y: [Double]) {
        guard let interdiction = shared.interdiction else { return }
        shared.cuts.addGlobal(key: y) {
            let cut = interdiction.cut(from: y)
            return CutPool.Cut(coefficients: cut.coefficients, lower: -.infinity, upper: cut.upper)
        }
    }

    /// An intersection cut at the LP vertex `z`: from the follower's optimum `yhat` at its linking
    /// values when they are integral, else from an improving direction; added to the pool and to the
    /// LP as a local cut of this node. Returns the change that names it in the node's children.
    private func intersectionCut(at z: [Double], yhat: [Double]?) throws -> BoundChange? {
        guard let intersection = shared.intersection else { return nil }
        let nx = hpr.canonical.nx
        let (xLower, xUpper) = (Array(hpr.columnLower[0..<nx]), Array(hpr.columnUpper[0..<nx]))
        var found = yhat.flatMap { yhat in
            intersection.cut(at: z, lp: lp,
                             sides: intersection.sides(improvingSolution: yhat, xLower: xLower, xUpper: xUpper))
        }
        if found == nil, let delta = improving?.find(at: z) {
            found = intersection.cut(at: z, lp: lp, sides: intersection.sides(improvingDirection: delta))
        }
        guard let cut = found else { return nil }
        let row = CutPool.Cut(coefficients: cut.coefficients, lower: cut.lower, upper: .infinity)
        guard let id = shared.cuts.addLocal(row) else { return nil }
        try append([row])
        localCuts.append(id)
        return BoundChange(.cut(id), .lower, cut.lower)
    }

    // MARK: Verdicts

    private func follower(at key: [Double], _ search: SearchContext) -> FollowerVerdict? {
        shared.pool.followers.value(for: key) { solveFollower(key, search) }
    }

    private func best(at key: [Double], _ search: SearchContext) -> BestVerdict? {
        shared.pool.best.value(for: key) { solveBestResponse(key, search) }
    }

    /// The follower's MILP at `x_L` (its response also yields an interdiction cut).
    private func solveFollower(_ key: [Double], _ search: SearchContext) -> FollowerVerdict? {
        let c = hpr.canonical
        var x = [Double](repeating: 0, count: c.nx)
        for (k, v) in zip(hpr.linking, key) { x[k] = v }
        switch follower.respond(to: x, timeLimit: search.timeLeft, shouldStop: { search.stopRequested }) {
        case let .optimal(phi, y):
            let yhat = y.enumerated().map { c.yInteger[$0.offset] ? $0.element.rounded() : $0.element }
            addInterdictionCut(from: yhat)
            return .optimal(phi: phi, y: yhat)
        case let .noResponse(why): return .noResponse(why)
        case .stopped: trouble = "stopped"; return nil
        case let .failed(why): trouble = why; return nil
        }
    }

    /// The best response at `x_L` given the follower's verdict there; its optimum is checked and
    /// offered.
    private func solveBestResponse(_ key: [Double], _ search: SearchContext) -> BestVerdict? {
        let phi: Double
        switch follower(at: key, search) {
        case let .optimal(value, _)?: phi = value
        case let .noResponse(why)?: return .noPoint(why)
        case .none: return nil
        }
        let stop: () -> Bool = { search.stopRequested }
        switch bestResponse.respond(linkingValues: key, phi: phi, timeLimit: search.timeLeft, shouldStop: stop) {
        case let .optimal(x, y, _):
            addInterdictionCut(from: y)
            return offer(x: x, y: y, phi: phi, search: search).map { .value($0) }
        case .infeasible: return .noPoint("no follower optimum satisfies the leader's rows")
        case .unbounded: return .unbounded
        case .stopped: trouble = "stopped"; return nil
        case let .failed(why): trouble = why; return nil
        }
    }

    /// Checks a best response (rows, bounds, integrality, the follower's value against φ from its
    /// own MILP at these linking values) and offers it; returns its value.
    private func offer(x rawX: [Double], y rawY: [Double], phi: Double, search: SearchContext) -> Double? {
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
        return value
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
