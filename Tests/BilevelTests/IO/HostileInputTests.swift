import Foundation
import Testing
@testable import Bilevel
import BilevelTestSupport

/// The corpus in Tests/BilevelTests/Hostile: every malformed file fails with the exact file, line,
/// column and message listed in EXPECTED.tsv (or is read, where the row says "-"); never a crash,
/// never a hang. A missing EXPECTED.tsv fails the test rather than running no case.
@Suite struct HostileInputTests {
    struct Case: Sendable, CustomStringConvertible {
        var input: String, file: String, line: String, column: String, message: String
        var description: String { input }
    }

    static func cases() throws -> [Case] {
        try Repository.tsvRows("Tests/BilevelTests/Hostile/EXPECTED.tsv", fields: 5).map {
            Case(input: $0[0], file: $0[1], line: $0[2], column: $0[3], message: $0[4])
        }
    }

    /// Every file of the folder is a listed input or the MPS twin of a listed AUX input: a new hostile
    /// file without its expected error cannot go untested.
    @Test func corpusIsComplete() throws {
        let cases = try Self.cases()
        #expect(cases.count >= 35)
        let inputs = Set(cases.map(\.input))
        let files = try FileManager.default.contentsOfDirectory(atPath: Repository.path("Tests/BilevelTests/Hostile"))
        for file in files where file != "EXPECTED.tsv" && !inputs.contains(file) {
            let twin = file.hasSuffix(".mps") ? String(file.dropLast(4)) + ".aux" : ""
            #expect(inputs.contains(twin), "\(file) is in Hostile/ but not in EXPECTED.tsv")
        }
    }

    @Test(arguments: try cases())
    func failsExactlyAsExpected(_ c: Case) throws {
        let path = Repository.path("Tests/BilevelTests/Hostile/" + c.input)
        do {
            let model = try ModelFile.read(path: path)
            try model.validate()
            #expect(c.file == "-", "\(c.input) was read, expected \(c.message)")
        } catch let BilevelError.parse(location, message) {
            #expect(URL(fileURLWithPath: location.file).lastPathComponent == c.file)
            #expect(String(location.line) == c.line, "\(message)")
            #expect(location.column.map(String.init) ?? "-" == c.column, "\(message)")
            #expect(message == c.message)
        }
    }
}
