import GLPK

/// One worker's LP moved from node to node: a node is the root's bounds plus its bound changes, and
/// moving there resets only the bounds that differ, so the LP re-solves warm from the last basis.
final class NodeBounds {
    let lp: LinearProblem
    private let rootColumns: [(lower: Double, upper: Double)]
    private var rootRows: [(lower: Double, upper: Double)]
    /// Targets whose bounds currently differ from the root's (each once).
    private var changed: [BoundChange.Target] = []
    /// The bounds the node being applied wants, per column then per row (`slot`), valid where the
    /// entry's epoch is the current `epoch` (an array, not a dictionary: this runs at every node).
    private var wanted: [(bounds: (lower: Double, upper: Double), epoch: Int)]
    private var epoch = 0

    /// Records `lp`'s current bounds as the root's.
    init(_ lp: LinearProblem) {
        self.lp = lp
        rootColumns = (0..<lp.columnCount).map { lp.columnBounds($0) }
        rootRows = (0..<lp.rowCount).map { lp.rowBounds($0) }
        wanted = (rootColumns + rootRows).map { ($0, 0) }
    }

    func root(_ target: BoundChange.Target) -> (lower: Double, upper: Double) {
        switch target {
        case let .column(j): return rootColumns[j]
        case let .row(i): return rootRows[i]
        case .cut: return (-.infinity, .infinity)
        }
    }

    func current(_ target: BoundChange.Target) -> (lower: Double, upper: Double) {
        switch target {
        case let .column(j): return lp.columnBounds(j)
        case let .row(i): return lp.rowBounds(i)
        case .cut: return (-.infinity, .infinity)
        }
    }

    func set(_ target: BoundChange.Target, _ lower: Double, _ upper: Double) throws {
        let now = current(target)
        guard now.lower != lower || now.upper != upper else { return }
        switch target {
        case let .column(j): try lp.setColumnBounds(j, lower: lower, upper: upper)
        case let .row(i): try lp.setRowBounds(i, lower: lower, upper: upper)
        case .cut: break   // the method loads its cuts itself
        }
    }

    /// Records the root bounds of rows appended to the LP since (cuts).
    func appendRows(_ bounds: [(lower: Double, upper: Double)]) {
        rootRows += bounds
        wanted += bounds.map { ($0, 0) }
    }

    /// Sets the LP's bounds to the root's plus `changes` (tightening only). Returns false when two
    /// changes contradict each other (the node is infeasible), without calling GLPK with bad bounds.
    func apply(_ changes: [BoundChange]) throws -> Bool {
        epoch += 1
        var touched: [BoundChange.Target] = []
        for c in changes {
            if case .cut = c.target { continue }
            // Only a node from outside (a checkpoint) can name one out of range: refuse it, do not crash.
            guard let k = slot(c.target) else {
                throw BilevelError.solverFailure("a bound change names \(c.target), outside the node's LP")
            }
            if wanted[k].epoch != epoch {
                wanted[k] = (root(c.target), epoch)
                touched.append(c.target)
            }
            wanted[k].bounds = c.tightening(wanted[k].bounds)
        }
        if touched.contains(where: { wantedBounds($0).map { $0.lower > $0.upper } ?? false }) { return false }
        for target in changed where wantedBounds(target) == nil {
            let b = root(target)
            try set(target, b.lower, b.upper)
        }
        for target in touched {
            let b = wantedBounds(target)!
            try set(target, b.lower, b.upper)
        }
        changed = touched
        return true
    }

    /// Where `target`'s entry sits in `wanted` (columns first, then rows), nil for a cut or a column
    /// or row the LP does not have.
    private func slot(_ target: BoundChange.Target) -> Int? {
        switch target {
        case let .column(j): return rootColumns.indices.contains(j) ? j : nil
        case let .row(i): return rootRows.indices.contains(i) ? rootColumns.count + i : nil
        case .cut: return nil
        }
    }

    /// The bounds the node being applied wants for `target`, nil when it leaves the root's.
    private func wantedBounds(_ target: BoundChange.Target) -> (lower: Double, upper: Double)? {
        guard let k = slot(target), wanted[k].epoch == epoch else { return nil }
        return wanted[k].bounds
    }
}

extension LinearProblem {
    /// A node's LP solve: the dual simplex from the warm basis, with an iteration limit that guards
    /// against GLPK stalling on degenerate bases (seen: one node LP of an interdiction instance
    /// spinning for 17 s); on that or on an undecided status, the dual simplex from the standard
    /// basis, then the primal simplex from it. The dual restart comes first: on covering_20_s1 a
    /// node LP that the warm dual stalled on cycled in the primal simplex (GLPK: "numerical
    /// instability", 400 000 iterations) and was solved by the dual from scratch in 41; the node
    /// stayed open with the root's bound and the search could never close. `size` (rows plus
    /// columns) scales the limit.
    ///
    /// `objectiveLimit`: the dual simplex stops (`.objectiveLimit`) once its objective reaches it.
    func solveWarm(timeLeft: Double?, size: Int, objectiveLimit: Double? = nil) -> LPStatus {
        let limit = max(Self.smallestIterationLimit, Self.iterationsPerRowOrColumn * size)
        var status = solve(SimplexOptions(method: .dual, timeLimit: timeLeft, iterationLimit: limit,
                                          objectiveUpperLimit: objectiveLimit))
        for method in [SimplexOptions.Method.dual, .primal]
        where status == .infeasibleOrUnbounded || status == .iterationLimit {
            resetBasis()
            status = solve(SimplexOptions(method: method, timeLimit: timeLeft, iterationLimit: 2 * limit,
                                          objectiveUpperLimit: objectiveLimit))
        }
        return status
    }

    private static let smallestIterationLimit = 5_000
    private static let iterationsPerRowOrColumn = 20
}
