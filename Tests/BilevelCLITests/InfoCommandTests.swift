import BilevelTestSupport
import Foundation
import Testing

/// `bilevel info`: the whole output, verbatim; counts by hand from the files.
@Suite struct InfoCommandTests {
    @Test(arguments: [
        // x leader; y follower; rows c1…c4 all follower rows (the AUX lists all four).
        ("models/bard_1984_ex1.aux",
         "bard_1984_ex1: leader 1 variables (0 integer), follower 1 variables (0 integer); "
            + "0 leader rows, 4 follower rows\n"),
        // C0 leader, C1 follower, both between the INTORG/INTEND markers; U1, U2 leader rows, L1, L2 follower rows.
        ("Tests/BilevelTests/Data/miblp-literature/mibsdoc_generalExample.aux",
         "mibsdoc_generalExample: leader 1 variables (1 integer), follower 1 variables (1 integer); "
            + "2 leader rows, 2 follower rows\n"),
        // Ten binary cuts; ten flows and v; the budget row; six conservation and ten cut rows.
        ("models/network_hardening.blp",
         "network_hardening: leader 10 variables (10 integer), follower 11 variables (0 integer); "
            + "1 leader rows, 16 follower rows\n"),
    ])
    func printsTheSizes(file: String, expected: String) throws {
        let r = try CLI.run(["info", file])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout == expected)
    }

    /// Bad input: status 2, file and line (and column where there is one) on stderr, nothing on stdout.
    /// Through an AUX file, an error in its MPS file names the MPS file.
    @Test(arguments: [
        ("Tests/BilevelCLITests/Inputs/bad.blp",
         "bilevel: Tests/BilevelCLITests/Inputs/bad.blp:5:1: error: expected a number or a variable name, "
            + "found end of file\n"),
        ("Tests/BilevelTests/Hostile/aux_nan.aux",
         "bilevel: Tests/BilevelTests/Hostile/aux_nan.aux:6:3: error: objective coefficient 'nan' is not a "
            + "finite number\n"),
        ("Tests/BilevelTests/Hostile/inverted_bounds.aux",
         "bilevel: {root}/Tests/BilevelTests/Hostile/inverted_bounds.mps:15: error: column 'x' has lower bound 7.0 "
            + "above upper bound 5.0\n"),
        ("nope.aux", "bilevel: nope.aux: error: no such file\n"),
    ])
    func badInputExitsWithTwo(file: String, stderr: String) throws {
        let r = try CLI.run(["info", file])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == stderr.replacingOccurrences(of: "{root}", with: Repository.root.path))
    }
}
