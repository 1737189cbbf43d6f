import Foundation
import PoissonCore

/// The paper's filtering view (Xu et al., Sec. 4) in the sine eigenbasis of the Dirichlet
/// problem: the Gaussian low-pass of width `δ` applied to the odd periodic extension of a grid
/// function's interior, and the relative errors of an iterate's low and high parts.
///
/// **Why the sine basis.** `GaussianFilter` filters the DFT of all `n` grid values, i.e. the
/// *periodic* extension over `n h`; an error that vanishes at both ends but not with zero slope
/// (Jacobi's slowest mode, a half sine) has a kink there, and its DFT leaks into every high
/// index — so a slowly converging low mode shows up as "high-frequency error". The odd extension
/// over `2(b − a)` of a function that vanishes at both ends is continuous, and its Fourier series
/// is the sine series `e_j = Σ_k a_k sin(kπj/(N+1))`: mode `k` has the frequency
/// `ξ_k = k / (2(b − a))` (cycles per unit length), and is an eigenvector of Jacobi, so the
/// filter separates exactly what the solvers separate.
///
/// **Gain and errors.** `G_k = exp(−2π² δ ξ_k²)` (the continuous Fourier transform of the
/// normalised kernel `∝ exp(−x²/(2δ))` at `ξ_k`, as in `GaussianFilter`), and for iterate `u` and
/// target `y` (interior points; the sine modes are orthogonal with equal norms):
///
///     e_low  = sqrt(Σ_k G_k² a_k(y−u)²) / sqrt(Σ_k G_k² a_k(y)²),
///     e_high = sqrt(Σ_k (1−G_k)² a_k(y−u)²) / sqrt(Σ_k (1−G_k)² a_k(y)²).
///
/// A part of the target at or below `ModeErrorRecord.referenceFloor` of its whole norm has no
/// relative error: 0 when the difference's part is round-off too, `+∞` otherwise. Cost per call:
/// one DST-I of the difference plus `O(N)` (the target's coefficients are computed once, in
/// `init`); allocation-free. A `Sendable` value with independent copies.
public struct SineGaussianFilter: Sendable {
    /// The grid (`n` points, boundary included; `N = n − 2` sine modes).
    public let grid: UniformGrid
    /// The width `δ` (variance of the x-space kernel, squared units of `x`).
    public let width: Double
    /// `G_k` at index `k = 1 … N` (index 0 unused).
    public let gains: [Double]
    /// `Σ G_k² a_k(y)²` and `Σ (1−G_k)² a_k(y)²` of the target, and the round-off floor.
    private let targetLow: Double, targetHigh: Double, negligible: Double
    private let target: [Double]
    private var workspace: TransformWorkspace<SineTransform>
    private var coefficients: [Double]
    /// `y − u` as a grid vector (boundary entries unused), preallocated.
    private var difference: [Double]

    /// A filter of width `δ > 0` (finite) on `grid` against `target` (a grid vector of `n`
    /// entries). Throws `SpectralError.outOfRange` for a bad width, the DST's errors otherwise.
    public init(grid: UniformGrid, width: Double, target: [Double]) throws {
        guard width.isFinite, width > 0 else {
            throw SpectralError.outOfRange(parameter: "filter width δ", value: width, range: "finite and > 0")
        }
        let interior = grid.pointCount - 2
        precondition(target.count == grid.pointCount, "SineGaussianFilter: target must have \(grid.pointCount) entries")
        let transform = try SineTransform(interiorCount: interior)
        let length = Double(grid.pointCount - 1) * grid.spacing
        self.grid = grid
        self.width = width
        self.gains = (0...interior).map { k in
            let xi = Double(k) / (2 * length)
            return k == 0 ? 0 : exp(-2 * Double.pi * Double.pi * width * xi * xi)
        }
        var a = [Double](repeating: 0, count: interior + 1)
        transform.coefficients(ofGridVector: target, into: &a)
        var low = 0.0, high = 0.0, total = 0.0
        for k in 1...interior {
            let p = a[k] * a[k]
            low += gains[k] * gains[k] * p
            high += (1 - gains[k]) * (1 - gains[k]) * p
            total += p
        }
        self.targetLow = low
        self.targetHigh = high
        self.negligible = ModeErrorRecord.referenceFloor * ModeErrorRecord.referenceFloor * total
        self.target = target
        self.workspace = TransformWorkspace(transform)
        self.coefficients = a
        self.difference = [Double](repeating: 0, count: grid.pointCount)
    }

    /// `(e_low, e_high)` of `iterate` (a grid vector of `n` entries; its boundary entries are not
    /// used) against the target.
    public mutating func lowHighErrors(iterate: [Double]) -> (low: Double, high: Double) {
        let n = grid.pointCount
        precondition(iterate.count == n, "SineGaussianFilter: iterate must have \(n) entries")
        for j in 1..<(n - 1) { difference[j] = target[j] - iterate[j] }
        workspace.unique().coefficients(ofGridVector: difference, into: &coefficients)
        var low = 0.0, high = 0.0
        for k in 1..<(n - 1) {
            let p = coefficients[k] * coefficients[k]
            low += gains[k] * gains[k] * p
            high += (1 - gains[k]) * (1 - gains[k]) * p
        }
        func ratio(_ numerator: Double, _ denominator: Double) -> Double {
            if denominator > negligible { return (numerator / denominator).squareRoot() }
            return numerator <= negligible ? 0 : .infinity
        }
        return (ratio(low, targetLow), ratio(high, targetHigh))
    }
}
