import Foundation
import PoissonCore
import Spectral
import Testing
import TestSupport

/// The sine-basis Gaussian filter against its definition on exact sine modes.
@Suite struct SineGaussianFilterTests {
    static let grid = try! UniformGrid(lower: -1, upper: 1, pointCount: 129)

    /// The grid vector of sine mode k (zero boundary entries).
    static func mode(_ k: Int, _ amplitude: Double = 1) -> [Double] {
        (0..<129).map { amplitude * sin(Double(k) * Double.pi * Double($0) / 128) }
    }

    /// Target = mode 2 + mode 40, iterate = mode 2: the difference is mode 40 alone, so
    /// e_low = G_40 / sqrt(G_2² + G_40²) and e_high = (1 − G_40) / sqrt((1 − G_2)² + (1 − G_40)²),
    /// with G_k = exp(−2π² δ (k/(2L))²), L = 2.
    @Test(arguments: [0.001, 0.003, 0.01])
    func modesSplitByTheirGains(width: Double) throws {
        let target = zip(Self.mode(2), Self.mode(40)).map { $0 + $1 }
        var filter = try SineGaussianFilter(grid: Self.grid, width: width, target: target)
        let gain = { (k: Int) in exp(-2 * Double.pi * Double.pi * width * pow(Double(k) / 4, 2)) }
        #expect(abs(filter.gains[2] - gain(2)) <= 1e-15 && abs(filter.gains[40] - gain(40)) <= 1e-15)
        let errors = filter.lowHighErrors(iterate: Self.mode(2))
        expectClose(errors.low, gain(40) / (gain(2) * gain(2) + gain(40) * gain(40)).squareRoot(), relative: 1e-12)
        expectClose(errors.high, (1 - gain(40)) / (pow(1 - gain(2), 2) + pow(1 - gain(40), 2)).squareRoot(), relative: 1e-12)
        // The target itself has no error; zero has all of it.
        let exact = filter.lowHighErrors(iterate: target)
        #expect(exact.low <= 1e-14 && exact.high <= 1e-14)
        let zero = filter.lowHighErrors(iterate: [Double](repeating: 0, count: 129))
        expectClose(zero.low, 1, relative: 1e-14)
        expectClose(zero.high, 1, relative: 1e-14)
    }

    /// Boundary entries of the iterate do not enter (the filter sees the interior only), and a
    /// width that is not finite and positive is refused.
    @Test func interiorOnlyAndBadWidths() throws {
        let target = Self.mode(3)
        var filter = try SineGaussianFilter(grid: Self.grid, width: 0.01, target: target)
        var shifted = Self.mode(3, 0.5)
        let plain = filter.lowHighErrors(iterate: shifted)
        shifted[0] = 7; shifted[128] = -3
        #expect(filter.lowHighErrors(iterate: shifted) == plain)
        for bad in [0.0, -1, .nan, .infinity] {
            #expect(throws: SpectralError.self) { _ = try SineGaussianFilter(grid: Self.grid, width: bad, target: target) }
        }
    }
}
