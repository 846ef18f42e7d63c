extension BilevelModel {
    /// One line: name and sizes per level.
    public var summary: String {
        let lv = variables.filter { $0.level == .leader }
        let fv = variables.filter { $0.level == .follower }
        let lr = constraints.filter { $0.level == .leader }.count
        return "\(name): leader \(lv.count) variables (\(lv.filter(\.isInteger).count) integer), "
            + "follower \(fv.count) variables (\(fv.filter(\.isInteger).count) integer); "
            + "\(lr) leader rows, \(constraints.count - lr) follower rows"
    }
}
