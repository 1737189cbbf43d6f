import CFFTW

/// The discrete sine transform DST-I of size `N` — the expansion of an interior vector in the
/// eigenvectors of `A = tridiag(−1, 2, −1)/h²` and of the Jacobi iteration matrix.
///
/// Normalisation: for a grid vector `v` (entries `j = 0 … N+1`, of which `1 … N` are used) the
/// coefficients `a_k`, `k = 1 … N`, satisfy exactly
///
///     v_j = Σ_{k=1}^{N} a_k sin(kπj/(N+1)),   j = 1 … N,
///     a_k = (2/(N+1)) Σ_{j=1}^{N} v_j sin(kπj/(N+1)),
///
/// so `a_k` is "the amplitude of mode k" (a pure `sin(kπx)` sampled on the grid has `a_k = 1`).
/// It is computed as FFTW's `RODFT00` (`Y_k = 2 Σ_j X_j sin(π(j+1)(k+1)/(N+1))`, 0-based) scaled
/// by `1/(N+1)`.
///
/// The FFTW plan and two `fftw_malloc`'d buffers of `N` doubles are made once at `init` (under the
/// package's planner lock, with `FFTW_ESTIMATE`: see `fftwPlannerFlags`) and reused by every call;
/// `deinit` destroys the plan and frees them. Calls allocate nothing. Cost: `O(N log N)`,
/// `flopsPerTransform` flops as counted by FFTW, plus `N` multiplications for the scaling.
///
/// Not `Sendable`: every call writes the object's own buffers, so one object serves one thread at
/// a time (make one per thread; creating one is cheap). The trackers, which are `Sendable`
/// values, give each copy its own transform on first use.
public final class SineTransform {
    /// Interior size `N` (the number of sine modes).
    public let interiorCount: Int
    /// FFTW's exact operation count of one `RODFT00` execution (adds + multiplies + 2·FMAs),
    /// excluding the `N` multiplications of the `1/(N+1)` scaling.
    public let flopsPerTransform: Int

    /// `N` doubles: the transform's input (`v_1 … v_N`).
    let input: UnsafeMutablePointer<Double>
    /// `N` doubles: the transform's unscaled output (`(N+1)·a_1 … (N+1)·a_N`).
    let output: UnsafeMutablePointer<Double>
    private let plan: fftw_plan

    /// Plans the DST-I of `interiorCount` points. Throws `SpectralError.invalidSize` unless
    /// `1 ≤ N ≤ Int32.max`.
    public init(interiorCount: Int) throws {
        guard interiorCount >= 1, interiorCount <= fftwMaximumSize else {
            throw SpectralError.invalidSize(parameter: "sine transform interior count", value: interiorCount,
                                            range: 1...fftwMaximumSize)
        }
        let input = fftw_alloc_real(interiorCount)!
        let output = fftw_alloc_real(interiorCount)!
        guard let plan = makePlan({
            fftw_plan_r2r_1d(Int32(interiorCount), input, output, FFTW_RODFT00, fftwPlannerFlags)
        }) else {
            fftw_free(input); fftw_free(output)
            throw SpectralError.planningFailed(transform: "DST-I (RODFT00)", size: interiorCount)
        }
        self.interiorCount = interiorCount
        self.input = input
        self.output = output
        self.plan = plan
        self.flopsPerTransform = flopCount(of: plan)
    }

    deinit {
        destroyPlan(plan)
        fftw_free(input)
        fftw_free(output)
    }

    /// Runs the plan on `input`, leaving the unscaled result in `output`.
    @inline(__always) func execute() { fftw_execute(plan) }

    /// `1/(N+1)`: turns the unscaled output into the coefficients `a_k`.
    @inlinable var coefficientScale: Double { 1 / Double(interiorCount + 1) }

    /// The sine coefficients of a grid vector: uses `v[1] … v[N]` (the boundary entries `v[0]`,
    /// `v[N+1]` are ignored) and writes `a[k]` for `k = 1 … N`, and `a[0] = 0` (unused).
    /// Shapes: `v.count == N + 2`, `a.count == N + 1` (preconditions). Allocates nothing.
    public func coefficients(ofGridVector v: [Double], into a: inout [Double]) {
        let n = interiorCount
        precondition(v.count == n + 2, "SineTransform: grid vector has \(v.count) entries, expected \(n + 2)")
        precondition(a.count == n + 1, "SineTransform: coefficient array has \(a.count) entries, expected \(n + 1)")
        v.withUnsafeBufferPointer { v in input.update(from: v.baseAddress! + 1, count: n) }
        execute()
        storeCoefficients(into: &a)
    }

    /// The sine coefficients of an interior-only vector (`v.count == N`, `v[j−1] = v_j`); writes
    /// `a[1] … a[N]` and `a[0] = 0`, `a.count == N + 1`. Allocates nothing.
    public func coefficients(ofInterior v: [Double], into a: inout [Double]) {
        let n = interiorCount
        precondition(v.count == n, "SineTransform: interior vector has \(v.count) entries, expected \(n)")
        precondition(a.count == n + 1, "SineTransform: coefficient array has \(a.count) entries, expected \(n + 1)")
        v.withUnsafeBufferPointer { v in input.update(from: v.baseAddress!, count: n) }
        execute()
        storeCoefficients(into: &a)
    }

    /// The inverse: the grid vector `v_j = Σ_{k=1}^{N} a_k sin(kπj/(N+1))` for `j = 1 … N`,
    /// with `v[0] = v[N+1] = 0`, from `a[1] … a[N]` (`a[0]` ignored). DST-I is its own inverse up
    /// to the factor `2(N+1)`, so this is `RODFT00(a)/2`. Shapes: `a.count == N + 1`,
    /// `v.count == N + 2`. Allocates nothing.
    public func gridVector(fromCoefficients a: [Double], into v: inout [Double]) {
        let n = interiorCount
        precondition(a.count == n + 1, "SineTransform: coefficient array has \(a.count) entries, expected \(n + 1)")
        precondition(v.count == n + 2, "SineTransform: grid vector has \(v.count) entries, expected \(n + 2)")
        a.withUnsafeBufferPointer { a in input.update(from: a.baseAddress! + 1, count: n) }
        execute()
        v.withUnsafeMutableBufferPointer { v in
            v[0] = 0; v[n + 1] = 0
            for j in 0..<n { v[j + 1] = 0.5 * output[j] }
        }
    }

    private func storeCoefficients(into a: inout [Double]) {
        let n = interiorCount, scale = coefficientScale
        a.withUnsafeMutableBufferPointer { a in
            a[0] = 0
            for k in 0..<n { a[k + 1] = scale * output[k] }
        }
    }

    /// A new transform of the same size (its own plan and buffers).
    func freshCopy() -> SineTransform {
        // Planning this size already succeeded once with the same deterministic flags; FFTW only
        // refuses sizes it cannot handle at all, so this cannot fail.
        try! SineTransform(interiorCount: interiorCount)
    }
}
