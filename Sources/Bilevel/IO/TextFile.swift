import Foundation

/// Reading text files with errors that name the path.
enum TextFile {
    /// Reads a whole file as UTF-8 (invalid bytes are replaced, so binary garbage gives parse errors,
    /// not decoding crashes). Refuses files above 2 GiB.
    static func read(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw BilevelError.io(path: path, "no such file")
        }
        guard !isDirectory.boolValue else { throw BilevelError.io(path: path, "is a directory, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BilevelError.io(path: path, "cannot read the file")
        }
        guard data.count < 1 << 31 else { throw BilevelError.io(path: path, "file is larger than 2 GiB") }
        return String(decoding: data, as: UTF8.self)
    }
}
