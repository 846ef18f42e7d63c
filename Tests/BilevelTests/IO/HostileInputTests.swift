import Foundation
import Testing
@testable import Bilevel
import BilevelTestSupport

/// The corpus in Tests/BilevelTests/Hostile: every malformed file fails with the exact file, line,
/// column and message listed in EXPECTED.tsv; never a crash, never a hang.
@Suite struct HostileInputTests {
    struct Case: Sendable, CustomStringConvertible {
        var input: String, file: String, line: String, column: String, message: String
        var description: String { input }
    }

    static let cases: [Case] = {
        let dir = Repository.path("Tests/BilevelTests/Hostile")
        guard let text = try? String(contentsOfFile: dir + "/EXPECTED.tsv", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map {
            let f = $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Case(input: f[0], file: f[1], line: f[2], column: f[3], message: f[4])
        }
    }()

    @Test func corpusIsComplete() { #expect(Self.cases.count >= 35) }

    @Test(arguments: cases)
    func failsExactlyAsExpected(_ c: Case) throws {
        let path = Repository.path("Tests/BilevelTests/Hostile/" + c.input)
        do {
            let model = try ModelFile.read(path: path)
            try model.validate()
            #expect(c.file == "-" || c.file == "*", "\(c.input) was read, expected \(c.message)")
        } catch let BilevelError.parse(location, message) {
            guard c.file != "*" else { return }
            #expect(URL(fileURLWithPath: location.file).lastPathComponent == c.file)
            #expect(String(location.line) == c.line, "\(message)")
            #expect(location.column.map(String.init) ?? "-" == c.column, "\(message)")
            #expect(message == c.message)
        }
    }
}
