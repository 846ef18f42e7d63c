import Bilevel
import BilevelTestSupport
import Testing

/// The SVG writer: escaping, short numbers, a well-formed document.
@Suite struct SVGDocumentTests {
    @Test func escapesTextAndAttributes() throws {
        var svg = SVGDocument(width: 100, height: 50)
        svg.text("a < b & \"c\" > 'd'", x: 1, y: 2)
        svg.element("g", [("data-name", "x<y&\"z\"")])
        let summary = try XMLCheck.parse(svg.rendered())
        #expect(summary.root == "svg")
        #expect(summary.text == "a < b & \"c\" > 'd'")
        #expect(summary.elements.contains { $0.attributes["data-name"] == "x<y&\"z\"" })
    }

    @Test(arguments: [(1.0, "1"), (-0.5, "-0.5"), (2.345, "2.35"), (1e20, "100000000000000000000"),
                      (.nan, "0"), (.infinity, "0"), (0.001, "0")])
    func writesNumbersShort(value: Double, expected: String) {
        #expect(SVGDocument.number(value) == expected)
    }

    @Test func everyShapeParses() throws {
        var svg = SVGDocument(width: 200, height: 100)
        let clip = svg.clipPath(SVGRect(x: 0, y: 0, width: 100, height: 100))
        svg.line(x1: 0, y1: 0, x2: 10, y2: 10, stroke: "#000", dash: "2,2")
        svg.rect(SVGRect(x: 1, y: 1, width: 5, height: 5), fill: "#fff", stroke: "#000", clip: clip)
        svg.polyline([(0, 0), (.nan, 1), (3, 4)], stroke: "#000", clip: clip)
        svg.polyline([], stroke: "#000")
        svg.circle(cx: 5, cy: 5, r: 2, fill: "none", stroke: "#000")
        svg.polygon([(0, 0), (1, 0), (0, 1)], fill: "#f00")
        svg.text("rotated", x: 20, y: 20, rotate: -90, halo: true)
        let summary = try XMLCheck.parse(svg.rendered())
        #expect(summary.counts["polyline"] == 1)   // the empty one is left out
        #expect(summary.counts["clipPath"] == 1)
        #expect(summary.elements.first { $0.name == "polyline" }?.attributes["points"] == "0,0 3,4")
    }
}
