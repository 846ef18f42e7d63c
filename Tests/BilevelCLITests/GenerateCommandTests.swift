import Bilevel
import BilevelTestSupport
import Foundation
import Testing

/// `bilevel generate`: whole files against Expected/generate, and bad requests.
@Suite struct GenerateCommandTests {
    /// A family, size and seed, written as `base`.blp and as `base`.aux (+ .mps), with the optimum
    /// that an independent solver gives for it.
    struct Case: Sendable, CustomStringConvertible {
        var family: String, size: Int, seed: Int, base: String
        /// The optimum by SCIP 10 (pyscipopt 6.3.0) with one SOS1 per complementarity pair on the KKT
        /// system of the .aux file: `../shared/anchors/kkt_ref.py BASE.mps --aux BASE.aux --solver scip`,
        /// run 2026-12-01 in the venv of Benchmarks/setup-peers (status optimal, dual bound equal).
        var scip: Double
        var description: String { base }
    }

    static let cases = [
        Case(family: "random", size: 3, seed: 1, base: "random_3_s1", scip: -137.0625),
        Case(family: "random-int", size: 3, seed: 2, base: "random_int_3_s2", scip: -88),
    ]

    /// The files must match Expected/generate text for text. Independent checks (run when the files
    /// were regenerated, and every time): the .blp is the library's `InstanceGenerator` model (a
    /// second path to the same data), and both the .blp and its .aux twin, read back and solved,
    /// give SCIP's optimum.
    @Test(arguments: cases)
    func writesTheExpectedFiles(_ c: Case) throws {
        let dir = try CLI.temporaryDirectory("bilevel-generate")
        defer { try? FileManager.default.removeItem(at: dir) }
        for ext in ["blp", "aux"] {
            let r = try CLI.run(["generate", c.family, "--size", "\(c.size)", "--seed", "\(c.seed)",
                                 "-o", "\(c.base).\(ext)"], in: dir)
            #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.isEmpty, "\(r.stderr)")
        }
        let written = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(written == ["blp", "aux", "mps"].map { "\(c.base).\($0)" }.sorted())
        for file in written { try Expected.checkFile(file, in: dir, as: "generate") }

        let library = InstanceGenerator.randomLinear(leader: c.size, follower: c.size, rows: c.size,
                                                     integerLeader: c.family == "random-int", seed: UInt64(c.seed))
        #expect(try ModelFile.read(path: dir.appendingPathComponent(c.base + ".blp").path).isEquivalent(to: library))
        for ext in ["blp", "aux"] {
            let r = try CLI.run(["solve", dir.appendingPathComponent("\(c.base).\(ext)").path, "--format", "json"])
            let j = try CLI.json(r.stdout)
            #expect(j["status"] as? String == "optimal", "\(c.base).\(ext)")
            #expect(close(j["objective"] as? Double, c.scip),
                    "\(c.base).\(ext): \(j["objective"] ?? "none") vs SCIP \(c.scip)")
        }
    }

    /// Bad requests exit with status 2 and say what is wrong; the output file, when it is the
    /// problem, is named. (`generate` reads no input file: its bad inputs are options and paths.)
    @Test(arguments: [
        (["generate", "random", "--size", "0", "-o", "x.aux"], "Error: --size must be between 1 and 100000\n"),
        (["generate", "nope", "--size", "3", "-o", "x.aux"], "Error: The value 'nope' is invalid for '<family>'"),
        (["generate", "random", "--size", "3", "-o", "x.txt"],
         "bilevel: x.txt: error: unknown output format (use .blp, .aux or .mps)\n"),
        (["generate", "random", "--size", "3", "-o", "missing/dir/x.aux"],
         "bilevel: missing/dir/x.aux: error: cannot write"),
        (["generate", "random", "-o", "x.aux"], "Error: Missing expected argument '--size <size>'\n"),
    ])
    func badRequestsExitWithTwo(arguments: [String], stderrStart: String) throws {
        let dir = try CLI.temporaryDirectory("bilevel-generate-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(arguments, in: dir)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix(stderrStart), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "nothing is written")
    }
}
