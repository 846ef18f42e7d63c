/// What `ResponsePlot` draws: one leader variable (a curve) or two (a heat map), where, and which
/// follower variables to show; names are the model's.
public struct PlotRequest: Sendable {
    /// The plotted leader variables: one or two names.
    public var leaders: [String]
    /// The range of each plotted variable (by position in `leaders`; nil or missing: the variable's
    /// bounds, or an interval around the optimum where a bound is infinite).
    public var ranges: [ClosedRange<Double>?]
    /// Grid points per plotted variable (nil: 101 for a curve, 41 per axis for a heat map).
    public var points: Int?
    /// Values for the other leader variables (the rest are held at the solution of a solve).
    public var at: [String: Double]
    /// The follower variables whose response is drawn (empty: the first four).
    public var followers: [String]

    /// A request for `leaders` with the defaults for everything else.
    public init(leaders: [String], ranges: [ClosedRange<Double>?] = [], points: Int? = nil,
                at: [String: Double] = [:], followers: [String] = []) {
        self.leaders = leaders
        self.ranges = ranges
        self.points = points
        self.at = at
        self.followers = followers
    }
}

/// A request that does not fit the model (unknown name, range outside the bounds, …).
public struct PlotError: Error, CustomStringConvertible, Sendable {
    /// What was wrong and how to fix it.
    public var description: String

    /// An error with its message.
    public init(_ description: String) { self.description = description }
}

/// A `PlotRequest` checked against its model: indices instead of names.
struct ResolvedRequest {
    var leaders: [Int]
    var followers: [Int]
    /// The given values of other leader variables (by model index).
    var at: [Int: Double]
    var points: Int?
    var ranges: [ClosedRange<Double>?]

    init(_ request: PlotRequest, model: BilevelModel) throws {
        let leaderNames = model.variableIndices(of: .leader).map { model.variables[$0].name }
        func leader(_ name: String, _ what: String) throws -> Int {
            guard let k = model.variableIndex(named: name) else {
                throw PlotError("\(what): no variable '\(name)' in the model (leader variables: "
                                + leaderNames.joined(separator: ", ") + ")")
            }
            guard model.variables[k].level == .leader else {
                throw PlotError("\(what): '\(name)' is a follower variable; the plotted and fixed variables are "
                                + "the leader's (" + leaderNames.joined(separator: ", ") + ")")
            }
            return k
        }
        guard (1...2).contains(request.leaders.count) else {
            throw PlotError("give one leader variable (a curve) or two (a heat map), not \(request.leaders.count)")
        }
        leaders = try request.leaders.map { try leader($0, "plotted variable") }
        if leaders.count == 2 && leaders[0] == leaders[1] {
            throw PlotError("plotted variable '\(request.leaders[0])' given twice; give two different variables")
        }
        guard request.ranges.count <= leaders.count else {
            throw PlotError("\(request.ranges.count) ranges for \(leaders.count) leader variable(s)")
        }
        at = [:]
        for (name, value) in request.at.sorted(by: { $0.key < $1.key }) {
            let k = try leader(name, "held variable")
            let v = model.variables[k]
            if leaders.contains(k) {
                throw PlotError("held variable '\(name)' is plotted; it cannot also be held fixed")
            }
            guard value.isFinite, value >= v.lower, value <= v.upper else {
                throw PlotError("held variable \(name) = \(value) is outside its bounds [\(v.lower), \(v.upper)]")
            }
            if v.isInteger && value != value.rounded() {
                throw PlotError("held variable \(name) is an integer variable; \(value) is not an integer")
            }
            at[k] = value
        }
        if let points = request.points, !(2...100_000).contains(points) {
            throw PlotError("points must be between 2 and 100000, got \(points)")
        }
        points = request.points
        ranges = request.ranges
        for (k, range) in zip(leaders, request.ranges) {
            guard let range else { continue }
            let v = model.variables[k]
            guard range.lowerBound.isFinite, range.upperBound.isFinite, range.lowerBound < range.upperBound else {
                throw PlotError("range for \(v.name): give LO:HI with finite LO < HI")
            }
            guard range.lowerBound >= v.lower, range.upperBound <= v.upper else {
                throw PlotError("range \(range.lowerBound):\(range.upperBound) is outside the bounds of "
                                + "\(v.name) [\(v.lower), \(v.upper)]")
            }
        }
        let followerIndices = model.variableIndices(of: .follower)
        if request.followers.isEmpty {
            followers = Array(followerIndices.prefix(4))
        } else {
            followers = try request.followers.map { name in
                guard let k = model.variableIndex(named: name), model.variables[k].level == .follower else {
                    throw PlotError("no follower variable '\(name)' (follower variables: "
                                    + followerIndices.map { model.variables[$0].name }.joined(separator: ", ") + ")")
                }
                return k
            }
        }
    }
}
