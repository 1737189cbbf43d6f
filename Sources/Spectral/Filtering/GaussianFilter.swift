import Foundation
import PoissonCore

/// The paper's filtering view of the Frequency Principle (Xu et al., Sec. 4): split a function on
/// the grid into a low-frequency part (a Gaussian low-pass of width `δ`) and the high-frequency
/// rest, and measure how well an iterate matches a target in each part.
///
/// **Kernel.** The paper convolves with the normalised Gaussian `G^δ(x) ∝ exp(−x²/(2δ))`
/// (`δ` a variance, in squared units of `x`). Here the filter is defined exactly in frequency
/// space, on the DFT of all `n` grid values (`FourierTransform`), by the gain
///
///     F[f_low](k) = G_k · F[f](k),   G_k = exp(−2π² δ ξ_k²),   ξ_k = min(k, n−k) / (n h),
///
/// the continuous Fourier transform of that kernel at the frequency `ξ_k` (cycles per unit length)
/// of DFT index `k`. So `G_0 = 1` (the mean passes, as the paper's normalisation by `C_i`
/// ensures), a pure `cos(2π k j/n)` is scaled by exactly `G_k`, and the gain falls to `e^{−1/2}`
/// at `ξ = 1/(2π√δ)`. It equals the paper's convolution made periodic over the length `n h`, up
/// to sampling aliasing of the kernel, negligible when `h ≪ √δ`. The high part is
/// `f_high = f − f_low` (gain `1 − G_k`).
///
/// **Errors** (the paper's `e_low`, `e_high`), for iterate `h` and target `y`:
///
///     e_low  = ‖y_low − h_low‖₂ / ‖y_low‖₂,   e_high = ‖y_high − h_high‖₂ / ‖y_high‖₂,
///
/// Euclidean norms over the `n` grid values, evaluated in frequency space by Parseval (weights 1
/// for `k = 0` and even-`n` `k = n/2`, 2 otherwise) — no inverse transform. A part of the target
/// whose norm is round-off, `‖y_part‖ ≤ ModeErrorRecord.referenceFloor · ‖y‖` (e.g. the high part
/// of a constant), has no relative error: that error is reported as 0 when the difference's part
/// is round-off too (`≤ referenceFloor · ‖y‖`) and as `+∞` otherwise.
///
/// Cost: `lowHighErrors` two real DFTs of `n` points plus `O(n)`; `lowPart` one forward and one
/// inverse DFT. Allocation-free. A `Sendable` value with independent copies (see
/// `TransformWorkspace`).
public struct GaussianFilter: Sendable {
    /// The grid the filtered vectors live on (`n` points, spacing `h`).
    public let grid: UniformGrid
    /// The width `δ` (variance of the x-space kernel, squared units of `x`).
    public let width: Double
    /// The gains `G_k` for `k = 0 … ⌊n/2⌋`.
    public let gains: [Double]

    /// Parseval weights of the half spectrum: 1 for `k = 0` (and `k = n/2`, `n` even), else 2.
    private let weights: [Double]
    private var workspace: TransformWorkspace<FourierTransform>

    /// A filter of width `δ > 0` (finite) on `grid`. Throws `SpectralError.outOfRange` otherwise.
    public init(grid: UniformGrid, width: Double) throws {
        guard width.isFinite, width > 0 else {
            throw SpectralError.outOfRange(parameter: "filter width δ", value: width, range: "finite and > 0")
        }
        let n = grid.pointCount
        let transform = try FourierTransform(count: n)
        let length = Double(n) * grid.spacing
        self.grid = grid
        self.width = width
        self.gains = (0..<transform.spectrumCount).map { k in
            let xi = Double(min(k, n - k)) / length
            return exp(-2 * Double.pi * Double.pi * width * xi * xi)
        }
        self.weights = (0..<transform.spectrumCount).map { k in (k == 0 || 2 * k == n) ? 1 : 2 }
        self.workspace = TransformWorkspace(transform)
    }

    /// `(e_low, e_high)` of `iterate` against `target`, both grid vectors of `n` entries
    /// (preconditions). Mutating only because it uses the value's own FFTW buffers.
    public mutating func lowHighErrors(iterate: [Double], target: [Double]) -> (low: Double, high: Double) {
        let n = grid.pointCount
        precondition(iterate.count == n && target.count == n, "GaussianFilter: vectors must have \(n) entries")
        let transform = workspace.unique()
        let signal = transform.signal, spectrum = transform.spectrum, m = transform.spectrumCount
        // Σ_k w_k g_k² |X_k|² for the target (X = F[y]) and the difference (X = F[y − h]).
        func energies() -> (low: Double, high: Double) {
            var low = 0.0, high = 0.0
            gains.withUnsafeBufferPointer { g in
                weights.withUnsafeBufferPointer { w in
                    for k in 0..<m {
                        let (re, im) = spectrum[k]
                        let p = w[k] * (re * re + im * im)
                        low += g[k] * g[k] * p
                        high += (1 - g[k]) * (1 - g[k]) * p
                    }
                }
            }
            return (low, high)
        }
        target.withUnsafeBufferPointer { y in signal.update(from: y.baseAddress!, count: n) }
        transform.executeForward()
        let reference = energies()
        // ‖y‖² = Σ w |Y_k|² (Parseval, times n); parts at or below floor²·‖y‖² are round-off.
        let negligible: Double
        do {
            var total = 0.0
            weights.withUnsafeBufferPointer { w in
                for k in 0..<m { total += w[k] * (spectrum[k].0 * spectrum[k].0 + spectrum[k].1 * spectrum[k].1) }
            }
            negligible = ModeErrorRecord.referenceFloor * ModeErrorRecord.referenceFloor * total
        }
        iterate.withUnsafeBufferPointer { h in
            target.withUnsafeBufferPointer { y in
                for j in 0..<n { signal[j] = y[j] - h[j] }
            }
        }
        transform.executeForward()
        let difference = energies()
        func ratio(_ numerator: Double, _ denominator: Double) -> Double {
            if denominator > negligible { return (numerator / denominator).squareRoot() }
            return numerator <= negligible ? 0 : .infinity
        }
        return (ratio(difference.low, reference.low), ratio(difference.high, reference.high))
    }

    /// The low part `f_low` of the grid vector `v` into `low` (both `n` entries); the high part is
    /// `v − low`. Allocation-free.
    public mutating func lowPart(of v: [Double], into low: inout [Double]) {
        let n = grid.pointCount
        precondition(v.count == n && low.count == n, "GaussianFilter: vectors must have \(n) entries")
        let transform = workspace.unique()
        let signal = transform.signal, spectrum = transform.spectrum
        v.withUnsafeBufferPointer { v in signal.update(from: v.baseAddress!, count: n) }
        transform.executeForward()
        let scale = 1 / Double(n)
        gains.withUnsafeBufferPointer { g in
            for k in 0..<transform.spectrumCount {
                let factor = g[k] * scale
                spectrum[k] = (factor * spectrum[k].0, factor * spectrum[k].1)
            }
        }
        transform.executeInverse()
        low.withUnsafeMutableBufferPointer { low in low.baseAddress!.update(from: signal, count: n) }
    }
}
