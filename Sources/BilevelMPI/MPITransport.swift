import Bilevel
import CMPIShim

/// `SearchTransport` on Open MPI: point-to-point byte messages in `MPI_COMM_WORLD`, called from the main
/// thread only (`MPI_THREAD_FUNNELED`).
package final class MPITransport: SearchTransport, @unchecked Sendable {
    /// This process's rank in `MPI_COMM_WORLD`.
    package let rank: Int
    /// The number of processes in `MPI_COMM_WORLD`.
    package let size: Int

    /// Initializes MPI (once per process; `finalize` ends it).
    package init() {
        var r: Int32 = 0, s: Int32 = 1
        if bilevel_mpi_init(&r, &s) != 0 { bilevel_mpi_abort(1) }
        rank = Int(r)
        size = Int(s)
    }

    /// Sends `bytes` to `rank` (blocking until the buffer may be reused).
    package func send(_ bytes: [UInt8], to rank: Int) {
        let status = bytes.withUnsafeBytes { bilevel_mpi_send($0.baseAddress, Int32($0.count), Int32(rank)) }
        if status != 0 { bilevel_mpi_abort(status) }
    }

    /// A waiting message, if any (an `MPI_Iprobe`, then the `MPI_Recv` of what it found).
    package func poll() -> (source: Int, bytes: [UInt8])? {
        var source: Int32 = 0, count: Int32 = 0
        guard bilevel_mpi_probe(&source, &count) == 1 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(count))
        let status = bytes.withUnsafeMutableBytes { bilevel_mpi_receive($0.baseAddress, count, source) }
        if status != 0 { bilevel_mpi_abort(status) }
        return (Int(source), bytes)
    }

    /// Ends MPI for this process (every rank calls it before exiting).
    package func finalize() { _ = bilevel_mpi_finalize() }

    /// Ends every process of the job with `code`.
    package func abort(_ code: Int32) -> Never {
        bilevel_mpi_abort(code)
        fatalError("MPI_Abort returned")
    }
}

extension SolveOptions {
    /// Spreads the tree searches of this solve over the processes of `transport`.
    package mutating func distribute(over transport: MPITransport) { self.transport = transport }
}
