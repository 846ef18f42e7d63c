import Foundation

/// A line chart: named series of (x, y) points drawn as polylines, steps or dots, with axes, ticks,
/// grid, axis labels, a legend and marked points.
///
///     var chart = LineChart(xLabel: "time (s)", yLabel: "objective")
///     chart.series = [ChartSeries(name: "incumbent", points: incumbent, style: .steps),
///                     ChartSeries(name: "bound", points: bound, style: .steps, dashed: true)]
///     let svg = chart.svg(width: 720, height: 400)
///
/// Several charts can share one picture: `draw(in:on:)` each into its own frame of an `SVGDocument`.
public struct LineChart: Sendable {
    /// Title above the plot (none when nil).
    public var title: String?
    /// Label of the horizontal axis.
    public var xLabel: String
    /// Label of the vertical axis.
    public var yLabel: String
    /// The curves, drawn in order.
    public var series: [ChartSeries] = []
    /// Marked points (e.g. the optimum), drawn above the curves, the first on top.
    public var markers: [ChartMarker] = []
    /// The horizontal range shown (default: the data's extent).
    public var xDomain: ClosedRange<Double>?
    /// The vertical range shown (default: the data's extent, widened to round ticks).
    public var yDomain: ClosedRange<Double>?
    /// Small text under the chart (e.g. what was left out), wrapped at word boundaries to the width.
    public var note: String?

