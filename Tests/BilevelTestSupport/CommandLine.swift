import Foundation

/// Runs the built `bilevel` executable (and its sibling programs) for end-to-end tests.
public enum CLI {
    /// The directory of the built products, beside the test bundle.
    public static var products: URL {
        let beside = Bundle.main.bundleURL.deletingLastPathComponent()
        if FileManager.default.fileExists(atPath: beside.appendingPathComponent("bilevel").path) { return beside }
        return Repository.root.appendingPathComponent(".build/debug")
    }

    /// The built `bilevel` executable.
    public static var executable: URL { products.appendingPathComponent("bilevel") }

    /// What a run printed and how it ended.
    public struct Run: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `program` (default `bilevel`) with `arguments` in `directory` (default: the repository root).
    public static func run(_ arguments: [String], program: String = "bilevel", in directory: URL? = nil) throws -> Run {
        try run(executable: products.appendingPathComponent(program), arguments, in: directory)
    }

    /// Runs the program at `executable` (e.g. `mpirun`) with `arguments` in `directory` (default: the
    /// repository root).
    public static func run(executable: URL, _ arguments: [String], in directory: URL? = nil) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? Repository.root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read stderr on its own thread: a child that fills one pipe while we wait on the other would block.
        let errBox = DataBox()
        let done = DispatchSemaphore(value: 0)
        Thread { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); done.signal() }.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        let errData = errBox.data
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }

    private final class DataBox: @unchecked Sendable { var data = Data() }

    /// A JSON object printed by `bilevel solve --format json`.
    public static func json(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw CorpusError("not a JSON object: \(text)")
        }
        return object
    }

    /// A fresh, empty temporary directory (the caller removes it).
    public static func temporaryDirectory(_ prefix: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
