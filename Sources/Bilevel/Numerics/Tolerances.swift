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
    /// A follower side counts as implied by the others (and leaves the KKT system) when the bound
    /// they imply on its expression passes it by at most this (relative, floor 1).
    static let redundantSide = 1e-9
    /// Pessimistic pricing reading: leaf values this close (relative) count as the same value, and
    /// nodes this close to the incumbent are explored so that an infimum that is only approached is
    /// recognized even next to an incumbent a hair from a tie.
    static let attainment = 1e-9
    /// A point reported for an infimum that is not attained is at most this far (relative) from it;
    /// farther means numerics went wrong, and the search's own answer stands.
    static let approachDistance = 1e-4

    // MARK: The search on complementarity

    /// A multiplier counts as positive above this (and as zero at or below it).
    static let positiveMultiplier = 1e-9
    /// A multiplier counts as positive at a point said to attain a leaf's value above this (looser
    /// than GLPK's own tolerance, which lets a multiplier at `positiveMultiplier` through).
    static let attainedMultiplier = 1e-7
    /// Reduced-cost tightening acts only on reduced costs, distances to a bound and bound moves
    /// above this (distances and moves relative, floor 1).
    static let reducedCostTightening = 1e-9
    /// A follower bound tightened by reduced costs settles the pair of the bound on its other side
    /// (multiplier to zero) only when the pair's slack stays above this (relative, floor 1).
    static let settledByReducedCost = 1e-6
    /// A node LP's dual simplex stops once its objective passes the cutoff by more than this
    /// (relative, floor 1): a node's bound then rests on GLPK's dual feasibility tolerance, not on a
    /// point it calls optimal.
    static let objectiveLimitMargin = 1e-7
    /// An entry of an unbounded ray counts as moving above this (relative to the ray's largest entry
    /// where the ray is scaled).
    static let rayEntry = 1e-9
    /// Outer approximation: the cut variable t meets the leader's convex quadratic part f at the LP
    /// point when `f − t ≤` this (relative to f, floor 1).
    static let outerApproximation = 1e-9
    /// A continuous factor's interval can still be split while wider than this (relative to its
    /// largest bound, floor 1).
    static let splittableWidth = 1e-9
    /// The local search takes a move that improves the incumbent by more than this (relative, floor 1).
    static let localImprovement = 1e-9
    /// A coefficient summed from terms that cancel is a rounding residue when it is at most this
    /// times the largest term summed into it: a relaxation row drops it (its effect over the
    /// variable's box moved to the side, so the row stays valid). Left in, a residue of 2.5e-15
    /// next to entries of 1…243 made GLPK scale a column by 5e7, and its simplex then called LP
    /// points "optimal" that missed their bounds by 0.5 (covering_20_s1).
    static let cancellationResidue = 1e-12
    /// Bounds of `productTolerance(gap:)`: the largest is also a node solver's default.
    static let largestProductTolerance = 1e-9
    static let smallestProductTolerance = 1e-13

    // MARK: The model's structure

    /// Leader products x·y count as pricing terms when they are proportional to the follower's own
    /// x·y terms within this (relative, floor 1).
    static let pricingProportionality = 1e-12
    /// A pivot of the semidefiniteness test counts as zero at or below this times the matrix's scale.
    static let semidefinitePivot = 1e-9

    // MARK: Sensitivity

    /// A follower side counts as active when its slack is at most this times the row's and y's scales.
    static let activeSide = 1e-7
    /// Gaussian elimination calls a matrix singular when a pivot is at most this times its scale.
    static let singularPivot = 1e-10
    /// Not a tolerance: the smallest scale a matrix is given, so that an all-zero one keeps a
    /// positive scale for the relative pivot tests.
    static let smallestMatrixScale = 1e-300

    /// How far a product's column may differ from the product of its factors at a leaf (times the
    /// coefficient, relative): a tenth of the search's gap, within [1e-13, 1e-9], so that leaves
    /// never hold the gap open.
    static func productTolerance(gap: Double) -> Double {
        min(largestProductTolerance, max(smallestProductTolerance, gap / 10))
    }
}

@inline(__always)
func relativeFloor(_ x: Double) -> Double { Swift.max(1, Swift.abs(x)) }
