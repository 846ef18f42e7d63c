/// Open nodes as plain values, for a checkpoint file and for shipping nodes between processes.
///
/// A node is its bound changes from the root (`FixingChain`) and its bound; the warm-start basis is
/// not kept (a node without one starts from the worker's current basis). Nodes of one tree share
/// their ancestors' links, and so does the forest: every distinct link is stored once, after its
/// parent, so `n` nodes at depth `d` cost far less than `n · d` changes.
///
/// Encoding (JSON through `Codable`; the same for one node or many, so a coordinator can send a
/// single node with it):
///
///     { "links": [[parent, target, index, side, value], ...], "nodes": [[link, bound], ...] }
///
/// - `parent`: the index of the parent link in `links` (smaller than this link's own index), or −1
///   for a change made at the root;
/// - `target`: 0 a column, 1 a row, 2 a cut of the method's pool (`BoundChange.Target`); `index` is
///   the column, row or cut id;
/// - `side`: 0 lower, 1 upper; `value`: the new bound (±infinity written as the strings `"inf"`,
///   `"-inf"` by the checkpoint's encoder);
/// - `link`: the node's last link, or −1 for the root node; `bound`: the node's lower bound on the
///   leader's minimized objective.
struct NodeForest: Codable, Equatable, Sendable {
    /// One change below its parent link.
    struct Link: Codable, Equatable, Sendable {
        var parent: Int
        var change: BoundChange

        init(parent: Int, change: BoundChange) {
            self.parent = parent
            self.change = change
        }

        init(from decoder: Decoder) throws {
            var c = try decoder.unkeyedContainer()
            parent = try c.decode(Int.self)
            let target = try c.decode(Int.self), index = try c.decode(Int.self), side = try c.decode(Int.self)
            let value = try c.decode(Double.self)
            guard index >= 0, (0...2).contains(target), (0...1).contains(side), !value.isNaN else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "bad bound change")
            }
            let t: BoundChange.Target = target == 0 ? .column(index) : target == 1 ? .row(index) : .cut(index)
            change = BoundChange(t, side == 0 ? .lower : .upper, value)
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.unkeyedContainer()
            try c.encode(parent)
            switch change.target {
            case let .column(j): try c.encode(0); try c.encode(j)
            case let .row(i): try c.encode(1); try c.encode(i)
            case let .cut(k): try c.encode(2); try c.encode(k)
            }
            try c.encode(change.side == .lower ? 0 : 1)
            try c.encode(change.value)
        }
    }

    /// One node: its last link (−1: the root) and its bound.
    struct Node: Codable, Equatable, Sendable {
        var link: Int
        var bound: Double

        init(link: Int, bound: Double) {
            self.link = link
            self.bound = bound
        }

        init(from decoder: Decoder) throws {
            var c = try decoder.unkeyedContainer()
            link = try c.decode(Int.self)
            bound = try c.decode(Double.self)
            guard !bound.isNaN else { throw DecodingError.dataCorruptedError(in: c, debugDescription: "NaN bound") }
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.unkeyedContainer()
            try c.encode(link)
            try c.encode(bound)
        }
    }

    var links: [Link] = []
    var nodes: [Node] = []

    /// The forest of `nodes`, in their order; shared links are stored once.
    init(_ searchNodes: [SearchNode]) {
        var index: [ObjectIdentifier: Int] = [:]
        func add(_ chain: FixingChain?) -> Int {
            guard let chain else { return -1 }
            if let k = index[ObjectIdentifier(chain)] { return k }
            // Iteratively: collect the unstored ancestors, then store them root first.
            var pending: [FixingChain] = []
            var link: FixingChain? = chain
            while let l = link, index[ObjectIdentifier(l)] == nil { pending.append(l); link = l.parent }
            var parent = link.map { index[ObjectIdentifier($0)]! } ?? -1
            for l in pending.reversed() {
                links.append(Link(parent: parent, change: l.change))
                parent = links.count - 1
                index[ObjectIdentifier(l)] = parent
            }
            return parent
        }
        for node in searchNodes { nodes.append(Node(link: add(node.fixings), bound: node.bound)) }
    }

    /// The cut ids the links name.
    var cutIDs: [Int] {
        links.compactMap { if case let .cut(k) = $0.change.target { return k }; return nil }
    }

    /// The search nodes, without bases, numbered from `firstID` in order.
    /// - Throws: `NodeForest.Invalid` when a link's parent does not come before it or a node names a
    ///   link that does not exist.
    func searchNodes(firstID: Int) throws -> [SearchNode] {
        var chains: [FixingChain] = []
        chains.reserveCapacity(links.count)
        for (k, link) in links.enumerated() {
            guard link.parent >= -1 && link.parent < k else {
                throw Invalid(what: "link \(k) has parent \(link.parent)")
            }
            chains.append(FixingChain(link.change, parent: link.parent < 0 ? nil : chains[link.parent]))
        }
        return try nodes.enumerated().map { k, node in
            guard node.link >= -1 && node.link < chains.count else {
                throw Invalid(what: "node \(k) names link \(node.link) of \(chains.count)")
            }
            return SearchNode(fixings: node.link < 0 ? nil : chains[node.link], bound: node.bound, basis: nil,
                              id: firstID + k)
        }
    }

    /// A forest whose links do not form a tree.
    struct Invalid: Error, CustomStringConvertible {
        var what: String
        var description: String { "invalid node tree: \(what)" }
    }
}
