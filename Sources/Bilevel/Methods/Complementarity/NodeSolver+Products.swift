import GLPK

/// Spatial branching for the leader's non-convex products (McCormick envelopes, `KKTSystem+Products`).
extension NodeSolver {
    /// Rebuilds the envelope rows of every product whose factors' bounds changed since they were built.
    func updateEnvelopes() throws {
        for (t, p) in kkt.products.enumerated() {
            let a = lp.columnBounds(p.first), b = lp.columnBounds(p.second)
            let box = [a.lower, a.upper, b.lower, b.upper]
            guard box != envelopeBoxes[t] else { continue }
            envelopeBoxes[t] = box
            let rows = kkt.envelope(p, first: a, second: b)
            for k in 0..<4 {
                if let row = rows?[k] {
                    try lp.setRow(p.firstRow + k, coefficients: row.entries)
                    try lp.setRowBounds(p.firstRow + k, lower: row.lower, upper: row.upper)
                } else {
                    try lp.setRowBounds(p.firstRow + k, lower: -.infinity, upper: .infinity)
                }
            }
            // w's own range follows its factors' box (the rows imply it; the bound helps the simplex).
            if rows != nil {
                let r = KKTSystem.productRange(a, b, square: p.first == p.second)
                try lp.setColumnBounds(p.column, lower: r.lower, upper: r.upper)
            }
        }
    }

    /// Products whose `w` misses the product at the LP point by more than the tolerance: split the
    /// wider factor's interval (an integer factor between two integers) near the LP value, pulled a
    /// quarter of the way to the middle so both children shrink.
    func productCandidates(columns: [Double], value: Double) -> [BranchCandidate] {
        var candidates: [BranchCandidate] = []
        for (t, p) in kkt.products.enumerated() {
            let za = columns[p.first], zb = columns[p.second]
            let miss = abs(p.coefficient * (columns[p.column] - za * zb))
            guard miss > productTolerance * relativeFloor(value) else { continue }
            var best: (column: Int, width: Double)?
            for j in Set([p.first, p.second]) {
                let b = lp.columnBounds(j)
                let width = b.upper - b.lower
                let isInteger = j < kkt.nx && kkt.canonical.xInteger[j]
                let splittable: Bool
                if isInteger {
                    splittable = width >= 1
                } else {
                    splittable = width > Tolerances.splittableWidth * relativeFloor(max(abs(b.lower), abs(b.upper)))
                }
                guard splittable else { continue }
                if best == nil || width > best!.width { best = (j, width) }
            }
            guard let (j, width) = best else { continue }
            let b = lp.columnBounds(j)
            let z = columns[j]
            var split = 0.75 * z + 0.25 * (b.lower + b.upper) / 2
            split = min(max(split, b.lower + 0.05 * width), b.upper - 0.05 * width)
            let children: [BoundChange]
            if j < kkt.nx && kkt.canonical.xInteger[j] {
                let down = min(max(split.rounded(.down), b.lower), b.upper - 1)
                children = [BoundChange(.column(j), .upper, down), BoundChange(.column(j), .lower, down + 1)]
            } else {
                children = [BoundChange(.column(j), .upper, split), BoundChange(.column(j), .lower, split)]
            }
            candidates.append(BranchCandidate(key: kkt.pairs.count + kkt.nx + t, children: children,
                                              amounts: [miss, miss], violation: miss))
        }
        return candidates
    }
}
