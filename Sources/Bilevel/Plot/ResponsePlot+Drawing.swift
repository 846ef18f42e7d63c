import Foundation

extension ResponsePlot {
    private func name(_ k: Int) -> String { model.variables[k].name }

    private func short(_ v: Double) -> String { String(format: "%.6g", v) }

    /// Where the other leader variables are held, for titles.
    private var heldAt: String {
        let held = slice.base.sorted { $0.key < $1.key }.map { "\(name($0.key)) = \(short($0.value))" }
        return held.isEmpty ? "" : " (" + held.prefix(4).joined(separator: ", ") + (held.count > 4 ? ", …" : "") + ")"
    }

    /// The optimum (and the pessimistic optimum or infimum) as markers in (plotted x, F).
    private var optimumMarkers: [ChartMarker] {
        var markers: [ChartMarker] = []
        let x = leaders[0]
        if optimumOnSlice, solution.status == .optimal, let f = solution.objective, let v = solution.values {
            let label = "optimum F = \(short(f)) at \(name(x)) = \(short(v[x]))"
            markers.append(ChartMarker(ChartPoint(v[x], f), label: label, color: "#d62728"))
        }
        if let p = pessimisticSolution, let f = p.objective, f.isFinite, pessimisticOnSlice {
            let order = model.variableIndices(of: .leader)
            // The leader's choice the pessimistic answer is at (or approaches), in model order.
            var choice = p.values ?? []
            if p.status == .notAttained, let limit = p.limitLeader, !choice.isEmpty {
                for (position, k) in order.enumerated() where position < limit.count { choice[k] = limit[position] }
            }
            if p.status == .notAttained {
                markers.append(ChartMarker(ChartPoint(choice[x], f), label: "pessimistic infimum \(short(f)), "
                                           + "not attained", shape: .openCircle, color: "#ff7f0e"))
            } else if p.status == .optimal, let v = p.values {
                markers.append(ChartMarker(ChartPoint(v[x], f), label: "pessimistic optimum \(short(f))",
                                           shape: .dot, color: "#ff7f0e"))
            }
        }
        return markers
    }

    /// Whether the pessimistic answer's own point (the one reported, near the infimum when it is not
    /// attained) has the held leader variables at the slice's values, so that it lies on the curve.
    private var pessimisticOnSlice: Bool {
        guard let v = pessimisticSolution?.values else { return false }
        return slice.base.allSatisfy { abs(v[$0.key] - $0.value) <= 1e-9 * max(1, abs($0.value)) }
    }

    /// Two panels: F along the plotted variable, and the follower's response.
    func curveSVG() -> String {
        let x = leaders[0]
        let integer = model.variables[x].isInteger
        let style: SeriesStyle = integer ? .points : .polyline
        var top = LineChart(title: "\(model.name): leader objective along \(name(x))\(heldAt)", xLabel: name(x),
                            yLabel: "F(\(name(x)), y*)")
        top.xDomain = ranges[0]
        let readings = curves.map { $0.pessimistic ? "pessimistic" : "optimistic" }
        for (curve, reading) in zip(curves, readings) {
            top.series.append(ChartSeries(name: "F, \(reading)", pieces: curve.pieces(\.objective), style: style,
                                          color: curve.pessimistic ? "#ff7f0e" : "#1f77b4", dashed: curve.pessimistic,
                                          markJumps: true))
            top.series[top.series.count - 1].attainedEnds = curve.attainedEnds(\.objective)
        }
        top.markers = optimumMarkers
        var jumpKey = curves.contains { !$0.jumps.isEmpty } ? ["at a jump, ● the value at that x, ○ a limit"] : []
        let gaps = Set(curves.flatMap { $0.points.filter { !$0.isDefined }.map(\.status) })
        if gaps == [.infeasible] {
            jumpKey.append("a gap: no bilevel-feasible point there")
        } else if !gaps.isEmpty {
            jumpKey.append("a gap: no point there (solves ended "
                           + gaps.map(\.jsonWord).sorted().joined(separator: ", ")
                           + ")")
        }
        if let p = pessimisticSolution, [.optimal, .notAttained].contains(p.status), !pessimisticOnSlice {
            jumpKey.append("the pessimistic answer is not on this slice")
        }
        top.note = (notes + jumpKey).isEmpty ? nil : (notes + jumpKey).joined(separator: "; ")
        var bottom = LineChart(title: "follower's response", xLabel: name(x), yLabel: "y*(\(name(x)))")
        bottom.xDomain = ranges[0]
        for (i, k) in followers.enumerated() {
            let color = ChartPalette.color(i + 2)
            let value: (SlicePoint) -> Double? = { $0.values?[k] }
            let both = curves.count > 1 && curves[1].differs(from: curves[0], in: value)
            for curve in both ? curves : [curves[0]] {
                var series = ChartSeries(name: name(k) + (both ? curve.pessimistic ? ", pessimistic" : ", optimistic"
                                                                 : ""),
                                         pieces: curve.pieces(value), style: style, color: color,
                                         dashed: curve.pessimistic, markJumps: true)
                series.attainedEnds = curve.attainedEnds(value)
                bottom.series.append(series)
            }
        }
        let jumps = Set(curves.flatMap(\.jumpLocations).map { short($0) }).sorted { Double($0)! < Double($1)! }
        bottom.note = "Each point is an exact solve at that \(name(x))"
            + (integer ? " (an integer variable: integers only)."
               : jumps.isEmpty ? "; no jumps found."
               : "; jumps at \(name(x)) ≈ \(jumps.prefix(6).joined(separator: ", ")).")
        var svg = SVGDocument(width: 760, height: 680)
        top.draw(in: SVGRect(x: 0, y: 0, width: 760, height: 390), on: &svg)
        bottom.draw(in: SVGRect(x: 0, y: 390, width: 760, height: 290), on: &svg)
        return svg.rendered()
    }

    /// The heat map of F over the two plotted variables.
    func mapSVG() -> String {
        guard let grid else { return SVGDocument(width: 10, height: 10).rendered() }
        let (a, b) = grid.variables
        var map = HeatMap(title: "\(model.name): leader objective over \(name(a)), \(name(b))\(heldAt)",
                          xLabel: name(a), yLabel: name(b), valueLabel: "F")
        map.xValues = grid.xs
        map.yValues = grid.ys
        map.values = grid.values
        if optimumOnSlice, solution.status == .optimal, let f = solution.objective, let v = solution.values {
            map.markers = [ChartMarker(ChartPoint(v[a], v[b]), label: "optimum F = \(short(f))")]
        }
        map.note = "Each cell is an exact solve at its centre (" + notes.joined(separator: "; ")
            + "); grey: no bilevel-feasible point."
        return map.svg(width: 720, height: 600)
    }
}
