import Foundation

/// The cores this process may run on. `mpirun` binds each rank to one core by default, so a rank's
/// `--threads` would share that core (measured: 2 threads solved fewer nodes than one; with
/// `--bind-to none`, 1.6× as many).
enum CoreBinding {
    /// How many cores the process is allowed on (nil where /proc/self/status says nothing).
    static var allowedCores: Int? {
        (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)).flatMap(cores(inStatus:))
    }

    /// The cores of the `Cpus_allowed` line of a /proc/PID/status text: the set bits of its hex mask
    /// (32-bit groups separated by commas).
    static func cores(inStatus status: String) -> Int? {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") })
        else { return nil }
        let mask = line.dropFirst("Cpus_allowed:".count).filter { $0.isHexDigit }
        let count = mask.reduce(0) { $0 + ($1.hexDigitValue ?? 0).nonzeroBitCount }
        return count > 0 ? count : nil
    }

    /// A warning when `threads` exceed the cores the rank is bound to, with the `mpirun` options that help.
    static func warning(threads: Int) -> String? {
        guard threads > 1, let cores = allowedCores, cores < threads else { return nil }
        return "bilevel-mpi: warning: each rank is bound to \(cores) core\(cores == 1 ? "" : "s") but runs "
            + "\(threads) threads, which then share \(cores == 1 ? "it" : "them"); start mpirun with "
            + "--bind-to none, or --map-by slot:PE=\(threads)"
    }
}
