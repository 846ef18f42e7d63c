import Foundation

/// What a stopped tree search needs to go on: its open nodes, incumbent, bound and counters, and the
/// state its method's nodes refer to (cut pools, a pessimistic reading's floor and limit log).
///
/// **File format**, version 1: one header line, then a JSON body.
///
///     bilevel-checkpoint 1 <body length in bytes> <FNV-1a 64-bit checksum of the body, 16 hex digits>
///     {"model": "...", "search": "...", "nodesSolved": 120, "elapsed": 3.2, "bound": -12.5,
///      "closedBound": "inf", "unresolved": [], "incumbent": {...}, "tree": {...}, "method": {...}}
///
/// - `model`: a fingerprint of the model (FNV-1a 64 of its data); `search`: the search and the
///   options that shape it (`search=… reading=… gap=…`). A resume with another model or other such
///   options is refused.
/// - `tree`: the open nodes (`NodeForest`), in-flight nodes included as open.
/// - `incumbent`: `{x, y, value, report: {verified, followerOptimum, maxViolation, reason}, duals}`,
///   values in the minimized form the search uses.
/// - `closedBound`, `unresolved`: the bound kept by closed nodes and the LP trouble met so far (so
///   the resumed outcome claims exactly what an uninterrupted one would).
/// - `method`: `globalCuts`, `globalKeys`, `localCuts` (cuts as `{c: [[column, value]], l, u}`,
///   in pool order: a local cut's id is its position), `objectiveFloor`, `limitLog`.
/// Infinite numbers are the strings `"inf"` and `"-inf"`. A truncated body or one whose checksum
/// differs is refused with an error naming the file.
struct SearchCheckpoint: Codable, Sendable {
    static let magic = "bilevel-checkpoint"
    static let version = 1

    var model: String
    var search: String
    var nodesSolved: Int
    var elapsed: Double
    var bound: Double
    var closedBound: Double
    var unresolved: [String]
    var incumbent: SavedCandidate?
    var tree: NodeForest
    var method: MethodState

    /// A verified point as saved.
    struct SavedCandidate: Codable, Sendable {
        struct Report: Codable, Sendable {
            var verified: Bool
            var followerOptimum: Double?
            var maxViolation: Double
            var reason: String?
        }
        var x: [Double]
        var y: [Double]
        var value: Double
        var report: Report
        var duals: [Int: Double]?

        init(_ c: Candidate) {
            x = c.x
            y = c.y
            value = c.value
            report = Report(verified: c.report.verified, followerOptimum: c.report.followerOptimum,
                            maxViolation: c.report.maxViolation, reason: c.report.reason)
            duals = c.duals
        }

        var candidate: Candidate {
            Candidate(x: x, y: y, value: value,
                      report: VerificationReport(verified: report.verified, followerOptimum: report.followerOptimum,
                                                 maxViolation: report.maxViolation, reason: report.reason),
                      duals: duals)
        }
    }

    /// A cut of `CutPool`, as saved.
    struct SavedCut: Codable, Sendable {
        var c: [[Double]]
        var l: Double
        var u: Double

        init(_ cut: CutPool.Cut) {
            c = cut.coefficients.map { [Double($0.column), $0.value] }
            l = cut.lower
            u = cut.upper
        }

        func cut() throws -> CutPool.Cut {
            let terms = try c.map { pair -> (column: Int, value: Double) in
                guard pair.count == 2, let j = Int(exactly: pair[0]), j >= 0 else {
                    throw NodeForest.Invalid(what: "a cut's coefficient \(pair)")
                }
                return (j, pair[1])
            }
            return CutPool.Cut(coefficients: terms, lower: l, upper: u)
        }
    }

    /// The method's share of the state.
    struct MethodState: Codable, Sendable {
        var globalCuts: [SavedCut]?
        var globalKeys: [[Double]]?
        var localCuts: [SavedCut]?
        var objectiveFloor: Double?
        var limitLog: SavedLimitLog?
    }

