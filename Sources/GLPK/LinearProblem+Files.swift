import CGLPK
import CGLPKGuard
import Foundation

extension LinearProblem {
    /// Names a column (used by the file writers). Names longer than 255 bytes or with control
    /// characters (which GLPK aborts on) are refused.
    public func setColumnName(_ column: Int, _ name: String) throws {
        try checkValid()
        try checkColumn(column)
        try Self.checkName(name)
        glp_set_col_name(handle, Int32(column + 1), name)
    }

    /// Names a row.
    public func setRowName(_ row: Int, _ name: String) throws {
        try checkValid()
        try checkRow(row)
        try Self.checkName(name)
        glp_set_row_name(handle, Int32(row + 1), name)
    }

    /// Names the problem.
    public func setName(_ name: String) throws {
        try checkValid()
        try Self.checkName(name)
        glp_set_prob_name(handle, name)
    }

    static func checkName(_ name: String) throws {
        guard !name.isEmpty, name.utf8.count <= 255, !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw GLPKError.invalidState("name '\(name)' is empty, longer than 255 bytes or contains control characters")
        }
    }

    /// File formats GLPK writes.
    public enum FileFormat: Sendable { case freeMPS, cplexLP }

    /// Writes the problem with GLPK's own writer.
    public func write(to path: String, format: FileFormat) throws {
        try checkValid()
        let code: Int32
        switch format {
        case .freeMPS: code = bilevel_glp_write_mps(handle, path)
        case .cplexLP: code = bilevel_glp_write_lp(handle, path)
        }
        if code != 0 { throw GLPKError.invalidState("GLPK could not write \(path)") }
    }
}
