// Many solves in one process, for leak checking:
//
//   valgrind --leak-check=full .build/release/bilevel-leakcheck 1000
//
// Cycles through the models of models/ (every method, 1 and 2 threads, an interrupted search, a
// provoked GLPK fault on a worker thread) and prints how many solves ran. Run under valgrind or
// LeakSanitizer: "definitely lost" must be 0 and every glp_prob freed.
import Bilevel
import Foundation
import GLPK

let count = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 1000
let directory = URL(fileURLWithPath: CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : "models")
let listing = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
let files = listing.filter { $0.hasSuffix(".blp") }.sorted()
guard !files.isEmpty else {
    FileHandle.standardError.write(Data("bilevel-leakcheck: no .blp models in \(directory.path)\n".utf8))
    exit(2)
}
let models = try files.map { try ModelFile.read(path: directory.appendingPathComponent($0).path) }
var solved = 0, optimal = 0
_ = try models[0].solve(SolveOptions(threads: 1))   // GLPK's environment of this thread now exists
let before = GLPKLibrary.memoryInUse()
for k in 0..<count {
    let model = models[k % models.count]
    var options = SolveOptions(method: k % 3 == 2 ? .bigm : .branch, timeLimit: 20, threads: k % 2 == 0 ? 1 : 2)
    if k % 50 == 7 { options.shouldStop = { true } }
    let result = try model.solve(options)
    solved += 1
    if result.status == .optimal { optimal += 1 }
    _ = result.json(for: model).rendered()
}
// A GLPK fault on a worker thread: its environment is freed, nothing leaks, nothing is freed twice.
let done = DispatchSemaphore(value: 0)
Thread {
    let lp = LinearProblem()
    _ = try? lp.addColumns(3)
    _ = GLPKLibrary.provokeInternalErrorForTesting()
    GLPKLibrary.releaseThreadResources()
    done.signal()
}.start()
done.wait()
let after = GLPKLibrary.memoryInUse()
print("solves \(solved), optimal \(optimal); GLPK blocks in use on the main thread before \(before.blocks) "
      + "(\(before.bytes) bytes), after \(after.blocks) (\(after.bytes) bytes)")
exit(after.blocks == before.blocks ? 0 : 1)
