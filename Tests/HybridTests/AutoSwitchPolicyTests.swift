import ClassicalSolvers
import Foundation
import Hybrid
import NeuralRitz
import PoissonCore
import Spectral
import Testing
import TestSupport

/// `hybrid.policy: auto`: the decision is blind to the answer, its predictions follow the
/// solver's per-mode contraction, and on the default problem it costs at most 1.25× the best
/// hand-over found in hindsight.
@Suite struct AutoSwitchPolicyTests {
    /// The paper's problem with a network trained on its own sample, as the default case builds it
    /// (`widths`, `trainingPoints`, `steps` and the grid scaled down where a test needs speed).
    static func paperSetup(points: Int, widths: [Int] = [200, 200, 100], trainingPoints: Int = 201, steps: Int,
                           switchAt: [Int], tolerance: Double = 1e-3, withExact: Bool = true,
                           reference: ([Double], DiscretePoisson) -> [Double] = { exact, _ in exact }) throws -> HybridSetup {
        let paper = ReferenceProblems.paper()
        let problem = withExact ? paper : try PoissonProblem(lower: -1, upper: 1, source: paper.source)
        let discrete = try DiscretePoisson(problem: problem, pointCount: points)
        let exact = try DiscretePoisson(problem: paper, pointCount: points).exactSolution()!
        var generator = SeededGenerator(seed: 1)
        let network = try MultilayerPerceptron(
            architecture: try NetworkArchitecture(hiddenWidths: widths, activation: .tanh),
            initialization: try GaussianInitialization(weightStandardDeviation: 0.5, biasStandardDeviation: 0.5),
            using: &generator)
        let trainer = try RitzTrainer(network: network, problem: problem,
                                      trainingPoints: try problem.grid(pointCount: trainingPoints),
                                      loss: .ritz(penalty: 1000),
                                      optimizer: .adam(learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8),
                                      parallelism: TrainingParallelism(pointCount: trainingPoints, threads: 1))
        var setup = HybridSetup(discrete: discrete, reference: reference(exact, discrete),
                                network: .init(trainer: trainer, steps: steps),
                                solver: .init(method: .jacobi(weight: 1), maxSweeps: 10_000_000),
                                switchAt: switchAt, every: 1_000_000, sineModes: [1, 2, 4], peaks: .indices([1]),
                                tolerance: tolerance)
        setup.policy = .auto(clock: .flops, decideEvery: 10)
        return setup
    }

