import Foundation
import Synchronization

private let interruptFlag = Atomic<Bool>(false)

/// Ctrl-C handling: the first SIGINT asks the search to stop and report its best point; a second
/// one ends the process at once.
enum Interrupt {
    static var requested: Bool { interruptFlag.load(ordering: .relaxed) }

    static func install() {
        signal(SIGINT) { _ in
            if interruptFlag.load(ordering: .relaxed) { _exit(130) }
            interruptFlag.store(true, ordering: .relaxed)
        }
    }
}
