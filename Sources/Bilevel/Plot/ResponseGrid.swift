/// The leader's objective F(x, y*(x)) (optimistic) on a grid of two leader variables: one exact solve
/// per grid point.
public struct ResponseGrid: Sendable {
    /// The plotted variables (model indices): horizontal, vertical.
    public var variables: (Int, Int)
    /// Grid values of the horizontal variable, ascending.
    public var xs: [Double]
    /// Grid values of the vertical variable, ascending.
    public var ys: [Double]
    /// `values[j][i]`: F at (`xs[i]`, `ys[j]`), nil where the leader's choice has no bilevel-feasible point.
    public var values: [[Double?]]

    /// Solves the slice at every point of a `points` × `points` grid (integers only for an integer variable).
    public static func sample(_ slice: LeaderSlice, variables: (Int, Int),
                              ranges: (ClosedRange<Double>, ClosedRange<Double>), points: Int) -> ResponseGrid {
        let xs = LeaderSweep.gridValues(ranges.0, points: points,
                                        integer: slice.model.variables[variables.0].isInteger)
        let ys = LeaderSweep.gridValues(ranges.1, points: points,
                                        integer: slice.model.variables[variables.1].isInteger)
        let flat = parallelMap(xs.count * ys.count) { k in
            slice.evaluate([variables.0: xs[k % xs.count], variables.1: ys[k / xs.count]]).objective
        }
        let values = ys.indices.map { j in Array(flat[(j * xs.count)..<((j + 1) * xs.count)]) }
        return ResponseGrid(variables: variables, xs: xs, ys: ys, values: values)
    }
}
