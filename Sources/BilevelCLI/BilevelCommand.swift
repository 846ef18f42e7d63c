import ArgumentParser
import Bilevel
import Foundation

/// The `bilevel` command: solve bilevel optimization problems to global optimality.
@main
struct BilevelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bilevel",
        abstract: "Solve linear bilevel optimization problems to certified global optimality (on GLPK).",
        version: BilevelVersion.string,
        subcommands: [Solve.self, Info.self, Convert.self, Reformulate.self, Generate.self, Plot.self]
    )

    /// Runs the command; usage and input errors exit with status 2 and a message on stderr.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as BilevelError {
            FileHandle.standardError.write(Data("bilevel: \(error)\n".utf8))
            Foundation.exit(2)
        } catch let error as PlotError {
            FileHandle.standardError.write(Data("bilevel: plot: \(error)\n".utf8))
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if let exit = error as? ExitCode { Foundation.exit(exit.rawValue) }
            FileHandle.standardError.write(Data("\(fullMessage(for: error))\n".utf8))
            Foundation.exit(2)
        }
    }
}
