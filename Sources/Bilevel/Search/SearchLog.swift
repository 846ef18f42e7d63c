import Foundation

/// A node log like a MILP solver's: nodes, open nodes, incumbent, bound, gap, time. Printed at
/// most about once a second.
final class SearchLog: @unchecked Sendable {
    private let sink: (@Sendable (String) -> Void)?
    private let sign: Double
    private let lock = NSLock()
    private var lastLine: Double = -1
    private var headerPrinted = false
    let start = Date()

    init(sink: (@Sendable (String) -> Void)?, leaderSign: Double) {
        self.sink = sink
        sign = leaderSign
    }

    var elapsed: Double { Date().timeIntervalSince(start) }

    /// Prints a line if a second has passed since the last (or when `force`).
    func maybeLog(_ state: SearchState, force: Bool = false) {
        guard let sink else { return }
        lock.lock()
        let t = elapsed
        guard force || t - lastLine >= 1 else { lock.unlock(); return }
        lastLine = t
        let header = !headerPrinted
        headerPrinted = true
        lock.unlock()
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

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? " " + s : String(repeating: " ", count: width - s.count) + s
    }

    static func format(_ v: Double?) -> String {
        guard let v else { return "-" }
        return String(format: "%.8g", v)
    }
}
