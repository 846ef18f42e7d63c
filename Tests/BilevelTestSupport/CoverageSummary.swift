import Bilevel

/// Counts of generated models per category (printed by the oracle tests).
public struct CoverageSummary: CustomStringConvertible {
    public init() {}

    public var total = 0, optimal = 0, infeasible = 0, infeasibleNotTrivially = 0, tieMatters = 0
    public var pure = 0, mixed = 0, coupling = 0, binaryLinking = 0, generalLinking = 0, continuousLeader = 0
    public var leaderMax = 0, leaderMin = 0, followerMax = 0, followerMin = 0

    public mutating func add(_ model: BilevelModel, _ report: OracleReport) {
        let f = RandomMIBLP.Features(model)
        total += 1
        switch report.answer {
        case .optimal: optimal += 1
        case .infeasible:
            infeasible += 1
            if report.relaxationFeasible == true { infeasibleNotTrivially += 1 }
        case .unsupported: break
        }
        if report.tieMatters { tieMatters += 1 }
        if f.pureIntegerFollower { pure += 1 } else { mixed += 1 }
        if f.coupling { coupling += 1 }
        if f.binaryLinking { binaryLinking += 1 }
        if f.generalLinking { generalLinking += 1 }
        if f.continuousLeader { continuousLeader += 1 }
        if f.leaderMaximizes { leaderMax += 1 } else { leaderMin += 1 }
        if f.followerMaximizes { followerMax += 1 } else { followerMin += 1 }
    }

    public var categories: [(String, Int)] {
        [("optimal", optimal), ("infeasible", infeasible), ("pure", pure), ("mixed", mixed),
         ("coupling", coupling), ("binary linking", binaryLinking), ("general linking", generalLinking),
         ("continuous leader", continuousLeader), ("leader max", leaderMax), ("leader min", leaderMin),
         ("follower max", followerMax), ("follower min", followerMin)]
    }

    public var description: String {
        "\(total) models: " + categories.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
            + ", infeasible with a feasible relaxation \(infeasibleNotTrivially)"
            + ", optimistic tie-break matters \(tieMatters)"
    }
}
