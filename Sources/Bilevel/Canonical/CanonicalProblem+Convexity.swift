extension CanonicalProblem {
    /// Refuses what the exact search cannot solve, each with the reason.
    ///
    /// - Throws: `BilevelError.unsupported`.
    func checkSolvable() throws {
        if isQuadraticFollower {
            if !Self.isPositiveSemidefinite(followerHessian) {
                throw BilevelError.unsupported(Self.nonConvexFollower)
            }
        }
    }

    private static let nonConvexFollower = "the follower's objective is not convex (its Hessian in the follower's "
        + "variables has a negative eigenvalue). A non-convex follower's KKT points include local maxima and saddle "
        + "points, so a KKT-based answer could rest on a follower response that is not optimal; only convex "
        + "quadratic followers are solved"

    /// The follower's Hessian in y, dense.
    var followerHessian: [[Double]] {
        let q = (0..<ny).map { k in Dictionary(uniqueKeysWithValues: followerQ[k].map { ($0.index, $0.value) }) }
        return (0..<ny).map { i in (0..<ny).map { j in q[i][j] ?? 0 } }
    }

    /// Whether the follower's objective is strictly convex in y: then its response is unique and the
    /// optimistic and pessimistic readings coincide.
    var hasUniqueFollowerResponse: Bool {
        isQuadraticFollower && Self.isPositiveSemidefinite(followerHessian, definite: true)
    }

    /// The Hessian of `Σ coefficient·v_first·v_second` over the variables involved (dense, in the
    /// order of their model indices).
    static func hessian(of terms: [QuadraticTerm]) -> [[Double]] {
        let involved = Array(Set(terms.flatMap { [$0.first, $0.second] })).sorted()
        let at = Dictionary(uniqueKeysWithValues: involved.enumerated().map { ($0.element, $0.offset) })
        var h = [[Double]](repeating: [Double](repeating: 0, count: involved.count), count: involved.count)
        for t in terms {
            let a = at[t.first]!, b = at[t.second]!
            if a == b { h[a][a] += 2 * t.coefficient } else { h[a][b] += t.coefficient; h[b][a] += t.coefficient }
        }
        return h
    }

    /// Positive semidefiniteness by pivoted LDLᵀ (Cholesky with diagonal pivoting), with a
    /// tolerance relative to the largest diagonal entry.
    /// With `definite`, positive definiteness (every pivot above the tolerance).
    static func isPositiveSemidefinite(_ matrix: [[Double]], definite: Bool = false) -> Bool {
        var a = matrix
        let n = a.count
        let largestDiagonal = (0..<n).reduce(0.0) { max($0, abs(a[$1][$1])) }
        let scale = max(Tolerances.smallestMatrixScale, largestDiagonal, a.joined().reduce(0.0) { max($0, abs($1)) })
        let tol = Tolerances.semidefinitePivot * scale
        var remaining = Array(0..<n)
        while !remaining.isEmpty {
            let p = remaining.max { a[$0][$0] < a[$1][$1] }!
            let d = a[p][p]
            if d < -tol { return false }
            if d <= tol {
                if definite { return false }
                // The rest must vanish for a PSD matrix.
                for i in remaining { for j in remaining where abs(a[i][j]) > tol { return false } }
                return true
            }
            remaining.removeAll { $0 == p }
            for i in remaining {
                let f = a[i][p] / d
                for j in remaining { a[i][j] -= f * a[p][j] }
            }
        }
        return true
    }
}
