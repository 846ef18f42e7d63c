extension LineChart {
    /// One legend entry: a series' line sample or a marker's shape, and its name.
    private enum Entry {
        case series(ChartSeries, color: String)
        case marker(ChartMarker)

        var name: String {
            switch self {
            case let .series(s, _): return s.name
            case let .marker(m): return m.label
            }
        }
    }

    private var entries: [Entry] {
        series.enumerated().filter { !$0.element.name.isEmpty }.map {
            .series($0.element, color: $0.element.color ?? ChartPalette.color($0.offset))
        } + markers.filter(\.inLegend).map { .marker($0) }
    }

    /// Entries placed left to right in rows of `width`: each entry's row and x offset, and the row count.
    func legendLayout(width: Double) -> (rows: Int, places: [(row: Int, x: Double)]) {
        var row = 0, x = 0.0
        var places: [(row: Int, x: Double)] = []
        for e in entries {
            let w = 36 + Double(e.name.count) * 6.6 + 18
            if x > 0 && x + w > width {
                row += 1
                x = 0
            }
            places.append((row, x))
            x += w
        }
        return (entries.isEmpty ? 0 : row + 1, places)
    }

    /// Draws the legend in rows of 18 px starting at (x, y).
    func drawLegend(on svg: inout SVGDocument, x: Double, y: Double, width: Double) {
        let layout = legendLayout(width: width)
        for (e, place) in zip(entries, layout.places) {
            let px = x + place.x, py = y + Double(place.row) * 18 + 6
            switch e {
            case let .series(s, color):
                if s.style == .points {
                    svg.circle(cx: px + 15, cy: py, r: 3, fill: s.dashed ? "none" : color,
                               stroke: s.dashed ? color : nil)
                } else {
                    svg.line(x1: px, y1: py, x2: px + 30, y2: py, stroke: color, width: 2.5,
                             dash: s.dashed ? "7,4" : nil)
                }
            case let .marker(m):
                Self.drawShape(m.shape, x: px + 15, y: py, color: m.color, on: &svg)
            }
            svg.text(e.name, x: px + 36, y: py + 4, size: 12)
        }
    }
}
