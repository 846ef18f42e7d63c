/// What a method found, in the normal form's terms (the leader minimizes), before it becomes a
/// `BilevelResult`: every method returns this one type, and `BilevelResult.init(_:_:)` is the only
/// place that turns it into the model's terms.
struct Outcome {
    var status: SolveStatus
    /// The best verified point.
    var incumbent: Candidate?
    /// Lower bound on the minimized leader objective (−∞ when nothing is proven).
    var bound: Double
    var nodes: Int
    /// A human explanation (why unbounded, why unknown, what ran instead, …).
    var message: String?
    /// The method that ran (set by the method, never `.auto`).
    var method: MethodChoice = .branch
    var bigM: BigMState?
    var pessimistic = false
    /// `notAttained` only: the infimum (minimized form) and the leader's choice points approach.
    var limit: (value: Double, x: [Double])?

    init(status: SolveStatus, incumbent: Candidate? = nil, bound: Double, nodes: Int = 0, message: String? = nil) {
        self.status = status
        self.incumbent = incumbent
        self.bound = bound
        self.nodes = nodes
        self.message = message
    }
}
