/// When a branching node's leader choice is worth evaluating: solving the follower's LP at the node's
/// `x` and then the optimistic response among its optima (two LPs), which finds the search's
/// incumbents but took a quarter of the time on generated packing instances when done at every node.
///
/// Every node is evaluated while evaluations keep improving the incumbent; after each that does not,
/// the period doubles, up to ``longestPeriod``; an improvement brings it back to 1. Leaves are not
/// scheduled: their points must be offered (`NodeResult.leaf`), so they are always evaluated.
/// Measured (`Benchmarks/results/2026-12-03/node-work`): 24-46 % less time on packing, covering and
/// random instances, at up to 20 % more nodes; mixed within 10 %.
struct EvaluationSchedule {
    /// The most branching nodes in a row of which only one is evaluated.
    static let longestPeriod = 16

    /// Evaluate one branching node in this many.
    private(set) var period = 1
    private var sinceLast = 0

    /// Whether this branching node's leader choice is to be evaluated (counts the node).
    mutating func isDue() -> Bool {
        sinceLast += 1
        guard sinceLast >= period else { return false }
        sinceLast = 0
        return true
    }

    /// Records an evaluation that ran: whether it improved the incumbent.
    mutating func record(improved: Bool) {
        period = improved ? 1 : min(Self.longestPeriod, 2 * period)
    }
}
