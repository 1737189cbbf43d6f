#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import Testing
import PoissonCore
import TestSupport
@testable import NeuralRitz

/// Issue 14's measured ordering, on a small case: the Fourier-feature network brings the high
/// DFT peak of `u = sin πx + sin 20πx` to `ΔF < 0.1` in fewer Ritz steps than the plain MLP of
/// the same widths, activation and optimizer (Cases/README.md has the full-size measurement:
/// median steps 50 (fourier) and 1000 (mscale) against 2400 (mlp)). At this size (32-32, 129
/// points) the multiscale network did not reach the peak within 1500 steps, nor did the MLP, so
/// no ordering between those two is asserted.
@Suite struct SpectralOrderingTests {
    static let problem = try! PoissonProblem(
        lower: 0, upper: 1, lowerValue: 0, upperValue: 0,
        source: ScalarFunction { x in Double.pi * Double.pi * (sin(Double.pi * x) + 400 * sin(20 * Double.pi * x)) },
        exact: ScalarFunction { x in sin(Double.pi * x) + sin(20 * Double.pi * x) })

    /// `ΔF(k) = |ĥ_k − û_k| / |û_k|` of the naive DFT `v̂_k = Σ_j v_j e^{−2πi jk/m}` over the
    /// `m` training points (the seed paper's measure, at one index).
    static func relativePeakError(_ h: [Double], _ u: [Double], index k: Int) -> Double {
        let m = h.count
        var re = 0.0, im = 0.0, ure = 0.0, uim = 0.0
        for j in 0..<m {
            let angle = -2 * Double.pi * Double((j * k) % m) / Double(m)
            re += (h[j] - u[j]) * cos(angle); im += (h[j] - u[j]) * sin(angle)
            ure += u[j] * cos(angle); uim += u[j] * sin(angle)
        }
        return (re * re + im * im).squareRoot() / (ure * ure + uim * uim).squareRoot()
    }

    /// The first step (checked every 25, at most `budget`) at which the index-10 peak has
    /// `ΔF < 0.1`, or `nil`.
    static func stepsToHighPeak(_ family: NetworkFamily, weightStandardDeviation: Double, budget: Int) throws -> Int? {
        var generator = SeededGenerator(seed: 1)
        let network = try MultilayerPerceptron(
            architecture: NetworkArchitecture(hiddenWidths: [32, 32], activation: .tanh, family: family),
            initialization: GaussianInitialization(weightStandardDeviation: weightStandardDeviation, biasStandardDeviation: 0.5),
            using: &generator)
        let grid = try problem.grid(pointCount: 129)
        let u = grid.coordinates.map { problem.exact!($0) }
        var trainer = try RitzTrainer(network: network, problem: problem, trainingPoints: grid,
                                      loss: .ritz(penalty: 1000), optimizer: .adam(learningRate: 1e-3))
        while trainer.stepCount < budget {
            for _ in 0..<25 { try trainer.step() }
            if relativePeakError(trainer.valuesAtTrainingPoints, u, index: 10) < 0.1 { return trainer.stepCount }
        }
        return nil
    }

    /// Fourier features (16 of scale 10, weight std 0.1 as in high-frequency-fourier.yaml) reach
    /// the peak within 1500 steps (measured: 125); the MLP (weight std 0.5, as in
    /// high-frequency.yaml) has not reached it by then (so it is only run that far).
    @Test func fourierFeaturesReachTheHighPeakBeforeThePlainNetwork() throws {
        var features = SeededGenerator(seed: 1)
        let fourier = try #require(try Self.stepsToHighPeak(.fourier(try FourierFeatures(count: 16, scale: 10, using: &features)),
                                                            weightStandardDeviation: 0.1, budget: 1500))
        let mlp = try Self.stepsToHighPeak(.perceptron, weightStandardDeviation: 0.5, budget: fourier)
        #expect(mlp == nil, "the MLP reached ΔF < 0.1 at step \(mlp ?? 0), the Fourier network at \(fourier)")
    }
}
