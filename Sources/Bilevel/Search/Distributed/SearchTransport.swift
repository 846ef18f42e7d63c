/// The processes one distributed search spreads over, and the messages between them: what
/// `bilevel-mpi` implements on MPI (point-to-point sends and a non-blocking probe of
/// `MPI_COMM_WORLD`). The library itself knows nothing of MPI, so a program that embeds it never
/// needs MPI to build.
///
/// Every process runs the same solve (the same model, options and method), so the searches it
/// starts line up across processes; rank 0 coordinates each one (`DistributedSearch`).
package protocol SearchTransport: AnyObject, Sendable {
    /// This process's number, 0 ..< `size`; 0 is the coordinator.
    var rank: Int { get }
    /// How many processes take part.
    var size: Int { get }
    /// Sends `bytes` to process `rank` (returns once the buffer may be reused).
    func send(_ bytes: [UInt8], to rank: Int)
    /// A message sent to this process, if one has arrived (never blocks).
    func poll() -> (source: Int, bytes: [UInt8])?
}