    /// Point 2 of the issue: the policy never sees the reference or the exact solution. The same
    /// case with the exact solution withheld from the problem and the reference replaced by
    /// zeros, and once more by a different vector, decides at the identical step with the
    /// identical predictions, bit for bit. On 513 points with a small network the decision falls
    /// inside the training (it is a real decision, not the step-0 shortcut).
    @Test func decisionIsBlindToTheAnswer() throws {
        let base = try Self.paperSetup(points: 513, widths: [20, 20], trainingPoints: 101, steps: 400, switchAt: [])
        let blind = try Self.paperSetup(points: 513, widths: [20, 20], trainingPoints: 101, steps: 400, switchAt: [],
                                        withExact: false) { _, d in [Double](repeating: 0, count: d.pointCount) }
        let other = try Self.paperSetup(points: 513, widths: [20, 20], trainingPoints: 101, steps: 400, switchAt: [],
                                        withExact: false) { exact, _ in exact.map { 3 * $0 + 1 } }
        #expect(try blind.discrete.exactSolution() == nil)
        var decisions: [HandOverDecision] = []
        for var setup in [base, blind, other] {
            // Against a wrong reference the tolerance is never met: keep the solver phases short
            // (the policy does not see the sweep budget either).
            setup.solver?.maxSweeps = 2000
            let result = try HybridDriver(setup: setup).run()
            let auto = try #require(result.runs.first { $0.kind.name == "hybrid@auto" })
            decisions.append(try #require(auto.decision))
        }
        let d = decisions[0]
        #expect(d.step > 0 && d.step < 400, "a decision inside the training: \(d.step)")
        print("blind@513: step \(d.step) reason \(d.reason) predicted \(d.predictedSolverSteps) sweeps")
        for other in decisions.dropFirst() {
            #expect(other.step == d.step)
            #expect(other.reason == d.reason)
            #expect(other.trace == d.trace)
            #expect(other.predictedSolverSteps == d.predictedSolverSteps)
            #expect(other.decisionCost.flops == d.decisionCost.flops)
        }
    }

    /// The predicted solver steps follow Jacobi's per-mode factor: an error that is one sine mode
    /// `k` of amplitude `A` needs `⌈log(tol/A)/log cos(kπ/(N+1))⌉` sweeps, and a measured Jacobi
    /// solve from that start needs exactly that many to bring its error to the tolerance.
    @Test func predictionOfOneModeIsJacobisCount() throws {
        let problem = ReferenceProblems.sine()
        let discrete = try DiscretePoisson(problem: problem, pointCount: 129)
        let n = discrete.interiorCount
        let factors = try #require(SolverCostModel.perModeFactors(of: .jacobi(weight: 1), interiorCount: n))
        let model = SolverCostModel(contraction: .perMode(factors), flopsPerStep: 3 * n)
        let k = 3, amplitude = 0.25, tolerance = 1e-5
        var errors = [Double](repeating: 0, count: n + 1)
        errors[k] = amplitude
        var evaluations = 0
        let predicted = model.predictedSteps(errors: errors, tolerance: tolerance, evaluations: &evaluations)
        let expected = (log(tolerance / amplitude) / log(cos(Double(k) * .pi / Double(n + 1)))).rounded(.up)
        #expect(predicted == expected)
        // Measured: Jacobi from u* + A sin(kπj/(N+1)).
        let solution = discrete.directSolution()
        var start = solution
        for j in 1...n { start[j] += amplitude * sin(Double(k * j) * .pi / Double(n + 1)) }
        var jacobi = try JacobiSolver(problem: discrete, initialGuess: start)
        var sweeps = 0
        while GridNorms.maxDifference(jacobi.iterate, solution) > tolerance * (1 + 1e-9) {
            try jacobi.step()
            sweeps += 1
        }
        #expect(abs(Double(sweeps) - predicted) <= 1, "measured \(sweeps), predicted \(predicted)")
        #expect(model.price(steps: predicted, on: .flops) == predicted * Double(3 * n))
    }

    /// Runs the policy by hand on 257 points through decisions whose grid values are the
    /// discrete solution plus `amplitude(d)` times the lowest sine mode at the `d`-th decision (a
    /// stand-in for a network whose lowest mode sets the solver's price), one training step
    /// costing `stepFlops`; returns the hand-over decision.
    static func syntheticDecision(budget: Int, stepFlops: Int, amplitude: (Int) -> Double) throws -> HandOverDecision {
        // u = 1000 sin πx on (0, 1): the zero guess (error 1000 in the lowest mode) is dearer
        // than every state below, so the hand-over is from a state.
        let problem = try PoissonProblem(lower: 0, upper: 1, source: ScalarFunction { x in 1000 * .pi * .pi * sin(.pi * x) })
        let discrete = try DiscretePoisson(problem: problem, pointCount: 257)
        let n = discrete.interiorCount, solution = discrete.directSolution()
        let factors = try #require(SolverCostModel.perModeFactors(of: .jacobi(weight: 1), interiorCount: n))
        var policy = try AutoSwitchPolicy(problem: discrete, tolerance: 1e-3, clock: .flops, decideEvery: 10,
                                          trainingBudget: budget, trainingStepCost: WorkCost(flops: stepFlops),
                                          solverCost: SolverCostModel(contraction: .perMode(factors), flopsPerStep: 3 * n))
        var step = try #require(policy.nextDecisionStep(after: -1))
        var index = 0
        while true {
            let a = amplitude(index)
            let values = (0..<(n + 2)).map { j in solution[j] + a * sin(Double(j) * .pi / Double(n + 1)) }
            let context = HandOverContext(step: step, flops: step * stepFlops, seconds: 0,
                                          network: LazyGridValues { (values, 0) })
            if !policy.decide(at: context).isEmpty { break }
            index += 1
            step = try #require(policy.nextDecisionStep(after: step))
        }
        return try #require(policy.decision(for: .auto(switchAt: nil)))
    }

    /// The realised saving keeps a training whose best state still falls: the lowest mode reaches
    /// a new low (×0.7) at every other decision and jumps to 100× that in between. The per-mode
    /// trend through such scatter starts from the high state and, within the budget, does not
    /// reach the best state kept, so the trends alone hand over early (no gain: without the
    /// realised saving, the state of step 60); the saving of the last window (the lowest mode
    /// halved, about 7·10⁶ flop of solver work, against 4·10⁶ of training) keeps it training to
    /// the budget. With the lows not falling, the same scatter hands over early.
    @Test func aFallingBestStateKeepsTrainingThroughScatter() throws {
        func scattered(falling: Bool) -> (Int) -> Double {
            { d in
                let low = 0.5 * (falling ? pow(0.7, Double(d / 2)) : 1)
                return d % 2 == 0 ? low : 100 * low
            }
        }
        let falling = try Self.syntheticDecision(budget: 300, stepFlops: 100_000, amplitude: scattered(falling: true))
        #expect(falling.reason == .budget && falling.step == 300, "\(falling.reason) at \(falling.step)")
        let state = try #require(falling.source.stateStep(handOverAt: falling.step))
        #expect(state >= 280, "handed over the state at \(state)")
        let flat = try Self.syntheticDecision(budget: 300, stepFlops: 100_000, amplitude: scattered(falling: false))
        #expect(flat.reason == .noGain && flat.step < 150, "\(flat.reason) at \(flat.step)")
    }

    /// Acceptance, 1001 points: `hybrid@auto` on the default problem (the default case's network,
    /// training sample, optimizer and tolerance, 300 training steps) costs at most 1.25× the
    /// cheapest of the solver alone and the fixed switches every 100 steps, on the flops clock —
    /// and its predicted solver cost at the hand-over is within a factor 2 of the measured one.
    @Test func autoIsWithinAQuarterOfHindsightAt1001Points() throws {
        let setup = try Self.paperSetup(points: 1001, steps: 300, switchAt: [0, 100, 200, 300])
        let result = try HybridDriver(setup: setup).run()
        let auto = try #require(result.runs.first { $0.kind.name == "hybrid@auto" })
        let decision = try #require(auto.decision)
        let autoFlops = try #require(auto.toleranceHit?.flops)
        let candidates = result.runs.filter { if case .hybrid = $0.kind { return true }; return $0.kind == .solver }
        #expect(candidates.count == 4)
        let costs = candidates.compactMap { $0.toleranceHit?.flops }
        let best = try #require(costs.min())
        #expect(Double(autoFlops) <= 1.25 * Double(best), "auto \(autoFlops) at \(decision.step), best \(best)")
        let actual = try #require(decision.actualSolverCost)
        #expect(decision.predictedSolverCost <= 2 * actual && actual <= 2 * decision.predictedSolverCost,
                "predicted \(decision.predictedSolverCost), actual \(actual)")
        print("auto@1001: step \(decision.step) reason \(decision.reason) flops \(autoFlops) best \(best) predicted \(decision.predictedSolverCost) actual \(actual)")
    }
}
