extension InstanceGenerator {
    /// The sign structure of the follower's rows in ``linearForm(_:shape:seed:)``.
    public enum LinearForm: String, Sendable, Hashable, CaseIterable {
        /// The follower maximizes a profit `p·y` over `A x + B y ≤ b`, `B ≥ 0`, `y ≥ 0`.
        case packing
        /// The follower minimizes a cost `c·y`, `c > 0`, over `A x + B y ≥ b`, `B ≥ 0`, `y ≥ 0`.
        case covering
        /// `B` with both signs, rows of both senses, `y` boxed in `[0, u]`; the follower minimizes
        /// `d·y` with `d` of both signs.
        case mixed
    }

    /// The sizes of a ``linearForm(_:shape:seed:)`` instance.
    public struct LinearShape: Sendable, Hashable {
        /// Leader variables `x ∈ [0, 10]`, each in at least one follower row (all are linking).
        public var leader: Int
        /// How many of them (the first ones) are integer; the others are continuous.
        public var integerLeader: Int
        /// Follower variables `y` (twins included; slacks and totals come on top).
        public var follower: Int
        /// Follower rows, the `totals` rows in `y` only included.
        public var rows: Int
        /// Leader rows over `x` and `y` (coupling rows).
        public var couplingRows: Int
        /// Equality rows: `⌈e/2⌉` rows `A x + B y ± s = b` with a follower slack `s ≥ 0`, and `⌊e/2⌋`
        /// rows in `y` only, `t − Σ_{k∈S} y_k = 0`, with a new follower variable `t ≥ 0` (a total).
        public var equalityRows: Int
        /// Follower variables (the last ones) that copy an earlier one's column and cost: ties.
        public var twins: Int
        /// Share of nonzeros in `A`, `B` and the coupling rows.
        public var density: Double

        /// A shape given in full.
        ///
        /// - Parameters: See the properties.
        public init(leader: Int, integerLeader: Int, follower: Int, rows: Int, couplingRows: Int,
                    equalityRows: Int, twins: Int, density: Double = 0.4) {
            self.leader = leader
            self.integerLeader = integerLeader
            self.follower = follower
            self.rows = rows
            self.couplingRows = couplingRows
            self.equalityRows = equalityRows
            self.twins = twins
            self.density = density
        }

        /// The default shape of size `s` (at least 2): `s` leader variables of which `⌈s/2⌉` integer,
        /// `round(4s/3)` follower variables of which `max(1, ⌊·/5⌋)` twins, `round(1.6·s)` follower rows,
        /// `max(1, s/5)` coupling rows, `max(2, s/6)` equality rows, density 0.4. Size 15 is the shape
        /// of issue 14's hard example: 15 leader variables (8 integer), 20 follower variables, 24 rows.
        ///
        /// - Parameter s: The size.
        /// - Returns: The shape.
        public static func size(_ s: Int) -> LinearShape {
            let follower = max(2, (4 * s + 1) / 3)
            return LinearShape(leader: s, integerLeader: (s + 1) / 2, follower: follower,
                               rows: max(2, (8 * s + 2) / 5), couplingRows: max(1, s / 5),
                               equalityRows: max(2, s / 6), twins: max(1, follower / 5))
        }

        /// Why the shape cannot be generated, or `nil` when it can.
        public var problem: String? {
            if leader < 1 { return "at least one leader variable" }
            if integerLeader < 0 || integerLeader > leader {
                return "integer leader variables between 0 and leader"
            }
            if follower < 1 || twins < 0 || twins >= follower {
                return "at least one follower variable that is no twin"
            }
            if couplingRows < 0 || equalityRows < 0 { return "no negative row counts" }
            if rows - equalityRows / 2 < max(1, (equalityRows + 1) / 2) {
                return "enough follower rows for the equality rows"
            }
            if !(density > 0 && density <= 1) { return "a density in (0, 1]" }
            return nil
        }
    }

