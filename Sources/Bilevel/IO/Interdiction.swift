/// MibS's interdiction instances (AUX files with `IC`/`IB` keys): the MPS file holds only the
/// follower's problem, and MibS 1.2 (`MibSModel::loadProblemData`) builds the bilevel problem from it.
///
/// With n MPS columns y and m MPS rows, the built problem has the columns y (as in the MPS file,
/// follower variables), then n binary leader variables x `X0000000`, `X0000001`, …; the rows are the
/// leader's budget row `BUDGET`: Σ IC_j x_j ≤ IB, then the m MPS rows, then n rows `V0000000`, …:
/// y_j + ub_j x_j ≤ ub_j (interdicting y_j fixes it to at most 0); the leader minimizes −(MPS objective).
/// Names and order are those of the explicit rewrites in shared/instances/expanded/.
enum Interdiction {
    static let budgetRow = "BUDGET"

    /// CoinMpsIO (MibS's MPS reader) reads a bound of this magnitude or more as infinite.
    static let coinInfinity = 1e25

    static func leaderColumn(_ j: Int) -> String { "X" + padded(j) }

    static func interdictionRow(_ j: Int) -> String { "V" + padded(j) }

    private static func padded(_ j: Int) -> String {
        let digits = String(j)
        return String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }

    /// The rows of the built problem, in order: what `LR` indices and names refer to.
    static func rowNames(_ mps: MPSData) -> [String] {
        [budgetRow] + mps.rows + mps.columns.indices.map(interdictionRow)
    }

    /// A name the construction adds that the MPS file already uses, if any.
    static func nameClash(_ mps: MPSData) -> String? {
        let added = mps.columns.indices.map(leaderColumn)
        if let name = added.first(where: { mps.columnIndex[$0] != nil }) { return name }
        let addedRows = [budgetRow] + mps.columns.indices.map(interdictionRow)
        return addedRows.first { mps.rowIndex[$0] != nil || $0 == mps.objectiveName }
    }

    /// Whether column j has the finite upper bound its row y_j + ub_j x_j ≤ ub_j needs.
    static func hasFiniteUpperBound(_ mps: MPSData, _ j: Int) -> Bool {
        abs(mps.upper[j]) < coinInfinity
    }

    /// The built problem; `costs` has one entry per MPS column, each column a finite upper bound.
    static func build(_ mps: MPSData, costs: [Double], budget: Double) -> MPSData {
        let n = mps.columns.count
        var built = mps
        built.sense = .minimize
        built.objective = mps.objective.mapValues { -$0 }
        built.objectiveConstant = -mps.objectiveConstant
        for j in 0..<n {
            let name = leaderColumn(j)
            built.columnIndex[name] = n + j
            built.columns.append(name)
            built.isInteger.append(true)
            built.lower.append(0)
            built.upper.append(1)
        }
        // Zero coefficients are left out, as the MPS reader leaves them out.
        let budgetTerms = costs.enumerated().compactMap { j, c in
            c == 0 ? nil : LinearTerm(variable: n + j, coefficient: c)
        }
        let linkTerms = (0..<n).map { j in
            [LinearTerm(variable: j, coefficient: 1)]
                + (mps.upper[j] == 0 ? [] : [LinearTerm(variable: n + j, coefficient: mps.upper[j])])
        }
        built.rows = rowNames(mps)
        built.rowIndex = Dictionary(built.rows.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        built.rowLower = [-.infinity] + mps.rowLower + Array(repeating: -.infinity, count: n)
        built.rowUpper = [budget] + mps.rowUpper + mps.upper
        built.terms = [budgetTerms] + mps.terms + linkTerms
        return built
    }
}
