import Bilevel
import BilevelTestSupport
import Foundation
import XCTest

/// The solver against `MIBLPOracle` on 200 generated mixed-integer bilevel models (integer
/// followers, mixed followers, coupling rows, binary and general-integer linking, both senses).
///
/// Each model must get the oracle's status (optimal ↔ optimal, infeasible ↔ infeasible), an
/// objective within 1e-6·max(1, |v|) of the oracle's, and a verified point when optimal. A summary
/// line gives the counts per category.
final class IntegerFollowerOracleTests: XCTestCase {
    /// 200 seeds in CI; `BILEVEL_ORACLE_SEEDS=3000 swift test --filter IntegerFollowerOracleTests` for a deeper run.
    static let seeds: ClosedRange<UInt64> =
        1...(UInt64(ProcessInfo.processInfo.environment["BILEVEL_ORACLE_SEEDS"] ?? "") ?? 200)

    func testSolverMatchesOracle() throws {
        var summary = CoverageSummary()
        var agreed = 0, failures: [String] = []
        let start = Date()
        for seed in Self.seeds {
            let model = RandomMIBLP.model(seed: seed)
            let report = MIBLPOracle.analyze(model)
            summary.add(model, report)
            if let problem = Self.compare(model, oracle: report.answer) {
                failures.append("seed \(seed): \(problem)")
            } else {
                agreed += 1
            }
        }
        let seconds = Int(Date().timeIntervalSince(start))
        print("IntegerFollowerOracleTests: \(agreed)/\(Self.seeds.count) agree in \(seconds) s; \(summary)")
        for failure in failures { XCTFail(failure) }
    }

    /// Why the solver's answer differs from the oracle's, or nil when they agree.
    static func compare(_ model: BilevelModel, oracle: OracleAnswer,
                        options: SolveOptions = SolveOptions(timeLimit: 30)) -> String? {
        let result: BilevelResult
        do {
            result = try model.solve(options)
        } catch {
            return "solver threw \(error); oracle: \(oracle)"
        }
        switch oracle {
        case .unsupported(let why):
            return "oracle cannot answer (\(why))"
        case .infeasible:
            return result.status == .infeasible ? nil : "solver \(result.status.jsonWord), oracle infeasible"
        case .optimal(let value, _):
            guard result.status == .optimal, let objective = result.objective else {
                return "solver \(result.status.jsonWord), oracle optimal \(value)"
            }
            if abs(objective - value) > 1e-6 * max(1, abs(value)) {
                return "solver objective \(objective), oracle \(value)"
            }
            return result.verified ? nil : "optimal \(objective) but the point is not verified"
        }
    }
}
