import Foundation

/// Samples a `LeaderSlice` along one leader variable: exact solves on an even grid (and at points
/// asked for), then bisection between neighbours wherever the answer changes faster than a continuous
/// function can, down to `resolution` times the range: what is still a step there is a jump.
public enum LeaderSweep {
    /// The width, relative to the plotted range, at which a change that persists is called a jump.
    public static let resolution = 1e-8
    /// A change smaller than this (relative to the quantity's range, at least 1) is no jump.
    public static let jumpTolerance = 1e-5

    /// The curve of `variable` over `range` in one reading: `points` grid points plus `extra` (e.g. the
    /// optimum's x), refined at jumps and at the edges of gaps. An integer variable is sampled at
    /// integers only (at most `points` of them) and not refined.
    public static func sample(_ slice: LeaderSlice, variable: Int, range: ClosedRange<Double>, points: Int,
                              pessimistic: Bool, extra: [Double] = []) -> ResponseCurve {
        let grid = gridValues(range, points: points, integer: slice.model.variables[variable].isInteger)
        let xs = Array(Set(grid + extra.filter { range.contains($0) })).sorted()
        let evaluate: @Sendable (Double) -> SlicePoint = { slice.evaluate([variable: $0], pessimistic: pessimistic) }
        let first = parallelMap(xs.count) { evaluate(xs[$0]) }
        var curve = ResponseCurve(variable: variable, pessimistic: pessimistic, xs: xs, points: first, jumps: [],
                                  sampled: Set(xs))
        if slice.model.variables[variable].isInteger || xs.count < 2 { return curve }
        let refiner = Refiner(evaluate: evaluate, scales: Refiner.scales(first),
                              minWidth: resolution * (range.upperBound - range.lowerBound))
        let found = parallelMap(xs.count - 1) { k in refiner.refine((xs[k], first[k]), (xs[k + 1], first[k + 1])) }
        var all = Array(zip(xs, first))
        var jumpLefts = Set<Double>()
        for f in found {
            all += f.added
            jumpLefts.formUnion(f.jumpLefts)
        }
        all.sort { $0.0 < $1.0 }
        curve.xs = all.map(\.0)
        curve.points = all.map(\.1)
        curve.jumps = Set(curve.xs.indices.dropLast().filter { jumpLefts.contains(curve.xs[$0]) })
        return curve
    }

    /// `points` evenly spaced values over `range` (both ends included); for an integer variable the
    /// integers of the range, thinned evenly to at most `points`.
    static func gridValues(_ range: ClosedRange<Double>, points: Int, integer: Bool) -> [Double] {
        let lo = range.lowerBound, hi = range.upperBound
        if integer {
            let a = ceil(lo), b = floor(hi)
            guard a <= b else { return [] }
            let count = Int(b - a) + 1
            if count <= points { return (0..<count).map { a + Double($0) }}
            return Array(Set((0..<points).map { (a + ((b - a) * Double($0) / Double(points - 1)).rounded()) }))
                .sorted()
        }
        if points < 2 || hi == lo { return [lo] }
        return (0..<points).map { lo + (hi - lo) * Double($0) / Double(points - 1) }
    }
}

/// Bisection between two neighbouring samples of a `LeaderSweep`.
struct Refiner: Sendable {
    let evaluate: @Sendable (Double) -> SlicePoint
    /// Per quantity (F, then each variable), the scale that differences are measured in.
    let scales: [Double]
    let minWidth: Double

    /// What a refinement found: the points it evaluated, and the left ends of the jump pairs.
    struct Found: Sendable {
        var added: [(Double, SlicePoint)] = []
        var jumpLefts: [Double] = []
    }

    /// The ranges of F and of each variable over the samples (at least a small floor).
    static func scales(_ points: [SlicePoint]) -> [Double] {
        let defined = points.filter(\.isDefined)
        guard let n = defined.first?.values?.count else { return [] }
        return (0...n).map { q -> Double in
            let v = defined.map { q == 0 ? $0.objective! : $0.values![q - 1] }
            let spread = v.max()! - v.min()!, size = v.map(abs).max()!
            return max(spread, 1e-6 * max(1, size))
        }
    }

    /// The largest relative change of F or of a variable between two defined points.
    func distance(_ a: SlicePoint, _ b: SlicePoint) -> Double {
        guard let fa = a.objective, let fb = b.objective, let va = a.values, let vb = b.values,
              !scales.isEmpty else { return 0 }
        var d = abs(fa - fb) / scales[0]
        for k in va.indices { d = max(d, abs(va[k] - vb[k]) / scales[k + 1]) }
        return d
    }

    func refine(_ a: (Double, SlicePoint), _ b: (Double, SlicePoint)) -> Found {
        var found = Found()
        refine(a, b, into: &found)
        return found
    }

    private func refine(_ a: (Double, SlicePoint), _ b: (Double, SlicePoint), into found: inout Found) {
        let (da, db) = (a.1.isDefined, b.1.isDefined)
        if !da && !db { return }
        let d = da && db ? distance(a.1, b.1) : .infinity
        if d <= LeaderSweep.jumpTolerance { return }
        if b.0 - a.0 <= minWidth {
            if da && db { found.jumpLefts.append(a.0) }
            return
        }
        let x = (a.0 + b.0) / 2
        let m = (x, evaluate(x))
        found.added.append(m)
        if !(da && db) {
            // The edge of a gap: follow the change of definedness.
            if m.1.isDefined == da { refine(m, b, into: &found) } else { refine(a, m, into: &found) }
            return
        }
        guard m.1.isDefined else {
            refine(a, m, into: &found)
            refine(m, b, into: &found)
            return
        }
        // A continuous function's change splits between the halves as the interval shrinks; a jump's
        // stays whole in one half.
        if distance(a.1, m.1) > 0.6 * d { refine(a, m, into: &found) }
        if distance(m.1, b.1) > 0.6 * d { refine(m, b, into: &found) }
    }
}
