// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Bilevel",
    products: [
        .library(name: "Bilevel", targets: ["Bilevel"]),
        .executable(name: "bilevel", targets: ["BilevelCLI"]),
        .executable(name: "bilevel-example", targets: ["BilevelExample"]),
        .executable(name: "bilevel-fuzz", targets: ["BilevelFuzz"]),
        .executable(name: "bilevel-leakcheck", targets: ["BilevelLeakCheck"]),
        // `mpirun -np N bilevel-mpi solve MODEL`: one search over N processes (needs Open MPI; the library does not).
        .executable(name: "bilevel-mpi", targets: ["BilevelMPICLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `swift package generate-documentation --target Bilevel` (the DocC catalog in Sources/Bilevel/Bilevel.docc).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // System library: module map + header shim for GLPK (Debian: libglpk-dev).
        .systemLibrary(
            name: "CGLPK",
            path: "Sources/CGLPK",
            providers: [.apt(["libglpk-dev"])]
        ),
        // Guarded GLPK calls in C: glp_error_hook + setjmp, so GLPK faults become errors, not abort().
        .target(name: "CGLPKGuard", dependencies: ["CGLPK"], linkerSettings: [.linkedLibrary("glpk")]),
        // The only Swift module that imports CGLPK: a thin, validating LP/MILP layer that knows nothing of bilevel.
        .target(name: "GLPK", dependencies: ["CGLPK", "CGLPKGuard"]),
        // The modelling layer, reformulations, search and IO.
        .target(name: "Bilevel", dependencies: ["GLPK"]),
        // System library: Open MPI's C interface (Debian: libopenmpi-dev; flags from pkg-config's ompi-c).
        .systemLibrary(
            name: "CMPI",
            path: "Sources/CMPI",
            pkgConfig: "ompi-c",
            providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]
        ),
        // The MPI calls bilevel-mpi makes, as plain C functions (MPI_COMM_WORLD and MPI_BYTE are macros).
        .target(name: "CMPIShim", dependencies: ["CMPI"]),
        // The search's transport on MPI; only bilevel-mpi depends on it.
        .target(name: "BilevelMPI", dependencies: ["Bilevel", "CMPIShim"]),
        // What both command-line tools share: Ctrl-C/SIGTERM handling, the progress plot's recorder.
        .target(name: "BilevelCommandSupport", dependencies: ["Bilevel"]),
        // The `bilevel-mpi` command-line tool.
        .executableTarget(
            name: "BilevelMPICLI",
            dependencies: [
                "Bilevel", "BilevelMPI", "BilevelCommandSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The `bilevel` command-line tool.
        .executableTarget(
            name: "BilevelCLI",
            dependencies: [
                "Bilevel", "BilevelCommandSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Seeded mutation fuzzer of the parsers: `swift run -c release bilevel-fuzz --executions 1000000`.
        .executableTarget(name: "BilevelFuzz", dependencies: ["Bilevel"]),
        // Many solves in one process for valgrind/LeakSanitizer: `bilevel-leakcheck 1000`.
        .executableTarget(name: "BilevelLeakCheck", dependencies: ["Bilevel", "GLPK"]),
        // The README's quick-start snippet as a runnable program.
        .executableTarget(name: "BilevelExample", dependencies: ["Bilevel"], path: "Examples/QuickStart"),
        .testTarget(name: "GLPKTests", dependencies: ["GLPK"]),
        // Shared by both test targets (public API of Bilevel only): repository paths and corpus indexes
        // that fail when missing, the `bilevel` runner, model equivalence, the solver-free MIBLP oracle
        // and the random model generators.
        .target(name: "BilevelTestSupport", dependencies: ["Bilevel"], path: "Tests/BilevelTestSupport"),
        .testTarget(
            name: "BilevelTests", dependencies: ["Bilevel", "GLPK", "BilevelTestSupport"], exclude: ["Hostile", "Data"]
        ),
        .testTarget(
            name: "BilevelCLITests",
            dependencies: [
                "BilevelCLI", "BilevelMPICLI", "BilevelExample", "BilevelFuzz", "Bilevel", "BilevelTestSupport",
            ],
            exclude: ["Inputs", "Expected"]
        ),
    ]
)
