import Foundation
import GLPK

/// The version of this solver, reported in its output.
public enum BilevelVersion {
    /// The version number, e.g. `0.1.0`.
    public static let string = "0.1.0"
}

extension BilevelResult {
    /// The JSON object that `bilevel solve --format json` prints (a contract: keys and status words
    /// are relied on by scripts).
    ///
    /// Keys: `status`, `objective`, `bound`, `gap`, `leader` {name: value}, `follower` {name: value},
    /// `follower_objective`, `verified`, `method`, `big_m`, `nodes`, `time_s`, `message`, `model`,
    /// `solver`, `glpk`; for `not_attained`, `point_objective` (the reported point's own value) and
    /// `limit_leader` (the leader's choice the points approach). Numbers that are not finite or not
    /// known are `null`.
    ///
    /// - Parameter model: The model that was solved (for the names of variables and rows).
    /// - Returns: The JSON object; `rendered()` gives its text.
    public func json(for model: BilevelModel) -> JSONValue {
        let point = self.values
        func values(_ level: Level) -> JSONValue {
            guard let v = point else { return .null }
            let indices = model.variables.indices.filter { model.variables[$0].level == level }
            return .object(indices.map { (model.variables[$0].name, .finite(v[$0])) })
        }
        var bigMValue: JSONValue = .null
        switch bigM {
        case let .unproven(m)?, let .userGiven(m)?: bigMValue = .number(m)
        default: break
        }
        let leaderNames = model.variables.filter { $0.level == .leader }.map(\.name)
        let limitLeaderJSON = limitLeader.map { v in JSONValue.object(zip(leaderNames, v).map { ($0, .finite($1)) }) }
        let dualsJSON = duals.map { d in
            JSONValue.object(d.sorted { $0.key < $1.key }.map { (model.constraints[$0.key].name, .finite($0.value)) })
        }
        return .object([
            ("status", .string(status.jsonWord)),
            ("objective", .finite(objective)),
            ("bound", .finite(bound)),
            ("gap", .finite(gap)),
            ("leader", values(.leader)),
            ("follower", values(.follower)),
            ("follower_objective", .finite(followerObjective)),
            ("verified", .bool(verified)),
            ("method", .string(method.rawValue)),
            ("reading", .string(pessimistic ? "pessimistic" : "optimistic")),
            ("big_m", bigM.map { .string($0.jsonWord) } ?? .null),
            ("big_m_value", bigMValue),
            ("nodes", .integer(nodes)),
            ("time_s", .number((time * 1e6).rounded() / 1e6)),   // microseconds
            ("message", message.map { .string($0) } ?? .null),
            ("point_objective", .finite(pointObjective)),
            ("limit_leader", limitLeaderJSON ?? .null),
            ("model", .string(model.name)),
            ("sensitivity", sensitivityJSON(model)),
            ("duals", dualsJSON ?? .null),
            ("solver", .string("bilevel \(BilevelVersion.string)")),
            ("glpk", .string(GLPKLibrary.version)),
        ])
    }

    private func sensitivityJSON(_ model: BilevelModel) -> JSONValue {
        guard let s = sensitivity else { return .null }
        guard s.differentiable else {
            return .object([("differentiable", .bool(false)), ("reason", .string(s.reason ?? ""))])
        }
        let leaders = model.variables.filter { $0.level == .leader }.map(\.name)
        let followers = model.variables.filter { $0.level == .follower }.map(\.name)
        func table(_ rows: [String], _ values: [[Double]]) -> JSONValue {
            .object(zip(rows, values).map { name, row in (name, .object(zip(leaders, row).map { ($0, .finite($1)) })) })
        }
        return .object([("differentiable", .bool(true)), ("dy_dx", table(followers, s.dyDx)),
                        ("dlambda_dx", table(s.multiplierNames, s.dLambdaDx))])
    }

    /// A human summary for `bilevel solve` in text mode.
    ///
    /// - Parameter model: The model that was solved (for its name, sizes and variable names).
    /// - Returns: Lines of text: status, objective, bound and gap, verification, method, and the values.
    public func text(for model: BilevelModel) -> String {
        let num = Self.textNumber
        var lines: [String] = []
        let nl = model.variables.filter { $0.level == .leader }.count
        let nf = model.variables.count - nl
        let rl = model.constraints.filter { $0.level == .leader }.count
        lines.append("model       \(model.name) (\(nl) leader, \(nf) follower variables; \(rl) leader, "
                     + "\(model.constraints.count - rl) follower rows)")
        lines.append("status      \(status.jsonWord)")
        lines.append("objective   \(num(objective))" + (pointObjective != nil ? "  (an infimum, not attained)" : ""))
        if let p = pointObjective { lines.append("point value \(num(p))  (the reported point's own objective)") }
        var boundLine = "bound       \(num(bound))"
        if let g = gap { boundLine += String(format: "  (gap %.3g)", g) }
        lines.append(boundLine)
        if values != nil {
            var v = "verified    \(verified ? "yes" : "no")"
            if let opt = verification?.followerOptimum {
                v += " (the follower's own optimum at the leader's choice is \(num(opt)); the response attains it)"
            } else if let r = verification?.reason {
                v += " (\(r))"
            }
            lines.append(v)
            lines.append("follower objective \(num(followerObjective))")
        }
        lines.append(methodLine)
        if let message { lines.append("note        \(message)") }
        if let s = sensitivity { lines += Self.sensitivityLines(s, model) }
        if let v = values {
            for level in Level.allCases {
                let entries = model.variables.indices.filter { model.variables[$0].level == level }
                guard !entries.isEmpty else { continue }
                lines.append("\(level.rawValue):")
                for j in entries { lines.append("  \(model.variables[j].name) = \(num(v[j]))") }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A number as the text summary writes it ("-" when unknown).
    private static func textNumber(_ v: Double?) -> String {
        guard let v else { return "-" }
        if v.isInfinite { return v > 0 ? "+inf" : "-inf" }
        return String(format: "%.10g", v)
    }

    /// The text summary's line on the method: reading, big-M, nodes, time.
    private var methodLine: String {
        let num = Self.textNumber
        var m = "method      \(method.rawValue)" + (pessimistic ? " (pessimistic reading)" : "")
        if let b = bigM {
            switch b {
            case .proven: m += ", big-M proven"
            case let .unproven(v): m += ", big-M unproven (\(num(v)) used where no bound was proven)"
            case let .userGiven(v): m += ", big-M \(num(v)) given by the user (not proven)"
            }
        }
        return m + ", \(nodes) nodes, " + String(format: "%.3f s", time)
    }

    /// The text summary's sensitivity table (or why there is none).
    private static func sensitivityLines(_ s: SensitivityReport, _ model: BilevelModel) -> [String] {
        guard s.differentiable else { return ["sensitivity not differentiable here: \(s.reason ?? "")"] }
        let leaders = model.variables.filter { $0.level == .leader }.map(\.name)
        let followers = model.variables.filter { $0.level == .follower }.map(\.name)
        func row(_ values: [Double]) -> String { values.map { textNumber($0) }.joined(separator: "  ") }
        var lines = ["sensitivity dy*/dx (rows: follower, columns: \(leaders.joined(separator: ", ")))"]
        for (name, values) in zip(followers, s.dyDx) { lines.append("  \(name): " + row(values)) }
        for (name, values) in zip(s.multiplierNames, s.dLambdaDx) {
            lines.append("  d multiplier[\(name)]: " + row(values))
        }
        return lines
    }
}
