/// F(x, y*(x)) and the follower's response along one leader variable, in one reading: exact solves
/// at sample points, refined where the response jumps so that a jump is located to within
/// `LeaderSweep.resolution` of the plotted range and drawn as a jump.
public struct ResponseCurve: Sendable {
    /// The plotted leader variable (model index).
    public var variable: Int
    /// Whether this is the pessimistic reading.
    public var pessimistic: Bool
    /// The sampled values of the plotted variable, ascending.
    public var xs: [Double]
    /// The model's answer at each of `xs`.
    public var points: [SlicePoint]
    /// Indices `k` such that the response jumps between `xs[k]` and `xs[k + 1]` (the two are then at
    /// most the resolution apart and both are exact solves).
    public var jumps: Set<Int>
    /// The grid points and the points asked for (the others were added by the refinement).
    public var sampled: Set<Double>

    /// Where the response jumps (the midpoints of the jump pairs).
    public var jumpLocations: [Double] { jumps.sorted().map { (xs[$0] + xs[$0 + 1]) / 2 } }

    /// The leader's objective F at the sampled points (nil for a gap).
    public var objectives: [Double?] { points.map(\.objective) }

    /// The ends of pieces at jumps whose x was sampled, not found by bisection: there the value is
    /// taken at the very x where the curve jumps (a filled circle; the other end is a limit).
    public func attainedEnds(_ quantity: (SlicePoint) -> Double?) -> Set<ChartPoint> {
        var ends = Set<ChartPoint>()
        for k in jumps {
            for i in [k, k + 1] where sampled.contains(xs[i]) {
                if let v = quantity(points[i]) { ends.insert(ChartPoint(xs[i], v)) }
            }
        }
        return ends
    }

    /// Whether `other` (a curve of the same variable) differs from this one by more than the jump
    /// tolerance in `quantity` at an x both sampled.
    public func differs(from other: ResponseCurve, in quantity: (SlicePoint) -> Double?) -> Bool {
        let theirs = Dictionary(zip(other.xs, other.points), uniquingKeysWith: { a, _ in a })
        let mine = zip(xs, points).filter { sampled.contains($0.0) }
        let values = mine.compactMap { quantity($0.1) }
        let scale = max(1, (values.max() ?? 0) - (values.min() ?? 0))
        return mine.contains { x, p in
            guard let q = theirs[x] else { return false }
            switch (quantity(p), quantity(q)) {
            case let (a?, b?): return abs(a - b) > LeaderSweep.jumpTolerance * scale
            case (nil, nil): return false
            default: return true
            }
        }
    }

    /// The connected pieces of one quantity of the points (F, or a variable's value): a piece ends at a
    /// gap (no point) and at a jump across which this quantity changes.
    public func pieces(_ quantity: (SlicePoint) -> Double?) -> [[ChartPoint]] {
        let values = points.map { $0.isDefined ? quantity($0) : nil }
        let finite = values.compactMap { $0 }
        let scale = max(1, (finite.max() ?? 0) - (finite.min() ?? 0))
        var pieces: [[ChartPoint]] = []
        var current: [ChartPoint] = []
        for (k, v) in values.enumerated() {
            guard let v else {
                if !current.isEmpty { pieces.append(current) }
                current = []
                continue
            }
            current.append(ChartPoint(xs[k], v))
            if jumps.contains(k), let next = values[k + 1], abs(next - v) > LeaderSweep.jumpTolerance * scale {
                pieces.append(current)
                current = []
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}
