import Foundation

/// Reads and writes models, choosing the format by extension.
public enum ModelFile {
    /// Reads `path`: `.blp` (text format), `.mps` (with its AUX beside it), or an AUX file (`.aux`,
    /// `.txt`, …) in the MibS format.
    ///
    /// - Parameter path: The model file.
    /// - Returns: The model.
    /// - Throws: `BilevelError.parse` naming file and line, or `.io`.
    public static func read(path: String) throws -> BilevelModel {
        if URL(fileURLWithPath: path).pathExtension.lowercased() == "blp" {
            return try TextFormat.read(path: path)
        }
        return try MibSFormat.read(path: path)
    }

    /// Writes `model` to `path`: `.blp` (text format), `.aux` or `.mps` (MibS MPS+AUX pair).
    ///
    /// - Parameters:
    ///   - model: The model.
    ///   - path: The file to write; its extension chooses the format.
    /// - Throws: `BilevelError.io` for another extension or a file that cannot be written;
    ///   `.invalidModel` for a model the format cannot hold.
    public static func write(_ model: BilevelModel, to path: String) throws {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "blp": try TextFormat.write(model, to: path)
        case "aux", "mps": try MibSFormat.write(model, to: path)
        default: throw BilevelError.io(path: path, "unknown output format (use .blp, .aux or .mps)")
        }
    }
}
