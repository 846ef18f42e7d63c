import CGLPK
import CGLPKGuard

/// An LP or MILP held by GLPK: a Swift owner of one `glp_prob`, freed in `deinit`.
///
/// Indices are 0-based here (GLPK's are 1-based). Bounds use `-.infinity`/`.infinity` for a missing
/// side. Every method validates its arguments before calling GLPK, because GLPK aborts the process
/// on invalid input.
///
///     let lp = LinearProblem(direction: .maximize)
///     try lp.addColumns(2, lower: 0, upper: .infinity)
///     try lp.addRows(1, lower: -.infinity, upper: 4)
///     try lp.loadMatrix([MatrixEntry(row: 0, column: 0, value: 1), MatrixEntry(row: 0, column: 1, value: 2)])
///     try lp.setObjective(column: 0, 3)
///     let status = lp.solve()
///
/// - Important: GLPK keeps its environment per thread. Create, use and drop a problem on one thread.
///   The type is deliberately not `Sendable`.
public final class LinearProblem {
    /// The objective's direction.
    public enum Direction: Sendable { case minimize, maximize }

    let handle: OpaquePointer
    /// Number of columns (structural variables).
    public private(set) var columnCount = 0
    /// Number of rows (auxiliary variables).
    public private(set) var rowCount = 0
    /// Current bounds, mirrored on the Swift side so that validation never needs a GLPK call.
    private(set) var columnLower: [Double] = []
    private(set) var columnUpper: [Double] = []
    private(set) var rowLower: [Double] = []
    private(set) var rowUpper: [Double] = []
    private(set) var integer: [Bool] = []
    /// Whether the last solve was a MIP solve, so that values are read from the right solution.
    var lastSolveWasMIP = false
    /// The thread's GLPK generation when this problem was made: after an internal GLPK fault the
    /// thread's environment is freed (see `CGLPKGuard`), and problems of an older generation are dead.
    private let generation: UInt
    private var storedDirection: Direction

    /// Creates an empty problem. GLPK's terminal output is switched off for this thread unless
    /// `verbose` is true (then it goes to stderr, never stdout).
    public init(direction: Direction = .minimize, verbose: Bool = false) {
        bilevel_glpk_set_output(verbose ? 1 : 0)
        _ = glp_term_out(verbose ? GLP_ON : GLP_OFF)
        generation = UInt(bilevel_glpk_generation())
        handle = glp_create_prob()
        storedDirection = direction
        glp_set_obj_dir(handle, direction == .minimize ? GLP_MIN : GLP_MAX)
    }

    deinit {
        // A problem of a freed environment was freed with it; deleting it again would crash.
        if isValid { glp_delete_prob(handle) }
    }

    /// False once an internal GLPK fault on this thread has freed GLPK's environment (and with it
    /// this problem). Every method then fails cleanly instead of touching freed memory.
    public var isValid: Bool { UInt(bilevel_glpk_generation()) == generation }

    func checkValid() throws {
        guard isValid else {
            throw GLPKError.invalidState("this problem was freed by an internal GLPK error on its thread")
        }
    }

    /// The objective's direction.
    public var direction: Direction {
        get { storedDirection }
        set {
            storedDirection = newValue
            if isValid { glp_set_obj_dir(handle, newValue == .minimize ? GLP_MIN : GLP_MAX) }
        }
    }

    // MARK: Building

    /// Appends `count` columns with the same bounds; returns their indices.
    @discardableResult
    public func addColumns(_ count: Int, lower: Double = 0, upper: Double = .infinity) throws -> Range<Int> {
        try checkValid()
        guard count >= 0 else { throw GLPKError.invalidState("cannot add \(count) columns") }
        try Self.checkBounds("new column", lower, upper)
        let first = columnCount
        guard count > 0 else { return first..<first }
        glp_add_cols(handle, Int32(count))
        columnCount += count
        columnLower += Array(repeating: lower, count: count)
        columnUpper += Array(repeating: upper, count: count)
        integer += Array(repeating: false, count: count)
        for j in first..<columnCount { applyColumnBounds(j) }
        return first..<columnCount
    }

    /// Appends `count` rows with the same bounds; returns their indices.
    @discardableResult
    public func addRows(_ count: Int, lower: Double = -.infinity, upper: Double = .infinity) throws -> Range<Int> {
        try checkValid()
        guard count >= 0 else { throw GLPKError.invalidState("cannot add \(count) rows") }
        try Self.checkBounds("new row", lower, upper)
        let first = rowCount
        guard count > 0 else { return first..<first }
        glp_add_rows(handle, Int32(count))
        rowCount += count
        rowLower += Array(repeating: lower, count: count)
        rowUpper += Array(repeating: upper, count: count)
        for i in first..<rowCount { applyRowBounds(i) }
        return first..<rowCount
    }

