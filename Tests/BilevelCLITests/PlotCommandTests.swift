import BilevelTestSupport
import Foundation
import Testing

/// `bilevel plot`: writes a well-formed SVG of the model's curve or heat map; bad input exits with 2
/// and a message naming what was wrong, writing nothing.
@Suite struct PlotCommandTests {
    @Test(arguments: [
        (["models/seed/monopolist.blp", "--leader", "x", "--range", "0:20", "--points", "21"],
         "monopolist: F along x", ["F, optimistic", "F, pessimistic", "optimum F = 50 at x = 10", "y*(x)"]),
        (["models/seed/hidden_nonconvexity.blp", "--leader", "x", "--range=-1.5:4", "--points", "31"],
         "no jumps", ["F(x, y*)", "optimum F = 4"]),
        (["models/bard_falk_1982_ex1.blp", "--leader", "x2", "--at", "x1=0.25", "--follower", "y2", "--points", "11"],
         "F along x2", ["(x1 = 0.25)", "y2", "the optimum is not on this slice"]),
        (["models/bard_falk_1982_ex1.blp", "--leader", "x1", "--leader", "x2", "--points", "6"],
         "6×6 exact solves", ["optimum F = 26", "x1", "x2"]),
    ])
    func writesAWellFormedPicture(arguments: [String], summary: String, texts: [String]) throws {
        let dir = try CLI.temporaryDirectory("plot")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.svg").path
        let r = try CLI.run(["plot"] + arguments + ["-o", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("wrote \(out): ") && r.stdout.contains(summary), "\(r.stdout)")
        let svg = try XMLCheck.parse(try String(contentsOfFile: out, encoding: .utf8))
        #expect(svg.root == "svg")
        for text in texts { #expect(svg.text.contains(text), "missing '\(text)'") }
    }

    @Test(arguments: [
        (["models/seed/monopolist.blp", "--leader", "z"], "no variable 'z' in the model (leader variables: x)"),
        (["models/seed/monopolist.blp", "--leader", "y"], "'y' is a follower variable"),
        (["models/seed/monopolist.blp", "--leader", "x", "--range", "0:30"], "outside the bounds of x"),
        (["models/seed/monopolist.blp", "--leader", "x", "--range", "5"], "--range must be LO:HI"),
        (["models/seed/monopolist.blp", "--leader", "x", "--range", "3:1"], "--range must be LO:HI"),
        (["models/bard_falk_1982_ex1.blp", "--leader", "x2", "--at", "x1"], "--at must be NAME=VALUE"),
        (["models/bard_falk_1982_ex1.blp", "--leader", "x2", "--at=x1=-1"],
         "x1 = -1.0 is outside its bounds [0.0, inf]"),
        (["models/bard_falk_1982_ex1.blp", "--leader", "x2", "--at", "q=0"], "no variable 'q'"),
        (["models/seed/monopolist.blp", "--leader", "x", "--points", "1"], "points must be between 2"),
        (["models/seed/monopolist.blp"], "give one leader variable"),
        (["nope.blp", "--leader", "x"], "nope.blp: error: no such file"),
    ])
    func badInputExitsWithTwo(arguments: [String], message: String) throws {
        let dir = try CLI.temporaryDirectory("plot")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.svg").path
        let r = try CLI.run(["plot"] + arguments + ["-o", out])
        #expect(r.status == 2)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
