import Foundation
import Synchronization

private let interruptFlag = Atomic<Bool>(false)

/// Ctrl-C and SIGTERM handling: the first SIGINT or SIGTERM (what `mpirun` and batch schedulers
/// send at a wall-clock limit) asks the search to stop, write its checkpoint when it has one, and
/// report its best point; a second one ends the process at once.
public enum Interrupt {
    /// Whether SIGINT or SIGTERM arrived.
    public static var requested: Bool { interruptFlag.load(ordering: .relaxed) }

    /// Installs the handlers (call once, before any worker thread starts).
    public static func install() {
        // A parent may start us with SIGINT blocked (Foundation's Process passes its thread's mask
        // on); unblock it, before any worker thread exists, so that Ctrl-C reaches the handler.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        signal(SIGINT) { _ in
            if interruptFlag.load(ordering: .relaxed) { _exit(130) }
            interruptFlag.store(true, ordering: .relaxed)
        }
        signal(SIGTERM) { _ in
            if interruptFlag.load(ordering: .relaxed) { _exit(143) }
            interruptFlag.store(true, ordering: .relaxed)
        }
    }
}
