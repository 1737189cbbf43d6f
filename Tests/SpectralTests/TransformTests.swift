import Foundation
import Testing
import PoissonCore
import Spectral
import TestSupport

/// The two FFTW transforms against the naive O(n²) sums that define them.
@Suite struct TransformTests {
    /// Naive DST-I in the `SineTransform` normalisation: `a_k = (2/(N+1)) Σ_j v_j sin(kπj/(N+1))`.
    /// The angle's integer part `jk mod 2(N+1)` is reduced exactly so `sin` sees arguments in
    /// `[0, 2π)` and contributes only ~1 ulp each.
    static func naiveSineCoefficients(_ v: [Double]) -> [Double] {
        let n = v.count - 2, period = 2 * (n + 1)
        var a = [Double](repeating: 0, count: n + 1)
        for k in 1...n {
            var s = 0.0
            for j in 1...n { s += v[j] * sin(Double((j * k) % period) * .pi / Double(n + 1)) }
            a[k] = 2 * s / Double(n + 1)
        }
        return a
    }

    /// Naive `F[f](k) = Σ_j f_j e^{−2πijk/n}` for `k = 0 … ⌊n/2⌋`, angles reduced exactly.
    static func naiveDFT(_ f: [Double]) -> (real: [Double], imaginary: [Double]) {
        let n = f.count
        var re = [Double](repeating: 0, count: n / 2 + 1), im = re
        for k in 0...(n / 2) {
            for j in 0..<n {
                let angle = 2 * Double.pi * Double((j * k) % n) / Double(n)
                re[k] += f[j] * cos(angle)
                im[k] -= f[j] * sin(angle)
            }
        }
        return (re, im)
    }

