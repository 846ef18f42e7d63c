/// The relative gap between an incumbent and a bound, and the one test of "the gap is closed".
enum Gap {
    /// `|incumbent − bound| / max(1, |incumbent|)`.
    static func relative(incumbent: Double, bound: Double) -> Double {
        abs(incumbent - bound) / relativeFloor(incumbent)
    }

    /// Whether `bound` proves `incumbent` optimal within the relative `tolerance`.
    static func isClosed(incumbent: Double, bound: Double, tolerance: Double) -> Bool {
        relative(incumbent: incumbent, bound: bound) <= tolerance
    }
}
