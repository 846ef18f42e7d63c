import Foundation
import GLPK

/// Branch-and-bound on complementarity: the exact method, no big-M.
///
/// Bard & Moore (1990), "A branch and bound algorithm for the bilevel programming problem",
/// SIAM J. Sci. Stat. Comput. 11(2), doi:10.1137/0911017; Hansen, Jaumard & Savard (1992), "New
/// branch-and-bound rules for linear bilevel programming", SIAM J. Sci. Stat. Comput. 13(5),
/// doi:10.1137/0913069.
///
/// **Accepts** an LP follower (continuous `y`), continuous or integer leader variables, coupling rows.
/// **Creates** one LP per worker: the KKT system without complementarity (`KKTSystem`). A node is
/// that LP with some bounds changed: a multiplier fixed to 0 or its slack made active (the pair is
/// then satisfied), or an integer leader variable's bound moved. Pairs are branched on first; a
/// fractional integer leader only once every pair holds. Children re-solve warm from the parent's
/// basis with the dual simplex.
/// **Exact**: a node whose LP optimum satisfies every pair is solved; the search closes when the best
/// open bound meets the incumbent (a verified bilevel-feasible point) within the gap.
///
/// Node selection is best bound; each node taken from the queue starts a dive (depth first, the
/// child that moves less first) to find incumbents early. Workers run on their own threads, each
/// with its own GLPK problems (GLPK keeps its state per thread).
struct ComplementarityBranching: SolveMethod {
    static let choice = MethodChoice.branch
    /// Integer linking variables are branched on before pairs (`NodeSolver.linkingFirst`).
    var linkingFirst = false

    func solve(_ problem: PreparedProblem, options: SolveOptions) throws -> Outcome {
        var kkt = try problem.kkt(options)
        // Copies of a follower variable share their pairs (the same KKT points, fewer branchings).
        let merged = options.presolve ? kkt.mergeParallelColumnPairs() : 0
        if merged > 0 {
            options.log?("presolve: follower variables that copy another one's column, cost and bounds share its "
                         + "bound pairs (\(merged) pairs merged, \(kkt.pairs.count) left)")
        }
        let reading = options.pessimistic ? "pessimistic-unique" : "optimistic"
        // The merged pairs' rows are in the LP: a checkpoint of one layout does not resume the other.
        let plan = try CheckpointPlan(options, model: problem.model, search: "search=complementarity reading=\(reading)"
                                      + (merged > 0 ? " copies=merged" : ""))
        return try Self.search(kkt, options: options, checkpoint: plan, linkingFirst: linkingFirst)
    }

    /// The search over `kkt`'s complementarity pairs; `makeEvaluator` makes each worker's candidate
    /// evaluator (on the worker's thread: it owns GLPK problems), nil for the optimistic `Verifier`.
    /// The nodes of this search refer to nothing but `kkt`'s columns and rows (pseudo-costs are not
    /// kept by a checkpoint: they only steer the search).
    static func search(_ kkt: KKTSystem, options: SolveOptions,
                       makeEvaluator: (@Sendable () throws -> PointEvaluator)? = nil,
                       limits: LimitLog? = nil, checkpoint: CheckpointPlan? = nil,
                       linkingFirst: Bool = false) throws -> Outcome {
        let pseudoCosts = PseudoCosts(keys: kkt.branchingKeyCount)
        let productTolerance = Tolerances.productTolerance(gap: options.gap)
        let settings = BranchAndBound.Settings(options, leaderSign: kkt.canonical.leaderSign, checkpoint: checkpoint)
        let search = BranchAndBound(settings: settings) {
            let solver = try NodeSolver(kkt, pseudoCosts: pseudoCosts, evaluator: makeEvaluator?())
            solver.productTolerance = productTolerance
            solver.limits = limits
            solver.linkingFirst = linkingFirst
            return solver
        }
        return try search.run()
    }
}

extension NodeSolver: NodeProcessor {
    func process(_ node: SearchNode, in search: SearchContext) -> NodeResult {
        shouldStop = { search.stopRequested }
        let result = process(node, cutoff: search.cutoff, timeLeft: search.timeLeft) { candidate in
            let before = search.cutoff
            let after = search.offer(candidate)
            guard after < before, !integerLeaderColumns.isEmpty, !kkt.hasDualTerms else { return after }
            // A new incumbent: polish it by local search over the integer leader variables.
            let local = LocalSearch(verifier: verifier, integerX: integerLeaderColumns)
            let polished = local.improve(candidate, deadline: search.deadline, shouldStop: { search.stopRequested })
            return polished.value < candidate.value ? search.offer(polished) : after
        }
        // Reduced-cost tightenings hold in every child.
        if case let .branch(value, children, bounds, preferred, basis, _) = result, !tightenings.isEmpty {
            return .branch(value: value, children: children, bounds: bounds, preferred: preferred, basis: basis,
                           common: tightenings)
        }
        return result
    }
}
