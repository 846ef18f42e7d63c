import Foundation
import Testing
@testable import Bilevel
import BilevelTestSupport

@Suite struct TextFormatTests {
    @Test func readsEveryConstruct() throws {
        let text = """
        # comment
        model demo
        leader
          variables x z
          maximize 3 x - 2*y + 5   # constant kept
          subject to
            budget: x + z <= 4
            -1 <= x - z <= 2
          bounds
            x <= 3
            -inf <= z <= 9   # a new statement, not a continuation of the line above
          integer x
        follower
          variables y w
          min y + 2 w
            + 0.5 x
          s.t.
            f1: y + w >= 1
            f2: y - x = 0
          bounds
            w free
            y >= -2
          binary
        end
        """
        let m = try TextFormat.parse(text, file: "demo.blp")
        #expect(m.name == "demo")
        #expect(m.variables.map(\.name) == ["x", "z", "y", "w"])
        #expect(m.variables.map(\.level) == [.leader, .leader, .follower, .follower])
        #expect(m.variables[0].isInteger && m.variables[0].lower == 0 && m.variables[0].upper == 3)
        #expect(m.variables[1].lower == -.infinity && m.variables[1].upper == 9)
        #expect(m.variables[2].lower == -2 && m.variables[2].upper == .infinity)
        #expect(m.variables[3].lower == -.infinity && m.variables[3].upper == .infinity)
        #expect(m.leaderObjective.sense == .maximize && m.leaderObjective.constant == 5)
        #expect(m.leaderObjective.terms == [LinearTerm(variable: 0, coefficient: 3),
                                            LinearTerm(variable: 2, coefficient: -2)])
        #expect(m.followerObjective.sense == .minimize)
        #expect(m.followerObjective.terms.count == 3)
        #expect(m.constraints.map(\.name) == ["budget", "r1", "f1", "f2"])
        #expect(m.constraints[1].lower == -1 && m.constraints[1].upper == 2)
        #expect(m.constraints[3].lower == 0 && m.constraints[3].upper == 0)
        #expect(m.constraints.map(\.level) == [.leader, .leader, .follower, .follower])
    }

    @Test(arguments: [
        ("leader\n  variables x\n  minimize x +\n", 4, 1, "expected a number or a variable name"),
        ("leader\n  variables x\n  subject to\n    c: x * x <= 1\n", 4, 10,
         "quadratic terms are allowed only in objectives"),
        ("leader\n  variables x\n  minimize x^3\n", 3, 14, "only squares (^2) are supported"),
        ("follower\n  variables x\n  minimize dual(c1)\n", 3, 12, "allowed only in the leader's objective"),
        ("leader\n  variables x\n  minimize q\n", 3, 12, "unknown variable 'q'"),
        ("leader\n  variables x x\n", 2, 15, "declared twice"),
        ("leader\n  variables x\n  subject to\n  c: x <= 1\n  c: x >= 0\n", 5, 6, "row name 'c' is used twice"),
        ("leader\n  variables x\nfollower\n  variables y\n  bounds\n    x <= 2\n", 6, 5,
         "'x' is a leader variable; give its bounds in the leader section"),
        ("leader\n  variables x\n  bounds\n    x >= 5\n    x <= 2\n", 5, 5, "bounds of 'x' are inconsistent"),
        ("leader\n  variables x\n  subject to\n    2 x <=\n", 5, 1, "expected a number or a variable name"),
        ("leader\n  variables x\n  subject to\n    x 3\n", 4, 7, "expected '<=', '>=' or '='"),
        ("x <= 2\n", 1, 1, "expected 'model', 'leader' or 'follower'"),
        ("leader\n  variables x\n  minimize x\n  maximize x\n", 4, 3, "already has an objective"),
        ("leader\n  variables x\n  minimize 1e999 x\n", 3, 12, "out of range"),
        ("leader\n  variables x\n  minimize x ?\n", 3, 14, "unexpected character '?'"),
        ("leader\n  variables x\n  bounds\n    2 x <= 3\n", 4, 5, "a bound reads"),
        ("leader\n  variables x\nend\nleader\n", 4, 1, "text after 'end'"),
        ("", 1, 1, "declares no variables"),
    ])
    func errorsNameLineAndColumn(text: String, line: Int, column: Int, fragment: String) {
        do {
            _ = try TextFormat.parse(text, file: "bad.blp")
            Issue.record("expected an error containing '\(fragment)'")
        } catch let BilevelError.parse(location, message) {
            #expect(location.file == "bad.blp")
            #expect(location.line == line, "\(message)")
            #expect(location.column == column, "\(message)")
            #expect(message.contains(fragment), "\(message)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func writerRefusesUnwritableNames() throws {
        var m = BilevelModel(name: "t")
        m.addVariable(Variable(name: "bad name", level: .follower))
        #expect(throws: BilevelError.self) { try TextFormat.write(m) }
        var k = BilevelModel(name: "t")
        k.addVariable(Variable(name: "bounds", level: .follower))
        #expect(throws: BilevelError.self) { try TextFormat.write(k) }
    }
}

