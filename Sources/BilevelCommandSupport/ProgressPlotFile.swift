import Bilevel
import Foundation

/// The progress snapshots of one solve, appended from the search's threads, drawn to an SVG file
/// after it (`--progress-plot` of `bilevel solve` and `bilevel-mpi solve`).
public final class ProgressRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [SolveProgress] = []

    public init() {}

    /// Records one snapshot (called from the solver's threads, one at a time).
    public func append(_ p: SolveProgress) {
        lock.lock()
        stored.append(p)
        lock.unlock()
    }

    /// The snapshots recorded so far, in order.
    public var snapshots: [SolveProgress] {
        lock.lock(); defer { lock.unlock() }
        return stored
    }

    /// Whether `path` can be written: its folder exists (checked before a solve, so that a long run
    /// does not end on an unwritable path). Returns the problem in words, or nil.
    public static func problem(with path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard !path.isEmpty, FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder,
                                                            isDirectory: &isFolder), isFolder.boolValue
        else { return "--progress-plot: no folder for '\(path)'" }
        return nil
    }

    /// Draws incumbent and bound against time and nodes to `path`.
    /// - Throws: `BilevelError.io` naming the file when it cannot be written.
    public func writePlot(title: String, to path: String) throws {
        let plot = ProgressPlot(title: title, snapshots: snapshots)
        do {
            try plot.svg().write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw BilevelError.io(path: path, "cannot write: \(error.localizedDescription)")
        }
    }
}
