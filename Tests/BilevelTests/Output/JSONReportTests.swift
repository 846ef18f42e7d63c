import GLPK
import Testing
@testable import Bilevel

/// The JSON contract of `bilevel solve --format json` (Output/BilevelResult+Report.swift,
/// Output/JSONValue.swift): hand-built results render to text written out here in full.
@Suite struct JSONReportTests {
    /// Leader p (price), follower q and r; leader row "budget", follower row "cap".
    static func model() -> BilevelModel {
        var m = BilevelModel(name: "shop")
        let p = m.leader.variable("p", bounds: 0...10)
        let q = m.follower.variable("q", bounds: 0...5)
        let r = m.follower.variable("r", bounds: 0...5)
        m.leader.constraint("budget", p <= 9)
        m.follower.constraint("cap", q + r <= 6)
        m.follower.maximize(q - p * q)
        m.leader.maximize(p * q)
        return m
    }

    static let tail = "\"solver\":\"bilevel \(BilevelVersion.string)\",\"glpk\":\"\(GLPKLibrary.version)\"}"

    /// A pessimistic infimum that is not attained, with every optional field present.
    @Test func notAttainedWithEveryField() {
        var r = BilevelResult(status: .notAttained, method: .branch)
        r.objective = 50
        r.bound = 50
        r.values = [9.5, 5, 0.25]
        r.followerObjective = -42.5
        r.verified = true
        r.pessimistic = true
        r.nodes = 12
        r.time = 0.1234567
        r.message = "sup \"50\"\nnot attained\tat p = 10"
        r.pointObjective = 47.5
        r.limitLeader = [10]
        r.duals = [1: 0.5]
        let expected = "{\"status\":\"not_attained\",\"objective\":50,\"bound\":50,\"gap\":0,"
            + "\"leader\":{\"p\":9.5},\"follower\":{\"q\":5,\"r\":0.25},\"follower_objective\":-42.5,"
            + "\"verified\":true,\"method\":\"branch\",\"reading\":\"pessimistic\",\"big_m\":null,"
            + "\"big_m_value\":null,\"nodes\":12,\"time_s\":0.123457,"
            + "\"message\":\"sup \\\"50\\\"\\nnot attained\\tat p = 10\",\"point_objective\":47.5,"
            + "\"limit_leader\":{\"p\":10},\"model\":\"shop\",\"sensitivity\":null,\"duals\":{\"cap\":0.5},"
            + Self.tail
        #expect(r.json(for: Self.model()).rendered() == expected)
    }

    /// Infeasible: no point, an infinite bound (null: JSON has no infinity), an unproven big-M with
    /// its value, a sensitivity that is not differentiable.
    @Test func infeasibleWithNulls() {
        var r = BilevelResult(status: .infeasible, method: .bigm)
        r.bound = -.infinity
        r.bigM = .unproven(1e5)
        r.sensitivity = SensitivityReport(differentiable: false, reason: "a kink", dyDx: [], multiplierNames: [],
                                          dLambdaDx: [])
        let expected = "{\"status\":\"infeasible\",\"objective\":null,\"bound\":null,\"gap\":null,"
            + "\"leader\":null,\"follower\":null,\"follower_objective\":null,\"verified\":false,"
            + "\"method\":\"bigm\",\"reading\":\"optimistic\",\"big_m\":\"unproven\",\"big_m_value\":100000,"
            + "\"nodes\":0,\"time_s\":0,\"message\":null,\"point_objective\":null,\"limit_leader\":null,"
            + "\"model\":\"shop\",\"sensitivity\":{\"differentiable\":false,\"reason\":\"a kink\"},\"duals\":null,"
            + Self.tail
        #expect(r.json(for: Self.model()).rendered() == expected)
    }

