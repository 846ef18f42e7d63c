import CGLPK

/// A simplex basis: the status of every row and column, stored compactly so that a search can keep
/// one per open node and warm-start the node's LP from its parent's basis.
public struct Basis: Sendable, Equatable {
    /// GLPK status codes (`GLP_BS`, `GLP_NL`, …) of the rows, then the columns.
    public var rows: [UInt8]
    public var columns: [UInt8]

    /// The status of a basic row or column: rows appended to a problem after its basis was taken
    /// enter with it, and the basis stays valid.
    public static let basic = UInt8(GLP_BS)

    public init(rows: [UInt8], columns: [UInt8]) {
        self.rows = rows
        self.columns = columns
    }
}

extension LinearProblem {
    /// The current basis.
    public var basis: Basis {
        guard isValid else {
            return Basis(rows: Array(repeating: UInt8(GLP_BS), count: rowCount),
                         columns: Array(repeating: UInt8(GLP_NL), count: columnCount))
        }
        return Basis(rows: (0..<rowCount).map { UInt8(glp_get_row_stat(handle, Int32($0 + 1))) },
              columns: (0..<columnCount).map { UInt8(glp_get_col_stat(handle, Int32($0 + 1))) })
    }

    /// Installs a basis taken from this problem (or one with the same shape). Statuses that no longer
    /// fit the current bounds are repaired by GLPK's own rules when the solve starts; a basis of the
    /// wrong shape is refused.
    public func setBasis(_ basis: Basis) throws {
        try checkValid()
        guard basis.rows.count == rowCount, basis.columns.count == columnCount else {
            throw GLPKError.invalidState("basis shape \(basis.rows.count)x\(basis.columns.count) does not match "
                                         + "problem \(rowCount)x\(columnCount)")
        }
        for (i, s) in basis.rows.enumerated() {
            glp_set_row_stat(handle, Int32(i + 1), Self.validStatus(Int32(s), lower: rowLower[i], upper: rowUpper[i]))
        }
        for (j, s) in basis.columns.enumerated() {
            let status = Self.validStatus(Int32(s), lower: columnLower[j], upper: columnUpper[j])
            glp_set_col_stat(handle, Int32(j + 1), status)
        }
    }

    /// A status that `glp_set_*_stat` accepts for the given bounds (it aborts on none of them, but
    /// GLPK silently replaces impossible non-basic statuses; we choose explicitly).
    private static func validStatus(_ s: Int32, lower: Double, upper: Double) -> Int32 {
        if s == GLP_BS { return GLP_BS }
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): return GLP_NF
        case (true, false): return GLP_NL
        case (false, true): return GLP_NU
        case (true, true) where lower == upper: return GLP_NS
        case (true, true): return s == GLP_NU ? GLP_NU : GLP_NL
        }
    }

    /// Resets to GLPK's standard basis (all rows basic).
    public func resetBasis() { if isValid { glp_std_basis(handle) } }
}
