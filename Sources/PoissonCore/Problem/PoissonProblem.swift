/// The 1-d Poisson problem `−u''(x) = g(x)` on `(a, b)` with Dirichlet values `u(a) = ua`,
/// `u(b) = ub`, and optionally its exact solution in closed form.
public struct PoissonProblem: Sendable {
    /// Left end `a`.
    public let lower: Double
    /// Right end `b`.
    public let upper: Double
    /// Dirichlet value `ua = u(a)`.
    public let lowerValue: Double
    /// Dirichlet value `ub = u(b)`.
    public let upperValue: Double
    /// The source term `g` (right-hand side of `−u'' = g`).
    public let source: ScalarFunction
    /// The exact solution `u`, when known; enables errors against it.
    public let exact: ScalarFunction?

    /// Creates the problem; throws `PoissonError` for a non-finite end or boundary value or
    /// for `a ≥ b`.
    public init(lower: Double, upper: Double, lowerValue: Double = 0, upperValue: Double = 0,
                source: ScalarFunction, exact: ScalarFunction? = nil) throws {
        guard lower.isFinite else { throw PoissonError.nonFinite(parameter: "domain lower end", value: lower) }
        guard upper.isFinite else { throw PoissonError.nonFinite(parameter: "domain upper end", value: upper) }
        guard lower < upper else { throw PoissonError.emptyDomain(lower: lower, upper: upper) }
        guard lowerValue.isFinite else { throw PoissonError.nonFinite(parameter: "boundary value at a", value: lowerValue) }
        guard upperValue.isFinite else { throw PoissonError.nonFinite(parameter: "boundary value at b", value: upperValue) }
        self.lower = lower
        self.upper = upper
        self.lowerValue = lowerValue
        self.upperValue = upperValue
        self.source = source
        self.exact = exact
    }

    /// The uniform grid of `pointCount` points (boundary included) on this problem's interval.
    public func grid(pointCount: Int) throws -> UniformGrid {
        try UniformGrid(lower: lower, upper: upper, pointCount: pointCount)
    }
}
