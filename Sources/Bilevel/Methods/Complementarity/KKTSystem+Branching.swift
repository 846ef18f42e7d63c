/// Branching on a complementarity pair, as bound changes of the search: the KKT system itself knows
/// nothing of the search.
extension KKTSystem {
    /// The bound change that makes a pair's slack zero (the side becomes active).
    static func activate(_ slack: Slack) -> BoundChange {
        switch slack {
        case let .rowLower(i, v): return BoundChange(.row(i), .upper, v)
        case let .rowUpper(i, v): return BoundChange(.row(i), .lower, v)
        case let .columnLower(j, v): return BoundChange(.column(j), .upper, v)
        case let .columnUpper(j, v): return BoundChange(.column(j), .lower, v)
        }
    }

    /// The bound change that makes a pair's multiplier zero.
    func zeroMultiplier(_ pair: Pair) -> BoundChange { BoundChange(.column(pair.multiplier), .upper, 0) }
}
