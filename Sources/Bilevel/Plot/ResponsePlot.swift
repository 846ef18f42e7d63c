import Foundation

/// The picture of a model's leader objective along its leader variables: `bilevel plot`.
///
/// One leader variable gives F(x, y*(x)) in the optimistic reading and, where the library solves it
/// (a continuous follower), the pessimistic one, jumps drawn as jumps, the certified optimum marked,
/// and a second panel with the follower's response y*(x). Two leader variables give a heat map of
/// the optimistic F with the optimum marked. The other leader variables are held at the solution of
/// a solve of the model, or at the values given. Every point is an exact solve with the leader's
/// choice fixed.
///
///     let plot = try ResponsePlot(model: model, request: PlotRequest(leaders: ["x"], ranges: [0...20]))
///     try plot.svg.write(toFile: "x.svg", atomically: true, encoding: .utf8)
public struct ResponsePlot: Sendable {
    /// The model plotted.
    public let model: BilevelModel
    /// The plotted leader variables (model indices).
    public let leaders: [Int]
    /// The follower variables whose response is drawn (model indices).
    public let followers: [Int]
    /// The plotted ranges, by position in `leaders`.
    public let ranges: [ClosedRange<Double>]
    /// The solve of the whole model (optimistic reading).
    public let solution: BilevelResult
    /// The solve of the whole model in the pessimistic reading (nil when not drawn).
    public let pessimisticSolution: BilevelResult?
    /// The model with the other leader variables held fixed.
    public let slice: LeaderSlice
    /// Whether the slice passes through the optimum (the other leader variables at its values).
    public let optimumOnSlice: Bool
    /// One leader variable: the optimistic curve, then the pessimistic one when drawn.
    public let curves: [ResponseCurve]
    /// Two leader variables: the optimistic F on the grid.
    public let grid: ResponseGrid?
    /// What the picture leaves out or cannot show, one sentence each.
    public let notes: [String]

    /// Solves the model, checks the request against it and samples the picture.
    ///
    /// - Throws: `PlotError` for a request that does not fit the model (unknown or follower variable,
    ///   range outside the bounds, bad `at` value, no solution to hold the other leader variables at);
    ///   `BilevelError` from the solve.
    public init(model: BilevelModel, request: PlotRequest) throws {
        try model.validate()
        let resolved = try ResolvedRequest(request, model: model)
        self.model = model
        leaders = resolved.leaders
        followers = resolved.followers
        solution = try model.solve(SolveOptions())
        var notes: [String] = []
        let leaderOrder = model.variableIndices(of: .leader)
        var base: [Int: Double] = [:]
        var onSlice = solution.values != nil
        for k in leaderOrder where !leaders.contains(k) {
            if let v = resolved.at[k] {
                base[k] = v
                if let s = solution.values?[k], abs(s - v) > 1e-9 * max(1, abs(s)) { onSlice = false }
            } else if let s = solution.values?[k] {
                base[k] = s
            } else {
                throw PlotError("the model's solve ended \(solution.status.jsonWord) without a point to hold "
                                + "\(model.variables[k].name) at; give its value "
                                + "(bilevel plot: --at \(model.variables[k].name)=VALUE)")
            }
        }
        optimumOnSlice = onSlice
        slice = LeaderSlice(model: model, base: base)
        let solved = solution
        let ranges = try zip(resolved.leaders.indices, resolved.leaders).map { position, k in
            if position < resolved.ranges.count, let given = resolved.ranges[position] { return given }
            return try Self.defaultRange(model.variables[k], centre: solved.values?[k])
        }
        self.ranges = ranges
        if leaders.count == 2 {
            pessimisticSolution = nil
            curves = []
            grid = ResponseGrid.sample(slice, variables: (leaders[0], leaders[1]), ranges: (ranges[0], ranges[1]),
                                       points: resolved.points ?? 41)
            notes.append("optimistic reading")
        } else {
            let pessimistic = try Self.pessimisticSolve(model, notes: &notes)
            pessimisticSolution = pessimistic
            var extra = onSlice ? [solution.values?[leaders[0]]].compactMap { $0 } : []
            if let limit = pessimistic?.limitLeader, let p = leaderOrder.firstIndex(of: leaders[0]) {
                extra.append(limit[p])
            }
            if let v = pessimistic?.values?[leaders[0]] { extra.append(v) }
            var curves = [LeaderSweep.sample(slice, variable: leaders[0], range: ranges[0],
                                             points: resolved.points ?? 101, pessimistic: false, extra: extra)]
            if pessimistic != nil {
                curves.append(LeaderSweep.sample(slice, variable: leaders[0], range: ranges[0],
                                                 points: resolved.points ?? 101, pessimistic: true, extra: extra))
            }
            self.curves = curves
            grid = nil
        }
        if solution.status != .optimal {
            notes.append("no optimum marked (the model's solve ended \(solution.status.jsonWord))")
        } else if !onSlice {
            notes.append("the optimum is not on this slice")
        }
        self.notes = notes
    }

