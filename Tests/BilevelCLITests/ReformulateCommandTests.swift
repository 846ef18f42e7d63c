import BilevelTestSupport
import Foundation
import Testing

/// `bilevel reformulate` on Inputs/tighten.blp, a model whose KKT reformulation was written out by
/// hand: leader min x − y over x ∈ [0, 2]; follower max y (normal form: min −y) subject to
/// c1: −x + y ≤ 1, c2: x + y ≤ 4, y ≥ 0. Multipliers β1 (dual_up(c1)), β2 (dual_up(c2)),
/// γ (dual_lb(y)), all ≥ 0.
/// - Stationarity of y: −1 + β1 + β2 − γ = 0, written "… = 1".
/// - SOS1 form: slacks s1 = 1 + x − y and s2 = 4 − x − y defined by rows
///   "slack(c1) − x + y = 1" and "slack(c2) + x + y = 4"; y itself is the slack of y ≥ 0; one
///   S1 set per pair (multiplier, slack).
/// - Big-M form: the strong-duality row −y + β1·(1 + x) + β2·(4 − x) ≤ 0 under-estimated over
///   x ∈ [0, 2] as −y + β1 + 2β2 ≤ 0. The follower's matrix (y in two one-entry rows) is totally
///   unimodular, so every multiplier is at most ‖d‖₁ = 1 at the dual polyhedron's vertices
///   (`KKTSystem.boundMultipliersAtVertices`: bounds 0 ≤ β1, β2, γ ≤ 1). Ms from the bound-tightening
///   LPs over that relaxation, by hand: β1 ≤ 1, β2 ≤ 1, γ = β1 + β2 − 1 ≤ 0.75 (β1 = 1 and
///   β1 + 2β2 ≤ y ≤ 2.5), s1 ≤ 2, s2 ≤ 3, y ≤ 2.5 (without the vertex bounds β1 ≤ 2.5, β2 ≤ 1.25,
///   γ ≤ 1.5: Tests/BilevelTests/KKT/BoundTighteningTests.swift), all proven ("big_m: proven" on
///   stderr); rows β − M·z ≤ 0 and s + M·z ≤ M, that is x − y + 2z ≤ 1, −x − y + 3z ≤ −1,
///   y + 2.5z ≤ 2.5.
/// The expected files (Expected/reformulate) were compared line by line with the above. The
/// optimum −1 (by hand: y = min(1 + x, 4 − x), so x − y = −1 on [0, 1.5] and 2x − 4 ≥ −1 beyond)
/// is what SCIP 10 (pyscipopt 6.3.0, `Model.readProblem`) reports for both files and glpsol 5.0
/// for the big-M one (`glpsol --lp`; it cannot read SOS sections), checked when the files were
/// written (2026-12-01; the big-M file again with glpsol 5.0 when the vertex bounds changed its Ms,
/// 2026-12-02), and what `bilevel solve` reports for the model (checked here).
@Suite struct ReformulateCommandTests {
    static let model = "Tests/BilevelCLITests/Inputs/tighten.blp"

    @Test(arguments: [
        (["--form", "sos1"], "tighten.sos1.lp", ""),
        (["--form", "bigm"], "tighten.bigm.lp", "big_m: proven\n"),
    ])
    func writesTheExpectedFile(options: [String], file: String, stderr: String) throws {
        let dir = try CLI.temporaryDirectory("bilevel-reformulate")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["reformulate", Self.model, "-o", dir.appendingPathComponent(file).path] + options)
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == stderr)
        try Expected.checkFile(file, in: dir, as: "reformulate")
    }

    @Test func theModelSolvesToTheHandOptimum() throws {
        let j = try CLI.json(try CLI.run(["solve", Self.model, "--format", "json"]).stdout)
        #expect(j["status"] as? String == "optimal")
        #expect(close(j["objective"] as? Double, -1))
    }

    /// A maximizing leader is written as the minimization of its negation, and stderr says so.
    @Test func maximizingLeaderIsAnnounced() throws {
        let dir = try CLI.temporaryDirectory("bilevel-reformulate-max")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["reformulate", "models/bard_falk_1982_ex1.aux", "-o",
                             dir.appendingPathComponent("b.lp").path])
        #expect(r.status == 0)
        #expect(r.stderr == "leader_sense: max (the file minimizes the negated leader objective)\n")
    }

    /// Bad input: status 2, file and line on stderr; requests the reformulation cannot honour are
    /// refused with the reason; nothing is written.
    @Test(arguments: [
        (["reformulate", "Tests/BilevelCLITests/Inputs/bad.blp", "-o", "{dir}/out.lp"],
         "bilevel: Tests/BilevelCLITests/Inputs/bad.blp:5:1: error: expected a number or a variable name, "
            + "found end of file\n"),
        (["reformulate", "Tests/BilevelTests/Hostile/aux_nan.aux", "-o", "{dir}/out.lp"],
         "bilevel: Tests/BilevelTests/Hostile/aux_nan.aux:6:3: error: objective coefficient 'nan' is not a "
            + "finite number\n"),
        (["reformulate", "models/bilinear_leader.blp", "-o", "{dir}/out.lp"],
         "bilevel: not supported yet: a quadratic leader objective cannot be written as a MILP reformulation\n"),
        (["reformulate", "Tests/BilevelCLITests/Inputs/tighten.blp", "-o", "{dir}/out.lp", "--big-m", "0"],
         "Error: --big-m must be a positive finite number\n"),
    ])
    func badInputExitsWithTwo(arguments: [String], stderrStart: String) throws {
        let dir = try CLI.temporaryDirectory("bilevel-reformulate-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(arguments.map { $0.replacingOccurrences(of: "{dir}", with: dir.path) })
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix(stderrStart), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "nothing is written")
    }
}