/// Round trips: reading what was written gives the same model.
private func negated(_ terms: [LinearTerm]) -> [LinearTerm] {
    terms.map { LinearTerm(variable: $0.variable, coefficient: -$0.coefficient) }
}

@Suite struct RoundTripTests {
    @Test(arguments: try Repository.modelIndex())
    func textFormatRoundTripOnEveryModel(_ entry: IndexEntry) throws {
        let model = try ModelFile.read(path: Repository.path("models/" + entry.file))
        let again = try TextFormat.parse(try TextFormat.write(model))
        #expect(again.isEquivalent(to: model))
    }

    @Test(arguments: 1...200)
    func textFormatRoundTripOnRandomModels(seed: Int) throws {
        let model = randomModel(seed: UInt64(seed))
        let text = try TextFormat.write(model)
        let again = try TextFormat.parse(text)
        #expect(again.isEquivalent(to: model), "\(text)")
        // Writing again gives the same text.
        #expect(try TextFormat.write(again) == text)
    }

    @Test(arguments: 1...200)
    func mibsRoundTripOnRandomModels(seed: Int) throws {
        var model = randomModel(seed: UInt64(seed))
        // AUX cannot hold follower-objective terms in leader variables; MibS ignores OBJSENSE, so a
        // maximized leader objective comes back negated and minimized.
        model.followerObjective.terms.removeAll { model.variables[$0.variable].level == .leader }
        let (mps, aux) = try MibSFormat.write(model, mpsFileName: "m.mps")
        let again = try MibSFormat.parse(mps: mps, aux: aux)
        var expected = model
        func negated(_ t: [LinearTerm]) -> [LinearTerm] {
            t.map { LinearTerm(variable: $0.variable, coefficient: -$0.coefficient) }
        }
        if model.leaderObjective.sense == .maximize {
            expected.leaderObjective = Objective(sense: .minimize, terms: negated(model.leaderObjective.terms),
                                                 constant: -model.leaderObjective.constant)
        }
        if model.followerObjective.sense == .maximize {
            expected.followerObjective = Objective(sense: .minimize, terms: negated(model.followerObjective.terms))
        }
        #expect(again.isEquivalent(to: expected), "\(mps)\n\(aux)")
    }

    /// MPS files may have rows without variables (`bilevel generate random --size 3 --seed 4` has
    /// one): `convert` writes them as `f1: 0 <= 34` and must read them back; an impossible one makes
    /// the model infeasible rather than failing to parse.
    @Test func rowsWithoutVariablesRoundTrip() throws {
        let model = InstanceGenerator.randomLinear(leader: 3, follower: 3, rows: 3, seed: 4)
        #expect(model.constraints.contains { $0.terms.allSatisfy { $0.coefficient == 0 } })
        let again = try TextFormat.parse(try TextFormat.write(model))
        #expect(again.isEquivalent(to: model))
        let impossible = try TextFormat.parse("""
            model empty_row
            leader
              variables x
              minimize x
            follower
              variables y
              minimize y
              subject to
                never: 0 >= 1
                y - x >= 0
            end
            """)
        #expect(try impossible.solve(SolveOptions(timeLimit: 10)).status == .infeasible)
    }
}
