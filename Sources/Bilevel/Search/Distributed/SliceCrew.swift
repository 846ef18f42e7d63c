import Foundation
import GLPK

/// The threads of one worker rank of a `DistributedSearch`: the rank's own thread and `helpers`
/// more, each with its own node processor (GLPK keeps its state per thread), working the rank's
/// node pool together for one slice between two reports. The helper threads live as long as the
/// crew, so their processors (and GLPK problems) are built once.
final class SliceCrew: @unchecked Sendable {
    /// What one slice works towards; the same for every thread of the crew.
    struct Slice {
        var end: Double
        /// The incumbent value the coordinator knows: a better one ends the slice (to report it).
        var known: Double
        /// Most nodes the crew may solve in the slice (the coordinator's share of the node limit).
        var budget: Int?
    }

    private let condition = NSCondition()
    private var generation = 0
    private var slice = Slice(end: 0, known: .infinity)
    private var working = 0
    private var closing = false
    /// Nodes the crew may still solve in this slice (nil: any number).
    private var tickets: Int?
    private let context: SearchContext
    private let makeProcessor: @Sendable () throws -> any NodeProcessor
    private let errors = ErrorBox()
    private let group = DispatchGroup()

    init(helpers: Int, context: SearchContext, makeProcessor: @escaping @Sendable () throws -> any NodeProcessor) {
        self.context = context
        self.makeProcessor = makeProcessor
        helperCount = helpers
        for _ in 0..<helpers {
            group.enter()
            let thread = Thread { [self] in
                helperLoop()
                GLPKLibrary.releaseThreadResources()
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Works one slice on the calling thread (with `processor`) and on every helper; returns when all
    /// are done. Throws the first error a helper met.
    func run(_ slice: Slice, processor: inout any NodeProcessor) throws {
        condition.lock()
        self.slice = slice
        tickets = slice.budget
        generation += 1
        working = helperCount
        condition.broadcast()
        condition.unlock()
        try Self.work(slice, processor: &processor, context: context, makeProcessor: makeProcessor,
                      claim: claimTicket)
        condition.lock()
        while working > 0 { condition.wait() }
        condition.unlock()
        if let error = errors.first { throw error }
    }

    /// Ends the helper threads (after the last slice).
    func close() {
        condition.lock()
        closing = true
        condition.broadcast()
        condition.unlock()
        group.wait()
    }

    private let helperCount: Int

    private func helperLoop() {
        var processor: (any NodeProcessor)?
        var seen = 0
        while true {
            condition.lock()
            while generation == seen && !closing { condition.wait() }
            if closing { condition.unlock(); return }
            seen = generation
            let slice = self.slice
            condition.unlock()
            do {
                var p = try processor ?? makeProcessor()
                try Self.work(slice, processor: &p, context: context, makeProcessor: makeProcessor,
                              claim: claimTicket)
                processor = p
            } catch {
                errors.record(error)
                context.state.stop(.interrupted)
            }
            condition.lock()
            working -= 1
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Takes one node's ticket; false when the slice's budget is spent.
    private func claimTicket() -> Bool {
        condition.lock(); defer { condition.unlock() }
        guard let left = tickets else { return true }
        guard left > 0 else { return false }
        tickets = left - 1
        return true
    }

    /// One thread's share of a slice: nodes from the pool, each dive followed, until the slice's
    /// end, its node budget, a limit, an empty pool, or an incumbent better than the one the
    /// coordinator knows.
    static func work(_ slice: Slice, processor: inout any NodeProcessor, context: SearchContext,
                     makeProcessor: () throws -> any NodeProcessor, claim: () -> Bool) throws {
        let state = context.state
        var current = state.takeNext()
        while let node = current {
            if context.stopRequested { state.stop(.interrupted) }
            if let deadline = context.deadline, Date() >= deadline { state.stop(.timeLimit) }
            if state.isStopped || !claim() {
                state.putBack(node)
                break
            }
            if !processor.isUsable { processor = try makeProcessor() }
            let dive = BranchAndBound.step(node, processor: processor, context: context)
            let improved = (state.lockedIncumbent?.value ?? .infinity) < slice.known
            if improved || state.isStopped || DistributedSearch.Channel.now >= slice.end {
                if let dive { state.putBack(dive) }
                break
            }
            current = dive ?? state.takeNext()
        }
    }
}
