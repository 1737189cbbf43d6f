/// An invalid parameter of a classical solver, thrown by the solvers' initialisers (and by
/// `MultigridConfiguration.validate()`) instead of trapping, so that a bad case file or a bad
/// library call ends in a readable message.
public enum SolverError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A relaxation weight ω outside the open interval (0, 2) (or not finite), the classical
    /// range of relaxation weights. (Weighted Jacobi on `tridiag(−1, 2, −1)` converges only for
    /// `ω < 2/(1 + cos(π/(N+1)))`, barely above 1: larger weights inside (0, 2) are accepted but
    /// amplify the highest sine modes, and such a run ends in a `DivergenceError`.)
    /// `parameter` names where the weight was given (e.g. "Jacobi weight").
    case weightOutOfRange(parameter: String, value: Double)
    /// An initial guess whose length is not the grid's point count `n` (boundary included).
    case initialGuessLength(expected: Int, actual: Int)
    /// An initial guess with a NaN or infinite entry at grid index `index` (boundary entries
    /// are overwritten with the Dirichlet values and never checked).
    case nonFiniteInitialGuess(index: Int, value: Double)
    /// Multigrid smoothing counts that are negative or both zero (a cycle without smoothing
    /// does not reduce the oscillatory error at all).
    case invalidSmoothingCounts(pre: Int, post: Int)
    /// A multigrid minimum coarse interval count below 2 (the coarsest grid needs at least one
    /// interior unknown).
    case invalidMinimumCoarseIntervals(Int)
    /// The assembled `N × N` matrix of `DenseJacobiSolver` would need `bytes` bytes, more than
    /// the allowed `limit`.
    case denseMatrixTooLarge(interiorCount: Int, bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case .weightOutOfRange(let parameter, let value):
            return "\(parameter) = \(value) is out of range: the relaxation weight must lie in the open interval (0, 2)"
        case .initialGuessLength(let expected, let actual):
            return "initial guess has \(actual) entries, expected \(expected) (one per grid point, both boundary points included)"
        case .nonFiniteInitialGuess(let index, let value):
            return "initial guess is not finite at grid point \(index): value \(value)"
        case .invalidSmoothingCounts(let pre, let post):
            return "multigrid smoothing counts pre = \(pre), post = \(post) are invalid: both must be ≥ 0 and at least one > 0"
        case .invalidMinimumCoarseIntervals(let value):
            return "multigrid minimum coarse interval count \(value) is invalid: it must be at least 2 (one interior unknown)"
        case .denseMatrixTooLarge(let interiorCount, let bytes, let limit):
            return "dense Jacobi with N = \(interiorCount) interior unknowns needs an N×N matrix of \(bytes) bytes, over the limit of \(limit) bytes; use the stencil Jacobi solver"
        }
    }
}
