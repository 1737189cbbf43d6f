import Foundation
import PoissonCore

/// The exact per-mode error of an iterate of the discrete problem, from its residual alone — no
/// reference solution needed.
///
/// With `r = f − A u` and `u*` the discrete solution, `A(u* − u) = r`; `A`'s eigenvectors are the
/// sine modes with eigenvalues
///
///     μ_k = (4/h²) sin²(kπ/(2(N+1))),   k = 1 … N,
///
/// so `a_k(u* − u) = a_k(r)/μ_k`. This type returns the error with the trackers' sign
/// convention, `a_k(u − u*) = −a_k(r)/μ_k` (`SineTransform` normalisation), which equals
/// `SineModeTracker`'s coefficients against the discrete solution up to round-off.
///
/// The residual uses the problem's source and the iterate's own boundary entries, so the iterate
/// must carry the Dirichlet values (as every solver iterate does) for this to be the error.
///
/// Cost per call: `6N` flops for the residual (`DiscretePoisson.residual`), one DST-I
/// (`SineTransform.flopsPerTransform`) and `N` multiplications — `flopsPerEstimate` in total;
/// allocation-free. A `Sendable` value with independent copies (see `TransformWorkspace`).
public struct ResidualModeEstimator: Sendable {
    /// The discrete problem whose error is estimated.
    public let problem: DiscretePoisson
    /// `μ_k` at index `k = 1 … N` (`eigenvalues[0] = 0`, unused): the eigenvalues of `A`.
    public let eigenvalues: [Double]
    /// Exact flop count of one `modeErrors` call (residual + FFTW's count of the DST + scaling).
    public let flopsPerEstimate: Int

    /// `−1/((N+1) μ_k)`: the DST's `1/(N+1)` scaling, the division by `μ_k` and the sign in one
    /// factor per mode.
    private let factors: [Double]
    private var workspace: TransformWorkspace<SineTransform>

    /// Prepares the eigenvalues and the DST plan for `problem`'s grid.
    public init(problem: DiscretePoisson) throws {
        let interior = problem.interiorCount
        let transform = try SineTransform(interiorCount: interior)
        let h = problem.spacing
        var mu = [Double](repeating: 0, count: interior + 1)
        var factors = mu
        for k in 1...interior {
            let s = sin(Double(k) * .pi / Double(2 * (interior + 1)))
            mu[k] = 4 / (h * h) * s * s
            factors[k] = -1 / (Double(interior + 1) * mu[k])
        }
        self.problem = problem
        self.eigenvalues = mu
        self.factors = factors
        self.flopsPerEstimate = 6 * interior + transform.flopsPerTransform + interior
        self.workspace = TransformWorkspace(transform)
    }

    /// Writes `a_k(iterate − u*) = −a_k(r)/μ_k` into `errors[k]` for `k = 1 … N` and 0 into
    /// `errors[0]`. Shapes: `iterate.count == n`, `errors.count == N + 1` (preconditions).
    public mutating func modeErrors(of iterate: [Double], into errors: inout [Double]) {
        let n = problem.pointCount, interior = n - 2
        precondition(iterate.count == n, "ResidualModeEstimator: iterate has \(iterate.count) entries, expected \(n)")
        precondition(errors.count == interior + 1, "ResidualModeEstimator: output has \(errors.count) entries, expected \(interior + 1)")
        let transform = workspace.unique()
        let input = transform.interior
        let invH2 = 1.0 / (problem.spacing * problem.spacing)
        // The residual r_j = g_j − (2u_j − u_{j−1} − u_{j+1})/h², written straight into the
        // DST input (same expression as `DiscretePoisson.residual`).
        problem.source.withUnsafeBufferPointer { g in
            iterate.withUnsafeBufferPointer { u in
                for j in 1...interior { input[j - 1] = g[j] - (2 * u[j] - u[j - 1] - u[j + 1]) * invH2 }
            }
        }
        transform.executeOnInterior()
        factors.withUnsafeBufferPointer { f in
            errors.withUnsafeMutableBufferPointer { e in
                e[0] = 0
                for k in 1...interior { e[k] = f[k] * transform.unscaledCoefficient(k) }
            }
        }
    }
}
