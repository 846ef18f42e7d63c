import GLPK

/// Implications "σ > 0 only where λ̂ > 0" (`KKTSystem.Implication`, from `PessimisticPricingReading`).
///
/// The strict side cannot be an LP bound. The search branches (σ = 0, or λ̂ > 0 demanded by a marker
/// column) and keeps the closure λ̂ ≥ 0 in the LP; a node whose relaxation cannot make a demanded λ̂
/// positive is infeasible. At a leaf (every pair and implication settled at the LP point) the face's
/// value is the infimum over its genuine points (those that meet every implication), and it is
/// attained exactly when a genuine point of the face reaches it: found by growing supports
/// (maximize each λ̂ in turn, forbid σ where λ̂ stays 0, repeat), since the average of the maximizers
/// makes every reachable λ̂ positive at once. If none reaches it, points on the segment from the
/// leaf's point towards a genuine one approach it, and are recorded in the evaluator's `LimitLog`.
extension NodeSolver {
    /// Not tolerances: the fractions of the way from a leaf's point towards a genuine one at which
    /// points approaching the leaf's value are evaluated.
    private static let approachSteps = [1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7]

    enum GenuineSearch {
        case point([Double])
        case none
        case failed
    }

    private func isDemanded(_ i: KKTSystem.Implication) -> Bool { lp.columnBounds(i.marker).lower >= 1 }
    private func isForbidden(_ i: KKTSystem.Implication) -> Bool { lp.columnBounds(i.multiplier).upper <= 0 }

    /// False when some demanded λ̂ cannot be positive anywhere in the node's relaxation.
    func demandedMultipliersCanBePositive(columns: [Double], timeLeft: Double?) -> Bool {
        for i in kkt.implications where isDemanded(i) && columns[i.requires] <= Tolerances.positiveMultiplier {
            switch maximize(i.requires, cap: nil, forbidden: [], timeLeft: timeLeft) {
            case let .point(z): if z[i.requires] <= Tolerances.positiveMultiplier { return false }
            case .none, .failed: continue   // the node's LP was just solved: keep the node, nothing is proven
            }
        }
        return true
    }

    /// Implications the LP point breaks: σ > 0 with λ̂ = 0, neither decided yet.
    func implicationCandidates(columns: [Double]) -> [BranchCandidate] {
        var candidates: [BranchCandidate] = []
        for (t, i) in kkt.implications.enumerated() where !isDemanded(i) && !isForbidden(i) {
            let s = columns[i.multiplier]
            guard s > Tolerances.complementarity && columns[i.requires] <= Tolerances.positiveMultiplier else {
                continue
            }
            let children = [BoundChange(.column(i.multiplier), .upper, 0), BoundChange(.column(i.marker), .lower, 1)]
            candidates.append(BranchCandidate(key: kkt.pairs.count + kkt.nx + kkt.products.count + t,
                                              children: children, amounts: [s, s], violation: s))
        }
        return candidates
    }

