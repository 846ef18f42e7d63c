import Foundation

/// The race between incumbent and bound of one solve, drawn from its progress feed: two panels, the
/// values against seconds and against nodes, each as step lines (a value holds until the next
/// snapshot changes it).
///
///     var plot = ProgressPlot(title: "knapsack interdiction")
///     var options = SolveOptions(timeLimit: 60)
///     options.progress = { p in recorder.append(p) }   // a locked array of `SolveProgress`
///     let result = try model.solve(options)
///     plot.snapshots = recorder.values
///     try plot.svg().write(toFile: "progress.svg", atomically: true, encoding: .utf8)
///
/// `bilevel solve MODEL --progress-plot OUT.svg` does exactly that.
public struct ProgressPlot: Sendable {
    /// The picture's title (the model's name, say).
    public var title: String
    /// The solve's snapshots in the order they arrived (`SolveOptions.progress`).
    public var snapshots: [SolveProgress]

    /// A plot of `snapshots` under `title`.
    public init(title: String, snapshots: [SolveProgress] = []) {
        self.title = title
        self.snapshots = snapshots
    }

    /// The picture as an SVG document: incumbent and bound against time, then against nodes.
    public func svg(width: Double = 720, height: Double = 760) -> String {
        var document = SVGDocument(width: width, height: height)
        let panel = (height - 20) / 2
        var byTime = chart(x: \.elapsed, label: "seconds")
        byTime.title = title + ": incumbent and bound"
        byTime.draw(in: SVGRect(x: 0, y: 0, width: width, height: panel), on: &document)
        let byNodes = chart(x: { Double($0.nodes) }, label: "nodes")
        byNodes.draw(in: SVGRect(x: 0, y: panel + 20, width: width, height: panel), on: &document)
        return document.rendered()
    }

    /// The two series (and a note with the final gap) against one horizontal quantity.
    private func chart(x: (SolveProgress) -> Double, label: String) -> LineChart {
        var chart = LineChart(xLabel: label, yLabel: "leader objective")
        let incumbent = snapshots.compactMap { p in p.incumbent.flatMap { $0.isFinite ? ChartPoint(x(p), $0) : nil } }
        let bound = snapshots.compactMap { p in p.bound.flatMap { $0.isFinite ? ChartPoint(x(p), $0) : nil } }
        chart.series.append(ChartSeries(name: "incumbent", points: incumbent, style: .steps, color: "#1f77b4"))
        chart.series.append(ChartSeries(name: "bound", points: bound, style: .steps, color: "#d62728", dashed: true))
        if let last = snapshots.last {
            let gap = last.gap.map { String(format: "gap %.3g%%", 100 * $0) } ?? "gap -"
            chart.note = "\(last.nodes) nodes, \(String(format: "%.2f", last.elapsed)) s, \(gap)"
        }
        if incumbent.isEmpty && bound.isEmpty { chart.note = "no incumbent and no finite bound were reported" }
        return chart
    }
}
