import Foundation
import Hybrid
import NeuralRitz
import PoissonCore
import Testing

/// The paper's filtering view in the records (Xu et al., Sec. 4): with `filterWidths`, every
/// curve row carries `e_low`, `e_high`; Jacobi converges in the high part first, the network in
/// the low part first — the Frequency Principle and its opposite on one scale.
@Suite struct FilterRecordingTests {
    /// The paper's problem on `points` points, errors against the exact solution.
    static func paperProblem() throws -> PoissonProblem {
        try PoissonProblem(
            lower: -1, upper: 1,
            source: ScalarFunction(expression: "sin(x) + 4*sin(4*x) - 8*sin(8*x) + 16*sin(24*x)"),
            exact: ScalarFunction(expression: "sin(x) + sin(4*x)/4 - sin(8*x)/8 + sin(24*x)/36"
                                    + " - x*(sin(1) + sin(4)/4 - sin(8)/8 + sin(24)/36)"))
    }

    /// The first recorded step at which `e_low` (or `e_high`) of width 0 falls below 0.1.
    static func firstBelow(_ rows: [CurveRow], high: Bool) -> Int? {
        rows.first { row in
            guard let e = row.metrics.filtered.first else { return false }
            return (high ? e.high : e.low) < 0.1
        }?.step
    }

    @Test func jacobiFromZeroFitsTheHighPartFirst() throws {
        let discrete = try DiscretePoisson(problem: Self.paperProblem(), pointCount: 257)
        var setup = HybridSetup(discrete: discrete, reference: try discrete.exactSolution()!, network: nil,
                                solver: .init(method: .jacobi(weight: 1), maxSweeps: 20_000), switchAt: [], every: 100,
                                sineModes: [1], peaks: .largest(1), tolerance: 1e-6)
        setup.filterWidths = [0.01, 0.03]
        let run = try HybridDriver(setup: setup).run().runs[0]
        #expect(run.curves.allSatisfy { $0.metrics.filtered.count == 2 })
        let high = try #require(Self.firstBelow(run.curves, high: true))
        let low = try #require(Self.firstBelow(run.curves, high: false))
        #expect(high < low, "Jacobi: e_high < 0.1 at \(high), e_low at \(low)")
        #expect(run.curves[0].metrics.filtered == [.init(low: 1, high: 1), .init(low: 1, high: 1)], "from zero")
    }

    @Test func theNetworkFitsTheLowPartFirst() throws {
        let problem = try Self.paperProblem()
        let discrete = try DiscretePoisson(problem: problem, pointCount: 129)
        var generator = SeededGenerator(seed: 1)
        let network = try MultilayerPerceptron(architecture: NetworkArchitecture(hiddenWidths: [40, 40]),
                                               initialization: GaussianInitialization(weightStandardDeviation: 0.5,
                                                                                      biasStandardDeviation: 0.5),
                                               using: &generator)
        let trainer = try RitzTrainer(network: network, problem: problem, trainingPoints: problem.grid(pointCount: 129),
                                      loss: .ritz(penalty: 1000), optimizer: .adam(learningRate: 1e-3))
        var setup = HybridSetup(discrete: discrete, reference: try discrete.exactSolution()!,
                                network: .init(trainer: trainer, steps: 2500), solver: nil, switchAt: [], every: 50,
                                sineModes: [1], peaks: .largest(1), tolerance: 1e-6)
        setup.filterWidths = [0.01]
        let run = try HybridDriver(setup: setup).run().runs[0]
        let low = try #require(Self.firstBelow(run.curves, high: false), "e_low never below 0.1")
        let last = try #require(run.curves.last?.metrics.filtered.first)
        #expect(last.high > 0.1 && Self.firstBelow(run.curves, high: true).map { $0 > low } ?? true,
                "the network: e_low < 0.1 at \(low), e_high \(last.high) at the end")
    }
}