    /// Deletes the last `count` rows (cuts that no longer apply). The basis keeps its other statuses;
    /// GLPK invalidates its factorization.
    public func removeLastRows(_ count: Int) throws {
        try checkValid()
        guard count >= 0, count <= rowCount else { throw GLPKError.invalidState("cannot remove \(count) rows") }
        guard count > 0 else { return }
        // glp_del_rows takes 1-based row numbers in num[1...count].
        var numbers = [Int32](repeating: 0, count: count + 1)
        for k in 0..<count { numbers[k + 1] = Int32(rowCount - count + k + 1) }
        glp_del_rows(handle, Int32(count), &numbers)
        rowCount -= count
        rowLower.removeLast(count)
        rowUpper.removeLast(count)
    }

    /// Replaces the whole constraint matrix. Duplicate (row, column) entries are summed and zeros
    /// dropped, because `glp_load_matrix` aborts on duplicates.
    public func loadMatrix(_ entries: [MatrixEntry]) throws {
        try checkValid()
        var merged: [Int: Double] = [:]
        merged.reserveCapacity(entries.count)
        for e in entries {
            try checkRow(e.row)
            try checkColumn(e.column)
            guard e.value.isFinite else {
                throw GLPKError.notFinite(what: "matrix entry (\(e.row), \(e.column))", value: e.value)
            }
            merged[e.row * columnCount + e.column, default: 0] += e.value
        }
        let kept = merged.filter { $0.value != 0 }.sorted { $0.key < $1.key }
        var ia = [Int32](repeating: 0, count: kept.count + 1)
        var ja = [Int32](repeating: 0, count: kept.count + 1)
        var ar = [Double](repeating: 0, count: kept.count + 1)
        for (k, entry) in kept.enumerated() {
            ia[k + 1] = Int32(entry.key / columnCount + 1)
            ja[k + 1] = Int32(entry.key % columnCount + 1)
            ar[k + 1] = entry.value
        }
        glp_load_matrix(handle, Int32(kept.count), &ia, &ja, &ar)
    }

    /// Replaces the coefficients of one row (used to add cuts after the matrix is loaded).
    public func setRow(_ row: Int, coefficients: [(column: Int, value: Double)]) throws {
        try checkValid()
        try checkRow(row)
        var merged: [Int: Double] = [:]
        for (j, v) in coefficients {
            try checkColumn(j)
            guard v.isFinite else { throw GLPKError.notFinite(what: "row \(row) coefficient", value: v) }
            merged[j, default: 0] += v
        }
        let kept = merged.filter { $0.value != 0 }.sorted { $0.key < $1.key }
        var ind = [Int32](repeating: 0, count: kept.count + 1)
        var val = [Double](repeating: 0, count: kept.count + 1)
        for (k, e) in kept.enumerated() { ind[k + 1] = Int32(e.key + 1); val[k + 1] = e.value }
        glp_set_mat_row(handle, Int32(row + 1), Int32(kept.count), &ind, &val)
    }

    /// Sets the objective coefficient of a column.
    public func setObjective(column: Int, _ value: Double) throws {
        try checkValid()
        try checkColumn(column)
        guard value.isFinite else {
            throw GLPKError.notFinite(what: "objective coefficient of column \(column)", value: value)
        }
        glp_set_obj_coef(handle, Int32(column + 1), value)
    }

    /// Sets the constant term of the objective.
    public func setObjectiveConstant(_ value: Double) throws {
        try checkValid()
        guard value.isFinite else { throw GLPKError.notFinite(what: "objective constant", value: value) }
        glp_set_obj_coef(handle, 0, value)
    }

    /// The objective coefficients of all columns.
    public var objectiveCoefficients: [Double] {
        guard isValid else { return Array(repeating: 0, count: columnCount) }
        return (0..<columnCount).map { glp_get_obj_coef(handle, Int32($0 + 1)) }
    }

    /// Marks a column integer (or continuous).
    public func setInteger(column: Int, _ isInteger: Bool = true) throws {
        try checkValid()
        try checkColumn(column)
        integer[column] = isInteger
        glp_set_col_kind(handle, Int32(column + 1), isInteger ? GLP_IV : GLP_CV)
    }

    /// Whether a column is integer.
    public func isInteger(column: Int) -> Bool { integer[column] }

    /// Whether any column is integer.
    public var hasIntegerColumns: Bool { integer.contains(true) }

    // MARK: Bounds

    /// Sets a column's bounds (`-.infinity`/`.infinity` for a missing side).
    ///
    /// - Throws: `GLPKError.invertedBounds` when `lower > upper`, `notFinite` on NaN.
    public func setColumnBounds(_ column: Int, lower: Double, upper: Double) throws {
        try checkValid()
        try checkColumn(column)
        try Self.checkBounds("column \(column)", lower, upper)
        if columnLower[column] == lower && columnUpper[column] == upper { return }
        columnLower[column] = lower
        columnUpper[column] = upper
        applyColumnBounds(column)
    }

