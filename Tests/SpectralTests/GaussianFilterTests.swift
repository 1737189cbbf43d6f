import Foundation
import Testing
import PoissonCore
import Spectral
import TestSupport

@Suite struct GaussianFilterTests {
    /// Known answer: a pure low and a pure high DFT mode. With `c_k(j) = cos(2πkj/n)` the
    /// filter scales `c_k` by exactly `G_k = exp(−2π²δ(k/(nh))²)`, and for a target
    /// `y = A c_kl + B c_kh` and the iterate `h = A c_kl` (the high mode not yet learned):
    ///
    ///     e_low  = G_h B / √(G_l²A² + G_h²B²),
    ///     e_high = (1−G_h) B / √((1−G_l)²A² + (1−G_h)²B²)
    ///
    /// (both modes have the same Parseval weight, so the norms reduce to these amplitudes).
    @Test(arguments: [1001, 1000])
    func pureLowAndHighModes(pointCount n: Int) throws {
        let grid = try UniformGrid(lower: -1, upper: 1, pointCount: n)
        let delta = 1e-3, kLow = 1, kHigh = 30
        var filter = try GaussianFilter(grid: grid, width: delta)
        let length = Double(n) * grid.spacing
        func gain(_ k: Int) -> Double { exp(-2 * .pi * .pi * delta * pow(Double(k) / length, 2)) }
        let gl = gain(kLow), gh = gain(kHigh)
        #expect(gl > 0.99 && gh < 0.1 && gh > 1e-3, "the modes should sit on either side of the cut-off")
        expectClose(filter.gains[kLow], gl, relative: 1e-15)
        #expect(filter.gains[0] == 1)

        let a = 2.0, b = 0.5
        let low = (0..<n).map { j in a * cos(2 * .pi * Double(kLow * j % n) / Double(n)) }
        let high = (0..<n).map { j in b * cos(2 * .pi * Double(kHigh * j % n) / Double(n)) }
        let target = zip(low, high).map(+)

        let errors = filter.lowHighErrors(iterate: low, target: target)
        expectClose(errors.low, gh * b / (gl * gl * a * a + gh * gh * b * b).squareRoot(), relative: 1e-12)
        expectClose(errors.high, (1 - gh) * b / ((1 - gl) * (1 - gl) * a * a + (1 - gh) * (1 - gh) * b * b).squareRoot(),
                    relative: 1e-12)

        // The target itself: both errors vanish; the zero function: both are 1.
        let exact = filter.lowHighErrors(iterate: target, target: target)
        #expect(exact.low == 0 && exact.high == 0)
        let zero = filter.lowHighErrors(iterate: [Double](repeating: 0, count: n), target: target)
        expectClose(zero.low, 1, relative: 1e-14)
        expectClose(zero.high, 1, relative: 1e-14)

        // The low part of the target is G_l·low + G_h·high, pointwise.
        var filtered = [Double](repeating: .nan, count: n)
        filter.lowPart(of: target, into: &filtered)
        let expected = (0..<n).map { gl * low[$0] + gh * high[$0] }
        #expect(GridNorms.maxDifference(filtered, expected) <= 1e-13)
    }

    /// A constant target has no high part (its DFT at k > 0 is round-off): e_high is 0 for the
    /// target itself and +∞ for anything else (documented); the constant passes the filter
    /// unchanged.
    @Test func constantTarget() throws {
        let grid = try UniformGrid(lower: 0, upper: 1, pointCount: 33)
        var filter = try GaussianFilter(grid: grid, width: 0.01)
        let target = [Double](repeating: 1.5, count: 33)
        #expect(filter.lowHighErrors(iterate: target, target: target) == (low: 0, high: 0))
        var off = target
        off[4] = 0
        #expect(filter.lowHighErrors(iterate: off, target: target).high == .infinity)
        var low = [Double](repeating: 0, count: 33)
        filter.lowPart(of: target, into: &low)
        #expect(GridNorms.maxDifference(low, target) <= 1e-15)
    }

    /// The frequency-space (Parseval) errors equal the paper's definition evaluated in x-space on
    /// explicitly filtered vectors, `‖y_low − h_low‖₂ / ‖y_low‖₂` with `y_low` from `lowPart`,
    /// for random vectors with a mean (k = 0) and, for even n, a Nyquist component — the entries
    /// whose Parseval weight is 1 rather than 2. Round-off tolerance (both paths are a few FFTs).
    @Test(arguments: [64, 65])
    func errorsMatchExplicitFiltering(pointCount n: Int) throws {
        let grid = try UniformGrid(lower: 0, upper: 3, pointCount: n)
        var filter = try GaussianFilter(grid: grid, width: 0.02)
        var rng = SeededGenerator(seed: UInt64(n))
        let target = (0..<n).map { j in 1 + rng.nextGaussian() + (j % 2 == 0 ? 0.7 : -0.7) }
        let iterate = target.map { $0 + 0.3 * rng.nextGaussian() - 0.2 }
        var yLow = [Double](repeating: 0, count: n), hLow = yLow
        filter.lowPart(of: target, into: &yLow)
        filter.lowPart(of: iterate, into: &hLow)
        func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        let yHigh = zip(target, yLow).map(-), hHigh = zip(iterate, hLow).map(-)
        let low = norm(zip(yLow, hLow).map(-)) / norm(yLow)
        let high = norm(zip(yHigh, hHigh).map(-)) / norm(yHigh)
        let errors = filter.lowHighErrors(iterate: iterate, target: target)
        expectClose(errors.low, low, relative: 1e-12)
        expectClose(errors.high, high, relative: 1e-12)
    }

    @Test func invalidWidthThrows() throws {
        let grid = try UniformGrid(lower: 0, upper: 1, pointCount: 33)
        for width in [0, -1, Double.nan, .infinity] {
            #expect(throws: SpectralError.self) { try GaussianFilter(grid: grid, width: width) }
        }
    }
}
