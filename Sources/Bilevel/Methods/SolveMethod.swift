import Foundation

/// A way of solving a prepared problem (what BilevelJuMP calls a mode): the big-M MILP, the
/// strong-duality MILP, the search on complementarity, the pessimistic readings. Each takes the
/// prepared problem and the options and returns the one `Outcome` type; `MethodSelection` decides
/// which runs, and `BilevelResult.init(_:_:)` turns the outcome into the answer.
protocol SolveMethod: Sendable {
    /// The name results report for this method.
    static var choice: MethodChoice { get }
    func solve(_ problem: PreparedProblem, options: SolveOptions) throws -> Outcome
}

/// The model after validation and normalization, as every method receives it: the normal form, and
/// the follower's KKT system, built on first use (methods for an integer follower never ask for it).
/// Shared by the racers of `PortfolioRace`: the KKT system is built under a lock.
final class PreparedProblem: @unchecked Sendable {
    let model: BilevelModel
    let canonical: CanonicalProblem
    private var cachedKKT: KKTSystem?
    private let lock = NSLock()

    /// Validates the model and builds its normal form.
    init(_ model: BilevelModel) throws {
        try model.validate()
        self.model = model
        canonical = CanonicalProblem(model)
        try canonical.checkSolvable()
    }

    /// The follower's KKT system, with the factors of leader products bounded (which may solve LPs,
    /// hence the time limit). Built once.
    func kkt(_ options: SolveOptions) throws -> KKTSystem {
        lock.lock(); defer { lock.unlock() }
        if let cachedKKT { return cachedKKT }
        if canonical.hasIntegerFollower { throw BilevelError.unsupported(IntegerFollowerSearch.noKKT("this request")) }
        var kkt = KKTSystem(canonical)
        try kkt.boundProductFactors(timeLimit: options.timeLimit)
        cachedKKT = kkt
        return kkt
    }
}
