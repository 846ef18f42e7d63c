import Testing
@testable import BilevelMPICLI

/// `CoreBinding` (Sources/BilevelMPICLI/CoreBinding.swift): the cores a rank is bound to, read from
/// the `Cpus_allowed` mask of /proc/PID/status, and the warning when its threads outnumber them.
@Suite struct CoreBindingTests {
    @Test func coresFromTheAllowedMask() {
        let status = "Name:\tbilevel-mpi\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\n"
        #expect(CoreBinding.cores(inStatus: status) == 2)
        // Bound to core 1 only (mpirun's default binding), and a 64-core mask in 32-bit groups.
        #expect(CoreBinding.cores(inStatus: "Cpus_allowed:\t2\n") == 1)
        #expect(CoreBinding.cores(inStatus: "Cpus_allowed:\tffffffff,ffffffff\n") == 64)
        #expect(CoreBinding.cores(inStatus: "Name:\tx\n") == nil)
    }

    @Test func warnsOnlyWhenThreadsOutnumberCores() {
        // This process: whatever its binding, one thread never warns.
        #expect(CoreBinding.warning(threads: 1) == nil)
        if let cores = CoreBinding.allowedCores {
            #expect((CoreBinding.warning(threads: cores + 1) ?? "").contains("--bind-to none"))
            #expect(CoreBinding.warning(threads: cores) == nil)
        }
    }
}
