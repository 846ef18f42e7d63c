/// The normal form every method works on, computed once from a `BilevelModel`.
///
/// - The leader minimizes `cx·x + cy·y + c0` (a maximizing leader is negated here and nowhere else).
/// - The follower minimizes `d·y` (a maximizing follower is negated here and nowhere else); terms of
///   the follower's objective in `x` are constants for the follower and kept apart for reporting.
/// - Every row reads `lower ≤ a·x + b·y ≤ upper`, with infinite sides allowed.
/// - Follower rows without follower variables constrain only `x` and are leader rows in effect.
/// - Bounds of `y` belong to the follower; bounds of `x` to the leader.
struct CanonicalProblem {
    /// A row split into its leader and follower parts.
    struct Row {
        /// Index of the model constraint it comes from.
        var source: Int
        var x: [(index: Int, value: Double)]
        var y: [(index: Int, value: Double)]
        var lower: Double
        var upper: Double
    }

    let model: BilevelModel
    /// Model indices of the leader's variables (`x`) and of the follower's (`y`), in model order.
    let leaderVariables: [Int]
    let followerVariables: [Int]
    /// For each model variable: its position in `x` (leader) or `y` (follower).
    let position: [(level: Level, index: Int)]

    /// +1 when the model's leader minimizes, -1 when it maximizes.
    let leaderSign: Double
    var cx: [Double]
    var cy: [Double]
    var c0: Double
    /// +1 when the model's follower minimizes, -1 when it maximizes.
    let followerSign: Double
    var d: [Double]
    /// Follower objective terms in `x` and its constant (signs as in the model), for reporting only.
    var dx: [Double]
    var d0: Double

    /// The follower's Hessian in `y` (minimized form; `½ yᵀQy`), row-wise sparse, and its products
    /// with leader variables: the gradient of the follower's objective in `y_j` is
    /// `d_j + Σ_k Q_jk y_k + Σ_l C_jl x_l`.
    var followerQ: [[(index: Int, value: Double)]]
    var followerC: [[(index: Int, value: Double)]]
    /// The leader's quadratic terms (minimized form) over model variable indices: products `x·y` that
    /// the follower's objective also has (`leaderPricing`), the rest when their sum is convex
    /// (`leaderQuadratic`, outer approximation), else the rest as products relaxed by McCormick
    /// envelopes and refined by branching on a factor's interval (`leaderBilinear`).
    var leaderPricing: [QuadraticTerm] = []
    var leaderQuadratic: [QuadraticTerm] = []
    var leaderBilinear: [QuadraticTerm] = []
    /// The leader's products of a leader and a follower variable (from all three lists above), as
    /// (x position, y position, coefficient).
    private(set) var leaderCrossProducts: [(x: Int, y: Int, coefficient: Double)] = []
    /// Whether the leader's objective has quadratic terms other than pricing terms.
    var hasQuadraticLeader: Bool { !leaderQuadratic.isEmpty || !leaderBilinear.isEmpty }
    /// `leaderPricing = pricingScale · (the follower's x·y terms, minimized form)`, when it is.
    var pricingScale: Double?

    var isQuadraticFollower: Bool { followerQ.contains { !$0.isEmpty } }
    var hasFollowerProducts: Bool { followerC.contains { !$0.isEmpty } }

    var leaderRows: [Row] = []
    var followerRows: [Row] = []
    var xLower: [Double], xUpper: [Double], xInteger: [Bool]
    var yLower: [Double], yUpper: [Double], yInteger: [Bool]

    var nx: Int { leaderVariables.count }
    /// Whether the follower has integer variables (a MILP follower: no KKT system exists).
    var hasIntegerFollower: Bool { yInteger.contains(true) }
    /// Positions in `x` of the linking variables: leader variables with a nonzero in a follower row.
    /// The follower sees `x` only through them (its objective's terms in `x` are constants to it).
    var linkingX: [Int] { Array(Set(followerRows.flatMap { $0.x.map(\.index) })).sorted() }
    var ny: Int { followerVariables.count }