    /// The pessimistic solve of the whole model, or nil (with a note) where the library does not solve it.
    private static func pessimisticSolve(_ model: BilevelModel, notes: inout [String]) throws -> BilevelResult? {
        if model.variables.contains(where: { $0.level == .follower && $0.isInteger }) {
            notes.append("optimistic reading only (integer follower)")
            return nil
        }
        var options = SolveOptions(timeLimit: 60)
        options.pessimistic = true
        do {
            return try model.solve(options)
        } catch BilevelError.unsupported {
            notes.append("optimistic reading only (the pessimistic reading is not solved for this model)")
            return nil
        }
    }

    /// The variable's bounds; where one is infinite, reaching past the optimum (`centre`) by at least 2.
    static func defaultRange(_ v: Variable, centre: Double?) throws -> ClosedRange<Double> {
        if v.lower == v.upper { throw PlotError("\(v.name) is fixed at \(v.lower) by its bounds: nothing to plot") }
        if v.lower.isFinite && v.upper.isFinite { return v.lower...v.upper }
        let c = centre ?? (v.lower.isFinite ? v.lower : v.upper.isFinite ? v.upper : 0)
        let w = max(2, abs(c), v.lower.isFinite ? c - v.lower : 0, v.upper.isFinite ? v.upper - c : 0)
        return (v.lower.isFinite ? v.lower : c - w)...(v.upper.isFinite ? v.upper : c + w)
    }

    /// The picture as a standalone SVG document.
    public var svg: String { leaders.count == 2 ? mapSVG() : curveSVG() }

    /// One line for a terminal: what was drawn, how many solves, where the response jumps.
    public var summary: String {
        let names = leaders.map { model.variables[$0].name }.joined(separator: ", ")
        if let grid {
            let gaps = grid.values.flatMap { $0 }.filter { $0 == nil }.count
            return "\(model.name): F over (\(names)), \(grid.xs.count)×\(grid.ys.count) exact solves, "
                + "\(gaps) without a point"
        }
        let solves = curves.map(\.xs.count).reduce(0, +)
        let gaps = curves.flatMap { c in c.points.filter { !$0.isDefined }.map { ($0.status.jsonWord, c.pessimistic) } }
        let without = gaps.isEmpty ? "" : ", \(gaps.count) without a point ("
            + Set(gaps.map { "\($0.1 ? "pessimistic" : "optimistic") \($0.0)" }).sorted().joined(separator: ", ") + ")"
        let jumps = curves[0].jumpLocations.map { String(format: "%.6g", $0) }
        return "\(model.name): F along \(names), \(solves) exact solves\(without)"
            + (jumps.isEmpty ? ", no jumps" : ", jumps at \(names) ≈ " + jumps.joined(separator: ", "))
    }
}
