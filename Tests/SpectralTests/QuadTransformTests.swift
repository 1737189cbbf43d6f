import Foundation
import Testing
import PoissonCore
import Spectral
import TestSupport

/// The binary128 sine transform: the same coefficients as the double one and the naive sum, and
/// per-coefficient accuracy where the double transform only reaches ~ε of the largest.
@Suite(.enabled(if: QuadSineTransform.isAvailable, "binary128 needs an x86-64 build"))
struct QuadTransformTests {
    /// Against the naive O(N²) double sum and `SineTransform`, odd and even sizes. Tolerance 1e-13
    /// of the largest coefficient: the double references carry O(ε·√N)…O(ε log N) round-off
    /// (~1e-14 here) and the quad side none to speak of; any wrong index, sign or scale gives O(1).
    @Test(arguments: [1, 2, 7, 64, 999])
    func matchesNaiveSumAndDoubleTransform(interiorCount n: Int) throws {
        let v = TransformTests.gaussianVector(count: n + 2, seed: 300 + UInt64(n))
        let w = TransformTests.gaussianVector(count: n + 2, seed: 400 + UInt64(n))
        let quad = try QuadSineTransform(interiorCount: n)
        #expect(quad.interiorCount == n)
        var a = [Double](repeating: .nan, count: n + 1)
        quad.coefficients(ofGridVector: v, into: &a)
        #expect(a[0] == 0)
        let naive = TransformTests.naiveSineCoefficients(v)
        #expect(TransformTests.normwiseRelativeDifference(a, naive) <= 1e-13, "N = \(n): against the naive sum")
        var double = [Double](repeating: .nan, count: n + 1)
        try SineTransform(interiorCount: n).coefficients(ofGridVector: v, into: &double)
        #expect(TransformTests.normwiseRelativeDifference(a, double) <= 1e-13, "N = \(n): against SineTransform")

        // Minus a zero reference is the same computation as no reference (v − 0 is exact).
        var minusZero = [Double](repeating: .nan, count: n + 1)
        quad.coefficients(ofGridVector: v, minus: [Double](repeating: 0, count: n + 2), into: &minusZero)
        #expect(minusZero == a)
        // The difference: linear in the input, so the coefficients of v minus those of w (the
        // double sum of two quad results adds one rounding, ~ε of the largest).
        var difference = [Double](repeating: .nan, count: n + 1), b = difference
        quad.coefficients(ofGridVector: v, minus: w, into: &difference)
        quad.coefficients(ofGridVector: w, into: &b)
        #expect(difference[0] == 0)
        #expect(TransformTests.normwiseRelativeDifference(difference, zip(a, b).map { $0 - $1 }) <= 1e-15, "N = \(n)")
    }

    /// `a_k` of the discrete parabola `v_j = j(N+1−j)` (exact integers), in closed form. It solves
    /// `tridiag(−1, 2, −1) v = 2` with zero ends, and the constant has coefficients
    /// `(2/(N+1))·cot(θ_k/2)` for odd `k` (0 for even `k`), `θ_k = kπ/(N+1)`; dividing by the
    /// eigenvalues `4 sin²(θ_k/2)`:
    ///
    ///     a_k = cot(x) / ((N+1) sin²x),  x = kπ/(2(N+1)),  k odd;   a_k = 0,  k even.
    ///
    /// Evaluated as `sin(π/2 − x) / ((N+1) sin³x)` with `π/2 − x = (N+1−k)π/(2(N+1))` formed from
    /// the exact integer `N+1−k`, so both sines see arguments in `(0, π/2)`, where `sin` is
    /// well conditioned: ~10 ulp relative in every coefficient, however small.
    static func parabolaCoefficient(_ k: Int, interiorCount n: Int) -> Double {
        guard k % 2 == 1 else { return 0 }
        let quarterPeriod = Double(2 * (n + 1))
        let x = Double(k) * .pi / quarterPeriod, complement = Double(n + 1 - k) * .pi / quarterPeriod
        let s = sin(x)
        return sin(complement) / (Double(n + 1) * s * s * s)
    }