    /// Builds the normal form. The model must be valid (`validate()`).
    init(_ model: BilevelModel) {
        self.model = model
        leaderVariables = model.variableIndices(of: .leader)
        followerVariables = model.variableIndices(of: .follower)
        var pos = [(level: Level, index: Int)](repeating: (.leader, 0), count: model.variables.count)
        for (k, j) in leaderVariables.enumerated() { pos[j] = (.leader, k) }
        for (k, j) in followerVariables.enumerated() { pos[j] = (.follower, k) }
        position = pos
        let nx = leaderVariables.count, ny = followerVariables.count

        leaderSign = model.leaderObjective.sense.sign
        (cx, cy) = Self.linearParts(model.leaderObjective.terms, position: pos, nx: nx, ny: ny,
                                    leaderScale: leaderSign, followerScale: leaderSign)
        c0 = leaderSign * model.leaderObjective.constant
        followerSign = model.followerObjective.sense.sign
        (dx, d) = Self.linearParts(model.followerObjective.terms, position: pos, nx: nx, ny: ny,
                                   leaderScale: 1, followerScale: followerSign)
        d0 = model.followerObjective.constant
        (followerQ, followerC) = Self.followerQuadraticParts(model.followerObjective.quadratic, position: pos,
                                                             sign: followerSign, ny: ny)

        xLower = leaderVariables.map { model.variables[$0].lower }
        xUpper = leaderVariables.map { model.variables[$0].upper }
        xInteger = leaderVariables.map { model.variables[$0].isInteger }
        yLower = followerVariables.map { model.variables[$0].lower }
        yUpper = followerVariables.map { model.variables[$0].upper }
        yInteger = followerVariables.map { model.variables[$0].isInteger }

        classifyLeaderQuadratic()
        splitRows()
        settleLeaderQuadratic()
        // Once, here: candidates evaluated at every node read it.
        leaderCrossProducts = (leaderPricing + leaderQuadratic + leaderBilinear).compactMap { t in
            let a = pos[t.first], b = pos[t.second]
            guard a.level != b.level else { return nil }
            return a.level == .leader ? (a.index, b.index, t.coefficient) : (b.index, a.index, t.coefficient)
        }
    }

    // MARK: Building the normal form

    /// An objective's linear terms split into their `x` and `y` parts, each scaled by its level's factor.
    private static func linearParts(_ terms: [LinearTerm], position: [(level: Level, index: Int)], nx: Int, ny: Int,
                                    leaderScale: Double, followerScale: Double) -> (x: [Double], y: [Double]) {
        var x = [Double](repeating: 0, count: nx)
        var y = [Double](repeating: 0, count: ny)
        for t in terms {
            let p = position[t.variable]
            if p.level == .leader {
                x[p.index] += leaderScale * t.coefficient
            } else {
                y[p.index] += followerScale * t.coefficient
            }
        }
        return (x, y)
    }

    /// The follower's quadratic terms (minimized form), row-wise by follower variable: its Hessian in
    /// `y` and its products with `x` (terms in `x` alone are constants for the follower).
    private static func followerQuadraticParts(_ terms: [QuadraticTerm], position: [(level: Level, index: Int)],
                                               sign: Double, ny: Int)
        -> (q: [[(index: Int, value: Double)]], c: [[(index: Int, value: Double)]]) {
        var q = [[Int: Double]](repeating: [:], count: ny)
        var cm = [[Int: Double]](repeating: [:], count: ny)
        for t in terms {
            let a = position[t.first], b = position[t.second]
            let v = sign * t.coefficient
            switch (a.level, b.level) {
            case (.follower, .follower):
                if a.index == b.index { q[a.index][a.index, default: 0] += 2 * v } else {
                    q[a.index][b.index, default: 0] += v
                    q[b.index][a.index, default: 0] += v
                }
            case (.leader, .follower): cm[b.index][a.index, default: 0] += v
            case (.follower, .leader): cm[a.index][b.index, default: 0] += v
            case (.leader, .leader): break   // a constant for the follower
            }
        }
        return (q.map(sparse), cm.map(sparse))
    }

