import Bilevel
import BilevelTestSupport
import Foundation
import XCTest

/// Writes generated models and the oracle's answers as JSON for an outside cross-check (a Python
/// brute force with scipy's MILP solver). Runs only when `BILEVEL_ORACLE_DUMP` names a file:
///
///     BILEVEL_ORACLE_DUMP=/tmp/miblp.json BILEVEL_ORACLE_DUMP_COUNT=300 swift test --filter OracleDump
///
/// Format: `{"models": [{name, vars: [{name, lo, hi, int, level}], rows: [{name, level, lo, hi,
/// terms: [[index, coef]]}], leader: {sense, constant, terms}, follower: {…}, oracle: {status,
/// value?, point?, why?}}]}`; infinite sides are `null`.
final class OracleDumpTests: XCTestCase {
    func testDumpGeneratedModels() throws {
        guard let path = ProcessInfo.processInfo.environment["BILEVEL_ORACLE_DUMP"] else {
            throw XCTSkip("set BILEVEL_ORACLE_DUMP=<file.json> to write the cross-check dump")
        }
        let count = ProcessInfo.processInfo.environment["BILEVEL_ORACLE_DUMP_COUNT"].flatMap { Int($0) } ?? 300
        var models = (1...count).map { RandomMIBLP.model(seed: UInt64($0)) }
        // The literature instances as read (unbounded: for the extent of their polyhedra) and boxed.
        models += try MIBLPOracleTests.literature().flatMap { [$0.raw, $0.model] }
        let entries = models.map { Self.json($0, answer: MIBLPOracle.solve($0)) }
        let text = "{\"models\": [\n" + entries.joined(separator: ",\n") + "\n]}\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func number(_ v: Double) -> String { v.isFinite ? "\(v)" : "null" }

    static func string(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func terms(_ terms: [LinearTerm]) -> String {
        "[" + terms.map { "[\($0.variable), \(number($0.coefficient))]" }.joined(separator: ", ") + "]"
    }

    static func objective(_ o: Objective) -> String {
        "{\"sense\": \"\(o.sense.rawValue)\", \"constant\": \(number(o.constant)), \"terms\": \(terms(o.terms))}"
    }

    static func json(_ m: BilevelModel, answer: OracleAnswer) -> String {
        let vars = m.variables.map {
            "{\"name\": \(string($0.name)), \"lo\": \(number($0.lower)), \"hi\": \(number($0.upper)), "
                + "\"int\": \($0.isInteger), \"level\": \"\($0.level.rawValue)\"}"
        }
        let rows = m.constraints.map {
            "{\"name\": \(string($0.name)), \"level\": \"\($0.level.rawValue)\", \"lo\": \(number($0.lower)), "
                + "\"hi\": \(number($0.upper)), \"terms\": \(terms($0.terms))}"
        }
        let oracle: String
        switch answer {
        case .optimal(let value, let point):
            let values = point.map(number).joined(separator: ", ")
            oracle = "{\"status\": \"optimal\", \"value\": \(number(value)), \"point\": [\(values)]}"
        case .infeasible: oracle = "{\"status\": \"infeasible\"}"
        case .unsupported(let why): oracle = "{\"status\": \"unsupported\", \"why\": \(string(why))}"
        }
        return "{\"name\": \(string(m.name)), \"vars\": [\(vars.joined(separator: ", "))], "
            + "\"rows\": [\(rows.joined(separator: ", "))], \"leader\": \(objective(m.leaderObjective)), "
            + "\"follower\": \(objective(m.followerObjective)), \"oracle\": \(oracle)}"
    }
}