    /// Time limit with a point: gap |−3 − (−4)| / max(1, 3) = 1/3 (by hand); a NaN value becomes
    /// null; a differentiable sensitivity becomes tables keyed by name; a proven big-M has no value.
    @Test func timeLimitWithGapAndSensitivity() {
        var r = BilevelResult(status: .timeLimit, method: .bigm)
        r.objective = -3
        r.bound = -4
        r.values = [1, .nan, 2]
        r.followerObjective = .infinity
        r.bigM = .proven
        r.nodes = 7
        r.time = 2
        r.sensitivity = SensitivityReport(differentiable: true, reason: nil, dyDx: [[0.5], [-1]],
                                          multiplierNames: ["cap[upper]"], dLambdaDx: [[2]])
        let expected = "{\"status\":\"time_limit\",\"objective\":-3,\"bound\":-4,\"gap\":0.3333333333333333,"
            + "\"leader\":{\"p\":1},\"follower\":{\"q\":null,\"r\":2},\"follower_objective\":null,"
            + "\"verified\":false,\"method\":\"bigm\",\"reading\":\"optimistic\",\"big_m\":\"proven\","
            + "\"big_m_value\":null,\"nodes\":7,\"time_s\":2,\"message\":null,\"point_objective\":null,"
            + "\"limit_leader\":null,\"model\":\"shop\",\"sensitivity\":{\"differentiable\":true,"
            + "\"dy_dx\":{\"q\":{\"p\":0.5},\"r\":{\"p\":-1}},\"dlambda_dx\":{\"cap[upper]\":{\"p\":2}}},"
            + "\"duals\":null," + Self.tail
        #expect(r.json(for: Self.model()).rendered() == expected)
    }

    @Test func userBigMAndUnboundedObjective() {
        var r = BilevelResult(status: .unbounded, method: .bigm)
        r.objective = -.infinity
        r.bigM = .userGiven(1000)
        let text = r.json(for: Self.model()).rendered()
        #expect(text.hasPrefix("{\"status\":\"unbounded\",\"objective\":null,\"bound\":null,\"gap\":null,"))
        #expect(text.contains(",\"big_m\":\"user\",\"big_m_value\":1000,"))
    }

    /// The closed list of status words (scripts rely on them; `bilevel solve --help` lists them).
    @Test func statusWordsAreTheClosedList() {
        let words: [SolveStatus: String] = [
            .optimal: "optimal", .feasible: "feasible", .infeasible: "infeasible", .unbounded: "unbounded",
            .illPosed: "ill_posed", .notAttained: "not_attained", .timeLimit: "time_limit",
            .nodeLimit: "node_limit", .memoryLimit: "memory_limit", .interrupted: "interrupted",
            .unknown: "unknown",
        ]
        #expect(Set(SolveStatus.allCases) == Set(words.keys))
        for status in SolveStatus.allCases { #expect(status.jsonWord == words[status], "\(status)") }
        #expect([BigMState.proven, .unproven(1), .userGiven(2)].map(\.jsonWord) == ["proven", "unproven", "user"])
    }

    /// JSONValue on its own: integers without a decimal point below 1e15, others as Swift's
    /// `description` prints them (decimal notation below 2^53, so 1e15 is "1000000000000000.0";
    /// exponent form beyond), control characters escaped, key order kept.
    @Test func jsonValueRendering() {
        let value = JSONValue.object([
            ("z", .number(3)), ("a", .number(-0.5)), ("big", .number(1e15)), ("huge", .number(1e300)),
            ("inf", .number(.infinity)), ("i", .integer(-7)), ("list", .array([.bool(true), .null, .array([])])),
            ("text", .string("tab\tquote\"back\\slash\u{01}")), ("empty", .object([])),
        ])
        let expected = "{\"z\":3,\"a\":-0.5,\"big\":1000000000000000.0,\"huge\":1e+300,\"inf\":null,\"i\":-7,"
            + "\"list\":[true,null,[]],\"text\":\"tab\\tquote\\\"back\\\\slash\\u0001\",\"empty\":{}}"
        #expect(value.rendered() == expected)
        #expect(JSONValue.finite(nil) == .null && JSONValue.finite(.nan) == .null && JSONValue.finite(2) == .number(2))
    }
}
