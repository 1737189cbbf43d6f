/// An invalid Poisson problem or grid: thrown by the initialisers of `UniformGrid`,
/// `PoissonProblem` and `DiscretePoisson` instead of trapping, so a bad case file or a bad
/// library call ends in a readable message.
public enum PoissonError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A grid needs at least 3 points (one interior unknown); `pointCount` was given.
    case tooFewPoints(Int)
    /// The interval `[lower, upper]` is empty or reversed.
    case emptyDomain(lower: Double, upper: Double)
    /// A named parameter is NaN or infinite.
    case nonFinite(parameter: String, value: Double)
    /// The named function (source or exact solution) is not finite at grid point `index` (`x`).
    case nonFiniteFunction(name: String, index: Int, x: Double, value: Double)
    /// A parameter lies outside its allowed range; `range` says which.
    case outOfRange(parameter: String, value: Double, range: String)

    public var description: String {
        switch self {
        case .tooFewPoints(let n):
            return "grid needs at least 3 points including both boundary points, got \(n)"
        case .emptyDomain(let a, let b):
            return "domain [\(a), \(b)] is empty: the lower end must be below the upper end"
        case .nonFinite(let name, let value):
            return "\(name) must be a finite number, got \(value)"
        case .nonFiniteFunction(let name, let index, let x, let value):
            return "\(name) is not finite at grid point \(index) (x = \(x)): value \(value)"
        case .outOfRange(let name, let value, let range):
            return "\(name) = \(value) is out of range: must be in \(range)"
        }
    }
}
