import Foundation
import GLPK

/// What processing one node found.
enum NodeResult {
    /// The node's relaxation is infeasible (or its bound changes contradict each other).
    case infeasible
    /// The node's bound is no better than the incumbent (less the gap).
    case prunedByBound(Double)
    /// The node is solved: its value is a bound (the candidate it yields was offered already).
    case leaf(Double)
    /// Branch: one bound change per child with a lower bound for each (from strong branching, or
    /// the node's value); `preferred` is the child to dive into; `common` holds in every child
    /// (reduced-cost tightenings), chained once below the parent.
    case branch(value: Double, children: [BoundChange], bounds: [Double], preferred: Int, basis: Basis,
                common: [BoundChange] = [])
    /// The leader's objective is unbounded on the bilevel-feasible set.
    case unbounded(UnboundedProof)
    /// The relaxation could not be solved reliably; the node keeps its inherited bound.
    case unresolved(Double, String)
    /// A limit was reached while solving the node.
    case stopped
}

/// Evidence that the leader's objective is unbounded on the bilevel-feasible set.
struct UnboundedProof: Sendable {
    var message: String
    /// A verified point far along the ray, if one was built.
    var witness: Candidate?
    /// The ray moves only follower multipliers that are not unique: the model is ill-posed.
    var illPosed = false
}

/// One worker's node solver: what a method plugs into `BranchAndBound`. Each worker makes its own on
/// its own thread (GLPK keeps its state per thread), so a processor is used by one thread only.
protocol NodeProcessor: AnyObject {
    /// False after an internal GLPK fault freed this thread's problems: the worker makes a new one.
    var isUsable: Bool { get }
    /// Solves the node's relaxation and decides: prune, leaf, branch. Verified points found on the
    /// way go to `search.offer`.
    func process(_ node: SearchNode, in search: SearchContext) -> NodeResult
}

/// What a node processor may ask of the running search: the cutoff, the clock, and where to offer
/// verified points.
struct SearchContext {
    let state: SearchState
    let deadline: Date?
    let shouldStop: (@Sendable () -> Bool)?
    /// The node log and progress feed, told of every new incumbent.
    var log: SearchLog?
    /// Writes the search's checkpoints, when it has any.
    var checkpointer: Checkpointer?
    /// Incumbents shared with a search racing this one (`PortfolioRace`), when there is one.
    var exchange: IncumbentExchange?

    /// Nodes whose bound is at or above this cannot beat the incumbent by more than the gap.
    var cutoff: Double { state.cutoff }
    /// Seconds until the deadline (at least a millisecond), or nil without one.
    var timeLeft: Double? { deadline.map { max(0.001, $0.timeIntervalSinceNow) } }
    /// Offers a verified point; returns the cutoff after it.
    func offer(_ candidate: Candidate) -> Double {
        let (cutoff, improved) = state.offerReporting(candidate)
        if improved { log?.incumbentImproved(state) }
        return cutoff
    }
    var stopRequested: Bool { shouldStop?() ?? false }
}
