/// A small deterministic random number generator (SplitMix64), so that generated instances are the
/// same on every machine for a given seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    /// Creates a generator; the same seed gives the same sequence.
    ///
    /// - Parameter seed: Any 64-bit value.
    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    /// The next 64 random bits of the SplitMix64 sequence.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An integer in `range`, uniformly.
    ///
    /// - Parameter range: The values to draw from.
    /// - Returns: One of them.
    public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    /// A double in `range`, uniformly.
    ///
    /// - Parameter range: The interval to draw from.
    /// - Returns: A value in it.
    public mutating func double(_ range: ClosedRange<Double>) -> Double { Double.random(in: range, using: &self) }
}