    /// A leaf of a reading with implications: settle every pair and integer leader first (so the
    /// face is exact), then offer a genuine point at the leaf's value if one exists, else record the
    /// approach.
    func settleLimitLeaf(value: Double, columns: [Double], rows: [Double], timeLeft: Double?,
                         offer: (Candidate) -> Double) -> NodeResult {
        let unfixed = kkt.pairs.filter { !isFixed($0) }
        if !unfixed.isEmpty, attainedOnTheFaceOfThePoint(unfixed, value: value, columns: columns, rows: rows,
                                                         timeLeft: timeLeft, offer: offer) {
            return .leaf(value)
        }
        if let pair = unfixed.first {
            let mu = columns[pair.multiplier], s = KKTSystem.slackValue(pair.slack, columns: columns, rows: rows)
            return .branch(value: value, children: [kkt.zeroMultiplier(pair), KKTSystem.activate(pair.slack)],
                           bounds: [value, value], preferred: mu <= s ? 0 : 1, basis: lp.basis)
        }
        // Integer leaders fixed too: between integers the relaxation has points no leader may choose.
        for k in integerLeaderColumns {
            let j = kkt.xColumn(k), b = lp.columnBounds(j)
            guard b.lower < b.upper else { continue }
            let v = min(max(columns[j].rounded(), b.lower), b.upper)
            let split = v < b.upper ? v : v - 1
            let children = [BoundChange(.column(j), .upper, split), BoundChange(.column(j), .lower, split + 1)]
            return .branch(value: value, children: children, bounds: [value, value], preferred: v <= split ? 0 : 1,
                           basis: lp.basis)
        }
        let nx = kkt.nx
        // A genuine point at the leaf's value exactly (objective row capped there, every needed λ̂
        // clearly positive: above `Tolerances.attainedMultiplier`, since the LP's own tolerance lets a
        // λ̂ at `Tolerances.positiveMultiplier` through where the value is only approached), whose worst
        // case the verifier confirms.
        if case let .point(z) = attainingPoint(value: value, timeLeft: timeLeft),
           case let .feasible(candidate) = verifier.candidate(at: Array(z[0..<nx])) {
            _ = offer(candidate)
            if candidate.value <= value + Tolerances.attainment * relativeFloor(value) {
                limits?.recordAttained(value)
                return .leaf(value)
            }
        }
        switch genuinePoint(cap: nil, positive: Tolerances.positiveMultiplier, timeLeft: timeLeft) {
        case .none: return .infeasible   // no point of this face meets the implications
        case .failed: return .unresolved(value, "the search for a genuine point of a leaf failed")
        case let .point(z):
            let limitX = Array(columns[0..<nx]), towards = Array(z[0..<nx])
            if case let .feasible(candidate) = verifier.candidate(at: towards) { _ = offer(candidate) }
            var best: Candidate?
            for t in Self.approachSteps {
                let x = zip(limitX, towards).map { $0 + t * ($1 - $0) }
                if case let .feasible(c) = verifier.candidate(at: x), best == nil || c.value < best!.value { best = c }
            }
            if let best { limits?.record(LimitLog.Entry(limit: value, limitX: limitX, candidate: best)) }
            return .leaf(value)
        }
    }

    /// Whether a genuine point attains the leaf's value on the face where every unfixed pair keeps
    /// the side that is zero at the LP point: a cheap first try before branching on those pairs
    /// (only another face could attain it otherwise, and only branching finds out).
    private func attainedOnTheFaceOfThePoint(_ unfixed: [KKTSystem.Pair], value: Double, columns: [Double],
                                             rows: [Double], timeLeft: Double?, offer: (Candidate) -> Double) -> Bool {
        var saved: [(target: BoundChange.Target, lower: Double, upper: Double)] = []
        defer { for s in saved.reversed() { try? setBounds(s.target, s.lower, s.upper) } }
        for pair in unfixed {
            let mu = columns[pair.multiplier], s = KKTSystem.slackValue(pair.slack, columns: columns, rows: rows)
            let change = mu <= s ? kkt.zeroMultiplier(pair) : KKTSystem.activate(pair.slack)
            let old = currentBounds(change.target)
            let (lower, upper) = change.tightening(old)
            guard lower <= upper else { return false }
            saved.append((change.target, old.lower, old.upper))
            guard (try? setBounds(change.target, lower, upper)) != nil else { return false }
        }
        guard case let .point(z) = attainingPoint(value: value, timeLeft: timeLeft),
              case let .feasible(candidate) = verifier.candidate(at: Array(z[0..<kkt.nx])) else { return false }
        _ = offer(candidate)
        guard candidate.value <= value + Tolerances.attainment * relativeFloor(value) else { return false }
        limits?.recordAttained(value)
        return true
    }

    /// A genuine point at the leaf's `value` exactly, every needed λ̂ above `Tolerances.attainedMultiplier`.
    private func attainingPoint(value: Double, timeLeft: Double?) -> GenuineSearch {
        genuinePoint(cap: value - kkt.objectiveConstant, positive: Tolerances.attainedMultiplier, timeLeft: timeLeft)
    }

