import Foundation
import Synchronization

private let interruptFlag = Atomic<Bool>(false)

/// Ctrl-C handling: the first SIGINT asks the search to stop and report its best point; a second
/// one ends the process at once.
enum Interrupt {
    static var requested: Bool { interruptFlag.load(ordering: .relaxed) }

    static func install() {
        // A parent may start us with SIGINT blocked (Foundation's Process passes its thread's mask
        // on); unblock it, before any worker thread exists, so that Ctrl-C reaches the handler.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        signal(SIGINT) { _ in
            if interruptFlag.load(ordering: .relaxed) { _exit(130) }
            interruptFlag.store(true, ordering: .relaxed)
        }
    }
}