    /// Dynamic range: the parabola's odd coefficients fall like `k⁻³` from the first mode to the
    /// last (a range of 1.1e6 at N = 60, 1.6e11 at N = 999). Each must match the closed form to
    /// 1e-14 relative (≈ 45 ulp: the closed form's ~10 ulp plus the quad result's half ulp;
    /// measured ≤ 7.4e-16), and the even ones, exactly 0, must be ≤ 1e-28 of the largest
    /// (binary128 round-off is ~1e-33 of it; measured ≤ 7e-35). The double transform cannot do
    /// this: its ~ε·largest absolute error is a relative error of 2.5e-11 (N = 60) and 2.8e-6
    /// (N = 999) at the smallest coefficients; the latter is asserted to stay above 1e-9, so the
    /// test keeps showing why the quad path exists.
    /// (A geometric signal `v_j = 2^{−j}` has a closed form too, but its coefficients span only a
    /// factor ~10, so it exercises no dynamic range.)
    @Test(arguments: [60, 999])
    func perCoefficientAccuracyOverManyDecades(interiorCount n: Int) throws {
        var v = [Double](repeating: 0, count: n + 2)
        for j in 1...n { v[j] = Double(j * (n + 1 - j)) }
        let exact = (0...n).map { $0 == 0 ? 0 : Self.parabolaCoefficient($0, interiorCount: n) }
        let largest = exact.map(abs).max()!, smallest = stride(from: 1, through: n, by: 2).map { abs(exact[$0]) }.min()!
        var quad = [Double](repeating: .nan, count: n + 1), double = quad
        try QuadSineTransform(interiorCount: n).coefficients(ofGridVector: v, into: &quad)
        try SineTransform(interiorCount: n).coefficients(ofGridVector: v, into: &double)

        func worstDeviations(_ a: [Double]) -> (oddRelative: Double, even: Double) {
            var odd = 0.0, even = 0.0
            for k in 1...n {
                if k % 2 == 1 { odd = max(odd, abs(a[k] - exact[k]) / abs(exact[k])) } else { even = max(even, abs(a[k]) / largest) }
            }
            return (odd, even)
        }
        let q = worstDeviations(quad), d = worstDeviations(double)
        print("parabola N = \(n): coefficients span \(largest / smallest); worst relative deviation of odd modes: "
              + "quad \(q.oddRelative), double \(d.oddRelative); largest even mode / largest: quad \(q.even), double \(d.even)")
        #expect(q.oddRelative <= 1e-14, "N = \(n)")
        #expect(q.even <= 1e-28, "N = \(n)")
        if n == 999 {
            #expect(d.oddRelative > 1e-9, "the double transform reaches \(d.oddRelative) here")
        }
    }

    /// Bad sizes are typed errors, not traps, as for `SineTransform`.
    @Test func invalidSizesThrow() {
        #expect(throws: SpectralError.self) { try QuadSineTransform(interiorCount: 0) }
        #expect(throws: SpectralError.self) { try QuadSineTransform(interiorCount: Int(Int32.max) + 1) }
    }

    /// Plans are made with FFTW_ESTIMATE: independently planned transforms — also concurrently,
    /// through the planner lock — give bit-identical results.
    @Test func independentAndConcurrentPlansAreBitIdentical() async throws {
        let v = TransformTests.gaussianVector(count: 1001, seed: 13)
        var first = [Double](repeating: 0, count: 1000)
        try QuadSineTransform(interiorCount: 999).coefficients(ofGridVector: v, into: &first)
        let all = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var a = [Double](repeating: 0, count: 1000)
                    try QuadSineTransform(interiorCount: 999).coefficients(ofGridVector: v, into: &a)
                    return a
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(all.count == 8 && all.allSatisfy { $0 == first })
    }

    /// The quad tracker: same rows as the double one to the double one's round-off; the stored
    /// `precision`; value semantics (a copy gets its own transform and both keep computing the same).
    @Test func quadTrackerAgreesWithDoubleTracker() throws {
        let reference = TrackerTests.paper.directSolution()
        let iterate = TrackerTests.randomStart(seed: 17)
        var quad = try SineModeTracker(reference: reference, modes: .indices([8, 1, 500]), precision: .quad)
        var double = try SineModeTracker(reference: reference, modes: [8, 1, 500])
        #expect(quad.precision == .quad && double.precision == .double)
        #expect(!quad.usesDirectProjection && double.usesDirectProjection)
        quad.record(step: 4, iterate: iterate)
        double.record(step: 4, iterate: iterate)
        #expect(quad.records.map(\.mode) == [8, 1, 500] && quad.records.allSatisfy { $0.step == 4 })
        let largest = double.records.map(\.absoluteError).max()!
        for (q, d) in zip(quad.records, double.records) {
            #expect(abs(q.absoluteError - d.absoluteError) <= 1e-13 * largest, "mode \(q.mode)")
            // The paper's u is odd about x = 0: its odd sine modes are round-off in both paths.
            #expect((q.relativeError == nil) == (q.mode % 2 == 1) && (d.relativeError == nil) == (q.mode % 2 == 1))
        }
        for (q, d) in zip(quad.referenceCoefficients, double.referenceCoefficients) where q.magnitude > 1e-6 {
            expectClose(q, d, relative: 1e-12)
        }

        // Rows and signed coefficients come from the same transform.
        var coefficients = [Double](repeating: .nan, count: reference.count - 1)
        quad.errorCoefficients(of: iterate, into: &coefficients)
        #expect(quad.records.map(\.absoluteError) == [8, 1, 500].map { abs(coefficients[$0]) })

        var copy = quad
        copy.record(step: 5, iterate: iterate)
        quad.record(step: 6, iterate: iterate)
        #expect(copy.records.map(\.step) == [4, 4, 4, 5, 5, 5])
        #expect(quad.records.map(\.step) == [4, 4, 4, 6, 6, 6])
        #expect(copy.records.suffix(3).map(\.absoluteError) == quad.records.suffix(3).map(\.absoluteError))
    }
}
