import Foundation

/// Paths inside the repository, found from this file's location (tests never depend on ../shared).
public enum Repository {
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("repository root not found above \(#filePath)")
    }()

    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The rows of a tab-separated index below the root, header line skipped, each with at least
    /// `fields` fields. Throws when the file is missing, unreadable or has no row, so that a test
    /// parameterized over a corpus fails instead of running zero cases.
    public static func tsvRows(_ relative: String, fields: Int = 2) throws -> [[String]] {
        let file = path(relative)
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw CorpusError("the corpus index \(relative) is missing or unreadable (looked at \(file))")
        }
        let lines = text.split(separator: "\n").dropFirst().filter { !$0.hasPrefix("#") }
        let rows = lines.map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        if let short = rows.first(where: { $0.count < fields }) {
            throw CorpusError("\(relative): a row has \(short.count) fields, expected at least \(fields): \(short)")
        }
        guard !rows.isEmpty else { throw CorpusError("the corpus index \(relative) has no rows") }
        return rows
    }

    /// Rows of models/INDEX.tsv: file and known optimum (or status word), with its source.
    public static func modelIndex() throws -> [IndexEntry] {
        try tsvRows("models/INDEX.tsv", fields: 3).map { IndexEntry(file: $0[0], known: $0[1], source: $0[2]) }
    }

    /// Rows of models/seed/INDEX.tsv: the primer's models and their outcome derived by hand.
    public static func seedIndex() throws -> [IndexEntry] {
        try tsvRows("models/seed/INDEX.tsv", fields: 3).map { IndexEntry(file: $0[0], known: $0[1], source: $0[2]) }
    }
}

/// A row of a model index: the file (relative to its folder), the known optimum or a status word,
/// and where that answer comes from.
public struct IndexEntry: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var known: String
    public var source: String
    public init(file: String, known: String, source: String) {
        self.file = file
        self.known = known
        self.source = source
    }
    /// The known optimum, when the index gives a number rather than a status word.
    public var optimum: Double? { Double(known) }
    public var description: String { file }
}

/// A corpus the tests need is missing or malformed.
public struct CorpusError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// `a` within `tol`·max(1, |b|) of `b` (false when `a` is nil).
public func close(_ a: Double?, _ b: Double, _ tol: Double = 1e-6) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tol * max(1, abs(b))
}
