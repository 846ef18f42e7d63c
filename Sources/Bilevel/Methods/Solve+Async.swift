import Foundation
import GLPK

extension BilevelModel {
    /// Solves the model to global optimality without blocking the caller's thread, and stops when the
    /// calling task is cancelled.
    ///
    ///     let task = Task { try await model.solve(SolveOptions(timeLimit: 600)) }
    ///     // … later, the user gives up:
    ///     task.cancel()
    ///     let result = try await task.value   // status .interrupted, best point and bound so far
    ///
    /// The solve runs on a thread of its own (its workers on more threads, as in the synchronous
    /// `solve(_:)`), never on the Swift concurrency pool, so many solves may run at once: the model is
    /// `Sendable`, GLPK keeps its state per thread, and concurrent solves give the answers serial
    /// ones give.
    ///
    /// Cancellation is not an error: the search stops within about a node (or a GLPK callback) and
    /// returns status `interrupted` with the best verified point and the bound found so far, as
    /// `SolveOptions.shouldStop` does (which is still polled). A solve that finishes before it notices
    /// the cancellation returns its answer.
    ///
    /// - Throws: what `solve(_:)` throws (invalid or unsupported models, GLPK failures); never
    ///   `CancellationError`.
    public func solve(_ options: SolveOptions = SolveOptions()) async throws -> BilevelResult {
        let cancelled = CancellationFlag()
        var options = options
        let userStop = options.shouldStop
        options.shouldStop = { cancelled.isSet || (userStop?() ?? false) }
        let stoppable = options
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<BilevelResult, any Error>) in
                let thread = Thread { [self] in
                    let result = Result { try self.solve(stoppable) }
                    GLPKLibrary.releaseThreadResources()
                    continuation.resume(with: result)
                }
                thread.stackSize = Self.solveThreadStackSize
                thread.start()
            }
        } onCancel: {
            cancelled.set()
        }
    }

    /// Solves the model and streams its progress: `SolveEvent.progress` snapshots (about once a
    /// second, at every new incumbent, and a last one with `trigger == .finished`), then
    /// `SolveEvent.finished` with the result. Every incumbent change is in the stream with its time,
    /// so the stream is enough to draw incumbent and bound against time.
    ///
    ///     var incumbents: [(Double, Double)] = []
    ///     for try await event in model.solveWithProgress(SolveOptions(timeLimit: 60)) {
    ///         switch event {
    ///         case let .progress(p):
    ///             if let value = p.incumbent { incumbents.append((p.elapsed, value)) }
    ///         case let .finished(result):
    ///             print(result.status, result.objective ?? .nan)
    ///         }
    ///     }
    ///
    /// The solve starts when the stream is created, and stops (status `interrupted`)
    /// when the iterating task is cancelled or the stream is dropped. `options.progress`, if set, is
    /// called as well. The stream throws what `solve(_:)` throws.
    public func solveWithProgress(_ options: SolveOptions = SolveOptions())
        -> AsyncThrowingStream<SolveEvent, any Error> {
        AsyncThrowingStream { continuation in
            var options = options
            let userProgress = options.progress
            options.progress = { p in
                userProgress?(p)
                continuation.yield(.progress(p))
            }
            let feeding = options
            let task = Task { [self] in
                do {
                    let result = try await self.solve(feeding)
                    continuation.yield(.finished(result))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The stack of the thread an async solve runs on (as the search's worker threads have).
    private static let solveThreadStackSize = 8 << 20
}

/// A flag set once, from any thread: the task's cancellation, read by `SolveOptions.shouldStop`.
final class CancellationFlag: Sendable {
    private let storage = LockedValue(false)
    var isSet: Bool { storage.value }
    func set() { storage.value = true }
}

/// A value behind a lock.
final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}
