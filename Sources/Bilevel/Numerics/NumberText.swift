/// Numbers as the solver writes them in files and messages.
enum NumberText {
    /// The shortest text that reads back as the same Double (integers without a decimal point).
    static func shortest(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
