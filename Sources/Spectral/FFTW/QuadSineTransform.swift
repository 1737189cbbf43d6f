import CFFTWQuad

/// The discrete sine transform DST-I of size `N` computed in IEEE binary128 (quad precision),
/// each coefficient rounded to double once: `SineTransform`'s coefficients, every one correct to
/// about an ulp *of itself* instead of to ~ε of the largest.
///
/// Normalisation as `SineTransform`: for a grid vector `v` (entries `j = 0 … N+1`, of which
/// `1 … N` are used)
///
///     v_j = Σ_{k=1}^{N} a_k sin(kπj/(N+1)),   j = 1 … N,
///     a_k = (2/(N+1)) Σ_{j=1}^{N} v_j sin(kπj/(N+1)).
///
/// **What it is for.** A double-precision FFT leaves an absolute error of ~ε·max_k |a_k| (times a
/// slowly growing factor) in *every* coefficient, so a coefficient 1e-12 of the largest comes out
/// with a relative error of ~1e-5. When a spectrum spans many decades and each coefficient is
/// judged relative to itself — e.g. verifying that an exact iteration (integer start, plain
/// Jacobi, zero source) multiplies mode `k` by exactly `cos(kπ/(N+1))` per sweep, far down the
/// spectrum — this transform is the measuring instrument: the input and the difference
/// `v − reference` are carried in binary128 (the difference of two doubles is exact there unless
/// their magnitudes differ by more than 2⁶⁰), FFTW's quad-precision real DFT of the odd extension
/// (the algorithm of `SineTransform`) adds round-off of at most ~1e-33·max_k |a_k|, and the final rounding
/// to double (half an ulp) dominates for every coefficient above ~1e-17 of the largest.
///
/// **Cost.** binary128 arithmetic runs in software, and almost all of the time goes to FFTW's
/// quad-precision FFT itself: one call at n = 1001 (N = 999) takes ~0.65 ms against ~3.3 µs for
/// `SineTransform` in `make bench` (SpectralBenchmarks, p0), i.e. ~200× slower (~5 ms at
/// N = 4095). It is meant for
/// tests and verification runs, not for tracking long runs. `O(N log N)` all the same.
/// (FFTW's own quad `RODFT00` plan, a half-size algorithm, measured ~2× faster but allocates
/// scratch 8 times per execution, as in double; this type keeps `SineTransform`'s algorithm and
/// allocates nothing per call.)
///
/// **Platform.** x86-64 (and i386) only, where `__float128`, libquadmath and FFTW's `libfftw3q`
/// exist (Debian's libfftw3-dev ships the latter on amd64). Elsewhere `isAvailable` is false and
/// `init` throws `SpectralError.unavailable`.
///
/// The plan (made under the package's planner lock with `FFTW_ESTIMATE`, so results are
/// reproducible bit for bit) and its binary128 buffers (`2(N+1)` reals, `N+2` complex) are made
/// once at `init`, with an `N`-double output buffer; calls allocate nothing. Not `Sendable`: every
/// call writes the object's buffers, so one object serves one thread at a time (as
/// `SineTransform`; the trackers give each copy its own).
public final class QuadSineTransform {
    /// Whether this build computes in binary128 (x86-64 and i386); elsewhere `init` throws.
    public static var isAvailable: Bool { cfftwq_is_available() != 0 }

    /// Interior size `N` (the number of sine modes).
    public let interiorCount: Int

    /// `N` doubles: `a_k` in `output[k − 1]` after `execute(interior:minus:)`.
    private let output: UnsafeMutablePointer<Double>
    /// The C side's plan with its binary128 buffers (`cfftwq_sine_plan *`).
    private let plan: OpaquePointer

    /// Plans the binary128 DST-I of `interiorCount` points. Throws `SpectralError.unavailable`
    /// away from x86, and `SpectralError.invalidSize` unless `1 ≤ N` and `2(N+1) ≤ Int32.max`.
    public init(interiorCount: Int) throws {
        guard Self.isAvailable else {
            throw SpectralError.unavailable(
                transform: "quad-precision sine transform",
                reason: "binary128 (__float128, libquadmath, FFTW's libfftw3q) exists only in x86-64 and i386 builds")
        }
        let maximum = fftwMaximumSize / 2 - 1
        guard interiorCount >= 1, interiorCount <= maximum else {
            throw SpectralError.invalidSize(parameter: "quad sine transform interior count", value: interiorCount,
                                            range: 1...maximum)
        }
        guard let plan = makePlan({ cfftwq_sine_plan_create(Int32(interiorCount)) }) else {
            throw SpectralError.planningFailed(transform: "quad-precision DST-I (binary128 real DFT of the odd extension)",
                                               size: interiorCount)
        }
        self.interiorCount = interiorCount
        self.plan = plan
        self.output = .allocate(capacity: interiorCount)
        output.initialize(repeating: 0, count: interiorCount)
    }

    deinit {
        destroyQuadSinePlan(plan)
        output.deallocate()
    }

    /// The sine coefficients of `v − reference` (or of `v` when `reference` is `nil`): uses the
    /// entries `1 … N` of both grid vectors (the boundary entries are ignored) and writes `a[k]`,
    /// `k = 1 … N`, each the exact coefficient of the stored difference rounded once to double
    /// (to ~1 ulp of itself; see the type's documentation), and `a[0] = 0` (unused).
    /// Shapes: `v.count == reference.count == N + 2`, `a.count == N + 1` (preconditions).
    /// Allocates nothing.
    public func coefficients(ofGridVector v: [Double], minus reference: [Double]? = nil, into a: inout [Double]) {
        let n = interiorCount
        precondition(v.count == n + 2, "QuadSineTransform: grid vector has \(v.count) entries, expected \(n + 2)")
        precondition(reference == nil || reference!.count == n + 2,
                     "QuadSineTransform: reference has \(reference!.count) entries, expected \(n + 2)")
        precondition(a.count == n + 1, "QuadSineTransform: coefficient array has \(a.count) entries, expected \(n + 1)")
        let plan = self.plan
        a.withUnsafeMutableBufferPointer { a in
            a[0] = 0
            v.withUnsafeBufferPointer { v in
                if let reference {
                    reference.withUnsafeBufferPointer { r in
                        cfftwq_sine_execute(plan, v.baseAddress! + 1, r.baseAddress! + 1, a.baseAddress! + 1)
                    }
                } else {
                    cfftwq_sine_execute(plan, v.baseAddress! + 1, nil, a.baseAddress! + 1)
                }
            }
        }
    }

    /// Transforms the `N` interior values `values[0 …< N]` minus `reference[0 …< N]` (or minus
    /// zero) into the object's output; read them with `coefficient(_:)`.
    func execute(interior values: UnsafePointer<Double>, minus reference: UnsafePointer<Double>?) {
        cfftwq_sine_execute(plan, values, reference, output)
    }

    /// `a_k` after `execute(interior:minus:)`, `k = 1 … N`.
    @inline(__always) func coefficient(_ k: Int) -> Double { output[k - 1] }

    /// A new transform of the same size (its own plan and buffers).
    func freshCopy() -> QuadSineTransform {
        // Planning this size already succeeded on this machine with the same deterministic flags;
        // only a failed allocation could make it fail now.
        try! QuadSineTransform(interiorCount: interiorCount)
    }
}
