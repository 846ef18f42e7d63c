import BilevelTestSupport
import Foundation
import Testing

/// `bilevel convert`: .aux → .blp → .aux → .blp, every stage compared with Expected/convert, and
/// every stage solved to the literature optimum.
@Suite struct ConvertCommandTests {
    struct Case: Sendable, CustomStringConvertible {
        /// The input, relative to the repository root, and the base name of the files written.
        var input: String, base: String
        var optimum: Double
        var description: String { base }
    }

    static let cases = [
        // Bard 1984, Naval Res. Logist. Q. 31:13-26, Example 1: F* = 28/9 (models/INDEX.tsv).
        Case(input: "models/bard_1984_ex1.aux", base: "bard_1984_ex1", optimum: 28.0 / 9),
        // MibS documentation, input.md "generalExample" (integer levels, leader rows): −41
        // (Tests/BilevelTests/Data/miblp-literature/KNOWN.tsv).
        Case(input: "Tests/BilevelTests/Data/miblp-literature/mibsdoc_generalExample.aux",
             base: "mibsdoc_generalExample", optimum: -41),
    ]

    /// The texts are in Expected/convert (checked by hand against the input files when they were
    /// written: same coefficients, bounds, integrality and row levels; a maximizing follower is
    /// written negated in the AUX file, as MibS reads no OBJSENSE, so the last stage reads back as
    /// "minimize −…"). Independently of those texts, each stage solves to the literature optimum.
    @Test(arguments: cases)
    func roundTrip(_ c: Case) throws {
        let dir = try CLI.temporaryDirectory("bilevel-convert")
        defer { try? FileManager.default.removeItem(at: dir) }
        let steps: [(String, String)] = [(Repository.path(c.input), c.base + ".blp"),
                                         (c.base + ".blp", c.base + ".aux"),
                                         (c.base + ".aux", c.base + ".again.blp")]
        for (from, to) in steps {
            let r = try CLI.run(["convert", from, to], in: dir)
            #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.isEmpty, "\(from) → \(to): \(r.stderr)")
        }
        let written = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(written == ["again.blp", "aux", "blp", "mps"].map { "\(c.base).\($0)" })
        for file in written {
            try Expected.checkFile(file, in: dir, as: "convert")
            guard !file.hasSuffix(".mps") else { continue }
            let r = try CLI.run(["solve", dir.appendingPathComponent(file).path, "--format", "json"])
            let j = try CLI.json(r.stdout)
            #expect(j["status"] as? String == "optimal", "\(file)")
            #expect(close(j["objective"] as? Double, c.optimum), "\(file): \(j["objective"] ?? "none")")
        }
    }

    /// Bad input exits with status 2 and names the file and line (and column where there is one).
    @Test(arguments: [
        (["convert", "Tests/BilevelCLITests/Inputs/bad.blp", "{dir}/out.aux"],
         "bilevel: Tests/BilevelCLITests/Inputs/bad.blp:5:1: error: expected a number or a variable name, "
            + "found end of file\n"),
        (["convert", "Tests/BilevelTests/Hostile/aux_nan.aux", "{dir}/out.blp"],
         "bilevel: Tests/BilevelTests/Hostile/aux_nan.aux:6:3: error: objective coefficient 'nan' is not a "
            + "finite number\n"),
        (["convert", "models/bard_1984_ex1.aux", "{dir}/out.txt"],
         "bilevel: {dir}/out.txt: error: unknown output format (use .blp, .aux or .mps)\n"),
        (["convert", "nope.blp", "{dir}/out.aux"], "bilevel: nope.blp: error: no such file\n"),
    ])
    func badInputExitsWithTwo(arguments: [String], stderr: String) throws {
        let dir = try CLI.temporaryDirectory("bilevel-convert-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(arguments.map { $0.replacingOccurrences(of: "{dir}", with: dir.path) })
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == stderr.replacingOccurrences(of: "{dir}", with: dir.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "nothing is written")
    }
}
