import BilevelTestSupport
import Foundation
import Testing

/// `bilevel solve --checkpoint FILE --checkpoint-interval SECONDS` and `--resume FILE`: a stopped
/// run resumed to the uninterrupted answer, SIGTERM writing the checkpoint, bad values and bad
/// files refused with exit status 2.
@Suite struct CheckpointCommandTests {
    /// A generated LP–LP model in a fresh directory (the caller removes it).
    static func generated(size: Int, seed: Int) throws -> (dir: URL, model: String) {
        let dir = try CLI.temporaryDirectory("checkpoint-cli")
        let model = dir.appendingPathComponent("m.aux").path
        let r = try CLI.run(["generate", "random", "--size", String(size), "--seed", String(seed), "-o", model])
        #expect(r.status == 0, "\(r.stderr)")
        return (dir, model)
    }

    @Test func stoppedRunResumesToTheSameAnswer() throws {
        let (dir, model) = try Self.generated(size: 12, seed: 3)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("run.ckpt").path
        let full = try CLI.json(try CLI.run(["solve", model, "--format", "json", "--threads", "1"]).stdout)
        let first = try CLI.run(["solve", model, "--format", "json", "--threads", "1", "--node-limit", "5",
                                 "--checkpoint", file, "--checkpoint-interval", "0.5"])
        #expect(first.status == 0)
        #expect(try CLI.json(first.stdout)["status"] as? String == "node_limit")
        #expect(FileManager.default.fileExists(atPath: file))
        #expect(!FileManager.default.fileExists(atPath: file + ".tmp"))
        let second = try CLI.run(["solve", model, "--threads", "1", "--resume", file, "--checkpoint", file])
        #expect(second.status == 0)
        #expect(second.stderr.contains("resuming from \(file)"))
        #expect(second.stdout.contains("status      optimal"), "\(second.stdout)")
        #expect(!FileManager.default.fileExists(atPath: file), "a finished search removes its checkpoint")
        // Once more, with JSON, to compare the answers.
        _ = try CLI.run(["solve", model, "--format", "json", "--threads", "1", "--node-limit", "5",
                         "--checkpoint", file])
        let again = try CLI.json(try CLI.run(["solve", model, "--format", "json", "--threads", "1",
                                              "--resume", file]).stdout)
        #expect(again["status"] as? String == "optimal")
        #expect(again["status"] as? String == full["status"] as? String)
        let a = full["objective"] as? Double ?? .nan, b = again["objective"] as? Double ?? .infinity
        #expect(abs(a - b) <= 1e-6 * max(1, abs(a)), "resumed \(b), uninterrupted \(a)")
        // Resumed without --checkpoint: the file it resumed from is left as it was.
        #expect(FileManager.default.fileExists(atPath: file))
    }

    @Test(arguments: [
        (["--checkpoint-interval=-1", "--checkpoint", "c"], "--checkpoint-interval must be a non-negative"),
        (["--checkpoint-interval", "nan", "--checkpoint", "c"], "--checkpoint-interval must be a non-negative"),
        (["--checkpoint-interval", "5"], "--checkpoint-interval needs --checkpoint FILE"),
        (["--checkpoint", "/nonexistent-dir/c"], "the directory /nonexistent-dir does not exist"),
        (["--checkpoint", "somedir/"], "--checkpoint must name a file"),
        (["--resume", "/nonexistent-dir/c"], "--resume /nonexistent-dir/c: no such file"),
        (["--resume", "models/INDEX.tsv", "--method", "bigm"], "--resume needs a tree search"),
    ])
    func badValuesAreRefused(arguments: [String], message: String) throws {
        let r = try CLI.run(["solve", "models/clark_westerberg_1988.aux"] + arguments)
        #expect(r.status == 2)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func badCheckpointFilesAreRefused() throws {
        let (dir, model) = try Self.generated(size: 12, seed: 3)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("run.ckpt").path
        _ = try CLI.run(["solve", model, "--threads", "1", "--node-limit", "3", "--checkpoint", file, "--quiet"])
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let truncated = dir.appendingPathComponent("truncated.ckpt").path
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: truncated))
        let r = try CLI.run(["solve", model, "--resume", truncated])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(truncated): error: not a usable checkpoint: truncated"), "\(r.stderr)")
        let notOne = try CLI.run(["solve", model, "--resume", "models/INDEX.tsv"])
        #expect(notOne.status == 2)
        #expect(notOne.stderr.contains("models/INDEX.tsv: error: not a usable checkpoint"), "\(notOne.stderr)")
        let other = try CLI.run(["solve", "models/clark_westerberg_1988.aux", "--resume", file])
        #expect(other.status == 2)
        #expect(other.stderr.contains("\(file): error: the checkpoint is of another model"), "\(other.stderr)")
        let gap = try CLI.run(["solve", model, "--resume", file, "--gap", "0.01"])
        #expect(gap.status == 2)
        #expect(gap.stderr.contains("the checkpoint is of another search"), "\(gap.stderr)")
    }

    /// SIGTERM (what a batch scheduler sends at its wall-clock limit) stops the search like Ctrl-C:
    /// the run reports `interrupted` and leaves a checkpoint that the next run resumes.
    @Test func sigtermWritesTheCheckpoint() throws {
        // Random 50 s1 runs for minutes (30 s1, used before, closes in under 2 s in a debug build now).
        let (dir, model) = try Self.generated(size: 50, seed: 1)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("run.ckpt").path
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["solve", model, "--format", "json", "--threads", "1", "--time-limit", "60",
                             "--checkpoint", file]
        process.currentDirectoryURL = Repository.root
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        process.terminate()   // SIGTERM
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try CLI.json(text)["status"] as? String == "interrupted")
        #expect(FileManager.default.fileExists(atPath: file))
        #expect(!FileManager.default.fileExists(atPath: file + ".tmp"))
        let resumed = try CLI.run(["solve", model, "--threads", "1", "--time-limit", "1", "--resume", file,
                                   "--checkpoint", file])
        #expect(resumed.status == 0)
        #expect(resumed.stderr.contains("resuming from \(file)"), "\(resumed.stderr)")
        #expect(resumed.stdout.contains("status      time_limit") || resumed.stdout.contains("status      optimal"),
                "\(resumed.stdout)")
    }
}
