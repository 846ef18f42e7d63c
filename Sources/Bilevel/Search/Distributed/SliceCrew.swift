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
        try work(slice, processor: &processor)
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
                try work(slice, processor: &p)
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

    /// Threads of the crew processing a node now (their children may come): an idle thread waits for them.
    private var processing = 0

    private func setProcessing(_ delta: Int) {
        condition.lock()
        processing += delta
        condition.unlock()
    }

    /// The next node of the pool; while it is empty but another thread of the crew is processing a
    /// node (whose children may come), waits for them until the slice's end.
    private func nextNode(_ slice: Slice) -> SearchNode? {
        let state = context.state
        while true {
            if let node = state.takeNext() { return node }
            condition.lock()
            let others = processing
            condition.unlock()
            guard others > 0, !state.isStopped, DistributedSearch.Channel.now < slice.end else { return nil }
            usleep(50)
        }
    }

    /// One thread's share of a slice: nodes from the pool, each dive followed, until the slice's
    /// end, its node budget, a limit, an empty pool with no node in process, or an incumbent better
    /// than the one the coordinator knows.
    private func work(_ slice: Slice, processor: inout any NodeProcessor) throws {
        let state = context.state
        var current = nextNode(slice)
        while let node = current {
            if context.stopRequested { state.stop(.interrupted) }
            if let deadline = context.deadline, Date() >= deadline { state.stop(.timeLimit) }
            if state.isStopped || !claimTicket() {
                state.putBack(node)
                break
            }
            if !processor.isUsable { processor = try makeProcessor() }
            setProcessing(1)
            let dive = BranchAndBound.step(node, processor: processor, context: context)
            setProcessing(-1)
            let improved = (state.lockedIncumbent?.value ?? .infinity) < slice.known
            if improved || state.isStopped || DistributedSearch.Channel.now >= slice.end {
                if let dive { state.putBack(dive) }
                break
            }
            current = dive?.continuingDive ?? nextNode(slice)
        }
    }
}
