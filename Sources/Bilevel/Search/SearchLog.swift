import Foundation

/// A node log like a MILP solver's: nodes, open nodes, incumbent, bound, gap, time. Printed at
/// most about once a second. The same snapshots, as values, feed `SolveOptions.progress`: at each
/// log line and at every new incumbent.
final class SearchLog: @unchecked Sendable {
    private let sink: (@Sendable (String) -> Void)?
    private let progress: (@Sendable (SolveProgress) -> Void)?
    private let sign: Double
    private let lock = NSLock()
    private var lastLine: Double = -1
    private var headerPrinted = false
    let start = Date()
    /// Serializes the progress feed: snapshots are taken and delivered one at a time, so their
    /// times never decrease and their incumbents only improve.
    private let feedLock = NSLock()
    private let feedStart = ContinuousClock.now
    /// The incumbent (minimized) of the last snapshot delivered.
    private var fedIncumbent = Double.infinity

    init(sink: (@Sendable (String) -> Void)?, progress: (@Sendable (SolveProgress) -> Void)? = nil,
         leaderSign: Double) {
        self.sink = sink
        self.progress = progress
        sign = leaderSign
    }

    var elapsed: Double { Date().timeIntervalSince(start) }

    /// Prints a line if a second has passed since the last (or when `force`), and feeds a snapshot.
    func maybeLog(_ state: SearchState, force: Bool = false) {
        guard sink != nil || progress != nil else { return }
        lock.lock()
        let t = elapsed
        guard force || t - lastLine >= 1 else { lock.unlock(); return }
        lastLine = t
        let header = !headerPrinted
        headerPrinted = true
        lock.unlock()
        feed(state, onlyIfImproved: false)
        guard let sink else { return }
        let p = state.progress()
        if header {
            sink(pad("nodes", 10) + pad("open", 10) + pad("incumbent", 17) + pad("bound", 17) + pad("gap", 11)
                 + pad("time", 9))
        }
        let incumbent = p.incumbent.map { sign * $0 }
        let bound = sign * min(p.bound, p.incumbent ?? .infinity)
        let gap: String
        if let i = incumbent, bound.isFinite {
            gap = String(format: "%8.4f%%", 100 * abs(i - bound) / max(1, abs(i)))
        } else {
            gap = "-"
        }
        sink(pad(String(p.nodes), 10) + pad(String(p.open), 10) + pad(Self.format(incumbent), 17)
             + pad(Self.format(bound.isFinite ? bound : nil), 17) + pad(gap, 11) + pad(String(format: "%.1fs", t), 9))
    }

    /// A new incumbent was recorded: feeds a snapshot (unless one already carried it).
    func incumbentImproved(_ state: SearchState) {
        feed(state, onlyIfImproved: true)
    }

    /// Delivers a snapshot of `state` to the progress feed: `.incumbent` when the incumbent improved
    /// since the last one delivered, else `.periodic` (skipped when `onlyIfImproved`).
    private func feed(_ state: SearchState, onlyIfImproved: Bool) {
        guard let progress else { return }
        feedLock.lock(); defer { feedLock.unlock() }
        let p = state.progress()
        let improved = p.incumbent.map { $0 < fedIncumbent } ?? false
        if onlyIfImproved && !improved { return }
        if let i = p.incumbent { fedIncumbent = min(fedIncumbent, i) }
        let bound = min(p.bound, p.incumbent ?? .infinity)
        progress(SolveProgress(trigger: improved ? .incumbent : .periodic,
                               elapsed: (ContinuousClock.now - feedStart).seconds,
                               nodes: p.nodes, openNodes: p.open, incumbent: p.incumbent.map { sign * $0 },
                               bound: bound.isFinite ? sign * bound : nil, searched: p.searched))
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? " " + s : String(repeating: " ", count: width - s.count) + s
    }

    static func format(_ v: Double?) -> String {
        guard let v else { return "-" }
        return String(format: "%.8g", v)
    }
}
