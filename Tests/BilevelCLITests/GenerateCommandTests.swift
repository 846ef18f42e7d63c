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
        try Self.checkGenerated(c)
    }

    /// Generates `c` as .blp and .aux: the files match Expected/generate, the .blp is the library's
    /// model (`library(_:)`, a second path to the same data), and both files solve to SCIP's optimum.
    static func checkGenerated(_ c: Case) throws {
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
        let blp = try ModelFile.read(path: dir.appendingPathComponent(c.base + ".blp").path)
        #expect(blp.isEquivalent(to: Self.library(c)))
        for ext in ["blp", "aux"] {
            let r = try CLI.run(["solve", dir.appendingPathComponent("\(c.base).\(ext)").path, "--format", "json"])
            let j = try CLI.json(r.stdout)
            #expect(j["status"] as? String == "optimal", "\(c.base).\(ext)")
            #expect(close(j["objective"] as? Double, c.scip),
                    "\(c.base).\(ext): \(j["objective"] ?? "none") vs SCIP \(c.scip)")
        }
    }

    /// The families that are not kind to a solver, one small instance each. The optima are SCIP's
    /// (SOS1 on the KKT system of the .aux file by `../shared/anchors/kkt_ref.py`, run 2026-12-02 in
    /// the venv of Benchmarks/setup-peers: status optimal, dual bound equal).
    static let unkindCases = [
        Case(family: "graph-interdiction", size: 16, seed: 2, base: "graph_interdiction_16_s2", scip: 7),
        Case(family: "packing", size: 3, seed: 1, base: "packing_3_s1", scip: 95.10714285714283),
        Case(family: "covering", size: 3, seed: 2, base: "covering_3_s2", scip: -40.833333333333336),
        Case(family: "mixed", size: 3, seed: 3, base: "mixed_3_s3", scip: -128.88888888888889),
    ]

    /// The library's model of a case of `cases` or `unkindCases`.
    static func library(_ c: Case) -> BilevelModel {
        switch c.family {
        case "graph-interdiction": InstanceGenerator.graphInterdiction(arcs: c.size, seed: UInt64(c.seed))
        case "random", "random-int":
            InstanceGenerator.randomLinear(leader: c.size, follower: c.size, rows: c.size,
                                           integerLeader: c.family == "random-int", seed: UInt64(c.seed))
        default:
            InstanceGenerator.linearForm(InstanceGenerator.LinearForm(rawValue: c.family)!, shape: .size(c.size),
                                         seed: UInt64(c.seed))
        }
    }

    /// As `writesTheExpectedFiles`, for the new families: the files match Expected/generate, the .blp
    /// is the library's model, and both files solve to SCIP's optimum.
    @Test(arguments: unkindCases)
    func writesTheExpectedFilesOfTheUnkindFamilies(_ c: Case) throws {
        try Self.checkGenerated(c)
    }

    /// The options of the new families are passed through: --nodes and --budget (graph-interdiction),
    /// --integer-leader (packing, covering, mixed).
    @Test func familyOptionsArePassedThrough() throws {
        let dir = try CLI.temporaryDirectory("bilevel-generate-options")
        defer { try? FileManager.default.removeItem(at: dir) }
        var r = try CLI.run(["generate", "graph-interdiction", "--size", "40", "--nodes", "8", "--budget", "7",
                             "--seed", "5", "-o", "g.blp"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let g = try ModelFile.read(path: dir.appendingPathComponent("g.blp").path)
        #expect(g.isEquivalent(to: InstanceGenerator.graphInterdiction(arcs: 40, nodes: 8, budget: 7, seed: 5)))
        r = try CLI.run(["generate", "covering", "--size", "6", "--integer-leader", "0", "-o", "c.blp"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        var shape = InstanceGenerator.LinearShape.size(6)
        shape.integerLeader = 0
        let c = try ModelFile.read(path: dir.appendingPathComponent("c.blp").path)
        #expect(c.isEquivalent(to: InstanceGenerator.linearForm(.covering, shape: shape, seed: 1)))
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
        (["generate", "packing", "--size", "1", "-o", "x.aux"], "Error: --size must be at least 2 for packing\n"),
        (["generate", "mixed", "--size", "4", "--integer-leader", "5", "-o", "x.aux"],
         "Error: --integer-leader must be between 0 and --size (4)\n"),
        (["generate", "covering", "--size", "4", "--nodes", "9", "-o", "x.aux"],
         "Error: --nodes applies to graph-interdiction only\n"),
        (["generate", "random", "--size", "4", "--budget", "3", "-o", "x.aux"],
         "Error: --budget applies to graph-interdiction only\n"),
        (["generate", "interdiction", "--size", "40", "--integer-leader", "3", "-o", "x.aux"],
         "Error: --integer-leader applies to packing, covering and mixed only\n"),
        (["generate", "graph-interdiction", "--size", "3", "-o", "x.aux"],
         "Error: --size (arcs) must be between 4 and 6 on 4 nodes\n"),
        (["generate", "graph-interdiction", "--size", "50", "--nodes", "6", "-o", "x.aux"],
         "Error: --size (arcs) must be between 6 and 20 on 6 nodes\n"),
        (["generate", "graph-interdiction", "--size", "50", "--nodes", "3", "-o", "x.aux"],
         "Error: --nodes must be between 4 and 100000\n"),
        (["generate", "graph-interdiction", "--size", "50", "--budget=-1", "-o", "x.aux"],
         "Error: --budget must be at least 0\n"),
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
