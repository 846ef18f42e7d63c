/// The tolerances of the solver, in one place.
///
/// Feasibility and optimality checks are *relative with a floor of 1*: a quantity `q` passes against
/// a reference `r` when `|q| ≤ tol · max(1, |r|)`. The floor keeps checks meaningful near zero; the
/// relative part keeps them meaningful for large data. GLPK's own primal and dual feasibility
/// tolerances are 1e-7 (relative to the bound), so checks here are looser than GLPK's by a margin.
public enum Tolerances {
    /// A row or bound may be violated by this much (relative to its side, floor 1) in a verified point.
    public static let feasibility = 1e-6
    /// An integer variable may be this far from an integer in a verified point.
    public static let integrality = 1e-6
    /// A verified follower response is within this (relative, floor 1) of the follower's optimum.
    public static let followerOptimality = 1e-6
    /// Default relative gap at which a search stops and calls its incumbent optimal.
    public static let gap = 1e-6
    /// The optimistic response may exceed the follower's optimum by this (relative, floor 1), far
    /// below `followerOptimality`, so that it never fails verification.
    static let optimisticSlack = 1e-9
    /// An integer variable counts as fractional at an LP point (a branching candidate) beyond this.
    static let branchingIntegrality = 1e-6
    /// An LP bound rounded up to an integer (integral objectives) is first lowered by this
    /// (relative): a value a rounding error above an integer stays that integer.
    static let integralBoundSlack = 1e-9
    /// A complementarity pair counts as violated when both its multiplier and its slack exceed this.
    static let complementarity = 1e-9
    /// Pessimistic pricing reading: leaf values this close (relative) count as the same value, and
    /// nodes this close to the incumbent are explored so that an infimum that is only approached is
    /// recognized even next to an incumbent a hair from a tie.
    static let attainment = 1e-9
    /// A point reported for an infimum that is not attained is at most this far (relative) from it;
    /// farther means numerics went wrong, and the search's own answer stands.
    static let approachDistance = 1e-4

    /// How far a product's column may differ from the product of its factors at a leaf (times the
    /// coefficient, relative): a tenth of the search's gap, within [1e-13, 1e-9], so that leaves
    /// never hold the gap open.
    static func productTolerance(gap: Double) -> Double { min(1e-9, max(1e-13, gap / 10)) }
}

@inline(__always)
func relativeFloor(_ x: Double) -> Double { Swift.max(1, Swift.abs(x)) }
