extension KKTSystem {
    /// "`multiplier` > 0 only where `requires` > 0": a condition with a strict side, so the search
    /// branches on it (`multiplier` = 0, or `requires` > 0 demanded: `marker`'s lower bound 1) and
    /// checks the strict side itself (`NodeSolver+Implications`). Used by `PessimisticPricingReading`.
    struct Implication {
        var multiplier: Int
        var requires: Int
        var marker: Int
    }
}