    static func gaussianVector(count: Int, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in rng.nextGaussian() }
    }

    /// `max_k |x_k − y_k| / max_k |y_k|`.
    static func normwiseRelativeDifference(_ x: [Double], _ y: [Double]) -> Double {
        GridNorms.maxDifference(x, y) / GridNorms.maxNorm(y)
    }

    /// Acceptance 1 (sine part). Tolerance 1e-12 relative to the largest coefficient: both sides
    /// carry O(ε·√N)…O(ε log N) round-off, ~1e-14 at these sizes, so 1e-12 leaves a margin while
    /// any wrong index, sign or scale factor would give an O(1) difference.
    @Test(arguments: [1, 2, 3, 8, 15, 64, 101, 256, 999, 1000])
    func sineTransformMatchesNaiveSum(interiorCount n: Int) throws {
        let v = Self.gaussianVector(count: n + 2, seed: UInt64(n))
        let transform = try SineTransform(interiorCount: n)
        var a = [Double](repeating: .nan, count: n + 1)
        transform.coefficients(ofGridVector: v, into: &a)
        let naive = Self.naiveSineCoefficients(v)
        #expect(a[0] == 0)
        #expect(Self.normwiseRelativeDifference(a, naive) <= 1e-12, "N = \(n)")

        // The interior-only entry point gives the same coefficients, bit for bit (same plan).
        var b = [Double](repeating: .nan, count: n + 1)
        transform.coefficients(ofInterior: Array(v[1...n]), into: &b)
        #expect(a == b)

        // Synthesis inverts analysis: the interior is reproduced, the boundary set to zero.
        var w = [Double](repeating: .nan, count: n + 2)
        transform.gridVector(fromCoefficients: a, into: &w)
        #expect(w[0] == 0 && w[n + 1] == 0)
        #expect(Self.normwiseRelativeDifference(Array(w[1...n]), Array(v[1...n])) <= 1e-12)
    }

    /// The normalisation claim: the sampled pure mode `sin(kπj/(N+1))` has `a_k = 1`, all others 0.
    @Test func pureSineModeHasUnitCoefficient() throws {
        let n = 999, transform = try SineTransform(interiorCount: n)
        var a = [Double](repeating: 0, count: n + 1)
        for k in [1, 8, 500, 999] {
            let v = (0...(n + 1)).map { j in sin(Double(j * k) * .pi / Double(n + 1)) }
            transform.coefficients(ofGridVector: v, into: &a)
            expectClose(a[k], 1, relative: 1e-13, "mode \(k)")
            var others = 0.0
            for i in 1...n where i != k { others = max(others, abs(a[i])) }
            #expect(others <= 1e-13, "mode \(k): largest leak \(others)")
        }
    }

    /// Acceptance 1 (DFT part), odd and even sizes including primes (FFTW's Rader path) and
    /// `n = 2`. Same tolerance reasoning as for the sine transform.
    @Test(arguments: [2, 3, 4, 17, 64, 101, 127, 1000, 1001, 1024])
    func fourierTransformMatchesNaiveSum(count n: Int) throws {
        let f = Self.gaussianVector(count: n, seed: 100 + UInt64(n))
        let transform = try FourierTransform(count: n)
        #expect(transform.spectrumCount == n / 2 + 1)
        var re = [Double](repeating: .nan, count: n / 2 + 1), im = re
        transform.transform(f, real: &re, imaginary: &im)
        let naive = Self.naiveDFT(f)
        let scale = zip(naive.real, naive.imaginary).map { ($0 * $0 + $1 * $1).squareRoot() }.max()!
        var worst = 0.0
        for k in re.indices {
            worst = max(worst, abs(re[k] - naive.real[k]), abs(im[k] - naive.imaginary[k]))
        }
        #expect(worst / scale <= 1e-12, "n = \(n): \(worst / scale)")

        // The inverse reproduces the signal.
        var g = [Double](repeating: .nan, count: n)
        transform.inverse(real: re, imaginary: im, into: &g)
        #expect(Self.normwiseRelativeDifference(g, f) <= 1e-12, "n = \(n)")
    }

    /// Bad sizes are typed errors, not traps.
    @Test func invalidSizesThrow() {
        #expect(throws: SpectralError.self) { try SineTransform(interiorCount: 0) }
        #expect(throws: SpectralError.self) { try FourierTransform(count: 1) }
        #expect(throws: SpectralError.self) { try SineTransform(interiorCount: Int(Int32.max) + 1) }
    }

    /// Plans are made with FFTW_ESTIMATE: two independently planned transforms of the same size
    /// give bit-identical results (the reproducibility the choice of flags is for).
    @Test func independentPlansAreBitIdentical() throws {
        let f = Self.gaussianVector(count: 1001, seed: 5)
        var re1 = [Double](repeating: 0, count: 501), im1 = re1, re2 = re1, im2 = re1
        try FourierTransform(count: 1001).transform(f, real: &re1, imaginary: &im1)
        try FourierTransform(count: 1001).transform(f, real: &re2, imaginary: &im2)
        #expect(re1 == re2 && im1 == im2)
        var a1 = [Double](repeating: 0, count: 1000), a2 = a1
        try SineTransform(interiorCount: 999).coefficients(ofInterior: Array(f[0..<999]), into: &a1)
        try SineTransform(interiorCount: 999).coefficients(ofInterior: Array(f[0..<999]), into: &a2)
        #expect(a1 == a2)
    }

    /// Plan creation from many threads at once goes through the planner lock: every concurrently
    /// made transform still computes the right answer.
    @Test func concurrentPlanningIsSafe() async throws {
        let f = Self.gaussianVector(count: 257, seed: 9)
        let naive = Self.naiveDFT(f)
        let worst = try await withThrowingTaskGroup(of: Double.self) { group in
            for task in 0..<16 {
                group.addTask {
                    var worst = 0.0
                    for size in [257, 256 + task, 1000] {
                        let transform = try FourierTransform(count: size)
                        let sine = try SineTransform(interiorCount: size)
                        _ = sine.flopsPerTransform
                        if size == 257 {
                            var re = [Double](repeating: 0, count: 129), im = re
                            transform.transform(f, real: &re, imaginary: &im)
                            for k in 0..<129 { worst = max(worst, abs(re[k] - naive.real[k]), abs(im[k] - naive.imaginary[k])) }
                        }
                    }
                    return worst
                }
            }
            return try await group.reduce(0) { max($0, $1) }
        }
        #expect(worst <= 1e-11)
    }
}
