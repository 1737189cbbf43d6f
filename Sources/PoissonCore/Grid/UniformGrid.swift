/// A uniform grid of `pointCount` points on `[lower, upper]`, **including both boundary points**:
/// `x_j = lower + j·h`, `j = 0 … n−1`, `h = (upper − lower)/(n − 1)`.
///
/// The `N = n − 2` interior points `j = 1 … N` carry the unknowns of the discrete problem.
/// Throughout the package a *grid vector* is an array of `n` values indexed like the grid
/// (boundary entries included); interior-only vectors say so explicitly.
public struct UniformGrid: Sendable, Equatable, Hashable {
    /// Left end `a` of the interval.
    public let lower: Double
    /// Right end `b` of the interval.
    public let upper: Double
    /// Number of grid points `n`, both boundary points included (n ≥ 3).
    public let pointCount: Int

    /// Creates the grid; throws `PoissonError` when `n < 3`, `a ≥ b` or an end is not finite.
    public init(lower: Double, upper: Double, pointCount: Int) throws {
        guard lower.isFinite else { throw PoissonError.nonFinite(parameter: "domain lower end", value: lower) }
        guard upper.isFinite else { throw PoissonError.nonFinite(parameter: "domain upper end", value: upper) }
        guard lower < upper else { throw PoissonError.emptyDomain(lower: lower, upper: upper) }
        guard pointCount >= 3 else { throw PoissonError.tooFewPoints(pointCount) }
        self.lower = lower
        self.upper = upper
        self.pointCount = pointCount
    }

    /// Number of interior unknowns `N = n − 2`.
    @inlinable public var interiorCount: Int { pointCount - 2 }
    /// Number of intervals `n − 1 = N + 1`.
    @inlinable public var intervalCount: Int { pointCount - 1 }
    /// Grid spacing `h = (b − a)/(n − 1)`.
    @inlinable public var spacing: Double { (upper - lower) / Double(pointCount - 1) }

    /// The coordinate `x_j = a + j·h` of point `j` (0-based, boundary included).
    /// The last point is returned as exactly `b`.
    @inlinable public func coordinate(_ j: Int) -> Double {
        j == pointCount - 1 ? upper : lower + Double(j) * spacing
    }

    /// All `n` coordinates, boundary points included.
    public var coordinates: [Double] { (0..<pointCount).map(coordinate) }
}
