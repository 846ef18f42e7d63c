/// Reads a model from a file, choosing the format by extension.
public enum ModelFile {
    /// Reads `path`: `.mps` (with its AUX beside it) or an AUX file (`.aux`, `.txt`, …) in the MibS format.
    ///
    /// - Throws: `BilevelError.parse` naming file and line, or `.io`.
    public static func read(path: String) throws -> BilevelModel {
        try MibSFormat.read(path: path)
    }
}
