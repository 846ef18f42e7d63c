import Foundation

/// Verified points shared by searches of the same problem running side by side (the racers of
/// `PortfolioRace`): each worker, between two nodes, hands its search's incumbent over when it is
/// the better one and takes the other's when that is. A taken point prunes like one found here.
///
/// Every point in it was verified by the search that found it (both evaluate the same normal
/// form: its `value` is the minimized leader objective at a bilevel-feasible point).
final class IncumbentExchange: @unchecked Sendable {
    private let lock = NSLock()
    private var best: Candidate?

    /// Publishes `state`'s incumbent if it is better than the shared one, and offers the shared one
    /// to `context` if it is better than `state`'s.
    func trade(_ context: SearchContext) {
        let mine = context.state.lockedIncumbent
        lock.lock()
        var taken: Candidate?
        if let mine, best == nil || mine.value < best!.value {
            best = mine
        } else if let best, mine == nil || best.value < mine!.value {
            taken = best
        }
        lock.unlock()
        if let taken { _ = context.offer(taken) }
    }
}
