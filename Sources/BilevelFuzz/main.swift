// A seeded mutation fuzzer for the three parsers (MPS, AUX, .blp), through the public API.
//
//   swift run -c release bilevel-fuzz --executions 1000000 --seed 1
//
// The corpus is models/ and Tests/BilevelTests/Hostile/. Each execution mutates one input (bit flips,
// byte and line edits, splices between files, special numbers) and parses it; a parse error is the
// expected outcome, a crash ends the process (the input that caused it is saved first), an execution
// over the hang limit is reported as a hang. Prints executions, errors, successes, crashes (0 if it
// finishes), hangs, and the slowest execution.
import Bilevel
import Foundation

struct Options {
    var executions = 100_000
    var seed: UInt64 = 1
    var hangLimit = 2.0
    var root = FileManager.default.currentDirectoryPath
}

var options = Options()
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let a = arguments.next() {
    switch a {
    case "--executions": options.executions = Int(arguments.next() ?? "") ?? options.executions
    case "--seed": options.seed = UInt64(arguments.next() ?? "") ?? options.seed
    case "--hang-limit": options.hangLimit = Double(arguments.next() ?? "") ?? options.hangLimit
    case "--root": options.root = arguments.next() ?? options.root
    default:
        let usage = "usage: bilevel-fuzz [--executions N] [--seed S] [--hang-limit SECONDS] [--root DIR]\n"
        FileHandle.standardError.write(Data(usage.utf8))
        exit(2)
    }
}

@MainActor func load(_ dir: String, _ ext: String) -> [[UInt8]] {
    let url = URL(fileURLWithPath: options.root).appendingPathComponent(dir)
    let files = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
    return files.filter { $0.hasSuffix(ext) }.sorted().compactMap { name in
        guard let data = FileManager.default.contents(atPath: url.appendingPathComponent(name).path),
              data.count < 200_000 else { return nil }
        return [UInt8](data)
    }
}

let mpsCorpus = load("models", ".mps") + load("Tests/BilevelTests/Hostile", ".mps")
let auxCorpus = load("models", ".aux") + load("Tests/BilevelTests/Hostile", ".aux")
let blpCorpus = load("models", ".blp") + load("Tests/BilevelTests/Hostile", ".blp")
guard !mpsCorpus.isEmpty, !auxCorpus.isEmpty, !blpCorpus.isEmpty else {
    let message = "bilevel-fuzz: corpus not found under \(options.root) (run from the repository root)\n"
    FileHandle.standardError.write(Data(message.utf8))
    exit(2)
}
let baseMPS = String(decoding: mpsCorpus[0], as: UTF8.self)
let baseAUX = String(decoding: auxCorpus[0], as: UTF8.self)

var rng = SeededGenerator(seed: options.seed)
let specials: [String] = [
    "nan", "NaN", "inf", "-inf", "1e400", "-1e400", "1e30", "-0", "0x1p3", "1e-400", "99999999999999999999999",
    "", " ", "\t", "'MARKER'", "@VARSBEGIN", "@CONSTRSBEGIN", "ENDATA", "ROWS", "COLUMNS", "RHS", "BOUNDS", "RANGES",
    "leader", "follower", "variables", "subject to", "bounds", "integer", "<=", ">=", "=", ":", "*", "^", "dual(",
    "#", "\u{0}", "\u{FEFF}", "é", String(repeating: "x", count: 300),
]

