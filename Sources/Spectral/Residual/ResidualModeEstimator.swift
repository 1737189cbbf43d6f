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
/// Cost per call: `27N` flops for the residual (`DiscretePoisson.accurateResidual`, correct to a
/// twice the working precision, so the low modes of a rough iterate keep their digits), one DST-I
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
    /// The arithmetic of the DST of the residual (fixed at `init`).
    public let precision: TransformPrecision
    /// The double transform (`precision == .double`).
    private var workspace: TransformWorkspace<SineTransform>?
    /// The binary128 transform (`precision == .quad`).
    private var quadWorkspace: TransformWorkspace<QuadSineTransform>?
    /// Scratch grid vector for the residual (`n` entries).
    private var residual: [Double]

    /// Prepares the eigenvalues and the DST plan for `problem`'s grid, the DST in `precision`.
    ///
    /// `.double` suits the iterates solvers produce. For a rough iterate the residual's spectrum
    /// spans `κ(A) = μ_N/μ_1` (4e5 at N = 999), and a double DST's error of ~ε of the largest
    /// `a_k(r)` becomes ~κ(A)·ε relative in the lowest modes (~1e-10 measured for a Gaussian
    /// iterate at N = 999); `.quad` computes the DST in binary128, so every mode keeps the accuracy
    /// of the residual itself. Throws `SpectralError` if the plan cannot be made or
    /// `.quad` is unavailable on this machine.
    public init(problem: DiscretePoisson, precision: TransformPrecision = .double) throws {
        let interior = problem.interiorCount
        let transform = try SineTransform(interiorCount: interior)
        if precision == .quad {
            self.quadWorkspace = TransformWorkspace(try QuadSineTransform(interiorCount: interior))
        } else {
            self.workspace = TransformWorkspace(transform)
        }
        self.precision = precision
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
        self.flopsPerEstimate = DiscretePoisson.accurateResidualFlopsPerPoint * interior
            + transform.flopsPerTransform + interior
        self.residual = [Double](repeating: 0, count: problem.pointCount)
    }

    /// Writes `a_k(iterate − u*) = −a_k(r)/μ_k` into `errors[k]` for `k = 1 … N` and 0 into
    /// `errors[0]`. Shapes: `iterate.count == n`, `errors.count == N + 1` (preconditions).
    public mutating func modeErrors(of iterate: [Double], into errors: inout [Double]) {
        let n = problem.pointCount, interior = n - 2
        precondition(iterate.count == n, "ResidualModeEstimator: iterate has \(iterate.count) entries, expected \(n)")
        precondition(errors.count == interior + 1, "ResidualModeEstimator: output has \(errors.count) entries, expected \(interior + 1)")
        // The residual r_j = g_j − (2u_j − u_{j−1} − u_{j+1})/h² as if in double-double
        // (`DiscretePoisson.accurateResidual`): a plainly rounded residual would carry
        // ε·4|u|/h² in every entry, i.e. ~κ(A)·ε relative in the low modes of a rough iterate.
        problem.accurateResidual(of: iterate, into: &residual)
        if precision == .quad {
            // a_k(r) in binary128, rounded once; the error is −a_k(r)/μ_k = (N+1)·factor_k·a_k(r).
            let quad = quadWorkspace!.unique()
            residual.withUnsafeBufferPointer { r in quad.execute(interior: r.baseAddress! + 1, minus: nil) }
            errors.withUnsafeMutableBufferPointer { e in
                e[0] = 0
                for k in 1...interior { e[k] = -quad.coefficient(k) / eigenvalues[k] }
            }
            return
        }
        let transform = workspace!.unique()
        let input = transform.interior
        residual.withUnsafeBufferPointer { r in input.update(from: r.baseAddress! + 1, count: interior) }
        transform.executeOnInterior()
        factors.withUnsafeBufferPointer { f in
            errors.withUnsafeMutableBufferPointer { e in
                e[0] = 0
                for k in 1...interior { e[k] = f[k] * transform.unscaledCoefficient(k) }
            }
        }
    }
}
