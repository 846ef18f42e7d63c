/// One bound tightened: a column's or row's lower or upper bound moved to `value`.
/// Applying never loosens: a lower bound becomes `max(old, value)`, an upper bound `min(old, value)`.
struct BoundChange: Hashable, Sendable {
    /// A column or row of the node's LP, or a cut of a method's pool that is valid in one subtree
    /// only (the method puts it in its LP for the nodes whose changes name it).
    enum Target: Hashable, Sendable { case column(Int), row(Int), cut(Int) }
    enum Side: Hashable, Sendable { case lower, upper }
    var target: Target
    var side: Side
    var value: Double
    init(_ target: Target, _ side: Side, _ value: Double) {
        self.target = target
        self.side = side
        self.value = value
    }

    /// `bounds` with this change applied (a lower bound raised, an upper bound lowered, never loosened).
    func tightening(_ bounds: (lower: Double, upper: Double)) -> (lower: Double, upper: Double) {
        side == .lower ? (max(bounds.lower, value), bounds.upper) : (bounds.lower, min(bounds.upper, value))
    }
}
