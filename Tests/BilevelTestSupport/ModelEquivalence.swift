import Bilevel

extension BilevelModel {
    /// Equality up to the order of variables and rows (compared by name), with terms merged.
    public func isEquivalent(to other: BilevelModel) -> Bool {
        guard variables.count == other.variables.count, constraints.count == other.constraints.count else {
            return false
        }
        func byName(_ m: BilevelModel) -> [String: Variable] {
            Dictionary(uniqueKeysWithValues: m.variables.map { ($0.name, $0) })
        }
        guard byName(self) == byName(other) else { return false }
        func terms(_ m: BilevelModel, _ t: [LinearTerm]) -> [String: Double] {
            var d: [String: Double] = [:]
            for x in t { d[m.variables[x.variable].name, default: 0] += x.coefficient }
            return d.filter { $0.value != 0 }
        }
        func rows(_ m: BilevelModel) -> [String: (Level, Double, Double, [String: Double])] {
            Dictionary(uniqueKeysWithValues: m.constraints.map {
                ($0.name, ($0.level, $0.lower, $0.upper, terms(m, $0.terms)))
            })
        }
        let a = rows(self), b = rows(other)
        for (name, r) in a {
            guard let s = b[name], r.0 == s.0, r.1 == s.1, r.2 == s.2, r.3 == s.3 else { return false }
        }
        return leaderObjective.sense == other.leaderObjective.sense
            && leaderObjective.constant == other.leaderObjective.constant
            && terms(self, leaderObjective.terms) == terms(other, other.leaderObjective.terms)
            && followerObjective.sense == other.followerObjective.sense
            && terms(self, followerObjective.terms) == terms(other, other.followerObjective.terms)
    }
}
