import BilevelTestSupport
import Foundation
import Testing

/// End-to-end tests of the `bilevel` executable: whole stdout, stderr and exit codes.
@Suite struct SolveCommandTests {
    @Test func jsonContract() throws {
        let r = try CLI.run(["solve", "models/clark_westerberg_1988.aux", "--format", "json", "--time-limit", "60.0"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout.split(separator: "\n").count == 1)
        let j = try CLI.json(r.stdout)
        for key in ["status", "objective", "bound", "gap", "leader", "follower", "follower_objective", "verified",
                    "method", "big_m", "nodes", "time_s", "solver", "glpk"] {
            #expect(j[key] != nil, "missing key \(key)")
        }
        #expect(j["status"] as? String == "optimal")
        // Clark & Westerberg (1988): F* = -37 at x = 19, y = 14.
        #expect(abs((j["objective"] as? Double ?? 0) + 37) < 1e-6)
        #expect((j["leader"] as? [String: Double])?["x"].map { abs($0 - 19) < 1e-6 } == true)
        #expect((j["follower"] as? [String: Double])?["y"].map { abs($0 - 14) < 1e-6 } == true)
        #expect(j["verified"] as? Bool == true)
        #expect(j["method"] as? String == "branch")
        #expect(j["glpk"] as? String == "5.0")
    }

    /// Liu & Hart 1994, Eur. J. Oper. Res. 73(1): F* = −16 (models/INDEX.tsv).
    @Test func mpsPathFindsItsAux() throws {
        let r = try CLI.run(["solve", "models/liu_hart_1994.mps", "--format", "json"])
        #expect(r.status == 0)
        #expect(abs((try CLI.json(r.stdout)["objective"] as? Double ?? 0) + 16) < 1e-6)
    }

    /// Mitsos & Barton 2007, Example 3.2: infeasible (models/INDEX.tsv).
    @Test func infeasibleHasNullObjective() throws {
        let r = try CLI.run(["solve", "models/mitsos_barton_2007_ex32.aux", "--format", "json"])
        #expect(r.status == 0)
        let j = try CLI.json(r.stdout)
        #expect(j["status"] as? String == "infeasible")
        #expect(j["objective"] is NSNull)
        #expect(j["leader"] is NSNull)
    }

    @Test func bigMReportsItsState() throws {
        let r = try CLI.run(["solve", "models/bard_1984_ex1.aux", "--format", "json", "--method", "bigm"])
        let j = try CLI.json(r.stdout)
        #expect(j["method"] as? String == "bigm")
        #expect(["proven", "unproven"].contains(j["big_m"] as? String ?? ""))
        let user = try CLI.json(try CLI.run(["solve", "models/bard_1984_ex1.aux", "--format", "json",
                                             "--method", "bigm", "--big-m", "1000"]).stdout)
        #expect(user["big_m"] as? String == "user")
        #expect(user["status"] as? String != "optimal")
    }

    @Test func textModeSummary() throws {
        let r = try CLI.run(["solve", "models/clark_westerberg_1988.aux", "--quiet"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout.contains("status      optimal"))
        #expect(r.stdout.contains("objective   -37"))
        #expect(r.stdout.contains("  x = 19"))
    }

    @Test(arguments: [
        (["solve", "nope.aux"], "nope.aux: error: no such file"),
        (["solve", "models/INDEX.tsv"], "cannot find the MPS file for this AUX file"),
        (["solve", "models/liu_hart_1994.aux", "--time-limit", "abc"], "time-limit"),
        (["solve", "models/liu_hart_1994.aux", "--time-limit", "0"], "--time-limit must be a positive number"),
        (["solve", "models/liu_hart_1994.aux", "--method", "magic"], "method"),
        (["solve", "models/liu_hart_1994.aux", "--big-m", "100"], "--big-m applies to --method bigm only"),
        (["solve"], "Missing expected argument"),
        (["frobnicate"], "Unexpected argument"),
    ])
    func badInputExitsWithTwo(arguments: [String], fragment: String) throws {
        let r = try CLI.run(arguments)
        #expect(r.status == 2, "\(arguments): status \(r.status)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains(fragment), "\(r.stderr)")
    }

    /// An integer follower y ∈ {0…5} (index-form AUX: LC 0, LO −1, so it maximizes y) with the row
    /// y + x ≤ 3 and the leader min x + y over x ∈ [0, 5]. With x continuous the optimum may not be
    /// attained: refused with the reason and exit status 2. With x integer it is solved: the follower
    /// answers y = 3 − x for x ≤ 3 (and has no response for x ≥ 4), so F = 3 for x = 0…3 (by hand).
    @Test(arguments: [false, true])
    func integerFollowerIsSolvedOrRefusedWithTheReason(integerLeader: Bool) throws {
        let dir = try CLI.temporaryDirectory("bilevel-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let x = integerLeader
            ? "    MARKER 'MARKER' 'INTORG'\n    x obj 1 c 1\n    MARKER 'MARKER' 'INTEND'\n"
            : "    x obj 1 c 1\n"
        let mps = "NAME t\nROWS\n N obj\n L c\nCOLUMNS\n    MARKER 'MARKER' 'INTORG'\n    y obj 1 c 1\n"
            + "    MARKER 'MARKER' 'INTEND'\n" + x + "RHS\n    R c 3\nBOUNDS\n UP B y 5\n UP B x 5\nENDATA\n"
        try mps.write(to: dir.appendingPathComponent("t.mps"), atomically: true, encoding: .utf8)
        try "N 1\nM 1\nLC 0\nLR 0\nLO -1\nOS 1\n".write(to: dir.appendingPathComponent("t.aux"), atomically: true,
                                                          encoding: .utf8)
        let r = try CLI.run(["solve", dir.appendingPathComponent("t.aux").path, "--format", "json"])
        if integerLeader {
            #expect(r.status == 0, "\(r.stderr)")
            let j = try CLI.json(r.stdout)
            #expect(j["status"] as? String == "optimal")
            #expect(close(j["objective"] as? Double, 3))
            #expect(j["verified"] as? Bool == true)
        } else {
            #expect(r.status == 2)
            #expect(r.stdout.isEmpty)
            #expect(r.stderr.contains("not supported yet: the linking variables x are continuous"), "\(r.stderr)")
        }
    }

    @Test func helpExitsZero() throws {
        let r = try CLI.run(["solve", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("USAGE: bilevel solve"))
    }
}

/// The README's Swift snippet is exactly the compiled example program, and it runs as documented.
@Suite struct ReadmeSnippetTests {
    static func block(in text: String, after marker: String) -> String? {
        guard let start = text.range(of: marker) else { return nil }
        let rest = text[start.upperBound...]
        guard let open = rest.range(of: "```swift\n"), let close = rest[open.upperBound...].range(of: "```") else {
            return nil
        }
        return String(rest[open.upperBound..<close.lowerBound])
    }

    @Test func readmeShowsTheCompiledExample() throws {
        let readme = try String(contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)
        let example = try String(contentsOf: Repository.root.appendingPathComponent("Examples/QuickStart/main.swift"),
                                 encoding: .utf8)
        let begin = try #require(example.range(of: "// BEGIN README\n"))
        let end = try #require(example.range(of: "// END README"))
        let compiled = String(example[begin.upperBound..<end.lowerBound])
        let shown = try #require(Self.block(in: readme, after: "## Swift"))
        #expect(shown == compiled)
    }

    @Test func exampleRunsAsDocumented() throws {
        let r = try CLI.run([], program: "bilevel-example")
        #expect(r.status == 0)
        // Follower: y = 4 − x; leader: min x + 2(4 − x) over [0, 1] → x = 1, y = 3, F = 7 (by hand).
        #expect(r.stdout == "optimal 7.0 1.0 3.0\n")
    }
}

/// Limits and interruption on a generated instance too hard to finish quickly (random LP–LP, 40
/// variables per level: far beyond a second for every method measured here).
@Suite(.serialized) struct LimitTests {
    static func hardInstance() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bilevel-limits-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("hard.aux").path
        if !FileManager.default.fileExists(atPath: path) {
            let r = try CLI.run(["generate", "random", "--size", "40", "--seed", "1", "-o", path])
            #expect(r.status == 0)
        }
        return path
    }

    @Test func timeLimitIsHonoured() throws {
        let start = Date()
        let r = try CLI.run(["solve", try Self.hardInstance(), "--format", "json", "--time-limit", "1.5"])
        let elapsed = Date().timeIntervalSince(start)
        let j = try CLI.json(r.stdout)
        #expect(j["status"] as? String == "time_limit")
        #expect(j["verified"] as? Bool == true)          // the best point found is reported, verified
        let bound = try #require(j["bound"] as? Double), objective = try #require(j["objective"] as? Double)
        #expect(bound <= objective + 1e-9)
        #expect(elapsed < 1.5 * 1.1 + 1 + 1)             // the limit, its slack, and process start
    }

    @Test func nodeLimitIsHonoured() throws {
        let r = try CLI.run(["solve", try Self.hardInstance(), "--format", "json", "--node-limit", "50",
                             "--threads", "1"])
        let j = try CLI.json(r.stdout)
        #expect(j["status"] as? String == "node_limit")
        #expect((j["nodes"] as? Int).map { $0 >= 50 && $0 <= 52 } == true)
    }

    @Test func ctrlCReportsTheBestPoint() throws {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["solve", try Self.hardInstance(), "--format", "json"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        process.interrupt()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let j = try CLI.json(String(decoding: data, as: UTF8.self))
        #expect(j["status"] as? String == "interrupted")
        #expect(j["objective"] is Double)
        #expect(j["bound"] is Double)
        #expect(j["verified"] as? Bool == true)
    }
}

/// A short run of the parser fuzzer in every test run (the 10⁶-execution run is the separate
/// command in the README): no crash, no hang.
@Suite struct FuzzSmokeTests {
    @Test func parsersSurviveMutatedInputs() throws {
        let r = try CLI.run(["--executions", "15000", "--seed", "7", "--root", Repository.root.path],
                            program: "bilevel-fuzz")
        let text = r.stdout
        #expect(r.status == 0, "\(text)\(r.stderr)")
        #expect(text.contains("executions 15000"))
        #expect(text.contains("hangs 0"))
    }
}
