import Testing
@testable import Bilevel
import BilevelTestSupport

/// Bard (1984), Example 1 (models/bard_1984_ex1): follower max y s.t. four ≤ rows, y ≥ 0.
/// Optimum x = 8/9, y = 20/9 (F = 28/9), where rows 1 (−x − y/2 ≤ −2) and 2 (−x/4 + y ≤ 2) are active.
@Suite struct KKTSystemTests {
    let model: BilevelModel
    init() throws { model = try ModelFile.read(path: Repository.path("models/bard_1984_ex1.aux")) }

    @Test func layoutAndSigns() throws {
        let canonical = CanonicalProblem(model)
        #expect(canonical.nx == 1 && canonical.ny == 1)
        // The follower maximizes y: the normal form minimizes −y, written once here.
        #expect(canonical.followerSign == -1 && canonical.d == [-1])
        let kkt = KKTSystem(canonical)
        // One multiplier per finite side: 4 upper sides of ≤ rows and the lower bound of y.
        #expect(kkt.multipliers.count == 5)
        #expect(kkt.pairs.count == 5)
        #expect(kkt.columnCount == 2 + 5)
        // Four follower rows, one stationarity row, the strong-duality row.
        #expect(kkt.rowCount == 4 + 1 + 1)
        // Stationarity: −1 + Σ B_i β_i − γ = 0 → row bounds [1, 1] (= −d).
        let s = kkt.stationarityRowRange.lowerBound
        #expect(kkt.rowLower[s] == 1 && kkt.rowUpper[s] == 1)
        let stationarity = kkt.matrix.filter { $0.row == s }.sorted { $0.column < $1.column }.map(\.value)
        #expect(stationarity == [-0.5, 1, 0.5, -2, -1])
        // Strong duality: d·y − D ≤ 0 with D = −Σ β_i (hi_i − A_i x) + γ·0; x ∈ [0, ∞) makes the
        // products β_i·A_i·x under-estimated by x's lower bound 0 (for positive −A_i) or dropped.
        let sd = kkt.strongDualityRelaxation(xLower: [0], xUpper: [.infinity])
        // Row 3 (x + y/2 ≤ 8) has A = 1: the product −β·x needs x's upper bound, which is infinite.
        #expect(sd == nil)
        let fixed = try #require(kkt.strongDualityRelaxation(xLower: [1], xUpper: [1]))
        #expect(fixed.upper == 0)
        // At x = 1: coefficient of β_i is hi_i − A_i·1: rows (−2, 2, 8, 2) with A = (−1, −0.25, 1, 1).
        let byColumn = Dictionary(uniqueKeysWithValues: fixed.entries.map { ($0.column, $0.value) })
        #expect(byColumn[1] == -1)
        #expect(byColumn[2] == -2 + 1 && byColumn[3] == 2 + 0.25 && byColumn[4] == 8 - 1 && byColumn[5] == 2 - 1)
    }

    /// A coefficient that is a rounding residue of cancelling terms leaves the strong-duality row with
    /// its most over the variable's box moved to the side (so the row stays implied), and nothing else
    /// does: on covering 20 seed 1 the x terms summed to 2.5e-15 beside entries to 243, GLPK scaled
    /// that column by 5e7 and its simplex called points 0.5 outside their bounds optimal.
    @Test func cancellationResiduesLeaveTheStrongDualityRow() throws {
        let tiny = 2.5e-15, size = 10.0
        #expect(KKTSystem.residueEffect(tiny, size: size, lower: 0, upper: 10) == 0)
        #expect(KKTSystem.residueEffect(-tiny, size: size, lower: 0, upper: 10) == tiny * 10)
        #expect(KKTSystem.residueEffect(tiny, size: size, lower: -3, upper: 10) == tiny * 3)
        #expect(KKTSystem.residueEffect(-tiny, size: size, lower: 0, upper: .infinity) == nil)
        #expect(KKTSystem.residueEffect(1e-6, size: size, lower: 0, upper: 10) == nil, "not a residue")
        // Implied: for every v in the box, −a·v is at most the effect.
        for a in [tiny, -tiny] {
            for (lower, upper) in [(0.0, 10.0), (-3.0, 10.0), (-5.0, -1.0)] {
                let effect = try #require(KKTSystem.residueEffect(a, size: size, lower: lower, upper: upper))
                #expect(-a * lower <= effect && -a * upper <= effect)
            }
        }
        let covering = InstanceGenerator.linearForm(.covering, shape: .size(20), seed: 1)
        let kkt = try PreparedProblem(covering).kkt(SolveOptions())
        let row = try #require(kkt.strongDualityRelaxation(xLower: kkt.canonical.xLower, xUpper: kkt.canonical.xUpper))
        let largest = row.entries.map { abs($0.value) }.max() ?? 0
        #expect(largest > 1)
        #expect(row.entries.allSatisfy { abs($0.value) > 1e-9 * largest }, "\(row.entries.map(\.value).sorted())")
    }

    /// At the known optimum the KKT system holds with the multipliers of the active rows.
    @Test func knownOptimumIsAKKTPoint() throws {
        let kkt = KKTSystem(CanonicalProblem(model))
        let lp = try kkt.makeLP()
        // Fix x and y at the optimum, multipliers of inactive sides at 0.
        try lp.setColumnBounds(0, lower: 8.0 / 9, upper: 8.0 / 9)
        try lp.setColumnBounds(1, lower: 20.0 / 9, upper: 20.0 / 9)
        for (p, pair) in kkt.pairs.enumerated() where ![0, 1].contains(p) {
            try lp.setColumnBounds(pair.multiplier, lower: 0, upper: 0)
        }
        #expect(lp.solve() == .optimal)
        let v = lp.columnValues
        // Stationarity −1 − β1/2 + β2 = 0 with β ≥ 0 has a solution (e.g. β1 = 0, β2 = 1).
        #expect(v[2] >= -1e-9 && v[3] >= -1e-9)
        #expect(abs(-1 - 0.5 * v[2] + v[3]) < 1e-9)
    }

    @Test func equalityRowsAndFixedVariablesGetFreeMultipliers() throws {
        let m = try ModelFile.read(path: Repository.path("models/candler_townsley_1982.aux"))
        let kkt = KKTSystem(CanonicalProblem(m))
        // Three equality rows: free multipliers, no pairs; six y ≥ 0: six pairs.
        #expect(kkt.multipliers.filter(\.isFree).count == 3)
        #expect(kkt.pairs.count == 6)
        for mult in kkt.multipliers where mult.isFree { #expect(kkt.columnLower[mult.column] == -.infinity) }
    }
}
