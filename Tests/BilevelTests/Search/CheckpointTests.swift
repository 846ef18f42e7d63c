import Foundation
import Testing
@testable import Bilevel
import BilevelTestSupport

/// Checkpoints of the tree searches: a run stopped by a node limit (or an interruption) and
/// resumed from its checkpoint reaches the answer of an uninterrupted run, for the complementarity
/// search, the integer-follower search and the pessimistic readings; bad files are refused.
@Suite struct CheckpointTests {
    /// A run that stopped, the run that resumed it, and the uninterrupted run.
    struct Runs {
        var full: BilevelResult
        var stopped: BilevelResult
        var resumed: BilevelResult
        /// The checkpoint as the stopped run left it.
        var checkpoint: SearchCheckpoint
    }

    /// Solves `model` uninterrupted, then stopped (by `nodeLimit`, or at once when `interrupt`) with a
    /// checkpoint, then resumed from it; checks what every resume must show.
    static func stopAndResume(_ model: BilevelModel, _ base: SolveOptions, nodeLimit: Int? = nil,
                              interrupt: Bool = false, interval: Double = 60) throws -> Runs {
        let dir = try CLI.temporaryDirectory("checkpoint")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("search.ckpt")
        let full = try model.solve(base)
        var first = base
        first.nodeLimit = nodeLimit
        first.checkpoint = file
        first.checkpointInterval = interval
        if interrupt { first.shouldStop = { true } }
        let stopped = try model.solve(first)
        #expect(stopped.status == (interrupt ? .interrupted : .nodeLimit), "\(stopped.status)")
        #expect(FileManager.default.fileExists(atPath: file.path), "a stopped search leaves its checkpoint")
        #expect(!FileManager.default.fileExists(atPath: file.path + ".tmp"), "no temporary file left behind")
        let checkpoint = try SearchCheckpoint.read(from: file)
        #expect(checkpoint.nodesSolved == stopped.nodes)
        var second = base
        second.resume = file
        second.checkpoint = file
        let lines = Lines()
        second.log = { lines.append($0) }
        let resumed = try model.solve(second)
        let open = checkpoint.tree.nodes.count
        #expect(lines.all.contains { $0.contains("resuming from \(file.path): \(open) open nodes") })
        #expect(resumed.status == full.status, "resumed \(resumed.status), uninterrupted \(full.status)")
        if let a = full.objective, let b = resumed.objective {
            #expect(a == b || abs(a - b) <= 1e-6 * max(1, abs(a)), "resumed \(b), uninterrupted \(a)")
        } else {
            #expect(full.objective == nil && resumed.objective == nil)
        }
        #expect(resumed.verified == full.verified)
        #expect(resumed.nodes >= stopped.nodes, "the node count goes on from the stopped run's")
        #expect(!FileManager.default.fileExists(atPath: file.path), "a finished search removes its checkpoint")
        #expect(!FileManager.default.fileExists(atPath: file.path + ".tmp"))
        return Runs(full: full, stopped: stopped, resumed: resumed, checkpoint: checkpoint)
    }

    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
    }

    // MARK: Complementarity

    @Test(arguments: [3, 7] as [UInt64])
    func complementaritySearchResumes(seed: UInt64) throws {
        let model = InstanceGenerator.randomLinear(leader: 12, follower: 12, rows: 12, seed: seed)
        let runs = try Self.stopAndResume(model, SolveOptions(method: .branch, timeLimit: 60, threads: 1),
                                          nodeLimit: 5)
        #expect(runs.full.status == .optimal)
        #expect(!runs.checkpoint.tree.nodes.isEmpty, "open nodes were saved")
        #expect(runs.checkpoint.incumbent?.report.verified ?? true)
    }

    /// Two workers writing a checkpoint after every node (interval 0): snapshots taken while the
    /// other worker holds a node keep it as open.
    @Test func twoWorkersWithFrequentCheckpoints() throws {
        let model = InstanceGenerator.randomLinear(leader: 12, follower: 12, rows: 12, integerLeader: true, seed: 5)
        let runs = try Self.stopAndResume(model, SolveOptions(method: .branch, timeLimit: 60, threads: 2),
                                          nodeLimit: 8, interval: 0)
        #expect(runs.full.status == .optimal)
    }

    @Test func infeasibleModelResumes() throws {
        let model = try ModelFile.read(path: Repository.path("models/mitsos_barton_2007_ex32.aux"))
        let runs = try Self.stopAndResume(model, SolveOptions(method: .branch, timeLimit: 60, threads: 1),
                                          interrupt: true)
        #expect(runs.resumed.status == .infeasible)
        #expect(runs.checkpoint.tree.nodes.count == 1, "the root, put back unsolved")
    }

    /// min −x with y = argmin{y : y ≥ x}: the leader's objective decreases without bound.
    @Test func unboundedModelResumes() throws {
        var m = BilevelModel(name: "unbounded_lp")
        let x = m.leader.variable("x", bounds: 0...)
        let y = m.follower.variable("y", bounds: 0...)
        m.leader.minimize(-1 * x + 0 * y)
        m.follower.minimize(1 * y)
        m.follower.constraint("cover", 1 * y - 1 * x >= 0)
        let runs = try Self.stopAndResume(m, SolveOptions(method: .branch, timeLimit: 60, threads: 1),
                                          interrupt: true)
        #expect(runs.resumed.status == .unbounded)
    }

    // MARK: Integer follower

    @Test(arguments: [2, 9] as [UInt64])
    func integerFollowerSearchResumes(seed: UInt64) throws {
        let model = InterdictionCutTests.knapsackInterdiction(seed: seed)
        let runs = try Self.stopAndResume(model, SolveOptions(timeLimit: 60, threads: 1), nodeLimit: 2)
        #expect(runs.full.status == .optimal)
        #expect((runs.checkpoint.method.globalCuts?.count ?? 0) > 0, "the global cuts were saved")
        #expect(runs.checkpoint.method.globalKeys?.count == runs.checkpoint.method.globalCuts?.count)
    }

    /// Random MIBLPs whose search makes local (intersection) cuts: the nodes name them by id, and
    /// the resumed pool has them under the same ids.
    @Test func localCutsKeepTheirIDs() throws {
        var withLocal = 0
        for seed in 1...40 as ClosedRange<UInt64> {
            let model = RandomMIBLP.model(seed: seed)
            guard let full = try? model.solve(SolveOptions(timeLimit: 30, threads: 1)), full.nodes > 4 else { continue }
            let runs = try Self.stopAndResume(model, SolveOptions(timeLimit: 30, threads: 1), nodeLimit: 3)
            let local = runs.checkpoint.method.localCuts?.count ?? 0
            if local > 0 && !runs.checkpoint.tree.cutIDs.isEmpty {
                withLocal += 1
                #expect(runs.checkpoint.tree.cutIDs.allSatisfy { $0 < local })
            }
            if withLocal >= 2 { break }
        }
        #expect(withLocal > 0, "no instance had open nodes naming local cuts")
    }

    @Test func integerFollowerInfeasibleResumes() throws {
        var m = BilevelModel(name: "unbounded_follower")
        let x = m.leader.variable("x", bounds: 0...3, integer: true)
        let y = m.follower.variable("y", bounds: 0..., integer: true)
        m.leader.minimize(1 * x + 1 * y)
        m.follower.maximize(1 * y)
        m.follower.constraint("atLeast", 1 * y - 1 * x >= 0)
        let runs = try Self.stopAndResume(m, SolveOptions(timeLimit: 30, threads: 1), interrupt: true)
        #expect(runs.resumed.status == .infeasible)
    }

    // MARK: Pessimistic

    @Test(arguments: [1, 2, 4] as [UInt64])
    func pessimisticSearchResumes(seed: UInt64) throws {
        var options = SolveOptions(method: .branch, timeLimit: 60, threads: 1)
        options.pessimistic = true
        let runs = try Self.stopAndResume(PessimisticTests.tiedInstance(seed: seed), options, interrupt: true)
        #expect(runs.resumed.pessimistic && runs.full.pessimistic)
        #expect(runs.checkpoint.search.contains("pessimistic"))
    }

    /// The pricing reading (the monopolist: not attained) keeps its floor and limit log.
    @Test func pessimisticPricingResumes() throws {
        let model = try ModelFile.read(path: Repository.path("models/seed/monopolist.blp"))
        var options = SolveOptions(method: .branch, timeLimit: 60, threads: 1)
        options.pessimistic = true
        let runs = try Self.stopAndResume(model, options, nodeLimit: 1)
        #expect(runs.resumed.status == .notAttained)
        #expect(runs.checkpoint.search.contains("pessimistic-pricing"))
        #expect(runs.resumed.limitLeader.map { abs($0[0] - 10) <= 1e-9 } == true)
    }

    // MARK: Refusals

    /// A checkpoint of `model` stopped at its node limit, in a fresh directory (the caller removes it).
    static func checkpointFile(_ model: BilevelModel) throws -> (dir: URL, file: URL) {
        let dir = try CLI.temporaryDirectory("checkpoint")
        let file = dir.appendingPathComponent("c.ckpt")
        var options = SolveOptions(method: .branch, timeLimit: 60, nodeLimit: 3, threads: 1)
        options.checkpoint = file
        let r = try model.solve(options)
        #expect(r.status == .nodeLimit)
        return (dir, file)
    }

    static func resume(_ model: BilevelModel, from file: URL, gap: Double = SolveOptions().gap) throws {
        var options = SolveOptions(method: .branch, timeLimit: 60, gap: gap, threads: 1)
        options.resume = file
        _ = try model.solve(options)
    }

    /// Expects `BilevelError.io` naming `file` with a message containing `text`.
    static func expectRefusal(_ file: URL, _ text: String, _ body: () throws -> Void) {
        #expect { try body() } throws: { error in
            guard case let BilevelError.io(path, message) = error else { return false }
            return path == file.path && message.contains(text)
        }
    }

    @Test func truncatedAndCorruptFilesAreRefused() throws {
        let model = InstanceGenerator.randomLinear(leader: 12, follower: 12, rows: 12, seed: 3)
        let (dir, file) = try Self.checkpointFile(model)
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try Data(contentsOf: file)
        let bad = dir.appendingPathComponent("bad.ckpt")
        try data.prefix(data.count - 17).write(to: bad)
        Self.expectRefusal(bad, "truncated") { try Self.resume(model, from: bad) }
        var flipped = data
        flipped[flipped.count - 30] ^= 0x5a
        try flipped.write(to: bad)
        Self.expectRefusal(bad, "corrupt") { try Self.resume(model, from: bad) }
        try Data("hello".utf8).write(to: bad)
        Self.expectRefusal(bad, "no checkpoint header") { try Self.resume(model, from: bad) }
        try Data().write(to: bad)
        Self.expectRefusal(bad, "no checkpoint header") { try Self.resume(model, from: bad) }
        let missing = dir.appendingPathComponent("missing.ckpt")
        Self.expectRefusal(missing, "cannot read") { try Self.resume(model, from: missing) }
        // A well-formed body with a node naming a link that does not exist.
        var checkpoint = try SearchCheckpoint.read(from: file)
        checkpoint.tree.nodes.append(.init(link: 10_000, bound: 0))
        try checkpoint.encoded().write(to: bad)
        Self.expectRefusal(bad, "names link") { try Self.resume(model, from: bad) }
        // The original still resumes.
        try Self.resume(model, from: file)
    }

    @Test func anotherModelOrSearchIsRefused() throws {
        let model = InstanceGenerator.randomLinear(leader: 12, follower: 12, rows: 12, seed: 3)
        let (dir, file) = try Self.checkpointFile(model)
        defer { try? FileManager.default.removeItem(at: dir) }
        let other = InstanceGenerator.randomLinear(leader: 12, follower: 12, rows: 12, seed: 4)
        Self.expectRefusal(file, "another model") { try Self.resume(other, from: file) }
        Self.expectRefusal(file, "another search") { try Self.resume(model, from: file, gap: 1e-3) }
        var pessimistic = SolveOptions(method: .branch, threads: 1)
        pessimistic.pessimistic = true
        pessimistic.resume = file
        Self.expectRefusal(file, "another search") { _ = try model.solve(pessimistic) }
        var bigm = SolveOptions(method: .bigm)
        bigm.resume = file
        #expect(throws: BilevelError.self) { _ = try model.solve(bigm) }
    }

    // MARK: Format

    /// Nodes sharing ancestors store each link once, and decode to the same changes and bounds.
    @Test func nodeForestRoundTrip() throws {
        let a = FixingChain(BoundChange(.column(3), .upper, 0), parent: nil)
        let b = FixingChain(BoundChange(.row(1), .lower, -.infinity), parent: a)
        let c = FixingChain(BoundChange(.cut(7), .lower, 0.1 + 0.2), parent: a)
        let nodes = [SearchNode(fixings: b, bound: -.infinity, basis: nil, id: 4),
                     SearchNode(fixings: c, bound: 2.5, basis: nil, id: 9),
                     SearchNode(fixings: nil, bound: 1e300, basis: nil, id: 1)]
        let forest = NodeForest(nodes)
        #expect(forest.links.count == 3, "the shared link is stored once")
        let checkpoint = SearchCheckpoint(model: "m", search: "s", nodesSolved: 0, elapsed: 0, bound: -.infinity,
                                          closedBound: .infinity, unresolved: [], incumbent: nil, tree: forest,
                                          method: .init())
        let dir = try CLI.temporaryDirectory("checkpoint")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("f.ckpt")
        try checkpoint.write(to: file)
        let back = try SearchCheckpoint.read(from: file)
        #expect(back.tree == forest)
        let decoded = try back.tree.searchNodes(firstID: 1)
        #expect(decoded.map { $0.fixings?.changes ?? [] } == nodes.map { $0.fixings?.changes ?? [] })
        #expect(decoded.map(\.bound) == nodes.map(\.bound))
        #expect(decoded[0].fixings?.parent === decoded[1].fixings?.parent, "shared again after decoding")
        #expect(back.bound == -.infinity && back.closedBound == .infinity)
    }
}
