import Foundation

/// A primal heuristic for integer leader variables: from a verified point, try moving one integer
/// variable by ±1 and swapping a unit between two of them, evaluating each move exactly (follower
/// optimum, then the optimistic response, then verification). First improvement wins; it repeats
/// until no move improves or the evaluation budget is spent.
///
/// Interdiction-like problems are where it pays: the KKT relaxation says little about `x` until deep
/// in the tree, while one flip evaluated exactly says a lot.
struct LocalSearch {
    let verifier: PointEvaluator
    /// Positions in `x` of the integer leader variables.
    let integerX: [Int]
    var maxEvaluations = 3000

    func improve(_ start: Candidate, deadline: Date?, shouldStop: () -> Bool) -> Candidate {
        guard !integerX.isEmpty else { return start }
        var best = start
        var evaluations = 0
        var seen = Set<[Double]>([start.x])
        // Polled before every evaluation (each solves LPs): a time limit, an interruption or another
        // racer's turn (`TurnTaking`) is honoured within one evaluation, not one sweep of them.
        var stopped = false
        func tryMove(_ x: [Double]) -> Bool {
            if !stopped, (deadline.map { Date() >= $0 } ?? false) || shouldStop() { stopped = true }
            guard !stopped, evaluations < maxEvaluations, seen.insert(x).inserted else { return false }
            evaluations += 1
            if case let .feasible(candidate) = verifier.candidate(at: x),
               candidate.value < best.value - Tolerances.localImprovement * relativeFloor(best.value) {
                best = candidate
                return true
            }
            return false
        }
        var improved = true
        while improved && evaluations < maxEvaluations && !stopped {
            improved = false
            // ±1 moves.
            outer: for k in integerX {
                for step in [1.0, -1.0] {
                    var x = best.x
                    x[k] += step
                    guard x[k] >= verifier.leaderLower[k] && x[k] <= verifier.leaderUpper[k] else { continue }
                    if tryMove(x) { improved = true; break outer }
                    if stopped { break outer }
                }
            }
            if improved || stopped { continue }
            // Swaps: one up, one down (keeps sums such as budgets).
            let up = integerX.filter { best.x[$0] + 1 <= verifier.leaderUpper[$0] }
            let down = integerX.filter { best.x[$0] - 1 >= verifier.leaderLower[$0] }
            swaps: for k in down {
                for l in up where l != k {
                    var x = best.x
                    x[k] -= 1
                    x[l] += 1
                    if tryMove(x) { improved = true; break swaps }
                    if evaluations >= maxEvaluations || stopped { break swaps }
                }
            }
        }
        return best
    }
}