    /// An empty chart with axis labels.
    public init(title: String? = nil, xLabel: String, yLabel: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// The chart alone as a standalone SVG document.
    public func svg(width: Double = 720, height: Double = 420) -> String {
        var document = SVGDocument(width: width, height: height)
        draw(in: SVGRect(x: 0, y: 0, width: width, height: height), on: &document)
        return document.rendered()
    }

    /// Draws the chart into `frame` of `svg`.
    public func draw(in frame: SVGRect, on svg: inout SVGDocument) {
        let legendRows = legendLayout(width: frame.width - 90).rows
        let top = frame.y + (title == nil ? 10 : 30) + Double(legendRows) * 18
        let noteLines = note.map { Self.wrap($0, width: frame.width - 16) } ?? []
        let bottom = frame.maxY - 44 - 14 * Double(noteLines.count)
        let area = SVGRect(x: frame.x + 72, y: top, width: max(10, frame.width - 90), height: max(10, bottom - top))
        let (xs, ys) = axes()
        let map = { (p: ChartPoint) -> (Double, Double) in
            (area.x + (p.x - xs.lower) / (xs.upper - xs.lower) * area.width,
             area.maxY - (p.y - ys.lower) / (ys.upper - ys.lower) * area.height)
        }
        if let title { svg.text(title, x: frame.x + frame.width / 2, y: frame.y + 20, size: 14, anchor: "middle",
                                weight: "bold") }
        drawLegend(on: &svg, x: area.x, y: top - Double(legendRows) * 18 + 4, width: area.width)
        drawAxes(on: &svg, area: area, xs: xs, ys: ys, map: map)
        let clip = svg.clipPath(SVGRect(x: area.x - 1, y: area.y - 1, width: area.width + 2, height: area.height + 2))
        let colored = series.enumerated().map { ($0.element, $0.element.color ?? ChartPalette.color($0.offset)) }
        for (s, color) in colored { drawSeries(s, color: color, on: &svg, clip: clip, map: map) }
        // Jump ends after all lines: a dashed series' large circles first, a solid one's small ones
        // inside them, so both stay visible where two readings jump at the same x.
        for (s, color) in colored where s.dashed { drawJumpEnds(s, color: color, radius: 6, on: &svg, map: map) }
        for (s, color) in colored where !s.dashed { drawJumpEnds(s, color: color, radius: 3.5, on: &svg, map: map) }
        for m in markers.reversed() { drawMarker(m, on: &svg, map: map, area: area) }
        for (k, line) in noteLines.enumerated() {
            svg.text(line, x: frame.x + 8, y: frame.maxY - 6 - 14 * Double(noteLines.count - 1 - k), size: 11,
                     fill: "#555555")
        }
    }

    /// The tick sets of both axes (x: the domain as given or the data's extent; y: widened to ticks).
    func axes() -> (x: AxisTicks, y: AxisTicks) {
        let points = series.flatMap { $0.pieces.flatMap { $0 } } + markers.map(\.point)
        let finite = points.filter { $0.x.isFinite && $0.y.isFinite }
        let xLo = xDomain?.lowerBound ?? finite.map(\.x).min() ?? 0
        let xHi = xDomain?.upperBound ?? finite.map(\.x).max() ?? 1
        var xTicks = AxisTicks(lower: xLo, upper: xHi)
        if xHi > xLo {
            xTicks.values = xTicks.values.filter { $0 >= xLo - 1e-9 * (xHi - xLo) && $0 <= xHi + 1e-9 * (xHi - xLo) }
            xTicks.lower = xLo
            xTicks.upper = xHi
        }
        let inX = finite.filter { $0.x >= xTicks.lower && $0.x <= xTicks.upper }
        let yLo = yDomain?.lowerBound ?? inX.map(\.y).min() ?? 0
        let yHi = yDomain?.upperBound ?? inX.map(\.y).max() ?? 1
        var yTicks = AxisTicks(lower: yLo, upper: yHi, target: 5)
        if yDomain == nil && yHi > yLo {
            // Keep curves off the frame: a margin where the data reach a tick at the edge.
            let pad = 0.04 * (yHi - yLo)
            yTicks.lower = min(yTicks.lower, yLo - pad)
            yTicks.upper = max(yTicks.upper, yHi + pad)
        }
        return (xTicks, yTicks)
    }

    private func drawAxes(on svg: inout SVGDocument, area: SVGRect, xs: AxisTicks, ys: AxisTicks,
                          map: (ChartPoint) -> (Double, Double)) {
        svg.rect(area, fill: "#ffffff", stroke: "#888888")
        for v in xs.values {
            let (px, _) = map(ChartPoint(v, ys.lower))
            svg.line(x1: px, y1: area.y, x2: px, y2: area.maxY, stroke: "#e6e6e6")
            svg.line(x1: px, y1: area.maxY, x2: px, y2: area.maxY + 4, stroke: "#888888")
            svg.text(xs.label(v), x: px, y: area.maxY + 17, size: 11, anchor: "middle")
        }
        for v in ys.values {
            let (_, py) = map(ChartPoint(xs.lower, v))
            svg.line(x1: area.x, y1: py, x2: area.maxX, y2: py, stroke: "#e6e6e6")
            svg.line(x1: area.x - 4, y1: py, x2: area.x, y2: py, stroke: "#888888")
            svg.text(ys.label(v), x: area.x - 7, y: py + 4, size: 11, anchor: "end")
        }
        svg.rect(area, fill: "none", stroke: "#888888")
        svg.text(xLabel, x: area.x + area.width / 2, y: area.maxY + 36, size: 13, anchor: "middle")
        svg.text(yLabel, x: area.x - 52, y: area.y + area.height / 2, size: 13, anchor: "middle", rotate: -90)
    }

    private func drawSeries(_ s: ChartSeries, color: String, on svg: inout SVGDocument, clip: String,
                            map: (ChartPoint) -> (Double, Double)) {
        let dash = s.dashed ? "7,4" : nil
        for piece in s.pieces where !piece.isEmpty {
            switch s.style {
            case .polyline:
                if piece.count == 1 {
                    let (px, py) = map(piece[0])
                    svg.circle(cx: px, cy: py, r: 2.5, fill: color)
                } else {
                    svg.polyline(piece.map(map), stroke: color, width: 2, dash: dash, clip: clip)
                }
            case .steps:
                var stepped: [ChartPoint] = []
                for p in piece {
                    if let last = stepped.last { stepped.append(ChartPoint(p.x, last.y)) }
                    stepped.append(p)
                }
                svg.polyline(stepped.map(map), stroke: color, width: 2, dash: dash, clip: clip)
            case .points:
                for p in piece {
                    let (px, py) = map(p)
                    if s.dashed { svg.circle(cx: px, cy: py, r: 3.5, fill: "none", stroke: color) } else {
                        svg.circle(cx: px, cy: py, r: 3, fill: color)
                    }
                }
            }
        }
    }

    private func drawJumpEnds(_ s: ChartSeries, color: String, radius: Double, on svg: inout SVGDocument,
                              map: (ChartPoint) -> (Double, Double)) {
        guard s.markJumps && s.style == .polyline else { return }
        for (k, piece) in s.pieces.enumerated() {
            var ends: [ChartPoint] = []
            if k > 0, let prev = s.pieces[k - 1].last, let first = piece.first, meets(prev, first) {
                ends.append(first)
            }
            if k + 1 < s.pieces.count, let next = s.pieces[k + 1].first, let last = piece.last, meets(last, next) {
                ends.append(last)
            }
            for end in ends {
                let (px, py) = map(end)
                svg.circle(cx: px, cy: py, r: radius, fill: s.attainedEnds.contains(end) ? color : "#ffffff",
                           stroke: color)
            }
        }
    }

    /// Greedy word wrap for 11 px text (about 6 px a character) within `width` pixels.
    static func wrap(_ text: String, width: Double) -> [String] {
        let limit = max(20, Int(width / 6))
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty && current.count + 1 + word.count > limit {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// Whether two piece ends are at (nearly) the same x: a jump, not a gap.
    private func meets(_ a: ChartPoint, _ b: ChartPoint) -> Bool {
        let (xs, _) = axes()
        return abs(b.x - a.x) <= 1e-4 * (xs.upper - xs.lower)
    }

    private func drawMarker(_ m: ChartMarker, on svg: inout SVGDocument, map: (ChartPoint) -> (Double, Double),
                            area: SVGRect) {
        let (px, py) = map(m.point)
        guard px >= area.x - 1 && px <= area.maxX + 1 && py >= area.y - 1 && py <= area.maxY + 1 else { return }
        Self.drawShape(m.shape, x: px, y: py, color: m.color, on: &svg)
        if m.inLegend { return }
        let right = px < area.x + area.width * 0.7
        svg.text(m.label, x: px + (right ? 10 : -10), y: py - 8, size: 11, anchor: right ? "start" : "end",
                 fill: m.color)
    }

    /// Draws a marker shape centred at (x, y).
    static func drawShape(_ shape: ChartMarker.Shape, x: Double, y: Double, color: String,
                          on svg: inout SVGDocument) {
        switch shape {
        case .star:
            let points = (0..<10).map { k -> (Double, Double) in
                let r = k % 2 == 0 ? 8.0 : 3.4, a = Double.pi / 5 * Double(k) - Double.pi / 2
                return (x + r * cos(a), y + r * sin(a))
            }
            svg.polygon(points, fill: color, stroke: "#ffffff")
        case .dot: svg.circle(cx: x, cy: y, r: 4, fill: color, stroke: "#ffffff", width: 1)
        case .openCircle: svg.circle(cx: x, cy: y, r: 5, fill: "none", stroke: color, width: 2)
        }
    }
}
