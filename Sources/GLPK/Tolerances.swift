/// The tolerances of this wrapper's own checks and of the MIP searches it starts, in one place.
@usableFromInline
enum GLPKTolerances {
    /// A ray passes the recession-direction test (bounds, rows, objective gain) within this,
    /// relative to its largest entry: GLPK's own primal feasibility tolerance.
    @usableFromInline static let recessionDirection = 1e-7
    /// How far from an integer GLPK's MIP search may leave an integer column (GLPK's default is 1e-5).
    @usableFromInline static let integrality = 1e-7
}
