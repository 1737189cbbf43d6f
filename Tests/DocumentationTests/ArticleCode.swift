// The code of the DocC articles in Sources/PoissonHybrid/PoissonHybrid.docc, compiled here so it
// cannot rot: `ArticleCodeTests` checks that every ```swift block of the articles appears in this
// file verbatim, and runs the examples on small budgets.

import Foundation
import PoissonHybrid

// MARK: Reproducing the paper's Fig. 4

/// The seed paper's experiment (Xu et al. 2019, Fig. 4): the network trained on the Deep Ritz
/// energy, Jacobi alone, and Jacobi started from the network, on one grid.
func paperExperiment(gridPoints: Int, widths: [Int], trainingSteps: Int, switchAt: [Int]) throws -> HybridResult {
    // −u'' = g on (−1, 1), u(±1) = 0, with the paper's source and its closed-form solution.
    let problem = try PoissonProblem(
        lower: -1, upper: 1,
        source: ScalarFunction(expression: "sin(x) + 4*sin(4*x) - 8*sin(8*x) + 16*sin(24*x)"),
        exact: ScalarFunction(expression: "sin(x) + sin(4*x)/4 - sin(8*x)/8 + sin(24*x)/36"
                                + " - x*(sin(1) + sin(4)/4 - sin(8)/8 + sin(24)/36)"))
    let discrete = try DiscretePoisson(problem: problem, pointCount: gridPoints)   // boundary included
    let reference = try discrete.exactSolution()!                                  // u on the grid

    // A tanh network, seeded, trained full-batch with Adam on 201 points of its own.
    var generator = SeededGenerator(seed: 1)
    let network = try MultilayerPerceptron(
        architecture: NetworkArchitecture(hiddenWidths: widths, activation: .tanh),
        initialization: GaussianInitialization(weightStandardDeviation: 0.5, biasStandardDeviation: 0.5),
        using: &generator)
    let trainer = try RitzTrainer(network: network, problem: problem, trainingPoints: problem.grid(pointCount: 201),
                                  loss: .ritz(penalty: 1000), optimizer: .adam(learningRate: 1e-3))

    // The runs: dnn, solver, hybrid@n for each switch step; records every 50 steps.
    let setup = HybridSetup(discrete: discrete, reference: reference,
                            network: .init(trainer: trainer, steps: trainingSteps),
                            solver: .init(method: .jacobi(weight: 1), maxSweeps: 1_000_000),
                            switchAt: switchAt, every: 50, sineModes: [1, 8],
                            peaks: .indices([1, 3, 8]), tolerance: 1e-3)
    return try HybridDriver(setup: setup).run()
}

/// The first recorded step at which each DFT peak's relative error Δ_F falls below 0.1, per run.
func peakConvergence(of result: HybridResult) -> [String: [Int: Int]] {
    var firstStep: [String: [Int: Int]] = [:]
    for run in result.runs {
        for row in run.modes where row.record.basis == .dft {
            guard let deltaF = row.record.relativeError, deltaF < 0.1 else { continue }
            if firstStep[run.kind.name, default: [:]][row.record.mode] == nil {
                firstStep[run.kind.name, default: [:]][row.record.mode] = row.record.step
            }
        }
    }
    return firstStep
}

/// The paper's scale (about 15 s on two cores in a release build): compiled, not run by the tests.
func paperScale() throws {
    let result = try paperExperiment(gridPoints: 1001, widths: [200, 200, 100], trainingSteps: 3000,
                                     switchAt: [0, 250, 500, 1000, 2000])
    for (run, peaks) in peakConvergence(of: result).sorted(by: { $0.key < $1.key }) {
        print(run, peaks.sorted(by: { $0.key < $1.key }).map { "peak \($0.key): step \($0.value)" })
    }
    for run in result.runs {
        print(run.kind.name, run.toleranceHit.map { "\($0.flops) flops to 1e-3" } ?? "tolerance not reached")
    }
}

// MARK: Adding a solver

/// Successive over-relaxation (SOR), lexicographic: `u_j ← (1 − ω) u_j + (ω/2)(u_{j−1} + u_{j+1} + h² g_j)`
/// with `u_{j−1}` already updated; ω = 1 is Gauss–Seidel. Stationary: the next iterate depends
/// only on the current one, so it conforms to `StationaryGridSolver` and gets the driver's exact
/// checkpoint-and-replay tolerance search. 6N flops per sweep (3 adds, 3 multiplies).
struct SORSolver: StationaryGridSolver {
    let weight: Double
    private(set) var iterate: [Double]
    private(set) var stepCount = 0
    private(set) var flopCount = 0
    let flopsPerStep: Int
    private let scaledSource: [Double]   // h² g_j, a grid vector

    init(problem: DiscretePoisson, weight: Double) {
        self.weight = weight
        self.iterate = problem.initialGuess()          // zero interior, Dirichlet values at the ends
        let h2 = problem.spacing * problem.spacing
        self.scaledSource = problem.source.map { h2 * $0 }
        self.flopsPerStep = 6 * problem.interiorCount
    }

    mutating func step() throws {
        let n = iterate.count, keep = 1 - weight, half = 0.5 * weight
        var finite = true
        iterate.withUnsafeMutableBufferPointer { u in
            scaledSource.withUnsafeBufferPointer { f in
                for j in 1..<(n - 1) {
                    u[j] = keep * u[j] + half * (u[j - 1] + u[j + 1] + f[j])
                    finite = finite && u[j].isFinite
                }
            }
        }
        guard finite else { throw DivergenceError(step: stepCount + 1, quantity: "iterate") }
        stepCount += 1
        flopCount += flopsPerStep
    }

    mutating func rewind(to checkpoint: SolverCheckpoint) {
        iterate.withUnsafeMutableBufferPointer { _ = $0.update(fromContentsOf: checkpoint.iterate) }
        stepCount = checkpoint.stepCount
        flopCount = checkpoint.flopCount
    }
}

/// SOR with the optimal weight `2/(1 + sin(π/(N+1)))` through the driver, as a `solver` run.
func runSOR(gridPoints: Int) throws -> RunHistory {
    let problem = try PoissonProblem(lower: 0, upper: 1,
                                     source: ScalarFunction(expression: "pi^2*sin(pi*x)"),
                                     exact: ScalarFunction(expression: "sin(pi*x)"))
    let discrete = try DiscretePoisson(problem: problem, pointCount: gridPoints)
    let optimal = 2 / (1 + sin(Double.pi / Double(discrete.interiorCount + 1)))
    let setup = HybridSetup(discrete: discrete, reference: discrete.directSolution(), network: nil, solver: nil,
                            switchAt: [], every: 10, sineModes: [1], peaks: .largest(1), tolerance: 1e-10)
    return try HybridDriver(setup: setup).solverRun(SORSolver(problem: discrete, weight: optimal), maxSteps: 100_000)
}
