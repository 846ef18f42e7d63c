import Bilevel
import BilevelTestSupport
import Foundation
import XCTest

/// The oracle against the solver where the solver is already exact: the generated models with
/// every follower variable made continuous (LP followers; integer leader variables, coupling rows,
/// both senses). Agreement here checks the oracle's vertex enumeration and its optimistic reading
/// against an implementation that shares no code with it.
final class ContinuousFollowerOracleTests: XCTestCase {
    func testOracleMatchesSolverOnLPFollowers() {
        var agreed = 0, optimal = 0, infeasible = 0
        for seed in UInt64(1)...150 {
            var model = RandomMIBLP.model(seed: seed)
            model.name += "-lp"
            for j in model.variables.indices where model.variables[j].level == .follower {
                model.variables[j].isInteger = false
            }
            let oracle = MIBLPOracle.solve(model)
            switch oracle {
            case .optimal: optimal += 1
            case .infeasible: infeasible += 1
            case .unsupported(let why): XCTFail("seed \(seed): oracle refused: \(why)")
            }
            if let problem = IntegerFollowerOracleTests.compare(model, oracle: oracle) {
                XCTFail("seed \(seed) (LP follower): \(problem)")
            } else {
                agreed += 1
            }
        }
        print("ContinuousFollowerOracleTests: \(agreed)/150 agree"
              + " (oracle: \(optimal) optimal, \(infeasible) infeasible)")
    }
}
