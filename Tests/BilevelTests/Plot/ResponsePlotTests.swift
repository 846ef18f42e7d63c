@testable import Bilevel
import BilevelTestSupport
import Foundation
import Testing

/// `ResponsePlot` on the seed models: exact points, jumps where the follower's response jumps, gaps
/// where there is no point, the optimum marked, and clear errors for requests that do not fit.
@Suite struct ResponsePlotTests {
    static func model(_ path: String) throws -> BilevelModel { try ModelFile.read(path: Repository.path(path)) }

    /// The model with leader variable `name` fixed by a leader row `name = value` (not by its bounds,
    /// as the plot does), solved on its own.
    static func independentSolve(_ model: BilevelModel, _ name: String, _ value: Double,
                                 pessimistic: Bool = false) throws -> BilevelResult {
        var fixed = model
        let k = try #require(model.variableIndex(named: name))
        fixed.addConstraint(Constraint(name: "fix_\(name)", terms: [LinearTerm(variable: k, coefficient: 1)],
                                       lower: value, upper: value, level: .leader))
        var options = SolveOptions()
        options.pessimistic = pessimistic
        return try fixed.solve(options)
    }

    @Test func monopolistJumpsAtTheKink() throws {
        let model = try Self.model("models/seed/monopolist.blp")
        let plot = try ResponsePlot(model: model, request: PlotRequest(leaders: ["x"], ranges: [0...20], points: 21))
        #expect(plot.curves.count == 2)
        for curve in plot.curves {
            let jumps = curve.jumpLocations
            #expect(jumps.count == 1)
            #expect(abs((jumps.first ?? 0) - 10) <= 20 * LeaderSweep.resolution)
            #expect(curve.pieces(\.objective).count == 2)
            #expect(curve.pieces { $0.values?[1] }.count == 2)
        }
        // At x = 10 itself: the optimistic consumer buys 5 (F = 50), the pessimistic one nothing (F = 0).
        let at10 = { (c: ResponseCurve) in c.points[try #require(c.xs.firstIndex(of: 10))].objective }
        #expect(try at10(plot.curves[0]) == 50)
        #expect(try at10(plot.curves[1]) == 0)
        #expect(plot.curves[0].attainedEnds(\.objective).contains(ChartPoint(10, 50)))
        #expect(plot.curves[1].attainedEnds(\.objective).contains(ChartPoint(10, 0)))
        #expect(plot.pessimisticSolution?.status == .notAttained)
        #expect(plot.summary.contains("jumps at x ≈ 10"))
    }

    @Test(arguments: [("models/seed/monopolist.blp", "x", 0.0...20.0, false),
                      ("models/seed/monopolist.blp", "x", 0.0...20.0, true),
                      ("models/bard_falk_1982_ex1.blp", "x2", 0.0...1.0, false),
                      ("models/bard_falk_1982_ex1.blp", "x2", 0.0...1.0, true),
                      ("Tests/BilevelCLITests/Inputs/moore_bard_1990.blp", "x", 0.0...8.0, false)])
    func plottedValuesEqualIndependentSolves(path: String, name: String, range: ClosedRange<Double>,
                                             pessimistic: Bool) throws {
        let model = try Self.model(path)
        let plot = try ResponsePlot(model: model, request: PlotRequest(leaders: [name], ranges: [range], points: 9))
        let curve = try #require(plot.curves.first { $0.pessimistic == pessimistic })
        let held = plot.slice.base
        var checked = 0
        for (x, point) in zip(curve.xs, curve.points) where curve.sampled.contains(x) {
            var fixed = model
            for (k, v) in held { fixed.variables[k].lower = v; fixed.variables[k].upper = v }
            let result = try Self.independentSolve(fixed, name, x, pessimistic: pessimistic)
            if result.status == .optimal {
                let f = try #require(point.objective, "no plotted point at \(name) = \(x)")
                #expect(abs(f - result.objective!) <= 1e-6 * max(1, abs(f)), "F at \(name) = \(x)")
                checked += 1
            } else {
                #expect(point.objective == nil, "a point at \(name) = \(x) where the solve says \(result.status)")
            }
        }
        #expect(checked >= 4)
    }

    @Test func hiddenNonconvexityShowsTheLocalMinimum() throws {
        let model = try Self.model("models/seed/hidden_nonconvexity.blp")
        let plot = try ResponsePlot(model: model, request: PlotRequest(leaders: ["x"], ranges: [-1.5...4]))
        let curve = plot.curves[0]
        #expect(curve.jumps.isEmpty)
        for (x, point) in zip(curve.xs, curve.points) {
            let y = min(1, max(-1, x))
            let f = try #require(point.objective)
            #expect(abs(f - ((x - 2) * (x - 2) + (y + 1) * (y + 1))) <= 1e-6, "F at x = \(x)")
        }
        // The local minimum 4.5 near x = 0.5 and the global minimum 4 at x = 2 are both on the curve.
        let inner = zip(curve.xs, curve.objectives).filter { $0.0 >= -1 && $0.0 <= 1 }.compactMap(\.1)
        #expect(abs((inner.min() ?? 0) - 4.5) <= 1e-3)
        #expect(abs((curve.objectives.compactMap { $0 }.min() ?? 0) - 4) <= 1e-3)
        #expect(plot.solution.status == .optimal && abs(plot.solution.objective! - 4) <= 1e-5)
    }

    @Test func integerFollowerIsOptimisticOnlyAtIntegers() throws {
        let model = try Self.model("Tests/BilevelCLITests/Inputs/moore_bard_1990.blp")
        let plot = try ResponsePlot(model: model, request: PlotRequest(leaders: ["x"], ranges: [0...8]))
        #expect(plot.curves.count == 1)
        #expect(plot.notes.contains { $0.contains("integer follower") })
        let curve = plot.curves[0]
        #expect(curve.xs == (0...8).map(Double.init))
        #expect(curve.points[0].objective == nil)   // x = 0: the follower has no feasible y
        #expect(curve.points[2].objective == -22)
        let svg = try XMLCheck.parse(plot.svg)
        #expect(svg.text.contains("optimum F = -22 at x = 2"))
    }

    @Test func twoLeadersGiveAHeatMap() throws {
        let model = try Self.model("models/bard_falk_1982_ex1.blp")
        let plot = try ResponsePlot(model: model, request: PlotRequest(leaders: ["x1", "x2"], ranges: [0...1, 0...1],
                                                                        points: 5))
        let grid = try #require(plot.grid)
        #expect(grid.xs == [0, 0.25, 0.5, 0.75, 1] && grid.ys == grid.xs)
        for (i, j) in [(0, 3), (2, 1), (4, 4)] {
            var fixed = model
            let x1 = try #require(model.variableIndex(named: "x1"))
            fixed.variables[x1].lower = grid.xs[i]
            fixed.variables[x1].upper = grid.xs[i]
            let result = try Self.independentSolve(fixed, "x2", grid.ys[j])
            if result.status == .optimal {
                #expect(abs((grid.values[j][i] ?? .nan) - result.objective!) <= 1e-6)
            } else {
                #expect(grid.values[j][i] == nil)
            }
        }
        let svg = try XMLCheck.parse(plot.svg)
        #expect(svg.text.contains("optimum F = 26"))
        #expect(svg.text.contains("x1") && svg.text.contains("x2"))
    }

    /// The pessimistic infimum is marked where its point lies on the plotted line (the monopolist),
    /// not on a slice that holds the variable along which it is approached (the toll, T2 held at 7).
    @Test func pessimisticMarkerOnlyOnItsSlice() throws {
        let monopolist = try ResponsePlot(model: try Self.model("models/seed/monopolist.blp"),
                                          request: PlotRequest(leaders: ["x"], points: 11))
        #expect(try XMLCheck.parse(monopolist.svg).text.contains("pessimistic infimum 50, not attained"))
        let toll = try ResponsePlot(model: try Self.model("models/toll_setting.blp"),
                                    request: PlotRequest(leaders: ["T1"], points: 11))
        let text = try XMLCheck.parse(toll.svg).text
        #expect(!text.contains("pessimistic infimum"))
        #expect(text.contains("the pessimistic answer is not on this slice"))
        // Located to the solver's tolerance (a route 10⁻⁶ cheaper is a tie for it), not to 20 · 10⁻⁸.
        #expect(abs((toll.curves[0].jumpLocations.first ?? 0) - 5) <= 1e-5)
    }

    @Test func otherLeadersHeldAtTheGivenValues() throws {
        let model = try Self.model("models/bard_falk_1982_ex1.blp")
        let onSlice = try ResponsePlot(model: model, request: PlotRequest(leaders: ["x2"], ranges: [0...1], points: 5))
        #expect(onSlice.optimumOnSlice)
        let x1 = try #require(model.variableIndex(named: "x1"))
        #expect(onSlice.slice.base == [x1: 0])
        let off = try ResponsePlot(model: model, request: PlotRequest(leaders: ["x2"], ranges: [0...1], points: 5,
                                                                       at: ["x1": 0.5]))
        #expect(off.slice.base == [x1: 0.5])
        #expect(!off.optimumOnSlice)
        #expect(off.notes.contains { $0.contains("not on this slice") })
    }

    @Test(arguments: [
        (PlotRequest(leaders: ["z"]), "no variable 'z'"),
        (PlotRequest(leaders: ["y"]), "'y' is a follower variable"),
        (PlotRequest(leaders: []), "give one leader variable"),
        (PlotRequest(leaders: ["x", "x"]), "given twice"),
        (PlotRequest(leaders: ["x"], ranges: [0...30]), "outside the bounds of x [0.0, 20.0]"),
        (PlotRequest(leaders: ["x"], ranges: [-5...3]), "outside the bounds"),
        (PlotRequest(leaders: ["x"], ranges: [0...3, 0...1]), "2 ranges for 1 leader variable"),
        (PlotRequest(leaders: ["x"], points: 1), "points must be between 2"),
        (PlotRequest(leaders: ["x"], at: ["x": 3]), "is plotted"),
        (PlotRequest(leaders: ["x"], at: ["y": 3]), "'y' is a follower variable"),
        (PlotRequest(leaders: ["x"], followers: ["x"]), "no follower variable 'x'"),
    ])
    func rejectsRequestsThatDoNotFit(request: PlotRequest, message: String) throws {
        let model = try Self.model("models/seed/monopolist.blp")
        let error = #expect(throws: PlotError.self) { try ResponsePlot(model: model, request: request) }
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
    }

    @Test func rejectsAtValuesOutsideTheBounds() throws {
        let model = try Self.model("models/bard_falk_1982_ex1.blp")
        let error = #expect(throws: PlotError.self) {
            try ResponsePlot(model: model, request: PlotRequest(leaders: ["x2"], at: ["x1": -1]))
        }
        #expect(error?.description.contains("x1 = -1.0 is outside its bounds") == true)
    }

    @Test func defaultRangeReachesPastTheOptimum() throws {
        let free = Variable(name: "x", lower: -.infinity, upper: .infinity, level: .leader)
        #expect(try ResponsePlot.defaultRange(free, centre: 2) == 0...4)
        let half = Variable(name: "x", lower: 0, level: .leader)
        #expect(try ResponsePlot.defaultRange(half, centre: 10) == 0...20)
    }
}
