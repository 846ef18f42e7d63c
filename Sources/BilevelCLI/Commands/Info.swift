import ArgumentParser
import Bilevel

extension BilevelCommand {
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "info",  // spelled out: deriving it from the type name costs start-up time
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
