import Foundation
import GLPK

/// Single-level reformulations written to files for any MILP solver.
public enum Reformulation {
    /// How complementarity is written.
    public enum Kind: Sendable {
        /// Big-M disjunctions with the Ms proven by bound tightening, `fallback` where unproven.
        case bigM(fallback: Double)
        /// Big-M disjunctions with one M for every pair (not proven).
        case bigMGiven(Double)
    }

    /// Writes the KKT reformulation of `model` to `path` (`.mps`: free MPS; `.lp`: CPLEX LP).
    /// Returns the state of the Ms (proven or not) so that callers can say whether the file is exact.
    @discardableResult
    public static func write(_ model: BilevelModel, kind: Kind, to path: String) throws -> BigMState {
        try model.validate()
        try model.checkSupported()
        let kkt = KKTSystem(CanonicalProblem(model))
        var options = SolveOptions(method: .bigm)
        let tightening: BoundTightening?
        switch kind {
        case let .bigM(fallback):
            options.fallbackBigM = fallback
            tightening = try BoundTightening(kkt)
        case let .bigMGiven(m):
            options.bigM = m
            tightening = nil
        }
        let method = BigMReformulation(kkt: kkt, options: options)
        let (mu, slack, state) = method.constants(tightening)
        let milp = try method.makeMILP(multiplierM: mu, slackM: slack)
        try name(milp, kkt: kkt, model: model)
        let format: LinearProblem.FileFormat = path.lowercased().hasSuffix(".lp") ? .cplexLP : .freeMPS
        do { try milp.write(to: path, format: format) } catch { throw BilevelError.io(path: path, "cannot write the reformulation") }
        return state
    }

    /// Names columns and rows after where they come from (`bigm_dual[c3]`, as BilevelJuMP does).
    static func name(_ lp: LinearProblem, kkt: KKTSystem, model: BilevelModel) throws {
        func safe(_ s: String) -> String {
            String(s.map { $0.isLetter || $0.isNumber || "_[]().".contains($0) ? $0 : "_" }.prefix(200))
        }
        try lp.setName(safe(model.name))
        let c = kkt.canonical
        for k in 0..<c.nx { try lp.setColumnName(kkt.xColumn(k), safe(model.variables[c.leaderVariables[k]].name)) }
        for k in 0..<c.ny { try lp.setColumnName(kkt.yColumn(k), safe(model.variables[c.followerVariables[k]].name)) }
        for m in kkt.multipliers {
            let label: String
            switch m.origin {
            case let .rowLower(r): label = "dual_lo[\(model.constraints[c.followerRows[r].source].name)]"
            case let .rowUpper(r): label = "dual_up[\(model.constraints[c.followerRows[r].source].name)]"
            case let .rowEquality(r): label = "dual_eq[\(model.constraints[c.followerRows[r].source].name)]"
            case let .boundLower(k): label = "dual_lb[\(model.variables[c.followerVariables[k]].name)]"
            case let .boundUpper(k): label = "dual_ub[\(model.variables[c.followerVariables[k]].name)]"
            case let .boundFixed(k): label = "dual_fx[\(model.variables[c.followerVariables[k]].name)]"
            }
            try lp.setColumnName(m.column, safe(label))
        }
        for (i, row) in (c.leaderRows + c.followerRows).enumerated() { try lp.setRowName(i, safe(model.constraints[row.source].name)) }
        for (k, i) in kkt.stationarityRowRange.enumerated() {
            try lp.setRowName(i, safe("stationarity[\(model.variables[c.followerVariables[k]].name)]"))
        }
        let firstBinary = kkt.columnCount
        let firstPairRow = kkt.rowCount
        for (p, pair) in kkt.pairs.enumerated() where firstBinary + p < lp.columnCount {
            try lp.setColumnName(firstBinary + p, safe("z[\(pair.name)]"))
            try lp.setRowName(firstPairRow + 2 * p, safe("bigm_dual[\(pair.name)]"))
            try lp.setRowName(firstPairRow + 2 * p + 1, safe("bigm_primal[\(pair.name)]"))
        }
    }
}
