import Foundation

/// Round tick values (1, 2 or 5 times a power of ten) covering a range, and their labels.
public struct AxisTicks: Sendable, Hashable {
    /// The axis range, widened to whole ticks.
    public var lower: Double
    /// The upper end of the widened range.
    public var upper: Double
    /// The tick values, ascending, within `lower...upper`.
    public var values: [Double]
    /// The distance between ticks.
    public var step: Double

    /// About `target` ticks over `lower...upper` (an empty or non-finite range is widened around its
    /// value first).
    public init(lower: Double, upper: Double, target: Int = 6) {
        var lo = lower.isFinite ? lower : 0, hi = upper.isFinite ? upper : 1
        if hi < lo { swap(&lo, &hi) }
        if hi - lo <= 1e-12 * max(1, abs(lo)) {
            let pad = max(1, abs(lo)) * 0.5
            lo -= pad
            hi += pad
        }
        let raw = (hi - lo) / Double(max(1, target))
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = floor(lo / step + 1e-9) * step, last = ceil(hi / step - 1e-9) * step
        self.step = step
        self.lower = first
        self.upper = last
        let count = Int(((last - first) / step).rounded())
        values = (0...max(0, count)).map { first + Double($0) * step }
    }

    /// The label of a tick value: as many decimals as the step needs, `-0` written `0`.
    public func label(_ v: Double) -> String {
        if abs(v) < step * 1e-6 { return "0" }
        if abs(v) >= 1e6 || step < 1e-4 { return String(format: "%.3g", v) }
        var decimals = 0
        while decimals < 6 {
            let scaled = step * pow(10, Double(decimals))
            if abs(scaled - scaled.rounded()) < 1e-6 * scaled { break }
            decimals += 1
        }
        return String(format: "%.\(decimals)f", v)
    }
}
