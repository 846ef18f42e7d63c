import ArgumentParser
import Bilevel
import BilevelCommandSupport
import Foundation

/// Output formats of `bilevel solve`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

extension MethodChoice: ExpressibleByArgument {}

extension BilevelCommand {
    struct Solve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "solve",  // spelled out: deriving it from the type name costs start-up time
            abstract: "Solve a bilevel model and verify the answer.",
            discussion: """
            MODEL is an MPS file with its AUX file beside it (MibS format), or the AUX file itself.
            Status words (JSON): optimal, feasible, infeasible, unbounded, ill_posed, not_attained,
            time_limit, node_limit, memory_limit, interrupted, unknown. The exit status is 0
            whenever the solver ran, whatever the status; 2 for bad input or usage.
            """
        )

        @Argument(help: "The model file (.aux, .mps).")
        var model: String

        @Option(help: "Output format: text or json.")
        var format: OutputFormat = .text

        @Option(name: .long, help: "Wall-clock limit in seconds (decimal).")
        var timeLimit: Double?

        @Option(help: """
            Method: auto (the branch-and-bound), branch, bigm, duality (strong-duality MILP where it is exact, \
            else branch).
            """)
        var method: MethodChoice = .auto

        @Option(name: .customLong("big-m"), help: "Use this M for every complementarity pair (bigm only; not proven).")
        var bigM: Double?

        @Option(help: "Worker threads of the branch-and-bound (default: all cores).")
        var threads: Int?

        @Option(name: .long, help: "Node limit of the branch-and-bound.")
        var nodeLimit: Int?

        @Option(help: "Relative gap at which the search stops: |incumbent - bound| / max(1, |incumbent|).")
        var gap: Double = SolveOptions().gap

        @Option(name: .long, help: "Memory limit of the open-node pool in MB (status memory_limit when reached).")
        var memoryLimit: Int = SolveOptions().nodeMemoryLimit >> 20

        @Flag(help: """
            Pessimistic reading: ties broken against the leader; coupling rows must hold for every follower \
            optimum.
            """)
        var pessimistic = false

        @Flag(help: "Report dy*/dx and dλ*/dx at the solution (JSON: \"sensitivity\").")
        var sensitivity = false

        @Flag(help: "Keep implied follower sides and copies' own pairs in the KKT system (to measure the presolve).")
        var noPresolve = false

        @Flag(help: "Leave the multipliers of a totally unimodular follower unbounded (to measure the vertex bounds).")
        var noVertexBounds = false

        @Option(name: .long, help: ArgumentHelp("""
            Save the search's state to FILE (atomically, via FILE.tmp) every --checkpoint-interval seconds \
            and when it stops on a limit, Ctrl-C or SIGTERM; removed when the search finishes.
            """, valueName: "FILE"))
        var checkpoint: String?

        @Option(name: .long, help: "Seconds between checkpoints at least (default 60).")
        var checkpointInterval: Double?

        @Option(name: .long, help: ArgumentHelp("""
            Resume a stopped search from its checkpoint FILE (same model, method, reading and gap).
            """, valueName: "FILE"))
        var resume: String?

        @Flag(help: "No progress log on stderr.")
        var quiet = false

        @Option(name: .customLong("progress-plot"), help: ArgumentHelp(
            "Draw incumbent and bound against time and nodes to this SVG file after the solve.", valueName: "svg"))
        var progressPlot: String?

        func validate() throws {
            if let t = timeLimit, !(t.isFinite && t > 0) {
                throw ValidationError("--time-limit must be a positive number of seconds, got \(t)")
            }
            if let m = bigM, !(m.isFinite && m > 0) {
                throw ValidationError("--big-m must be a positive finite number, got \(m)")
            }
            if let n = threads, n < 1 || n > 256 {
                throw ValidationError("--threads must be between 1 and 256, got \(n)")
            }
            if let n = nodeLimit, n < 1 { throw ValidationError("--node-limit must be at least 1, got \(n)") }
            if !(gap.isFinite && gap >= 0) { throw ValidationError("--gap must be a non-negative number, got \(gap)") }
            if memoryLimit < 1 { throw ValidationError("--memory-limit must be at least 1 (MB), got \(memoryLimit)") }
            if bigM != nil && method != .bigm { throw ValidationError("--big-m applies to --method bigm only") }
            if let path = progressPlot, let problem = ProgressRecorder.problem(with: path) {
                throw ValidationError(problem)
            }
            try validateCheckpointOptions()
        }

        private func validateCheckpointOptions() throws {
            if let s = checkpointInterval {
                guard s.isFinite && s >= 0 else {
                    throw ValidationError("--checkpoint-interval must be a non-negative number of seconds, got \(s)")
                }
                guard checkpoint != nil else { throw ValidationError("--checkpoint-interval needs --checkpoint FILE") }
            }
            if let file = checkpoint {
                if file.isEmpty || file.hasSuffix("/") {
                    throw ValidationError("--checkpoint must name a file, got '\(file)'")
                }
                var isDirectory: ObjCBool = false
                let directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
                if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
                    || !isDirectory.boolValue {
                    throw ValidationError("--checkpoint \(file): the directory \(directory) does not exist")
                }
            }
            if let file = resume, !FileManager.default.fileExists(atPath: file) {
                throw ValidationError("--resume \(file): no such file")
            }
            if resume != nil && (method == .bigm || method == .duality) {
                throw ValidationError("--resume needs a tree search: --method auto, branch or integer")
            }
        }

        func run() throws {
            let model = try ModelFile.read(path: self.model)
            var options = SolveOptions(method: method, timeLimit: timeLimit, nodeLimit: nodeLimit, gap: gap,
                                       threads: threads, bigM: bigM)
            options.nodeMemoryLimit = memoryLimit << 20
            options.sensitivity = sensitivity
            options.presolve = !noPresolve
            options.vertexBounds = !noVertexBounds
            options.pessimistic = pessimistic
            options.checkpoint = checkpoint.map { URL(fileURLWithPath: $0) }
            if let checkpointInterval { options.checkpointInterval = checkpointInterval }
            options.resume = resume.map { URL(fileURLWithPath: $0) }
            if format == .text && !quiet {
                options.log = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
            }
            Interrupt.install()
            options.shouldStop = { Interrupt.requested }
            let recorder = ProgressRecorder()
            if progressPlot != nil { options.progress = { recorder.append($0) } }
            let result = try model.solve(options)
            if let path = progressPlot { try recorder.writePlot(title: model.name, to: path) }
            switch format {
            case .json: print(result.json(for: model).rendered())
            case .text: print(result.text(for: model))
            }
        }
    }
}
