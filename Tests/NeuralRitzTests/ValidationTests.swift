import Testing
import PoissonCore
import TestSupport
@testable import NeuralRitz

/// Acceptance 5: bad hyper-parameters are thrown errors with clear messages, and a step that
/// produces non-finite numbers reports divergence and keeps the last finite state.
@Suite struct ValidationTests {
    static let problem = ReferenceProblems.sine()

    /// Runs `body`, requires a `NeuralError`, and checks its message names the problem.
    func expectNeuralError(_ fragment: String, sourceLocation: SourceLocation = #_sourceLocation,
                           _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("no error thrown (expected one mentioning “\(fragment)”)", sourceLocation: sourceLocation)
        } catch let error as NeuralError {
            #expect(error.description.contains(fragment), "message: \(error.description)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func badArchitecturesAndInitialisationsAreRejected() {
        expectNeuralError("widths are empty") { _ = try NetworkArchitecture(hiddenWidths: []) }
        expectNeuralError("hidden layer 2 has width 0") { _ = try NetworkArchitecture(hiddenWidths: [3, 0]) }
        expectNeuralError("hidden layer 1 has width -4") { _ = try NetworkArchitecture(hiddenWidths: [-4]) }
        expectNeuralError("weight standard deviation = 0.0") {
            _ = try GaussianInitialization(weightStandardDeviation: 0, biasStandardDeviation: 1)
        }
        expectNeuralError("weight standard deviation = nan") {
            _ = try GaussianInitialization(weightStandardDeviation: .nan, biasStandardDeviation: 1)
        }
        expectNeuralError("bias standard deviation = -0.1") {
            _ = try GaussianInitialization(weightStandardDeviation: 1, biasStandardDeviation: -0.1)
        }
        expectNeuralError("bias standard deviation = inf") {
            _ = try GaussianInitialization(weightStandardDeviation: 1, biasStandardDeviation: .infinity)
        }
        // Stored properties are `var`: an edited value is re-validated where it is used.
        expectNeuralError("widths are empty") {
            var architecture = try NetworkArchitecture(hiddenWidths: [2])
            architecture.hiddenWidths = []
            var generator = SeededGenerator(seed: 1)
            _ = try MultilayerPerceptron(architecture: architecture,
                                         initialization: GaussianInitialization(weightStandardDeviation: 1, biasStandardDeviation: 1),
                                         using: &generator)
        }
        expectNeuralError("needs 7") {
            _ = try MultilayerPerceptron(architecture: NetworkArchitecture(hiddenWidths: [2]), parameters: [1, 2])
        }
        expectNeuralError("parameter 1 is not finite") {
            _ = try MultilayerPerceptron(architecture: NetworkArchitecture(hiddenWidths: [2]),
                                         parameters: [1, .nan, 0, 0, 0, 0, 0])
        }
    }

    @Test func badTrainingSettingsAreRejected() throws {
        let network = try Networks.make([3], .tanh, seed: 1)
        let grid = try Self.problem.grid(pointCount: 5)
        func trainer(_ loss: TrainingLoss = .ritz(penalty: 100), _ optimizer: OptimizerConfiguration = .adam(learningRate: 1e-3),
                     grid: UniformGrid? = nil) throws {
            _ = try RitzTrainer(network: network, problem: Self.problem, trainingPoints: grid ?? (try Self.problem.grid(pointCount: 5)),
                                loss: loss, optimizer: optimizer)
        }
        expectNeuralError("learning rate = 0.0") { try trainer(.ritz(penalty: 1), .adam(learningRate: 0)) }
        expectNeuralError("learning rate = -0.1") { try trainer(.ritz(penalty: 1), .gradientDescent(learningRate: -0.1)) }
        expectNeuralError("learning rate = nan") { try trainer(.ritz(penalty: 1), .adam(learningRate: .nan)) }
        expectNeuralError("Adam β₁ = 1.0") { try trainer(.ritz(penalty: 1), .adam(learningRate: 1e-3, beta1: 1)) }
        expectNeuralError("Adam β₂ = -0.5") { try trainer(.ritz(penalty: 1), .adam(learningRate: 1e-3, beta2: -0.5)) }
        expectNeuralError("Adam ε = 0.0") { try trainer(.ritz(penalty: 1), .adam(learningRate: 1e-3, epsilon: 0)) }
        expectNeuralError("penalty β = 0.0") { try trainer(.ritz(penalty: 0)) }
        expectNeuralError("penalty β = -3.0") { try trainer(.ritz(penalty: -3)) }
        expectNeuralError("penalty β = nan") { try trainer(.ritz(penalty: .nan)) }
        expectNeuralError("3 values for 5 training points") { try trainer(.leastSquares(target: .values([1, 2, 3]))) }
        expectNeuralError("not finite at training point 2") {
            try trainer(.leastSquares(target: .values([0, 1, .nan, 1, 0])))
        }
        expectNeuralError("must coincide") {
            try trainer(grid: try UniformGrid(lower: 0, upper: 1, pointCount: 5))
        }
        #expect(grid.pointCount == 5)
    }