    /// A pessimistic reading's `LimitLog`.
    struct SavedLimitLog: Codable, Sendable {
        var limit: Double?
        var limitX: [Double]?
        var candidate: SavedCandidate?
        var attained: Double?
    }

    // MARK: File

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf",
                                                                nan: "nan")
        return e
    }

    static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf",
                                                                  nan: "nan")
        return d
    }

    /// The file's bytes: header line and body.
    func encoded() throws -> Data {
        let body = try Self.encoder().encode(self)
        let header = "\(Self.magic) \(Self.version) \(body.count) \(Self.checksumText(body))\n"
        return Data(header.utf8) + body
    }

    /// Writes the checkpoint atomically: to `url` + ".tmp", then renamed over `url`.
    func write(to url: URL) throws {
        let data = try encoded()
        let temporary = URL(fileURLWithPath: url.path + ".tmp")
        do {
            try data.write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw BilevelError.io(path: url.path, "checkpoint not written: \(reason)")
            }
        } catch let error as BilevelError {
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw BilevelError.io(path: url.path, "checkpoint not written: \(error.localizedDescription)")
        }
    }

    /// Reads and checks a checkpoint file.
    /// - Throws: `BilevelError.io` naming the file when it cannot be read, is not a checkpoint, has
    ///   another version, is truncated or corrupt.
    static func read(from url: URL) throws -> SearchCheckpoint {
        let path = url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw BilevelError.io(path: path, "cannot read the checkpoint: \(error.localizedDescription)")
        }
        func bad(_ why: String) -> BilevelError { .io(path: path, "not a usable checkpoint: \(why)") }
        guard let newline = data.prefix(200).firstIndex(of: UInt8(ascii: "\n")),
              let header = String(data: data[data.startIndex..<newline], encoding: .utf8) else {
            throw bad("no checkpoint header (empty, truncated or another kind of file)")
        }
        let fields = header.split(separator: " ").map(String.init)
        guard fields.count == 4, fields[0] == magic else { throw bad("no checkpoint header (another kind of file)") }
        guard fields[1] == String(version) else {
            throw bad("format version \(fields[1]); this version of bilevel reads version \(version)")
        }
        guard let length = Int(fields[2]), length >= 0 else { throw bad("bad length '\(fields[2])' in the header") }
        let body = data[(newline + 1)...]
        guard body.count == length else {
            throw bad(body.count < length ? "truncated (\(body.count) of \(length) bytes)"
                                          : "\(body.count - length) bytes more than the header says")
        }
        guard checksumText(body) == fields[3] else { throw bad("corrupt (the checksum does not match)") }
        do {
            return try decoder().decode(SearchCheckpoint.self, from: Data(body))
        } catch {
            throw bad("corrupt (\(error))")
        }
    }

    private static func checksumText(_ data: Data) -> String {
        var h = Fingerprint()
        h.mix(bytes: data)
        return h.hex
    }
}