    /// Sets a row's bounds (`-.infinity`/`.infinity` for a missing side).
    public func setRowBounds(_ row: Int, lower: Double, upper: Double) throws {
        try checkValid()
        try checkRow(row)
        try Self.checkBounds("row \(row)", lower, upper)
        // Verification re-sets every row at each candidate x; most do not move.
        if rowLower[row] == lower && rowUpper[row] == upper { return }
        rowLower[row] = lower
        rowUpper[row] = upper
        applyRowBounds(row)
    }

    /// A column's current bounds.
    public func columnBounds(_ column: Int) -> (lower: Double, upper: Double) {
        (columnLower[column], columnUpper[column])
    }

    /// A row's current bounds.
    public func rowBounds(_ row: Int) -> (lower: Double, upper: Double) {
        (rowLower[row], rowUpper[row])
    }

    private func applyColumnBounds(_ j: Int) {
        let (type, lo, up) = Self.glpkBounds(columnLower[j], columnUpper[j])
        glp_set_col_bnds(handle, Int32(j + 1), type, lo, up)
    }

    private func applyRowBounds(_ i: Int) {
        let (type, lo, up) = Self.glpkBounds(rowLower[i], rowUpper[i])
        glp_set_row_bnds(handle, Int32(i + 1), type, lo, up)
    }

    /// GLPK's bound type for a pair of bounds. Equal bounds become `GLP_FX`, because `GLP_DB` needs
    /// `lower < upper` (else `glp_simplex` fails with `GLP_EBOUND`).
    static func glpkBounds(_ lower: Double, _ upper: Double) -> (Int32, Double, Double) {
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): return (GLP_FR, 0, 0)
        case (true, false): return (GLP_LO, lower, 0)
        case (false, true): return (GLP_UP, 0, upper)
        case (true, true): return lower == upper ? (GLP_FX, lower, upper) : (GLP_DB, lower, upper)
        }
    }

    /// `what` is built only when the bounds are bad: this check runs on every bound change of the
    /// search, and formatting the label each time cost more than the GLPK call (perf, 200-arc
    /// interdiction).
    static func checkBounds(_ what: @autoclosure () -> String, _ lower: Double, _ upper: Double) throws {
        guard lower.isNaN || upper.isNaN || lower == .infinity || upper == -.infinity || lower > upper else { return }
        if lower.isNaN || lower == .infinity {
            throw GLPKError.notFinite(what: "lower bound of \(what())", value: lower)
        }
        if upper.isNaN || upper == -.infinity {
            throw GLPKError.notFinite(what: "upper bound of \(what())", value: upper)
        }
        throw GLPKError.invertedBounds(what: what(), lower: lower, upper: upper)
    }

    func checkColumn(_ j: Int) throws {
        guard j >= 0 && j < columnCount else {
            throw GLPKError.indexOutOfRange(kind: "column", index: j, count: columnCount)
        }
    }

    func checkRow(_ i: Int) throws {
        guard i >= 0 && i < rowCount else { throw GLPKError.indexOutOfRange(kind: "row", index: i, count: rowCount) }
    }
}

/// One nonzero of a constraint matrix, 0-based.
public struct MatrixEntry: Hashable, Sendable {
    public var row: Int
    public var column: Int
    public var value: Double
    public init(row: Int, column: Int, value: Double) {
        self.row = row
        self.column = column
        self.value = value
    }
}

/// Facts about the linked GLPK library.
public enum GLPKLibrary {
    /// The version string of the linked GLPK, e.g. "5.0".
    public static var version: String { String(cString: glp_version()) }
}

extension GLPKLibrary {
    /// Frees GLPK's environment of the calling thread, with every problem of the thread (their
    /// owners see `isValid == false` and do not free them again). Worker threads call it last.
    public static func releaseThreadResources() {
        bilevel_glpk_release_thread()
    }

    /// Memory blocks and bytes GLPK has allocated on the calling thread (`glp_mem_usage`): equal
    /// before and after a solve when every problem of the solve was freed.
    public static func memoryInUse() -> (blocks: Int, bytes: Int) {
        var count: Int32 = 0, peak: Int32 = 0
        var total: Int = 0, peakTotal: Int = 0
        glp_mem_usage(&count, &peak, &total, &peakTotal)
        return (Int(count), total)
    }

    /// Makes GLPK fail inside the guard on purpose (an invalid argument to `glp_add_rows`), to test
    /// that a fault becomes an error: returns true when the guard caught it. Every problem of the
    /// calling thread is invalid afterwards.
    public static func provokeInternalErrorForTesting() -> Bool {
        bilevel_glp_provoke_fault() == BILEVEL_GLPK_FAULT
    }
}
