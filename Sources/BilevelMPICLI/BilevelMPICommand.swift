import ArgumentParser
import Bilevel
import BilevelCommandSupport
import BilevelMPI
import Foundation

/// `bilevel-mpi solve MODEL [options]`, started by `mpirun -np N`: one search spread over N processes (rank 0
/// coordinates and prints; see README, "Distributed search").
@main
struct BilevelMPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bilevel-mpi",
        abstract: "Solve a bilevel model with one search spread over the processes of an MPI job (mpirun -np N).",
        version: BilevelVersion.string,
        subcommands: [Solve.self]
    )

    /// Parses the arguments (every rank alike, before MPI starts) and runs; usage errors exit with status 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data("bilevel-mpi: \(fullMessage(for: error))\n".utf8))
            Foundation.exit(2)
        }
    }
}

/// Output formats of `bilevel-mpi solve` (those of `bilevel solve`).
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

extension MethodChoice: ExpressibleByArgument {}

extension BilevelMPICommand {
    struct Solve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "solve",
            abstract: "Solve a bilevel model on every process of the MPI job; rank 0 prints the answer.",
            discussion: """
            The options are those of `bilevel solve` (a subset). Status words (JSON) are the same: optimal, \
            feasible, infeasible, unbounded, ill_posed, not_attained, time_limit, node_limit, memory_limit, \
            interrupted, unknown. Each process runs one search thread.
            """
        )

        @Argument(help: "The model file (.aux, .mps).")
        var model: String

        @Option(help: "Output format: text or json.")
        var format: OutputFormat = .text

        @Option(name: .long, help: "Wall-clock limit in seconds (decimal).")
        var timeLimit: Double?

        @Option(help: "Method: auto, branch, bigm, duality, integer.")
        var method: MethodChoice = .auto

        @Option(name: .customLong("big-m"), help: "Use this M for every complementarity pair (bigm only; not proven).")
        var bigM: Double?

        @Option(name: .long, help: "Node limit of the branch-and-bound (all ranks together).")
        var nodeLimit: Int?

        @Option(help: "Relative gap at which the search stops: |incumbent - bound| / max(1, |incumbent|).")
        var gap: Double = SolveOptions().gap

        @Option(help: ArgumentHelp(
            "Worker threads of each rank (default 1). With more, start mpirun with --bind-to none.",
            discussion: "Open MPI binds each rank to one core by default, where its threads would only take turns."))
        var threads: Int = 1

        @Option(name: .long, help: "Memory limit of each rank's open-node pool in MB.")
        var memoryLimit: Int = SolveOptions().nodeMemoryLimit >> 20

        @Flag(help: "Report dy*/dx and dλ*/dx at the solution (JSON: \"sensitivity\").")
        var sensitivity = false

        @Option(name: .customLong("progress-plot"), help: ArgumentHelp(
            "Draw incumbent and bound against time and nodes to this SVG file after the solve (rank 0).",
            valueName: "svg"))
        var progressPlot: String?

        @Flag(help: "Pessimistic reading (distributed like the optimistic one).")
        var pessimistic = false

        @Option(name: .long, help: ArgumentHelp("""
            Rank 0 saves the search's state to FILE every --checkpoint-interval seconds (gathering every \
            rank's open nodes) and when it stops; removed when the search finishes.
            """, valueName: "FILE"))
        var checkpoint: String?

        @Option(name: .long, help: "Seconds between checkpoints at least (default 60).")
        var checkpointInterval: Double?

        @Option(name: .long, help: ArgumentHelp(
            "Resume from a checkpoint FILE (written by bilevel or bilevel-mpi, any number of ranks).",
            valueName: "FILE"))
        var resume: String?

        @Flag(help: "No progress log on stderr (rank 0 logs with either format).")
        var quiet = false

        func validate() throws {
            if let t = timeLimit, !(t.isFinite && t > 0) {
                throw ValidationError("--time-limit must be a positive number of seconds, got \(t)")
            }
            if let n = nodeLimit, n < 1 { throw ValidationError("--node-limit must be at least 1, got \(n)") }
            if threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
            if let m = bigM, !(m.isFinite && m > 0) {
                throw ValidationError("--big-m must be a positive finite number, got \(m)")
            }
            if bigM != nil && method != .bigm { throw ValidationError("--big-m applies to --method bigm only") }
            if let path = progressPlot, let problem = ProgressRecorder.problem(with: path) {
                throw ValidationError(problem)
            }
            if !(gap.isFinite && gap >= 0) { throw ValidationError("--gap must be a non-negative number, got \(gap)") }
            if memoryLimit < 1 { throw ValidationError("--memory-limit must be at least 1 (MB), got \(memoryLimit)") }
            if let s = checkpointInterval, !(s.isFinite && s >= 0) {
                throw ValidationError("--checkpoint-interval must be a non-negative number of seconds, got \(s)")
            }
            if checkpointInterval != nil && checkpoint == nil {
                throw ValidationError("--checkpoint-interval needs --checkpoint FILE")
            }
            if let file = resume, !FileManager.default.fileExists(atPath: file) {
                throw ValidationError("--resume \(file): no such file")
            }
        }

        func run() throws {
            Interrupt.install()
            let transport = MPITransport()
            let rank0 = transport.rank == 0
            if rank0, !quiet, let warning = CoreBinding.warning(threads: threads) {
                FileHandle.standardError.write(Data((warning + "\n").utf8))
            }
            let model: BilevelModel
            do {
                model = try ModelFile.read(path: self.model)
            } catch {
                // Every rank reads the same file and fails alike.
                if rank0 { FileHandle.standardError.write(Data("bilevel-mpi: \(error)\n".utf8)) }
                transport.finalize()
                Foundation.exit(2)
            }
            var options = SolveOptions(method: method, timeLimit: timeLimit, nodeLimit: nodeLimit, gap: gap,
                                       threads: threads, bigM: bigM)
            options.nodeMemoryLimit = memoryLimit << 20
            options.pessimistic = pessimistic
            options.sensitivity = sensitivity
            options.checkpoint = checkpoint.map { URL(fileURLWithPath: $0) }
            if let checkpointInterval { options.checkpointInterval = checkpointInterval }
            options.resume = resume.map { URL(fileURLWithPath: $0) }
            if rank0 && !quiet {
                options.log = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
            }
            options.shouldStop = { Interrupt.requested }
            let recorder = ProgressRecorder()
            if rank0 && progressPlot != nil { options.progress = { recorder.append($0) } }
            options.distribute(over: transport)
            let result: BilevelResult
            do {
                result = try model.solve(options)
            } catch {
                // Possibly on one rank only, the others waiting for it: end the whole job.
                FileHandle.standardError.write(Data("bilevel-mpi: rank \(transport.rank): \(error)\n".utf8))
                transport.abort(2)
            }
            if rank0, let path = progressPlot {
                do {
                    try recorder.writePlot(title: model.name, to: path)
                } catch {
                    FileHandle.standardError.write(Data("bilevel-mpi: \(error)\n".utf8))
                    transport.abort(2)
                }
            }
            if rank0 {
                switch format {
                case .json: print(result.json(for: model).rendered())
                case .text: print(result.text(for: model))
                }
            }
            transport.finalize()
        }
    }
}
