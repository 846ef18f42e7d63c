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
    /// By the options that shape it (`SolveOptions.presolve`, vertex bounds).
    private var cachedKKT: [KKTVariant: KKTSystem] = [:]
    private struct KKTVariant: Hashable { var presolve, vertexBounds: Bool }
    private let lock = NSLock()

    /// Validates the model and builds its normal form.
    init(_ model: BilevelModel) throws {
        try model.validate()
        self.model = model
        canonical = CanonicalProblem(model)
        try canonical.checkSolvable()
    }

    /// The follower's KKT system, presolved (`RedundantFollowerSides`) unless `options.presolve` is
    /// off, its multipliers bounded at the dual polyhedron's vertices where that is valid
    /// (`KKTSystem.boundMultipliersAtVertices`: optimistic reading, `SolveOptions.vertexBounds`), with
    /// the factors of leader products bounded (which may solve LPs, hence the time limit). Built once.
    func kkt(_ options: SolveOptions) throws -> KKTSystem {
        lock.lock(); defer { lock.unlock() }
        let variant = KKTVariant(presolve: options.presolve, vertexBounds: options.vertexBounds && !options.pessimistic)
        if let cached = cachedKKT[variant] { return cached }
        if canonical.hasIntegerFollower { throw BilevelError.unsupported(IntegerFollowerSearch.noKKT("this request")) }
        // Multipliers in the leader's objective are read as the follower's duals: keep every side.
        let redundant = options.presolve && canonical.model.leaderObjective.duals.isEmpty
            ? RedundantFollowerSides(canonical).origins : []
        var kkt = KKTSystem(canonical, dropping: redundant)
        if !redundant.isEmpty {
            options.log?("presolve: \(redundant.count) follower sides are implied by the others for every leader "
                         + "choice and leave the KKT system (\(kkt.pairs.count) complementarity pairs left)")
        }
        if variant.vertexBounds, kkt.boundMultipliersAtVertices() > 0 {
            options.log?("vertex bounds: the follower's matrix is totally unimodular; its multipliers are bounded "
                         + "by their largest magnitude at the dual polyhedron's vertices")
        }
        try kkt.boundFreeMultipliers()
        try kkt.boundProductFactors(timeLimit: options.timeLimit)
        cachedKKT[variant] = kkt
        return kkt
    }
}