    /// A huge Adam step (α = 1e300) overflows the pre-activations, so `ż` hits `0 · ∞`: the
    /// loss becomes NaN. The step must throw `DivergenceError` and leave the network, the
    /// loss and the counters exactly as before it; later steps rethrow.
    @Test func nonFiniteLossReportsDivergenceAndKeepsTheLastFiniteState() throws {
        let network = try Networks.make([4, 4], .tanh, seed: 2)
        var trainer = try RitzTrainer(network: network, problem: Self.problem,
                                      trainingPoints: try Self.problem.grid(pointCount: 9),
                                      loss: .ritz(penalty: 10), optimizer: .adam(learningRate: 1e300))
        var before = trainer
        var caught: DivergenceError? = nil
        for _ in 0..<20 {
            before = trainer
            do { try trainer.step() } catch let error as DivergenceError { caught = error; break }
        }
        let error = try #require(caught)
        #expect(error.quantity == "loss" || error.quantity == "parameters" || error.quantity == "gradient")
        #expect(error.step == before.stepCount + 1)
        #expect(trainer.network == before.network)
        #expect(trainer.network.parameters.allSatisfy { $0.isFinite })
        #expect(trainer.loss == before.loss && trainer.loss.isFinite)
        #expect(trainer.stepCount == before.stepCount && trainer.flopCount == before.flopCount)
        #expect(throws: DivergenceError.self) { try trainer.step() }
        #expect(trainer.network == before.network)
        // A new source clears the failure and re-evaluates at the restored parameters: loss,
        // gradient and values are then those of a fresh trainer there.
        try trainer.replaceSource(samples: try Self.problem.source.sample(on: trainer.trainingPoints, name: "g"))
        let fresh = try RitzTrainer(network: trainer.network, problem: Self.problem, trainingPoints: trainer.trainingPoints,
                                    loss: .ritz(penalty: 10), optimizer: .adam(learningRate: 1e300))
        #expect(trainer.loss == fresh.loss)
        #expect(trainer.gradientAtCurrentParameters() == fresh.gradientAtCurrentParameters())
        #expect(trainer.valuesAtTrainingPoints == fresh.valuesAtTrainingPoints)
    }

    /// Gradient descent with the largest finite α overflows the parameters themselves
    /// (θ − α g = ±∞ wherever |g| > 1): reported as divergence of the parameters, which are
    /// restored.
    @Test func overflowingUpdateReportsDivergence() throws {
        let network = try Networks.make([4], .tanh, seed: 4)
        var trainer = try RitzTrainer(network: network, problem: Self.problem,
                                      trainingPoints: try Self.problem.grid(pointCount: 9),
                                      loss: .ritz(penalty: 10),
                                      optimizer: .gradientDescent(learningRate: .greatestFiniteMagnitude))
        try #require(trainer.gradientAtCurrentParameters().contains { abs($0) > 1 })
        let error = try #require(throws: DivergenceError.self) { try trainer.step() }
        #expect(error == DivergenceError(step: 1, quantity: "parameters"))
        #expect(trainer.network == network && trainer.stepCount == 0)
    }
}
