import ArgumentParser
import Bilevel
import Foundation

extension BilevelCommand {
    struct Plot: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plot",  // spelled out: deriving it from the type name costs start-up time
            abstract: "Draw the leader's objective along one leader variable (or over two) as an SVG picture.",
            discussion: """
            One --leader: F(x, y*(x)) in the optimistic and (continuous follower) the pessimistic reading, \
            jumps drawn as jumps, the optimum marked, and the follower's response below. Two: a heat map \
            of F. The other leader variables are held at the model's solution or at --at values. Every \
            point is an exact solve with the leader's choice fixed. Exit status 2 for bad input.
            """
        )

        @Argument(help: "The model file (.blp, .aux, .mps).")
        var model: String

        @Option(help: "A leader variable to plot (once: a curve; twice: a heat map).")
        var leader: [String] = []

        @Option(parsing: .unconditionalSingleValue,
                help: "LO:HI range of a plotted variable (in --leader order; default: its bounds).")
        var range: [String] = []

        @Option(help: "Grid points per plotted variable (default 101 for a curve, 41 for a heat map).")
        var points: Int?

        @Option(parsing: .unconditionalSingleValue, help: "NAME=VALUE: hold another leader variable at VALUE.")
        var at: [String] = []

        @Option(help: "A follower variable whose response is drawn (default: the first four).")
        var follower: [String] = []

        @Option(name: .shortAndLong, help: "Output file (.svg).")
        var output: String

        func run() throws {
            let request = PlotRequest(leaders: leader, ranges: try range.map(Self.parseRange), points: points,
                                      at: try Self.parseAssignments(at), followers: follower)
            let model = try ModelFile.read(path: self.model)
            let plot = try ResponsePlot(model: model, request: request)
            do {
                try plot.svg.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw BilevelError.io(path: output, "cannot write: \(error.localizedDescription)")
            }
            print("wrote \(output): \(plot.summary)")
        }

        /// `LO:HI` as a range.
        static func parseRange(_ text: String) throws -> ClosedRange<Double>? {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let lo = Double(parts[0]), let hi = Double(parts[1]), lo.isFinite, hi.isFinite,
                  lo < hi else {
                throw PlotError("--range must be LO:HI with numbers LO < HI, got '\(text)'")
            }
            return lo...hi
        }

        /// `NAME=VALUE` pairs as a dictionary.
        static func parseAssignments(_ list: [String]) throws -> [String: Double] {
            var values: [String: Double] = [:]
            for text in list {
                let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let number = parts.count == 2 ? Double(parts[1].trimmingCharacters(in: .whitespaces)) : nil
                guard parts.count == 2, !parts[0].isEmpty, let v = number, v.isFinite else {
                    throw PlotError("--at must be NAME=VALUE with a finite number, got '\(text)'")
                }
                let name = String(parts[0])
                if values[name] != nil { throw PlotError("--at: '\(name)' given twice") }
                values[name] = v
            }
            return values
        }
    }
}
