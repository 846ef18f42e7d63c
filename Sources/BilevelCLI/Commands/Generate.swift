import ArgumentParser
import Foundation
import Bilevel

extension BilevelCommand {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",  // spelled out: deriving it from the type name costs start-up time
            abstract: "Write a generated instance (seeded) as MPS+AUX.",
            discussion: """
                Families: random (LP-LP, continuous leader), random-int (integer leader), interdiction (max-flow \
                network interdiction, layered network), toll (toll setting: pricing, written as .blp since MPS+AUX \
                cannot hold its products); and families that are not kind to a solver: graph-interdiction (max-flow \
                interdiction on a random directed graph with cycles, arc costs and a budget row; --size arcs, \
                --nodes, --budget), packing, covering, mixed (random LP-LP in three sign structures with integer and \
                continuous linking variables, coupling rows, equality rows and ties in the follower's costs; --size s \
                gives s leader variables, about 4s/3 follower variables and 1.6s follower rows; --integer-leader).
                """)

        enum Family: String, ExpressibleByArgument, CaseIterable {
            case random, randomInt = "random-int", interdiction, toll
            case graphInterdiction = "graph-interdiction", packing, covering, mixed

            var linearForm: InstanceGenerator.LinearForm? {
                switch self {
                case .packing: .packing
                case .covering: .covering
                case .mixed: .mixed
                default: nil
                }
            }
        }

        @Argument(help: "Family: random, random-int, interdiction, toll, graph-interdiction, packing, covering, mixed.")
        var family: Family

        @Option(help: """
            Size: variables per level and follower rows (random), arcs (interdiction, graph-interdiction, toll), \
            leader variables (packing, covering, mixed).
            """)
        var size: Int

        @Option(help: "Random seed.")
        var seed: UInt64 = 1

        @Option(help: "Nodes of the random graph, source and sink included (graph-interdiction; default about size/4).")
        var nodes: Int?

        @Option(help: """
            Interdiction budget B in Σ c_a x_a ≤ B (graph-interdiction; default max(5, ⌈Σ c_a / 20⌉), at most \
            the cheapest source-sink cut's cost less one).
            """)
        var budget: Int?

        @Option(name: .customLong("integer-leader"),
                help: "How many leader variables are integer (packing, covering, mixed; default ⌈size/2⌉).")
        var integerLeader: Int?

        @Option(name: .shortAndLong, help: "Output file (OUT.aux; OUT.mps is written beside it).")
        var output: String

        func validate() throws {
            if size < 1 || size > 100_000 { throw ValidationError("--size must be between 1 and 100000") }
            if family != .graphInterdiction {
                if nodes != nil { throw ValidationError("--nodes applies to graph-interdiction only") }
                if budget != nil { throw ValidationError("--budget applies to graph-interdiction only") }
            }
            if family.linearForm == nil && integerLeader != nil {
                throw ValidationError("--integer-leader applies to packing, covering and mixed only")
            }
            if family == .graphInterdiction {
                if let n = nodes, n < 4 || n > 100_000 {
                    throw ValidationError("--nodes must be between 4 and 100000")
                }
                let n = nodes ?? InstanceGenerator.defaultGraphNodes(arcs: size)
                let range = InstanceGenerator.randomGraphArcRange(nodes: n)
                if !range.contains(size) {
                    throw ValidationError("--size (arcs) must be between \(range.lowerBound) and \(range.upperBound) "
                                          + "on \(n) nodes")
                }
                if let b = budget, b < 0 { throw ValidationError("--budget must be at least 0") }
            }
            if family.linearForm != nil {
                if size < 2 { throw ValidationError("--size must be at least 2 for \(family.rawValue)") }
                if let k = integerLeader, k < 0 || k > size {
                    throw ValidationError("--integer-leader must be between 0 and --size (\(size))")
                }
            }
        }

        func run() throws {
            let model: BilevelModel
            switch family {
            case .random:
                model = InstanceGenerator.randomLinear(leader: size, follower: size, rows: size, seed: seed)
            case .randomInt:
                model = InstanceGenerator.randomLinear(leader: size, follower: size, rows: size, integerLeader: true,
                                                       seed: seed)
            case .interdiction: model = InstanceGenerator.networkInterdiction(arcs: size, seed: seed)
            case .toll: model = InstanceGenerator.tollSetting(arcs: size, seed: seed)
            case .graphInterdiction:
                model = InstanceGenerator.graphInterdiction(arcs: size, nodes: nodes, budget: budget, seed: seed)
            case .packing, .covering, .mixed:
                var shape = InstanceGenerator.LinearShape.size(size)
                if let k = integerLeader { shape.integerLeader = k }
                model = InstanceGenerator.linearForm(family.linearForm!, shape: shape, seed: seed)
            }
            try ModelFile.write(model, to: output)
        }
    }

    struct Reformulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reformulate",  // spelled out: deriving it from the type name costs start-up time
            abstract: "Write the single-level KKT reformulation for a MILP solver (.lp or .mps).",
            discussion: """
            --form sos1 (default): one SOS1 set per complementarity pair, exact with no M (both formats
            get an SOS section). --form bigm: big-M disjunctions with the Ms proven by bound tightening,
            --fallback-big-m where none is proven; --big-m VALUE uses one M for every pair (not proven).
            For big-M, the state of the Ms (proven, unproven, user) is printed on stderr.
            """)

        enum Form: String, ExpressibleByArgument, CaseIterable { case sos1, bigm }

        @Argument(help: "The model file.")
        var model: String

        @Option(name: .shortAndLong, help: "Output file: .lp (CPLEX LP) or .mps (free MPS).")
        var output: String

        @Option(help: "sos1 (exact, default) or bigm.")
        var form: Form = .sos1

        @Option(name: .customLong("big-m"), help: "One M for every pair (implies --form bigm; not proven).")
        var bigM: Double?

        @Option(name: .customLong("fallback-big-m"), help: "M used where bound tightening proves none (--form bigm).")
        var fallbackBigM: Double = 1e5

        func validate() throws {
            if let m = bigM, !(m.isFinite && m > 0) {
                throw ValidationError("--big-m must be a positive finite number")
            }
            if !(fallbackBigM.isFinite && fallbackBigM > 0) {
                throw ValidationError("--fallback-big-m must be a positive finite number")
            }
        }

        func run() throws {
            let m = try ModelFile.read(path: model)
            let chosen: Reformulation.Kind = form == .sos1 ? .sos1 : .bigM(fallback: fallbackBigM)
            let kind: Reformulation.Kind = bigM.map { .bigMGiven($0) } ?? chosen
            var stderr = StandardError()
            if m.leaderObjective.sense == .maximize {
                print("leader_sense: max (the file minimizes the negated leader objective)", to: &stderr)
            }
            if let state = try Reformulation.write(m, kind: kind, to: output) {
                print("big_m: \(state.jsonWord)", to: &stderr)
            }
        }
    }
}

/// Standard error as a `TextOutputStream`.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}

extension BilevelCommand {
    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "convert",  // spelled out: deriving it from the type name costs start-up time
            abstract: "Convert a model between the .blp text format and MibS MPS+AUX (by extension).",
            discussion: """
                Writing OUT.aux writes OUT.mps beside it. MibS ignores OBJSENSE, so a maximized objective is \
                written negated (said in an MPS comment); follower objective terms in leader variables cannot be \
                expressed in AUX and are dropped (also said).
                """)

        @Argument(help: "Input model (.blp, .aux, .mps).")
        var input: String

        @Argument(help: "Output model (.blp, .aux, .mps).")
        var output: String

        func run() throws {
            try ModelFile.write(try ModelFile.read(path: input), to: output)
        }
    }
}
