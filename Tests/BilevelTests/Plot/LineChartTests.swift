import Bilevel
import BilevelTestSupport
import Testing

/// The line chart: one polyline per piece (a jump or gap is never bridged), steps, dots, legend.
@Suite struct LineChartTests {
    @Test func drawsEachPieceOnItsOwn() throws {
        var chart = LineChart(title: "t", xLabel: "x <name>", yLabel: "F")
        chart.series = [ChartSeries(name: "F", pieces: [[ChartPoint(0, 0), ChartPoint(1, 1)],
                                                        [ChartPoint(1, 3), ChartPoint(2, 3)],
                                                        [ChartPoint(3, 3), ChartPoint(4, 2)]], markJumps: true)]
        chart.series[0].attainedEnds = [ChartPoint(1, 1)]
        chart.markers = [ChartMarker(ChartPoint(1, 1), label: "optimum")]
        let summary = try XMLCheck.parse(chart.svg())
        #expect(summary.counts["polyline"] == 3)
        // The jump at x = 1: a filled end (attained) and an open one; the gap 2…3 has no circles.
        let ends = summary.elements.filter { $0.name == "circle" && $0.attributes["r"] == "3.5" }
        #expect(ends.count == 2)
        #expect(Set(ends.compactMap { $0.attributes["fill"] }) == ["#1f77b4", "#ffffff"])
        #expect(summary.text.contains("x <name>"))
        #expect(summary.text.contains("optimum"))
    }

    @Test func stepsHoldEachValueUntilTheNextPoint() throws {
        var chart = LineChart(xLabel: "time (s)", yLabel: "objective")
        chart.series = [ChartSeries(name: "incumbent", points: [ChartPoint(0, 5), ChartPoint(1, 3), ChartPoint(2, 2)],
                                    style: .steps),
                        ChartSeries(name: "bound", points: [ChartPoint(0, 0), ChartPoint(2, 1)], style: .steps,
                                    dashed: true)]
        chart.xDomain = 0...2
        chart.yDomain = 0...5
        let summary = try XMLCheck.parse(chart.svg(width: 400, height: 300))
        let lines = summary.elements.filter { $0.name == "polyline" }
        #expect(lines.count == 2)
        // Three points become five: (0,5) (1,5) (1,3) (2,3) (2,2).
        #expect(lines[0].attributes["points"]?.split(separator: " ").count == 5)
        #expect(lines[1].attributes["stroke-dasharray"] != nil)
        #expect(summary.text.contains("incumbent") && summary.text.contains("bound"))
    }

    @Test func pointsAndAnEmptyChartParse() throws {
        var chart = LineChart(xLabel: "x", yLabel: "y")
        #expect(try XMLCheck.parse(chart.svg()).root == "svg")
        chart.series = [ChartSeries(name: "F", points: [ChartPoint(1, 2), ChartPoint(2, 2)], style: .points)]
        let summary = try XMLCheck.parse(chart.svg())
        #expect(summary.counts["polyline"] == nil)
        #expect((summary.counts["circle"] ?? 0) >= 2)
    }
}
