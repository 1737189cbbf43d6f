import CFFTW

/// The discrete Fourier transform of `n` real values (all grid points, boundary included),
/// unnormalised, as in the paper's Fig. 4:
///
///     F[f](k) = Σ_{j=0}^{n−1} f_j e^{−2πijk/n},   k = 0 … ⌊n/2⌋,
///
/// (the other half follows from `F[f](n−k) = conj F[f](k)`). The inverse,
///
///     f_j = (1/n) Σ_{k=0}^{n−1} F(k) e^{+2πijk/n},
///
/// reads the half spectrum and ignores the imaginary parts of `F(0)` and, for even `n`, of
/// `F(n/2)` (they are zero for a real signal). Index `k` corresponds to `k` periods over the
/// length `n·h`, i.e. the frequency `ξ_k = k/(n h)` cycles per unit length.
///
/// A real-to-complex plan (FFTW `dft_r2c_1d`) and a complex-to-real plan (`dft_c2r_1d`) over
/// two `fftw_malloc`'d buffers (`n` doubles, `⌊n/2⌋+1` complex) are made once at `init` (under the
/// planner lock, `FFTW_ESTIMATE`) and reused; `deinit` frees them. This type allocates nothing per
/// call; FFTW itself allocates scratch inside plans for lengths with large prime factors (measured:
/// 1 allocation per execution at n = 1001 = 7·11·13, 2 at the prime 2¹⁶+1, none at powers of
/// two). Cost `O(n log n)` for every `n` (Rader's algorithm for large primes, with a larger
/// constant: 3 ms at n = 2¹⁶+1 against 0.4 ms for a DST of similar size), `flopsPerTransform`
/// flops as counted by FFTW.
///
/// Not `Sendable`: one object per thread (see `SineTransform`).
public final class FourierTransform {
    /// Number of real samples `n`.
    public let count: Int
    /// Number of stored frequencies, `⌊n/2⌋ + 1` (`k = 0 … ⌊n/2⌋`).
    public let spectrumCount: Int
    /// FFTW's exact operation count of one forward execution (adds + multiplies + 2·FMAs).
    public let flopsPerTransform: Int

    /// `n` doubles: input of the forward transform, output of the inverse.
    let signal: UnsafeMutablePointer<Double>
    /// `⌊n/2⌋ + 1` complex values (re, im): output of the forward transform, input of the inverse
    /// (which overwrites it).
    let spectrum: UnsafeMutablePointer<fftw_complex>
    private let forwardPlan: fftw_plan
    private let inversePlan: fftw_plan

    /// Plans both directions for `count` samples. Throws `SpectralError.invalidSize` unless
    /// `2 ≤ n ≤ Int32.max`.
    public init(count: Int) throws {
        guard count >= 2, count <= fftwMaximumSize else {
            throw SpectralError.invalidSize(parameter: "Fourier transform count", value: count, range: 2...fftwMaximumSize)
        }
        let spectrumCount = count / 2 + 1
        let signal = fftw_alloc_real(count)!
        let spectrum = fftw_alloc_complex(spectrumCount)!
        let plans: (fftw_plan, fftw_plan)? = makePlan {
            // Both plans under one lock acquisition; `nil` if either fails.
            guard let f = fftw_plan_dft_r2c_1d(Int32(count), signal, spectrum, fftwPlannerFlags) else { return nil }
            guard let i = fftw_plan_dft_c2r_1d(Int32(count), spectrum, signal, fftwPlannerFlags) else {
                fftw_destroy_plan(f); return nil
            }
            return (f, i)
        }
        guard let (forward, inverse) = plans else {
            fftw_free(signal); fftw_free(spectrum)
            throw SpectralError.planningFailed(transform: "real DFT (r2c/c2r)", size: count)
        }
        self.count = count
        self.spectrumCount = spectrumCount
        self.signal = signal
        self.spectrum = spectrum
        self.forwardPlan = forward
        self.inversePlan = inverse
        self.flopsPerTransform = flopCount(of: forward)
    }

    deinit {
        destroyPlan(forwardPlan)
        destroyPlan(inversePlan)
        fftw_free(signal)
        fftw_free(spectrum)
    }

    /// Runs the forward plan: `signal` → `spectrum` (the input is preserved).
    @inline(__always) func executeForward() { fftw_execute(forwardPlan) }
    /// Runs the inverse plan: `spectrum` → `n · signal` (unnormalised; `spectrum` is destroyed).
    @inline(__always) func executeInverse() { fftw_execute(inversePlan) }

    /// `F[v](k)` for `k = 0 … ⌊n/2⌋`: `real[k] = Re F`, `imaginary[k] = Im F`.
    /// Shapes: `v.count == n`, `real.count == imaginary.count == ⌊n/2⌋ + 1` (preconditions).
    /// Allocates nothing.
    public func transform(_ v: [Double], real: inout [Double], imaginary: inout [Double]) {
        precondition(v.count == count, "FourierTransform: input has \(v.count) entries, expected \(count)")
        precondition(real.count == spectrumCount && imaginary.count == spectrumCount,
                     "FourierTransform: spectrum arrays must have \(spectrumCount) entries")
        v.withUnsafeBufferPointer { v in signal.update(from: v.baseAddress!, count: count) }
        executeForward()
        let m = spectrumCount
        real.withUnsafeMutableBufferPointer { re in
            imaginary.withUnsafeMutableBufferPointer { im in
                for k in 0..<m { re[k] = spectrum[k].0; im[k] = spectrum[k].1 }
            }
        }
    }

    /// The inverse transform `v_j = (1/n) Σ_k F(k) e^{2πijk/n}` from the half spectrum
    /// (`real`, `imaginary` of `⌊n/2⌋ + 1` entries) into `v` (`n` entries). Allocates nothing.
    public func inverse(real: [Double], imaginary: [Double], into v: inout [Double]) {
        precondition(real.count == spectrumCount && imaginary.count == spectrumCount,
                     "FourierTransform: spectrum arrays must have \(spectrumCount) entries")
        precondition(v.count == count, "FourierTransform: output has \(v.count) entries, expected \(count)")
        for k in 0..<spectrumCount { spectrum[k] = (real[k], imaginary[k]) }
        executeInverse()
        let scale = 1 / Double(count)
        v.withUnsafeMutableBufferPointer { v in
            for j in 0..<count { v[j] = scale * signal[j] }
        }
    }

    /// A new transform of the same size (its own plans and buffers).
    func freshCopy() -> FourierTransform {
        // Same size, same deterministic flags as a plan that already succeeded: cannot fail.
        try! FourierTransform(count: count)
    }
}
