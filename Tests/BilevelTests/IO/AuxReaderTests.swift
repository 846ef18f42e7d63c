import Testing
@testable import Bilevel

private let mps = """
NAME          AUXT
ROWS
 N  obj
 L  u1
 L  f1
 G  f2
COLUMNS
    x         obj                  1   u1                   1
    y1        obj                  2   f1                   1
    y2        f2                   1
RHS
    RHS       u1                   5   f1                   3
ENDATA
"""

private func data() throws -> MPSData { try MPSReader.parse(mps, file: "t.mps") }

@Suite struct AuxReaderTests {
    @Test func namedForm() throws {
        let aux = """
        @NUMVARS
        2
        @NUMCONSTRS
        2
        @VARSBEGIN
        y1 3
        y2 -1.5
        @VARSEND
        @CONSTRSBEGIN
        f1
        f2
        @CONSTRSEND
        @OBJSENSE
        MAX
        @NAME
        auxt
        @MPS
        t.mps
        """
        let a = try AuxReader.parse(aux, file: "t.aux", mps: try data())
        #expect(a.followerColumns == [1, 2])
        #expect(a.followerObjective == [3, -1.5])
        #expect(a.followerRows == [1, 2])
        #expect(a.sense == .maximize)
        #expect(a.mpsFile == "t.mps")
        #expect(a.name == "auxt")
    }

    @Test func indexForm() throws {
        let aux = "N 2\nM 1\nLC 1\nLC 2\nLR 2\nLO 4\nLO 5\nOS -1\n"
        let a = try AuxReader.parse(aux, file: "t.txt", mps: try data())
        #expect(a.followerColumns == [1, 2])
        #expect(a.followerObjective == [4, 5])
        #expect(a.followerRows == [2])
        #expect(a.sense == .maximize)
    }

    @Test func indexFormWithNames() throws {
        let a = try AuxReader.parse("N 1\nM 1\nLC y1\nLR f1\nLO 1\nOS 1\n", file: "t.txt", mps: try data())
        #expect(a.followerColumns == [1] && a.followerRows == [1] && a.sense == .minimize)
    }

    /// The spellings of MibS's own example files (moore90NameFormat.aux, master-branch @CONSTSBEGIN).
    @Test func variantSpellings() throws {
        let aux = "@NUMVARS\n1\n@NUMCONSTR\n1\n@OBJESENSE\nMAX\n@VARSBEGIN\ny1 1\n@VARSEND\n"
            + "@CONSTSBEGIN\nf1\n@CONSTREND\n"
        let a = try AuxReader.parse(aux, file: "t.aux", mps: try data())
        #expect(a.followerRows == [1] && a.sense == .maximize)
    }

    @Test(arguments: [
        ("N 2\nM 0\nLC 1\nLO 1\n", 1, "declares 2 follower variables but lists 1"),
        ("N 1\nM 2\nLC 1\nLR 1\nLO 1\n", 2, "declares 2 follower rows but lists 1"),
        ("N 1\nLC 7\n", 2, "column index 7 is out of range"),
        ("N 1\nLC 1\nLR 9\n", 3, "row index 9 is out of range"),
        ("N 1\nLC nope\n", 2, "unknown column 'nope'"),
        ("@VARSBEGIN\ny1 1\n@VARSEND\n@CONSTRSBEGIN\nobj\n@CONSTRSEND\n", 5, "objective row"),
        ("@VARSBEGIN\ny1 1\n@VARSEND\n@CONSTRSBEGIN\nzz\n@CONSTRSEND\n", 5, "unknown row 'zz'"),
        ("@VARSBEGIN\ny1 1\ny1 2\n@VARSEND\n", 3, "listed twice"),
        ("@VARSBEGIN\ny1\n@VARSEND\n", 2, "needs an objective coefficient"),
        ("@VARSBEGIN\ny1 abc\n@VARSEND\n", 2, "not a finite number"),
        ("N 2\nLC 1\nLC 2\nLO 1\n", 4, "1 LO coefficients for 2 LC variables"),
        ("N 1\nLC 1\nIC 1\nIB 2\n", 1, "interdiction instance has one variable per MPS column (3)"),
        ("N 1\nLC 1\nFOO 1\n", 3, "unknown AUX keyword 'FOO'"),
        ("N 1\nLC 1\nOS 2\n", 3, "unknown objective sense"),
        ("N\n", 1, "needs a value"),
        ("N -1\n", 1, "non-negative integer"),
        ("M 0\n", 1, "lists no follower variables"),
    ])
    func errors(text: String, line: Int, fragment: String) throws {
        let d = try data()
        do {
            _ = try AuxReader.parse(text, file: "bad.aux", mps: d)
            Issue.record("expected an error containing '\(fragment)'")
        } catch let BilevelError.parse(location, message) {
            #expect(location.file == "bad.aux")
            #expect(location.line == line, "\(message)")
            #expect(message.contains(fragment), "\(message)")
        }
    }

    @Test func emptyFile() throws {
        #expect(throws: BilevelError.self) { try AuxReader.parse("", file: "e.aux", mps: try data()) }
    }

    @Test func assemblesModel() throws {
        let model = try MibSFormat.parse(mps: mps, aux: "N 2\nM 1\nLC 1\nLC 2\nLR 1\nLO 1\nLO 0\nOS -1\n")
        #expect(model.variables.map(\.level) == [.leader, .follower, .follower])
        #expect(model.constraints.map(\.level) == [.leader, .follower, .leader])
        #expect(model.followerObjective.sense == .maximize)
        #expect(model.followerObjective.terms == [LinearTerm(variable: 1, coefficient: 1)])
        #expect(model.leaderObjective.terms.count == 2)
    }
}
