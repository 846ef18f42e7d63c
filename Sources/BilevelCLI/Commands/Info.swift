import ArgumentParser
import Bilevel

extension BilevelCommand {
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a model and print its size (checks that it parses).")

        @Argument(help: "The model file.")
        var model: String

        func run() throws {
            let m = try ModelFile.read(path: model)
            try m.validate()
            print(m.summary)
        }
    }
}
