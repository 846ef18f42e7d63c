import Bilevel
import BilevelTestSupport
import Testing

/// The heat map: a cell per value, none where there is no value, a colour bar, the marker.
@Suite struct HeatMapTests {
    @Test func drawsACellPerValue() throws {
        var map = HeatMap(xLabel: "a", yLabel: "b", valueLabel: "F")
        map.xValues = [0, 1, 2]
        map.yValues = [0, 1]
        map.values = [[1, 2, nil], [2, 3, 4]]
        map.markers = [ChartMarker(ChartPoint(2, 1), label: "optimum F = 4")]
        let plain = try XMLCheck.parse(HeatMap(xLabel: "a", yLabel: "b", valueLabel: "F").svg())
        let summary = try XMLCheck.parse(map.svg())
        // Five cells more than an empty map (whose frame and colour bar are drawn alike).
        let cells = (summary.counts["rect"] ?? 0) - (plain.counts["rect"] ?? 0)
        #expect(cells == 5 + 48 + 4)   // cells, colour-bar steps, background, frames and the "none" key
        #expect(summary.text.contains("optimum F = 4"))
    }

    @Test func colorsRunFromDarkToLight() {
        #expect(ColorScale.color(0) == "#440154")
        #expect(ColorScale.color(1) == "#fde725")
        #expect(ColorScale.color(.nan) == "#440154")
    }
}
