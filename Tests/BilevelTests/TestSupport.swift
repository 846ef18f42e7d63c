import Foundation
@testable import Bilevel

/// Paths inside the repository, found from this file's location (tests never depend on ../shared).
enum Repository {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("repository root not found")
    }()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// Rows of models/INDEX.tsv: (file, known optimum or status word).
    static func modelIndex() throws -> [(file: String, known: String)] {
        let text = try String(contentsOfFile: path("models/INDEX.tsv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            return (String(fields[0]), String(fields[1]))
        }
    }
}

/// A model from text: `x` variables leader, others follower (tiny helper for hand-written tests).
func model(mps: String, aux: String) throws -> BilevelModel {
    try MibSFormat.parse(mps: mps, aux: aux)
}

func close(_ a: Double?, _ b: Double, _ tol: Double = 1e-6) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tol * max(1, abs(b))
}