    /// A point of the node's LP (objective row ≤ `cap` when given) where every λ̂ that can be positive
    /// is, σ is zero wherever λ̂ is, and every demanded λ̂ is positive.
    func genuinePoint(cap: Double?, positive: Double, timeLeft: Double?) -> GenuineSearch {
        let implications = kkt.implications
        let demanded = implications.indices.filter { isDemanded(implications[$0]) }
        var allowed = Set(implications.indices.filter { t in
            !isDemanded(implications[t]) && !isForbidden(implications[t])
        })
        while true {
            let forbidden = implications.indices.filter { !demanded.contains($0) && !allowed.contains($0) }
                .map { implications[$0].multiplier }
            var points: [[Double]] = []
            var next = Set<Int>()
            let probes = demanded + allowed.sorted()
            for t in probes.isEmpty ? [-1] : probes {
                let column = t < 0 ? (implications.first?.requires ?? 0) : implications[t].requires
                switch maximize(column, cap: cap, forbidden: forbidden, timeLeft: timeLeft) {
                case .none: return .none
                case .failed: return .failed
                case let .point(z):
                    if t < 0 || z[column] > positive {
                        if t >= 0 && allowed.contains(t) { next.insert(t) }
                        points.append(z)
                    } else if demanded.contains(t) {
                        return .none
                    }
                }
            }
            if next == allowed || points.isEmpty {
                guard !points.isEmpty else { return .none }
                let n = Double(points.count)
                return .point((0..<points[0].count).map { j in points.reduce(0) { $0 + $1[j] } / n })
            }
            allowed = next
        }
    }

    /// Maximizes one column over the node's LP with the objective row capped and some columns held at
    /// 0, then puts objective, bounds and basis back.
    private func maximize(_ column: Int, cap: Double?, forbidden: [Int], timeLeft: Double?) -> GenuineSearch {
        let basis = lp.basis
        let direction = lp.direction
        var saved: [(column: Int, lower: Double, upper: Double)] = []
        defer {
            for s in saved.reversed() { try? lp.setColumnBounds(s.column, lower: s.lower, upper: s.upper) }
            if let row = objectiveRow { try? lp.setRowBounds(row, lower: objectiveRowLower, upper: .infinity) }
            try? lp.setObjective(column: column, 0)
            for j in 0..<kkt.columnCount where kkt.objective[j] != 0 {
                try? lp.setObjective(column: j, kkt.objective[j])
            }
            lp.direction = direction
            try? lp.setBasis(basis)
        }
        do {
            for j in forbidden {
                let b = lp.columnBounds(j)
                guard b.lower <= 0 else { return .none }
                saved.append((j, b.lower, b.upper))
                try lp.setColumnBounds(j, lower: b.lower, upper: min(b.upper, 0))
            }
            if let cap, let row = objectiveRow {
                try lp.setRowBounds(row, lower: min(objectiveRowLower, cap), upper: cap)
            }
            for j in 0..<kkt.columnCount where kkt.objective[j] != 0 { try lp.setObjective(column: j, 0) }
            try lp.setObjective(column: column, 1)
            lp.direction = .maximize
        } catch {
            return .failed
        }
        var status = lp.solve(SimplexOptions(method: .primal, timeLimit: timeLeft))
        if status == .infeasibleOrUnbounded || status == .iterationLimit {
            lp.resetBasis()
            status = lp.solve(SimplexOptions(method: .primal, timeLimit: timeLeft))
        }
        switch status {
        case .optimal: return .point(lp.columnValues)
        case .infeasible: return .none
        case .unbounded:
            // Positive without bound: cap it just above the current point and solve again.
            let b = lp.columnBounds(column)
            saved.append((column, b.lower, b.upper))
            let v = lp.columnValues[column]
            let ceiling = max(b.lower, v.isFinite ? v : 0) + 1
            guard (try? lp.setColumnBounds(column, lower: b.lower, upper: ceiling)) != nil else { return .failed }
            let capped = lp.solve(SimplexOptions(method: .primal, timeLimit: timeLeft))
            return capped == .optimal ? .point(lp.columnValues) : .failed
        default: return .failed
        }
    }
}
