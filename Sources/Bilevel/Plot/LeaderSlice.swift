/// The model with every leader variable fixed: some at values held for the whole plot (`base`), the
/// plotted ones at each point asked for. Each point is an exact solve of the bilevel model with the
/// leader's choice fixed, so its value is F(x, y*(x)) of the follower's exact (LP, convex QP or MILP)
/// response at that x — never an interpolation.
public struct LeaderSlice: Sendable {
    /// The model plotted.
    public let model: BilevelModel
    /// The values of the leader variables held fixed (by model index).
    public let base: [Int: Double]

    /// A slice of `model` with the leader variables in `base` held at their values.
    public init(model: BilevelModel, base: [Int: Double]) {
        self.model = model
        self.base = base
    }

    /// Solves the model with the leader variables in `base` and in `at` fixed (`at` wins), in the
    /// optimistic or the pessimistic reading, on one thread.
    public func evaluate(_ at: [Int: Double], pessimistic: Bool = false) -> SlicePoint {
        var fixed = model
        for (index, value) in base.merging(at, uniquingKeysWith: { $1 }) {
            fixed.variables[index].lower = value
            fixed.variables[index].upper = value
        }
        var options = SolveOptions(threads: 1)
        options.pessimistic = pessimistic
        do {
            let result = try fixed.solve(options)
            guard result.status == .optimal, let objective = result.objective, let values = result.values else {
                return SlicePoint(objective: nil, values: nil, status: result.status, message: result.message)
            }
            return SlicePoint(objective: objective, values: values, status: .optimal, message: nil)
        } catch {
            return SlicePoint(objective: nil, values: nil, status: .unknown, message: "\(error)")
        }
    }
}

/// The model's answer at one leader choice of a `LeaderSlice`.
public struct SlicePoint: Sendable {
    /// F(x, y*(x)) in the model's sense; nil when the leader's choice has no bilevel-feasible point.
    public var objective: Double?
    /// All variables (model order) at the point, the follower's response included.
    public var values: [Double]?
    /// `optimal` for a point; `infeasible` (no follower response, or the leader's rows fail) or
    /// another status for a gap.
    public var status: SolveStatus
    /// Why there is no point, when the solver said.
    public var message: String?

    /// Whether the point has a value.
    public var isDefined: Bool { objective != nil }
}
