import Foundation

/// `(0..<count).map(body)` on all cores, results in index order.
func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let slots = ParallelSlots<T>(count)
    DispatchQueue.concurrentPerform(iterations: count) { slots.set($0, body($0)) }
    return slots.values.map { $0! }
}

/// The results of `parallelMap`, written under a lock.
private final class ParallelSlots<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [T?]
    init(_ count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ k: Int, _ v: T) {
        lock.lock()
        values[k] = v
        lock.unlock()
    }
}
