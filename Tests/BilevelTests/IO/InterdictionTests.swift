import Foundation
import Testing
@testable import Bilevel
import BilevelTestSupport

/// The follower's problem of a small knapsack interdiction instance (the leader's objective is its
/// negation; MibS adds the leader's variables and rows).
private let knapsackMPS = """
NAME          KNAP
ROWS
 N  obj
 L  cap
COLUMNS
    MARKER    'MARKER'                 'INTORG'
    y1        obj                 -5   cap                  3
    y2        obj                 -4   cap                  2
    MARKER    'MARKER'                 'INTEND'
    y3        obj                 -3   cap                  1
RHS
    RHS       obj                  7
    RHS       cap                  4
BOUNDS
 UP BND       y2                   3
 LO BND       y3                   1
 UP BND       y3                 2.5
ENDATA
"""

/// Index form as MibS's files write it: LC counts the MPS columns from N, LR the built rows.
private let knapsackAux = "N 3\nM 3\nLC 3\nLC 4\nLC 5\nLR 1\nLR 3\nLR 4\nLO -5\nLO -4\nLO -3\nOS 1\n"
    + "IC 1\nIC 0\nIC 2.5\nIB 3\n"

@Suite struct InterdictionTests {
    /// Every part of MibS's construction on a small instance.
    @Test func buildsMibSProblem() throws {
        let model = try MibSFormat.parse(mps: knapsackMPS, aux: knapsackAux)
        // y1 is integer without an upper bound record: [0, 1] (CoinMpsIO and GLPK).
        #expect(model.variables == [
            Variable(name: "y1", lower: 0, upper: 1, isInteger: true, level: .follower),
            Variable(name: "y2", lower: 0, upper: 3, isInteger: true, level: .follower),
            Variable(name: "y3", lower: 1, upper: 2.5, isInteger: false, level: .follower),
            Variable(name: "X0000000", lower: 0, upper: 1, isInteger: true, level: .leader),
            Variable(name: "X0000001", lower: 0, upper: 1, isInteger: true, level: .leader),
            Variable(name: "X0000002", lower: 0, upper: 1, isInteger: true, level: .leader),
        ])
        func term(_ j: Int, _ c: Double) -> LinearTerm { LinearTerm(variable: j, coefficient: c) }
        #expect(model.constraints == [
            // A zero cost (IC 0) leaves no term, as a zero MPS entry would.
            Constraint(name: "BUDGET", terms: [term(3, 1), term(5, 2.5)], lower: -.infinity, upper: 3,
                       level: .leader),
            Constraint(name: "cap", terms: [term(0, 3), term(1, 2), term(2, 1)], lower: -.infinity, upper: 4,
                       level: .follower),
            Constraint(name: "V0000000", terms: [term(0, 1), term(3, 1)], lower: -.infinity, upper: 1, level: .leader),
            Constraint(name: "V0000001", terms: [term(1, 1), term(4, 3)], lower: -.infinity, upper: 3,
                       level: .follower),
            Constraint(name: "V0000002", terms: [term(2, 1), term(5, 2.5)], lower: -.infinity, upper: 2.5,
                       level: .follower),
        ])
        // The leader minimizes -(MPS objective), constant included (RHS on obj is minus the constant).
        #expect(model.leaderObjective == Objective(sense: .minimize, terms: [term(0, 5), term(1, 4), term(2, 3)],
                                                   constant: 7))
        #expect(model.followerObjective == Objective(sense: .minimize, terms: [term(0, -5), term(1, -4), term(2, -3)]))
        try model.validate()
    }

    /// The named form with IC/IB: names are the MPS columns and the built rows; an `IC` inside the
    /// @VARSBEGIN list is a column name, not a key.
    @Test func namedFormAndNamesThatLookLikeKeys() throws {
        let mps = knapsackMPS.replacingOccurrences(of: "y2", with: "IC")
        let aux = "@NUMVARS 3 @NUMCONSTRS 2 @VARSBEGIN y1 -5 IC -4 y3 -3 @VARSEND "
            + "@CONSTRSBEGIN cap V0000002 @CONSTRSEND @OBJSENSE MAX IC 1 IC 1 IC 1 IB 1"
        let model = try MibSFormat.parse(mps: mps, aux: aux)
        #expect(model.variables.map(\.name) == ["y1", "IC", "y3", "X0000000", "X0000001", "X0000002"])
        #expect(model.constraints.filter { $0.level == .follower }.map(\.name) == ["cap", "V0000002"])
        #expect(model.followerObjective.sense == .maximize)
    }

    @Test(arguments: [
        ("N 2\n", 1, "N is 2, but the follower of an interdiction instance has one variable per MPS column (3)"),
        ("N 3\nLC 2\n", 2, "column index 2 is out of range 3..<6"),
        ("N 3\nLC -9223372036854775808\n", 2, "column index -9223372036854775808 is out of range 3..<6"),
        ("N 3\nLC 3\nLC 4\nLC 5\nLR 5\n", 5, "row index 5 is out of range 0..<5 (an interdiction instance numbers"),
        ("LC 3\nLC 4\n", 3, "has every MPS column as a variable (3), but the file lists 2"),
        ("N 3\nLC 3\nLC 4\nLC 5\nLR V0000009\n", 5, "unknown row 'V0000009'"),
        ("N 3\nLC 3\nLC 4\nLC 5\nLR obj\n", 5, "objective row"),
        // Found by the fuzzer: a repeated built row (index beyond the MPS rows) crashed the message.
        ("N 3\nLC 3\nLC 4\nLC 5\nLR 4\nLR 4\n", 6, "follower row 'V0000002' is listed twice"),
    ])
    func indexErrors(prefix: String, line: Int, fragment: String) throws {
        let aux = prefix + "IC 1\nIC 1\nIC 1\nIB 1\n"
        let data = try MPSReader.parse(knapsackMPS, file: "k.mps")
        do {
            _ = try AuxReader.parse(aux, file: "k.aux", mps: data)
            Issue.record("expected an error containing '\(fragment)'")
        } catch let BilevelError.parse(location, message) {
            #expect(location.file == "k.aux")
            #expect(location.line == line, "\(message)")
            #expect(message.contains(fragment), "\(message)")
        }
    }

    /// The scan for IC/IB steps over each key's value: every key it believes to take one does.
    @Test func scannedKeysTakeOneValue() throws {
        for key in AuxReader.valueKeys {
            do {
                _ = try AuxReader.parse(key, file: "k.aux", mps: try MPSReader.parse(knapsackMPS, file: "k.mps"))
                Issue.record("\(key) alone was read")
            } catch let BilevelError.parse(_, message) {
                #expect(message == "\(key) needs a value")
            }
        }
    }

    /// A defect before the IC/IB keys (here a stray value) is reported where it is, and the file is
    /// still read as an interdiction instance up to there (MibS's 2AP05-12.txt has such a line).
    @Test func strayValueBeforeInterdictionKeys() throws {
        let aux = knapsackAux.replacingOccurrences(of: "LO -4\n", with: "LO -4 9\n")
        do {
            _ = try MibSFormat.parse(mps: knapsackMPS, aux: aux)
            Issue.record("expected an error")
        } catch let BilevelError.parse(location, message) {
            #expect(location.line == 10 && message == "unknown AUX keyword '9'", "\(message)")
        }
    }

    @Test func refusesClashingNamesAndMaximizedMPS() throws {
        let clash = knapsackMPS.replacingOccurrences(of: " L  cap", with: " L  BUDGET")
            .replacingOccurrences(of: "cap ", with: "BUDGET ")
        let maximized = knapsackMPS.replacingOccurrences(of: "ROWS", with: "OBJSENSE MAX\nROWS")
        for (mps, fragment) in [(clash, "already uses the name 'BUDGET'"), (maximized, "OBJSENSE MAX")] {
            do {
                _ = try MibSFormat.parse(mps: mps, aux: knapsackAux)
                Issue.record("expected an error containing '\(fragment)'")
            } catch let BilevelError.parse(location, message) {
                #expect(location.file == "model.aux" && location.line == 13, "\(message)")
                #expect(message.contains(fragment), "\(message)")
            }
        }
    }

    /// The instances of Tests/BilevelTests/Data/Interdiction read natively give the same model as
    /// their explicit twins (expanded/), field by field; only the model's name differs (the MPS NAME).
    @Test(arguments: ["miblp_10_10_50_0110_0_1.aux", "K5010W01.KNP.txt", "2AP05-1.txt"])
    func nativeReadEqualsExpandedTwin(_ file: String) throws {
        let dir = "Tests/BilevelTests/Data/Interdiction/"
        let native = try ModelFile.read(path: Repository.path(dir + file))
        let twinFile = file.replacingOccurrences(of: ".txt", with: ".aux")
        let twin = try ModelFile.read(path: Repository.path(dir + "expanded/" + twinFile))
        #expect(native.variables.count == twin.variables.count)
        for (a, b) in zip(native.variables, twin.variables) { #expect(a == b) }
        #expect(native.constraints.count == twin.constraints.count)
        for (a, b) in zip(native.constraints, twin.constraints) { #expect(a == b) }
        #expect(native.leaderObjective == twin.leaderObjective)
        #expect(native.followerObjective == twin.followerObjective)
        #expect(native.variables.filter { $0.level == .leader }.count == native.variables.count / 2)
        try native.validate()
    }
}
