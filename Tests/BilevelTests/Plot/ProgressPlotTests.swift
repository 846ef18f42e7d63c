import Bilevel
import BilevelTestSupport
import Foundation
import Testing

/// `ProgressPlot` from the progress feed of real solves: a well-formed SVG with both series in both
/// panels, and the final snapshot's numbers in its note.
@Suite struct ProgressPlotTests {
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [SolveProgress] = []
        func append(_ p: SolveProgress) { lock.lock(); stored.append(p); lock.unlock() }
        var snapshots: [SolveProgress] { lock.lock(); defer { lock.unlock() }; return stored }
    }

    @Test func drawsIncumbentAndBoundAgainstTimeAndNodes() throws {
        let model = InstanceGenerator.randomLinear(leader: 12, follower: 12, rows: 12, integerLeader: true, seed: 4)
        let recorder = Recorder()
        var options = SolveOptions(timeLimit: 30, threads: 1)
        options.progress = { recorder.append($0) }
        let result = try model.solve(options)
        #expect(result.status == .optimal)
        let snapshots = recorder.snapshots
        #expect(snapshots.last?.trigger == .finished)
        let svg = try XMLCheck.parse(ProgressPlot(title: model.name, snapshots: snapshots).svg())
        #expect(svg.root == "svg")
        for text in ["incumbent", "bound", "seconds", "nodes", "\(result.nodes) nodes", model.name] {
            #expect(svg.text.contains(text), "missing '\(text)'")
        }
        // Two series (incumbent solid, bound dashed) in each of the two panels.
        let lines = svg.elements.filter { $0.name == "polyline" && ($0.attributes["points"]?.count ?? 0) > 20 }
        #expect(lines.count >= 4, "\(lines.count) polylines with points")
    }

    @Test func saysSoWhenNothingWasReported() throws {
        let svg = try XMLCheck.parse(ProgressPlot(title: "empty").svg())
        #expect(svg.root == "svg")
        #expect(svg.text.contains("no incumbent and no finite bound were reported"))
    }
}
