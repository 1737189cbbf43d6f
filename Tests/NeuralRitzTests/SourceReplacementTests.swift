import Testing
import Foundation
import PoissonCore
@testable import NeuralRitz

/// `RitzTrainer.replaceSource(samples:)` against an independent construction: a trainer built
/// on source `g₁` whose source is then replaced by the samples of `g₂` must be, loss for loss
/// and step for step, the trainer built on `g₂` from the same parameters — for the Ritz energy
/// and for the PINN residual (whose loss keeps its own copy of the source).
@Suite struct SourceReplacementTests {
    static func trainer(source: @escaping @Sendable (Double) -> Double, loss: TrainingLoss) throws -> RitzTrainer {
        let problem = try PoissonProblem(lower: 0, upper: 1, source: ScalarFunction(source))
        var generator = SeededGenerator(seed: 3)
        let network = try MultilayerPerceptron(
            architecture: try NetworkArchitecture(hiddenWidths: [6, 5], activation: .tanh),
            initialization: try GaussianInitialization(weightStandardDeviation: 0.7, biasStandardDeviation: 0.3),
            using: &generator)
        return try RitzTrainer(network: network, problem: problem, trainingPoints: try problem.grid(pointCount: 17),
                               loss: loss, optimizer: .adam(learningRate: 1e-2, beta1: 0.9, beta2: 0.999, epsilon: 1e-8),
                               parallelism: TrainingParallelism(pointCount: 17, threads: 1))
    }

    @Test(arguments: [TrainingLoss.ritz(penalty: 50), .pinn(penalty: 50)])
    func replacedSourceTrainsAsTheNewProblem(loss: TrainingLoss) throws {
        let g2: @Sendable (Double) -> Double = { x in 3 * x * x - 1 }
        var replaced = try Self.trainer(source: { x in sin(7 * x) }, loss: loss)
        let target = try Self.trainer(source: g2, loss: loss)
        let samples = replaced.trainingPoints.coordinates.map(g2)
        let before = replaced.flopCount
        try replaced.replaceSource(samples: samples)
        #expect(replaced.loss == target.loss, "\(loss)")
        let expectedFlops: Int
        if case .ritz = loss { expectedFlops = 2 * 17 } else { expectedFlops = 0 }
        #expect(replaced.flopCount - before == replaced.initialEvaluationFlops + expectedFlops)
        var fresh = target
        for _ in 0..<4 {
            try replaced.step()
            try fresh.step()
            #expect(replaced.loss == fresh.loss, "\(loss)")
        }
        #expect(replaced.network.parameters == fresh.network.parameters)
    }

    @Test func leastSquaresRefusesASource() throws {
        var fit = try Self.trainer(source: { _ in 1 }, loss: .leastSquares(target: .function(ScalarFunction { $0 })))
        #expect(throws: NeuralError.self) { try fit.replaceSource(samples: [Double](repeating: 0, count: 17)) }
    }
}