    /// The nonzero entries of a sparse vector, by index.
    private static func sparse(_ entries: [Int: Double]) -> [(index: Int, value: Double)] {
        entries.filter { $0.value != 0 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Leader products x·y proportional to the follower's own x·y terms are "pricing" terms; every
    /// other quadratic term of the leader goes to `leaderQuadratic` for now.
    private mutating func classifyLeaderQuadratic() {
        var leaderProducts: [QuadraticTerm] = []
        for t in model.leaderObjective.quadratic {
            let term = QuadraticTerm(t.first, t.second, coefficient: leaderSign * t.coefficient)
            if position[t.first].level != position[t.second].level {
                leaderProducts.append(term)
            } else {
                leaderQuadratic.append(term)
            }
        }
        guard !leaderProducts.isEmpty else { return }
        let stride = max(1, nx)
        var followerProducts: [Int: Double] = [:]   // key: y * nx + x
        for (j, row) in followerC.enumerated() { for (l, v) in row { followerProducts[j * stride + l] = v } }
        var leaderMap: [Int: Double] = [:]
        for t in leaderProducts {
            let (a, b) = (position[t.first], position[t.second])
            let (xi, yj) = a.level == .leader ? (a.index, b.index) : (b.index, a.index)
            leaderMap[yj * stride + xi, default: 0] += t.coefficient
        }
        if let (key, value) = leaderMap.first, let f = followerProducts[key], f != 0,
           Set(leaderMap.keys) == Set(followerProducts.keys),
           leaderMap.allSatisfy({ abs($0.value - value / f * followerProducts[$0.key]!)
                                    <= Tolerances.pricingProportionality * max(1, abs($0.value)) }) {
            pricingScale = value / f
            leaderPricing = leaderProducts
        } else {
            leaderQuadratic += leaderProducts
        }
    }

    /// Each model row split into its `x` and `y` parts: follower rows with follower variables are
    /// the follower's, the rest the leader's.
    private mutating func splitRows() {
        for (i, c) in model.constraints.enumerated() {
            var xs: [Int: Double] = [:], ys: [Int: Double] = [:]
            for t in c.terms {
                let p = position[t.variable]
                if p.level == .leader {
                    xs[p.index, default: 0] += t.coefficient
                } else {
                    ys[p.index, default: 0] += t.coefficient
                }
            }
            let row = Row(source: i, x: Self.sparse(xs), y: Self.sparse(ys), lower: c.lower, upper: c.upper)
            if c.level == .follower && !row.y.isEmpty { followerRows.append(row) } else { leaderRows.append(row) }
        }
    }

    /// Where the leader's quadratic terms are solved: pricing terms by strong duality only for a
    /// linear follower with rows free of x (otherwise they are products like any other), a convex
    /// rest by outer approximation, a non-convex rest by McCormick envelopes.
    private mutating func settleLeaderQuadratic() {
        if pricingScale != nil && (isQuadraticFollower || followerRows.contains(where: { !$0.x.isEmpty })) {
            leaderQuadratic += leaderPricing
            leaderPricing = []
            pricingScale = nil
        }
        // Not convex: outer approximation would cut off parts of the objective; McCormick instead.
        if !leaderQuadratic.isEmpty && !Self.isPositiveSemidefinite(Self.hessian(of: leaderQuadratic)) {
            leaderBilinear = leaderQuadratic
            leaderQuadratic = []
        }
    }

    /// Splits a model point into (x, y).
    func split(_ point: [Double]) -> (x: [Double], y: [Double]) {
        (leaderVariables.map { point[$0] }, followerVariables.map { point[$0] })
    }

    /// Joins (x, y) into a model point.
    func join(x: [Double], y: [Double]) -> [Double] {
        var point = [Double](repeating: 0, count: model.variables.count)
        for (k, j) in leaderVariables.enumerated() { point[j] = x[k] }
        for (k, j) in followerVariables.enumerated() { point[j] = y[k] }
        return point
    }

    /// The leader's objective in minimized form (quadratic terms included).
    func leaderValue(x: [Double], y: [Double]) -> Double {
        var s = c0
        for k in 0..<nx { s += cx[k] * x[k] }
        for k in 0..<ny { s += cy[k] * y[k] }
        for t in leaderPricing + leaderQuadratic + leaderBilinear {
            s += t.coefficient * value(t.first, x, y) * value(t.second, x, y)
        }
        return s
    }

    /// The value of model variable `j` in (x, y).
    func value(_ j: Int, _ x: [Double], _ y: [Double]) -> Double {
        position[j].level == .leader ? x[position[j].index] : y[position[j].index]
    }

    /// The follower's objective in minimized form at (x, y): `d·y + xᵀCᵀy + ½yᵀQy` (terms in `x` alone excluded).
    func followerValue(x: [Double] = [], y: [Double]) -> Double {
        var s = 0.0
        for k in 0..<ny {
            s += d[k] * y[k]
            for (l, v) in followerC[k] where l < x.count { s += v * x[l] * y[k] }
            for (m, v) in followerQ[k] { s += 0.5 * v * y[k] * y[m] }
        }
        return s
    }


    /// The leader's objective coefficients on `y` at a fixed `x`: `c_y` plus its products x·y
    /// (products y·y left out).
    func leaderYCoefficients(x: [Double]) -> [Double] {
        var c = cy
        for p in leaderCrossProducts { c[p.y] += p.coefficient * x[p.x] }
        return c
    }

    /// The follower's linear objective coefficients at a fixed `x`: `d + C x`.
    func followerGradientConstant(x: [Double]) -> [Double] {
        (0..<ny).map { k in followerC[k].reduce(d[k]) { $0 + $1.value * x[$1.index] } }
    }

    /// Activity `a·x + b·y` of a row.
    static func activity(_ row: Row, x: [Double], y: [Double]) -> Double {
        var s = 0.0
        for (k, v) in row.x { s += v * x[k] }
        for (k, v) in row.y { s += v * y[k] }
        return s
    }
}