@MainActor func mutate(_ input: [UInt8], corpus: [[UInt8]]) -> [UInt8] {
    var data = input
    for _ in 0..<rng.int(1...4) {
        switch rng.int(0...9) {
        case 0 where !data.isEmpty: // flip a bit
            let i = rng.int(0...(data.count - 1)); data[i] ^= UInt8(1 << rng.int(0...7))
        case 1 where !data.isEmpty: // random byte
            data[rng.int(0...(data.count - 1))] = UInt8(rng.int(0...255))
        case 2: // insert random bytes
            let i = rng.int(0...data.count)
            data.insert(contentsOf: (0..<rng.int(1...8)).map { _ in UInt8(rng.int(0...255)) }, at: i)
        case 3 where !data.isEmpty: // delete a range
            let i = rng.int(0...(data.count - 1)); let n = min(data.count - i, rng.int(1...64))
            data.removeSubrange(i..<(i + n))
        case 4: // insert a special token
            let i = rng.int(0...data.count)
            data.insert(contentsOf: Array((" " + specials[rng.int(0...(specials.count - 1))] + " ").utf8), at: i)
        case 5: // duplicate or drop a line
            var lines = data.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
            guard !lines.isEmpty else { break }
            let k = rng.int(0...(lines.count - 1))
            if rng.int(0...1) == 0 { lines.insert(lines[k], at: rng.int(0...lines.count)) } else { lines.remove(at: k) }
            data = Array(lines.joined(separator: [10]))
        case 6: // splice a line from another corpus file
            let other = corpus[rng.int(0...(corpus.count - 1))].split(separator: 10).map(Array.init)
            guard !other.isEmpty else { break }
            var lines = data.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
            lines.insert(other[rng.int(0...(other.count - 1))], at: rng.int(0...lines.count))
            data = Array(lines.joined(separator: [10]))
        case 7: // replace a number-looking token by a special value
            let text = String(decoding: data, as: UTF8.self)
            var tokens = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            guard !tokens.isEmpty else { break }
            tokens[rng.int(0...(tokens.count - 1))] = specials[rng.int(0...(specials.count - 1))]
            data = Array(tokens.joined(separator: " ").utf8)
        case 8 where !data.isEmpty: // truncate
            data = Array(data.prefix(rng.int(0...(data.count - 1))))
        default: // swap two lines
            var lines = data.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
            guard lines.count > 1 else { break }
            lines.swapAt(rng.int(0...(lines.count - 1)), rng.int(0...(lines.count - 1)))
            data = Array(lines.joined(separator: [10]))
        }
    }
    return data
}

var errors = 0, successes = 0, hangs = 0
var slowest = 0.0
let crashFile = FileManager.default.temporaryDirectory.appendingPathComponent("bilevel-fuzz-last-input").path
let start = Date()
for n in 0..<options.executions {
    let target = n % 3
    let corpus: [[UInt8]]
    switch target {
    case 0: corpus = mpsCorpus
    case 1: corpus = auxCorpus
    default: corpus = blpCorpus
    }
    let input = mutate(corpus[rng.int(0...(corpus.count - 1))], corpus: corpus)
    // Saved before parsing: if the parser crashes, this file holds the input that did it.
    if n % 1000 == 0 { _ = FileManager.default.createFile(atPath: crashFile, contents: Data(input)) }
    let text = String(decoding: input, as: UTF8.self)
    let t0 = Date()
    do {
        let model: BilevelModel
        switch target {
        case 0: model = try MibSFormat.parse(mps: text, aux: baseAUX)
        case 1: model = try MibSFormat.parse(mps: baseMPS, aux: text)
        default: model = try TextFormat.parse(text)
        }
        try model.validate()
        // A valid model must also survive writing and reading back.
        _ = try TextFormat.parse(try TextFormat.write(model))
        successes += 1
    } catch {
        errors += 1
    }
    let dt = Date().timeIntervalSince(t0)
    slowest = max(slowest, dt)
    if dt > options.hangLimit {
        hangs += 1
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bilevel-fuzz-hang-\(n)").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(input))
        print("hang: execution \(n) took \(dt) s; input saved to \(path)")
    }
}
let elapsed = Date().timeIntervalSince(start)
let rate = String(format: "%.0f", Double(options.executions) / elapsed)
print("executions \(options.executions) (seed \(options.seed)), parse errors \(errors), parsed \(successes), "
      + "crashes 0, hangs \(hangs), slowest \(String(format: "%.4f", slowest)) s, \(rate)/s")
exit(hangs == 0 ? 0 : 1)
