import GLPK

/// A single-level MILP as data: what a reformulation produces, before it is loaded into GLPK or
/// written to a file for another solver.
struct MILPData {
    struct Column {
        var name: String
        var lower: Double
        var upper: Double
        var isInteger = false
        var objective = 0.0
    }
    struct Row {
        var name: String
        var terms: [(column: Int, value: Double)]
        var lower: Double
        var upper: Double
    }

    var name: String
    var columns: [Column] = []
    var rows: [Row] = []
    var objectiveConstant = 0.0
    /// Special ordered sets of type 1: at most one member nonzero (a complementarity pair).
    var sos1: [(name: String, members: [Int])] = []

    @discardableResult
    mutating func addColumn(_ c: Column) -> Int { columns.append(c); return columns.count - 1 }
    @discardableResult
    mutating func addRow(_ r: Row) -> Int { rows.append(r); return rows.count - 1 }

    /// The KKT system of `kkt` (primal rows, stationarity; no complementarity), minimizing the
    /// leader's objective, with columns and rows named after where they come from.
    init(kkt: KKTSystem) {
        let model = kkt.canonical.model
        let c = kkt.canonical
        name = model.name
        var columnNames = [String](repeating: "", count: kkt.columnCount)
        for k in 0..<c.nx { columnNames[kkt.xColumn(k)] = model.variables[c.leaderVariables[k]].name }
        for k in 0..<c.ny { columnNames[kkt.yColumn(k)] = model.variables[c.followerVariables[k]].name }
        func rowName(_ r: Int) -> String { model.constraints[c.followerRows[r].source].name }
        for m in kkt.multipliers {
            switch m.origin {
            case let .rowLower(r): columnNames[m.column] = "dual_lo[\(rowName(r))]"
            case let .rowUpper(r): columnNames[m.column] = "dual_up[\(rowName(r))]"
            case let .rowEquality(r): columnNames[m.column] = "dual_eq[\(rowName(r))]"
            case let .boundLower(k): columnNames[m.column] = "dual_lb[\(model.variables[c.followerVariables[k]].name)]"
            case let .boundUpper(k): columnNames[m.column] = "dual_ub[\(model.variables[c.followerVariables[k]].name)]"
            case let .boundFixed(k): columnNames[m.column] = "dual_fx[\(model.variables[c.followerVariables[k]].name)]"
            }
        }
        for j in 0..<kkt.columnCount {
            columns.append(Column(name: columnNames[j], lower: kkt.columnLower[j], upper: kkt.columnUpper[j],
                                  isInteger: j < c.nx && c.xInteger[j], objective: kkt.objective[j]))
        }
        objectiveConstant = kkt.objectiveConstant
        var terms = [[(column: Int, value: Double)]](repeating: [], count: kkt.rowCount)
        for e in kkt.matrix { terms[e.row].append((e.column, e.value)) }
        let primal = c.leaderRows + c.followerRows
        for (i, row) in primal.enumerated() {
            rows.append(Row(name: model.constraints[row.source].name, terms: terms[i], lower: kkt.rowLower[i],
                            upper: kkt.rowUpper[i]))
        }
        for (k, i) in kkt.stationarityRowRange.enumerated() {
            rows.append(Row(name: "stationarity[\(model.variables[c.followerVariables[k]].name)]", terms: terms[i],
                            lower: kkt.rowLower[i], upper: kkt.rowUpper[i]))
        }
    }

    /// The terms of a pair's slack `s` (`s = Σ terms + offset ≥ 0`) in this MILP's columns.
    static func slackExpression(_ slack: KKTSystem.Slack, rows: [Row])
        -> (terms: [(column: Int, value: Double)], offset: Double) {
        switch slack {
        case let .rowLower(i, v): return (rows[i].terms, -v)
        case let .rowUpper(i, v): return (rows[i].terms.map { ($0.column, -$0.value) }, v)
        case let .columnLower(j, v): return ([(j, 1)], -v)
        case let .columnUpper(j, v): return ([(j, -1)], v)
        }
    }

    /// Loads the MILP into GLPK (SOS1 sets cannot be loaded: GLPK has none).
    func makeLinearProblem() throws -> LinearProblem {
        precondition(sos1.isEmpty, "GLPK has no SOS constraints")
        let lp = LinearProblem(direction: .minimize)
        try lp.addColumns(columns.count, lower: 0, upper: .infinity)
        for (j, c) in columns.enumerated() {
            try lp.setColumnBounds(j, lower: c.lower, upper: c.upper)
            if c.isInteger { try lp.setInteger(column: j) }
            if c.objective != 0 { try lp.setObjective(column: j, c.objective) }
        }
        try lp.setObjectiveConstant(objectiveConstant)
        try lp.addRows(rows.count)
        var entries: [MatrixEntry] = []
        for (i, r) in rows.enumerated() {
            try lp.setRowBounds(i, lower: r.lower, upper: r.upper)
            for (j, v) in r.terms { entries.append(MatrixEntry(row: i, column: j, value: v)) }
        }
        try lp.loadMatrix(entries)
        lp.scale()
        return lp
    }
}
