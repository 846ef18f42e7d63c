import Foundation
import GLPK

/// Cutting planes of the high-point relaxation as a MILP (GLPK's root cuts: Gomory mixed-integer,
/// MIR, cover, clique), added as global rows of the search.
///
/// Every bilevel-feasible point meets the relaxation's rows, bounds and integrality, so a row valid
/// for the relaxation's integer points never cuts one off. MibS gets the same from its MILP engine
/// (BLIS/Cgl cuts on the relaxation); on the MIPLIB-derived IBLP-FIS instances (lseu, p0033, p0201,
/// p0282) the LP bound without them is weak.
enum RelaxationCuts {
    /// Seconds for GLPK's root (a miss costs only the rows).
    static let timeLimit = 5.0

    /// The rows over the relaxation's columns (`x` then `y`).
    static func make(_ hpr: HighPointRelaxation, timeLimit: Double?, shouldStop: (() -> Bool)?) throws
        -> [CutPool.Cut] {
        guard !hpr.integerColumns.isEmpty else { return [] }
        let lp = try hpr.makeProblem(integer: true)
        let limit = min(Self.timeLimit, timeLimit ?? .infinity)
        return lp.rootCuts(timeLimit: limit, shouldStop: shouldStop).map {
            CutPool.Cut(coefficients: $0.coefficients, lower: $0.lower, upper: $0.upper)
        }
    }
}
