import BilevelTestSupport
import Foundation
import Testing

/// `bilevel solve --progress-plot OUT.svg`: the picture is written after the solve, and a path
/// without a folder is refused before it (exit 2).
@Suite struct ProgressPlotCommandTests {
    @Test func writesThePictureBesideTheAnswer() throws {
        let dir = try CLI.temporaryDirectory("progress")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("progress.svg").path
        let r = try CLI.run(["solve", "models/bard_falk_1982_ex1.blp", "--quiet", "--progress-plot", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("optimal"))
        let svg = try XMLCheck.parse(try String(contentsOfFile: out, encoding: .utf8))
        #expect(svg.root == "svg")
        for text in ["incumbent", "bound", "seconds", "nodes"] { #expect(svg.text.contains(text), "missing \(text)") }
    }

    @Test func refusesAPathWithoutAFolderBeforeSolving() throws {
        let r = try CLI.run(["solve", "models/bard_falk_1982_ex1.blp", "--progress-plot", "/no/such/folder/p.svg"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--progress-plot: no folder for '/no/such/folder/p.svg'"), "\(r.stderr)")
    }
}