    /// A random LP–LP instance that is not kind to a solver: integer and continuous linking
    /// variables, coupling rows, equality rows and ties in the follower's costs, in one of three sign
    /// structures (``LinearForm``). The packing form is the structure of the classic random test sets
    /// (Moore & Bard 1990, "The mixed integer linear bilevel programming problem", Oper. Res. 38(5),
    /// doi:10.1287/opre.38.5.911; the mixed-integer leader with a continuous follower as in Fortuny-Amat
    /// & McCarl 1981 and Bard & Moore 1990); covering and mixed signs are its natural variants.
    ///
    /// The leader: `x ∈ [0, 10]`, the first `integerLeader` integer; every `x_j` is put in at least one
    /// follower row, so both integer and continuous variables are linking. It minimizes `c_x·x + c_y·y`
    /// with costs in −10…10 (a twin's leader cost differs from its original's).
    ///
    /// The follower's rows `A x + B y (≤ | ≥) b`, `A` in −5…5 and `B` in 1…10 (mixed: ±1…10), every row
    /// with a `y` and every `y` in a row. Ties: the follower's costs are drawn from a small set —
    /// profits in {1, 2, 3} (packing), costs in {1, 2, 3} (covering), in {−2, −1, 1, 2} (mixed) — and
    /// the last `twins` follower variables copy an earlier variable's column, bound and cost, so the
    /// follower is indifferent between a twin and its original while the leader is not (the optimistic
    /// reading decides). Equality rows: the first `⌈e/2⌉` rows get a slack `s_i ≥ 0` and become
    /// `A x + B y + s_i = b` (`− s_i` for a ≥ row); `⌊e/2⌋` more rows `t − Σ_{k∈S} y_k = 0` in `y` only
    /// define totals `t ≥ 0` that the leader prices. Coupling rows (leader rows with follower
    /// variables): `a·x + g·y ≥ h`, `a` in −5…5, `g` in 1…5 (mixed: ±1…5), `h = a·x⁰ + Σ min(0, g_k)·u_k`
    /// at a random integral leader point `x⁰`.
    ///
    /// Well-posed at every leader choice `x` in the box:
    /// - packing: `b_i = Σ max(0, A_ij)·10 + (10…50)`, so `y = 0` (with `s_i = b_i − A_i x ≥ 10`) is
    ///   feasible; every `y_k ≥ 0` has a positive coefficient in some `≤` row, so the region is bounded.
    /// - covering: `y ≥ 0` is unbounded above and every row has a positive `B` entry, so large `y`
    ///   satisfies every row (`b_i = 5·Σ_j A_ij + (10…50)`, so rows bind in the middle of the box); the
    ///   cost `c > 0` on `y ≥ 0` is bounded below by 0, and the optimal set is bounded (`c·y ≤ opt`;
    ///   slacks and totals are affine in `y`).
    /// - mixed: `b_i` is set so that a random integral point `y⁰` of the box satisfies row `i` with a
    ///   margin of 0…20 at the worst `x` in the box (`≤`: `b_i = Σ max(0, A_ij)·10 + B_i y⁰ + margin`;
    ///   `≥`: `Σ min(0, A_ij)·10 + B_i y⁰ − margin`); `y` is boxed, so the follower is bounded.
    /// The bilevel problem is feasible: at `x⁰` every follower response satisfies every coupling row.
    ///
    /// Variables: `x0…`, `y0…`, slacks `s0…`, totals `t0…`; rows: follower `f0…`, totals `e0…`, coupling
    /// `l0…`. The same seed gives the same model on every machine (``SeededGenerator``).
    ///
    /// - Parameters:
    ///   - form: The sign structure.
    ///   - shape: The sizes (``LinearShape/size(_:)`` for the default shape of a size).
    ///   - seed: The seed.
    /// - Returns: The model, named `<form>_<leader>x<follower>x<rows>_s<seed>`.
    /// - Precondition: `shape.problem == nil`.
    public static func linearForm(_ form: LinearForm, shape: LinearShape, seed: UInt64) -> BilevelModel {
        precondition(shape.problem == nil, "linearForm: \(shape.problem ?? "")")
        var rng = SeededGenerator(seed: seed)
        let nx = shape.leader, ny = shape.follower, originals = shape.follower - shape.twins
        let slacks = (shape.equalityRows + 1) / 2, totals = shape.equalityRows / 2
        let mainRows = shape.rows - totals
        let mixed = form == .mixed
        var model = BilevelModel(name: "\(form.rawValue)_\(nx)x\(ny)x\(shape.rows)_s\(seed)")
        let xs = (0..<nx).map {
            model.addVariable(Variable(name: "x\($0)", lower: 0, upper: 10, isInteger: $0 < shape.integerLeader,
                                       level: .leader))
        }
        // Twins: the follower variable k ≥ originals copies the original twinOf[k].
        let twinOf = (0..<ny).map { $0 < originals ? $0 : rng.int(0...(originals - 1)) }
        var upper = (0..<originals).map { _ in mixed ? Double(rng.int(5...15)) : .infinity }
        for k in originals..<ny { upper.append(upper[twinOf[k]]) }
        let ys = (0..<ny).map {
            model.addVariable(Variable(name: "y\($0)", lower: 0, upper: upper[$0], level: .follower))
        }

        func drawNonzero(_ magnitude: ClosedRange<Int>, signed: Bool) -> Double {
            let v = Double(rng.int(magnitude))
            return signed && rng.int(0...1) == 0 ? -v : v
        }
        // B over the originals, every row with a y and every original in a row; twins copy columns.
        var bRows = [[Int: Double]](repeating: [:], count: mainRows)
        for i in 0..<mainRows {
            for k in 0..<originals where rng.double(0...1) < shape.density {
                bRows[i][k] = drawNonzero(1...10, signed: mixed)
            }
        }
        for k in 0..<originals where !bRows.contains(where: { $0[k] != nil }) {
            bRows[rng.int(0...(mainRows - 1))][k] = drawNonzero(1...10, signed: mixed)
        }
        for i in 0..<mainRows where bRows[i].isEmpty {
            bRows[i][rng.int(0...(originals - 1))] = drawNonzero(1...10, signed: mixed)
        }
        for k in originals..<ny {
            for i in 0..<mainRows { if let v = bRows[i][twinOf[k]] { bRows[i][k] = v } }
        }
        // A, every x in a follower row (all linking).
        var aRows = [[Int: Double]](repeating: [:], count: mainRows)
        for i in 0..<mainRows {
            for j in 0..<nx where rng.double(0...1) < shape.density {
                let a = Double(rng.int(-5...5))
                if a != 0 { aRows[i][j] = a }
            }
        }
        for j in 0..<nx where !aRows.contains(where: { $0[j] != nil }) {
            aRows[rng.int(0...(mainRows - 1))][j] = drawNonzero(1...5, signed: true)
        }
        // Senses and sides (the well-posedness argument of the doc comment).
        let yRef = upper.indices.map { k in mixed ? Double(rng.int(0...Int(upper[twinOf[k]]))) : 0 }
        for i in 0..<mainRows {
            let atMost: Bool
            switch form {
            case .packing: atMost = true
            case .covering: atMost = false
            case .mixed: atMost = rng.int(0...1) == 0
            }
            let a = aRows[i], by = bRows[i].reduce(0.0) { $0 + $1.value * yRef[$1.key] }
            let b: Double
            switch form {
            case .packing: b = a.values.reduce(0.0) { $0 + max(0, $1) * 10 } + Double(rng.int(10...50))
            case .covering: b = a.values.reduce(0.0) { $0 + $1 * 5 } + Double(rng.int(10...50))
            case .mixed:
                let margin = Double(rng.int(0...20))
                b = atMost ? a.values.reduce(0.0) { $0 + max(0, $1) * 10 } + by + margin
                    : a.values.reduce(0.0) { $0 + min(0, $1) * 10 } + by - margin
            }
            var terms = a.keys.sorted().map { LinearTerm(variable: xs[$0], coefficient: a[$0]!) }
            terms += bRows[i].keys.sorted().map { LinearTerm(variable: ys[$0], coefficient: bRows[i][$0]!) }
            if i < slacks {
                let s = model.addVariable(Variable(name: "s\(i)", lower: 0, upper: .infinity, level: .follower))
                terms.append(LinearTerm(variable: s, coefficient: atMost ? 1 : -1))
                model.addConstraint(Constraint(name: "f\(i)", terms: terms, lower: b, upper: b, level: .follower))
            } else {
                model.addConstraint(Constraint(name: "f\(i)", terms: terms, lower: atMost ? -.infinity : b,
                                               upper: atMost ? b : .infinity, level: .follower))
            }
        }
        // Totals: rows in y only.
        var totalVariables: [Int] = []
        for t in 0..<totals {
            var members = (0..<ny).filter { _ in rng.double(0...1) < 0.3 }
            while members.count < min(2, ny) {
                let k = rng.int(0...(ny - 1))
                if !members.contains(k) { members.append(k) }
            }
            let total = model.addVariable(Variable(name: "t\(t)", lower: 0, upper: .infinity, level: .follower))
            totalVariables.append(total)
            let terms = [LinearTerm(variable: total, coefficient: 1)]
                + members.sorted().map { LinearTerm(variable: ys[$0], coefficient: -1) }
            model.addConstraint(Constraint(name: "e\(t)", terms: terms, lower: 0, upper: 0, level: .follower))
        }
        // Coupling rows, satisfied at x⁰ whatever the follower does.
        let xRef = (0..<nx).map { _ in Double(rng.int(0...10)) }
        for r in 0..<shape.couplingRows {
            var terms: [LinearTerm] = [], h = 0.0
            for j in 0..<nx where rng.double(0...1) < shape.density {
                let a = Double(rng.int(-5...5))
                if a != 0 { terms.append(LinearTerm(variable: xs[j], coefficient: a)); h += a * xRef[j] }
            }
            var gs: [Int: Double] = [:]
            for k in 0..<ny where rng.double(0...1) < shape.density { gs[k] = drawNonzero(1...5, signed: mixed) }
            if gs.isEmpty { gs[rng.int(0...(ny - 1))] = drawNonzero(1...5, signed: mixed) }
            for k in gs.keys.sorted() {
                terms.append(LinearTerm(variable: ys[k], coefficient: gs[k]!))
                if gs[k]! < 0 { h += gs[k]! * upper[k] }  // only mixed: y boxed
            }
            model.addConstraint(Constraint(name: "l\(r)", terms: terms, lower: h, upper: .infinity, level: .leader))
        }
        // The follower's costs from a small set (twins copy them), then the leader's.
        let costSet: [Double] = mixed ? [-2, -1, 1, 2] : [1, 2, 3]
        var followerCost = (0..<originals).map { _ in costSet[rng.int(0...(costSet.count - 1))] }
        for k in originals..<ny { followerCost.append(followerCost[twinOf[k]]) }
        let followerTerms = zip(ys, followerCost).map { LinearTerm(variable: $0, coefficient: $1) }
        model.followerObjective = Objective(sense: form == .packing ? .maximize : .minimize, terms: followerTerms)
        var leaderY = (0..<ny).map { _ in Double(rng.int(-10...10)) }
        for k in originals..<ny where leaderY[k] == leaderY[twinOf[k]] { leaderY[k] += leaderY[k] < 10 ? 1 : -1 }
        let leaderTerms = xs.map { LinearTerm(variable: $0, coefficient: Double(rng.int(-10...10))) }
            + zip(ys, leaderY).map { LinearTerm(variable: $0, coefficient: $1) }
            + totalVariables.map { LinearTerm(variable: $0, coefficient: Double(rng.int(-10...10))) }
        model.leaderObjective = Objective(sense: .minimize, terms: leaderTerms.filter { $0.coefficient != 0 })
        return model
    }
}
