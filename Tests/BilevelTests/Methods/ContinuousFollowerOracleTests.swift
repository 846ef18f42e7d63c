@testable import Bilevel
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
        // 150 seeds in CI; `BILEVEL_ORACLE_SEEDS=2000 swift test --filter ContinuousFollowerOracleTests` goes deeper.
        // `auto` races two branching orders on most of these (integer linking): `PortfolioRace`.
        let seeds = UInt64(ProcessInfo.processInfo.environment["BILEVEL_ORACLE_SEEDS"] ?? "") ?? 150
        var raced = 0
        for seed in UInt64(1)...seeds {
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
            if let p = try? PreparedProblem(model), PortfolioRace.applies(p, options: SolveOptions()) { raced += 1 }
            if let problem = IntegerFollowerOracleTests.compare(model, oracle: oracle) {
                XCTFail("seed \(seed) (LP follower): \(problem)")
            } else {
                agreed += 1
            }
        }
        print("ContinuousFollowerOracleTests: \(agreed)/\(seeds) agree"
              + " (oracle: \(optimal) optimal, \(infeasible) infeasible; \(raced) raced)")
        XCTAssertGreaterThan(raced, 0, "no model ran the race")
    }
}