/// FNV-1a, 64 bits: a checksum and fingerprint that is the same on every machine and every run
/// (Swift's `Hasher` is seeded per process).
struct Fingerprint {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func mix(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    mutating func mix<S: Sequence>(bytes: S) where S.Element == UInt8 {
        for b in bytes { mix(byte: b) }
    }

    mutating func mix(_ v: UInt64) { for k in 0..<8 { mix(byte: UInt8(truncatingIfNeeded: v >> (8 * k))) } }
    mutating func mix(_ v: Int) { mix(UInt64(bitPattern: Int64(v))) }
    mutating func mix(_ v: Double) { mix(v.bitPattern) }
    mutating func mix(_ v: Bool) { mix(byte: v ? 1 : 0) }
    mutating func mix(_ s: String) { mix(s.utf8.count); mix(bytes: s.utf8) }

    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The fingerprint of a model's data: names, bounds, integrality, levels, rows, objectives.
    static func of(_ model: BilevelModel) -> String {
        var h = Fingerprint()
        h.mix(model.name)
        h.mix(model.variables.count)
        for v in model.variables {
            h.mix(v.name); h.mix(v.lower); h.mix(v.upper); h.mix(v.isInteger); h.mix(v.level.rawValue)
        }
        h.mix(model.constraints.count)
        for c in model.constraints {
            h.mix(c.name); h.mix(c.lower); h.mix(c.upper); h.mix(c.level.rawValue)
            h.mix(c.terms.count)
            for t in c.terms { h.mix(t.variable); h.mix(t.coefficient) }
        }
        for o in [model.leaderObjective, model.followerObjective] {
            h.mix(o.sense.rawValue); h.mix(o.constant)
            h.mix(o.terms.count)
            for t in o.terms { h.mix(t.variable); h.mix(t.coefficient) }
            h.mix(o.quadratic.count)
            for q in o.quadratic { h.mix(q.first); h.mix(q.second); h.mix(q.coefficient) }
            h.mix(o.duals.count)
            for d in o.duals { h.mix(d.constraint); h.mix(d.coefficient) }
        }
        return h.hex
    }
}

/// What one tree search does about checkpoints: where to write them and how often, the saved run it
/// resumes (read and checked against this model and search), and how to save its method's state.
final class CheckpointPlan: @unchecked Sendable {
    let url: URL?
    let interval: Double
    let model: String
    let search: String
    /// The run to resume, already checked to be of this model and search.
    let resumed: SearchCheckpoint?
    /// Its open nodes, numbered from 1.
    let resumedNodes: [SearchNode]
    /// The file it was read from.
    let resumePath: String?
    /// The method's state to save with the nodes (called after the nodes are taken, so every cut
    /// they name is in it).
    var saveMethodState: @Sendable () -> SearchCheckpoint.MethodState = { SearchCheckpoint.MethodState() }
    /// A local cut of the method's pool by id, to ship with a node that names it to another process
    /// (nil: the method has no cut pool).
    var exportCut: (@Sendable (Int) -> SearchCheckpoint.SavedCut)?
    /// Adds a cut received from another process to the pool; returns its id here, or nil when the
    /// pool is full (the node then goes without it: a relaxation, still valid).
    var importCut: (@Sendable (SearchCheckpoint.SavedCut) -> Int?)?
    /// Takes in another process's method state (a pessimistic reading's limit log) in a distributed
    /// search; nil: the method keeps none that the answer depends on.
    var mergeMethodState: (@Sendable (SearchCheckpoint.MethodState) -> Void)?

    /// - Parameters:
    ///   - search: the search and the options that shape it, e.g. `search=complementarity reading=optimistic`
    ///     (the gap is added).
    /// - Throws: `BilevelError.io` naming the resume file when it is unreadable, corrupt, or of
    ///   another model or search.
    init(_ options: SolveOptions, model: BilevelModel, search: String) throws {
        url = options.checkpoint
        interval = options.checkpointInterval
        self.model = Fingerprint.of(model)
        self.search = search + " gap=\(options.gap)"
        resumePath = options.resume?.path
        guard let resume = options.resume else { resumed = nil; resumedNodes = []; return }
        let saved = try SearchCheckpoint.read(from: resume)
        if saved.model != self.model {
            throw BilevelError.io(path: resume.path, "the checkpoint is of another model (fingerprint \(saved.model), "
                                  + "this model's is \(self.model)); resume with the model it was written for")
        }
        if saved.search != self.search {
            throw BilevelError.io(path: resume.path, "the checkpoint is of another search ('\(saved.search)'; this "
                                  + "run is '\(self.search)'); resume with the options it was written with")
        }
        do {
            resumedNodes = try saved.tree.searchNodes(firstID: 1)
        } catch {
            throw BilevelError.io(path: resume.path, "not a usable checkpoint: \(error)")
        }
        resumed = saved
    }

    /// Refuses a resumed tree that names a cut beyond the `count` restored.
    func checkCuts(count: Int) throws {
        guard let resumed, let path = resumePath else { return }
        if let bad = resumed.tree.cutIDs.first(where: { $0 >= count }) {
            throw BilevelError.io(path: path, "not a usable checkpoint: a node names cut \(bad) of \(count)")
        }
    }

    /// Whether the plan does anything.
    var isActive: Bool { url != nil || resumed != nil }
}
