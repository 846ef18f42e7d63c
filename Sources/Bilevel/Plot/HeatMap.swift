/// A heat map of a function of two variables on a grid: one coloured cell per grid value, a cell
/// without a value (e.g. an infeasible point) left grey, a colour bar, and marked points.
///
///     var map = HeatMap(xLabel: "a", yLabel: "b", valueLabel: "F")
///     map.xValues = [0, 1, 2]; map.yValues = [0, 1]
///     map.values = [[1, 2, nil], [2, 3, 4]]   // values[j][i] at (xValues[i], yValues[j])
///     let svg = map.svg()
public struct HeatMap: Sendable {
    /// Title above the map.
    public var title: String?
    /// Label of the horizontal axis.
    public var xLabel: String
    /// Label of the vertical axis.
    public var yLabel: String
    /// Label of the colour bar.
    public var valueLabel: String
    /// Grid coordinates along x, ascending (cell centres).
    public var xValues: [Double] = []
    /// Grid coordinates along y, ascending (cell centres).
    public var yValues: [Double] = []
    /// `values[j][i]`: the value at (`xValues[i]`, `yValues[j]`); nil for no value.
    public var values: [[Double?]] = []
    /// Marked points (e.g. the optimum), in data units.
    public var markers: [ChartMarker] = []
    /// A line of small text under the map.
    public var note: String?

    /// An empty heat map with its labels.
    public init(title: String? = nil, xLabel: String, yLabel: String, valueLabel: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.valueLabel = valueLabel
    }

    /// The map alone as a standalone SVG document.
    public func svg(width: Double = 720, height: Double = 560) -> String {
        var document = SVGDocument(width: width, height: height)
        draw(in: SVGRect(x: 0, y: 0, width: width, height: height), on: &document)
        return document.rendered()
    }

    /// Draws the map into `frame` of `svg`.
    public func draw(in frame: SVGRect, on svg: inout SVGDocument) {
        let top = frame.y + (title == nil ? 12 : 34)
        let bottom = frame.maxY - 46 - (note == nil ? 0 : 16)
        let area = SVGRect(x: frame.x + 72, y: top, width: max(10, frame.width - 190), height: max(10, bottom - top))
        if let title { svg.text(title, x: frame.x + frame.width / 2, y: frame.y + 20, size: 14, anchor: "middle",
                                weight: "bold") }
        guard let xr = Self.edges(xValues), let yr = Self.edges(yValues) else { return }
        let px = { (x: Double) in area.x + (x - xr.first!) / (xr.last! - xr.first!) * area.width }
        let py = { (y: Double) in area.maxY - (y - yr.first!) / (yr.last! - yr.first!) * area.height }
        let finite = values.flatMap { $0 }.compactMap { $0 }.filter(\.isFinite)
        let lo = finite.min() ?? 0, hi = finite.max() ?? 1
        svg.rect(area, fill: "#d9d9d9")
        for (j, row) in values.enumerated() where j < yValues.count {
            for (i, v) in row.enumerated() where i < xValues.count {
                guard let v, v.isFinite else { continue }
                let cell = SVGRect(x: px(xr[i]), y: py(yr[j + 1]), width: px(xr[i + 1]) - px(xr[i]) + 0.4,
                                   height: py(yr[j]) - py(yr[j + 1]) + 0.4)
                svg.rect(cell, fill: ColorScale.color(hi > lo ? (v - lo) / (hi - lo) : 0.5))
            }
        }
        let xs = AxisTicks(lower: xr.first!, upper: xr.last!), ys = AxisTicks(lower: yr.first!, upper: yr.last!)
        for v in xs.values where v >= xr.first! && v <= xr.last! {
            svg.line(x1: px(v), y1: area.maxY, x2: px(v), y2: area.maxY + 4, stroke: "#888888")
            svg.text(xs.label(v), x: px(v), y: area.maxY + 17, size: 11, anchor: "middle")
        }
        for v in ys.values where v >= yr.first! && v <= yr.last! {
            svg.line(x1: area.x - 4, y1: py(v), x2: area.x, y2: py(v), stroke: "#888888")
            svg.text(ys.label(v), x: area.x - 7, y: py(v) + 4, size: 11, anchor: "end")
        }
        svg.rect(area, fill: "none", stroke: "#888888")
        svg.text(xLabel, x: area.x + area.width / 2, y: area.maxY + 36, size: 13, anchor: "middle")
        svg.text(yLabel, x: area.x - 52, y: area.y + area.height / 2, size: 13, anchor: "middle", rotate: -90)
        for m in markers {
            LineChart.drawShape(m.shape, x: px(m.point.x), y: py(m.point.y), color: m.color, on: &svg)
            svg.text(m.label, x: px(m.point.x) + 10, y: py(m.point.y) - 9, size: 12, weight: "bold",
                     fill: "#111111", halo: true)
        }
        drawColorBar(on: &svg, x: area.maxX + 24, area: area, lo: lo, hi: hi)
        if let note { svg.text(note, x: frame.x + 8, y: frame.maxY - 6, size: 11, fill: "#555555") }
    }

    private func drawColorBar(on svg: inout SVGDocument, x: Double, area: SVGRect, lo: Double, hi: Double) {
        let steps = 48, h = area.height / Double(steps)
        for k in 0..<steps {
            svg.rect(SVGRect(x: x, y: area.maxY - Double(k + 1) * h, width: 16, height: h + 0.4),
                     fill: ColorScale.color((Double(k) + 0.5) / Double(steps)))
        }
        svg.rect(SVGRect(x: x, y: area.y, width: 16, height: area.height), fill: "none", stroke: "#888888")
        let ticks = AxisTicks(lower: lo, upper: hi, target: 5)
        for v in ticks.values where v >= lo - 1e-12 && v <= hi + 1e-12 && hi > lo {
            let y = area.maxY - (v - lo) / (hi - lo) * area.height
            svg.line(x1: x + 16, y1: y, x2: x + 20, y2: y, stroke: "#888888")
            svg.text(ticks.label(v), x: x + 23, y: y + 4, size: 11)
        }
        svg.text(valueLabel, x: x + 8, y: area.y - 8, size: 12, anchor: "middle")
        svg.rect(SVGRect(x: x, y: area.maxY + 24, width: 16, height: 10), fill: "#d9d9d9", stroke: "#888888")
        svg.text("none", x: x + 22, y: area.maxY + 33, size: 11)
    }

    /// Cell edges around ascending centres (half a spacing beyond the ends); nil when empty.
    static func edges(_ centres: [Double]) -> [Double]? {
        guard let first = centres.first, let last = centres.last else { return nil }
        if centres.count == 1 { return [first - 0.5, first + 0.5] }
        var e = [first - (centres[1] - first) / 2]
        for k in 0..<(centres.count - 1) { e.append((centres[k] + centres[k + 1]) / 2) }
        e.append(last + (last - centres[centres.count - 2]) / 2)
        return e
    }
}
