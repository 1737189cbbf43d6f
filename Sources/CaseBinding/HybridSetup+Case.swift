import CaseFiles
import ClassicalSolvers
import Hybrid
import NeuralRitz
import PoissonCore
import Spectral

extension HybridSetup {
    /// Builds the library objects a validated case describes: the discrete problem on the
    /// solver grid, the reference (discrete solution or exact solution on the grid), the
    /// initialised network and its trainer (seeded from `network.seed`), the solver method, and
    /// the tracked modes and peaks. Throws the library's errors for anything the case validator
    /// could not see. `threads` is the trainer's worker count (`TrainingParallelism`; default:
    /// every processor this process may use); it changes the speed, never the results.
    public init(case definition: CaseDefinition, file: String? = nil,
                threads: Int = BLASRuntime.availableProcessorCount) throws {
        let problem = try definition.makeProblem()
        let discrete = try DiscretePoisson(problem: problem, pointCount: definition.grid.points)
        let reference: [Double]
        switch definition.tracking.reference {
        case .discrete:
            reference = discrete.directSolution()
        case .exact:
            guard let exact = try discrete.exactSolution() else {
                throw CaseError(file: file ?? definition.name, keyPath: "tracking.reference",
                                message: "'exact' needs problem.exact", line: nil)
            }
            reference = exact
        }

        var network: NetworkSide?
        if let net = definition.network, let training = definition.training {
            var generator = SeededGenerator(seed: net.seed)
            let architecture = try NetworkArchitecture(hiddenWidths: net.widths, activation: Self.activation(net.activation),
                                                       family: try Self.family(net))
            let perceptron = try MultilayerPerceptron(
                architecture: architecture,
                initialization: try GaussianInitialization(weightStandardDeviation: net.weightStd,
                                                           biasStandardDeviation: net.biasStd),
                using: &generator)
            let trainingGrid = try problem.grid(pointCount: training.points ?? definition.grid.points)
            let loss: TrainingLoss
            switch training.loss {
            case .ritz: loss = .ritz(penalty: training.penalty)
            case .pinn: loss = .pinn(penalty: training.penalty)
            case .fit:
                // Least squares to the reference solution: the exact one when known (the network
                // is mesh-free), else the discrete solution, which needs the training sample to
                // be the solver grid.
                if let exact = problem.exact {
                    loss = .leastSquares(target: .function(exact))
                } else {
                    guard trainingGrid == discrete.grid else {
                        throw CaseError(file: file ?? definition.name, keyPath: "training.points",
                                        message: "loss 'fit' without problem.exact trains on the discrete solution, so training.points must equal grid.points", line: nil)
                    }
                    loss = .leastSquares(target: .values(discrete.directSolution()))
                }
            }
            let optimizer: OptimizerConfiguration
            switch training.optimizer {
            case .adam:
                optimizer = .adam(learningRate: training.learningRate, beta1: training.beta1, beta2: training.beta2,
                                  epsilon: training.epsilon)
            case .gradientDescent:
                optimizer = .gradientDescent(learningRate: training.learningRate)
            }
            let parallelism = TrainingParallelism(pointCount: trainingGrid.pointCount, threads: threads)
            let trainer = try RitzTrainer(network: perceptron, problem: problem, trainingPoints: trainingGrid,
                                          loss: loss, optimizer: optimizer, parallelism: parallelism,
                                          precision: net.precision == .float32 ? .float32 : .float64)
            network = NetworkSide(trainer: trainer, steps: training.steps)
        }

        var solver: SolverSide?
        if let s = definition.solver {
            let method = Self.method(s)
            // Refuse now what the driver could not build later, naming the key.
            if case .denseJacobi = method {
                let bytes = DenseJacobiSolver.memoryBytes(interiorCount: discrete.interiorCount)
                guard bytes <= DenseJacobiSolver.defaultMemoryLimitBytes else {
                    throw CaseError(file: file ?? definition.name, keyPath: "solver.storage",
                                    message: "dense storage at \(definition.grid.points) points needs an N×N matrix of \(bytes) bytes, over the dense solver's limit of \(DenseJacobiSolver.defaultMemoryLimitBytes) bytes; use storage: stencil")
                }
            } else {
                do {
                    _ = try makeClassicalSolver(method, problem: discrete, initialGuess: nil)
                } catch {
                    throw CaseError(file: file ?? definition.name, keyPath: "solver", message: "\(error)")
                }
            }
            solver = SolverSide(method: method, maxSweeps: s.maxSweeps)
        }

        let sineModes: [Int]
        switch definition.tracking.modes {
        case .all: sineModes = Array(1...discrete.interiorCount)
        case .list(let modes): sineModes = modes
        }
        let peaks: PeakSelection
        switch definition.tracking.peaks {
        case .count(let p): peaks = .largest(p)
        case .indices(let list): peaks = .indices(list)
        }
        self.init(discrete: discrete, reference: reference, network: network, solver: solver,
                  switchAt: definition.hybrid?.switchAt ?? [], every: definition.tracking.every,
                  sineModes: sineModes, peaks: peaks, tolerance: definition.solver?.tolerance ?? 0,
                  recordsPerDecade: definition.tracking.perDecade)
        self.filterWidths = definition.tracking.filterWidths
        if let hybrid = definition.hybrid {
            self.policy = try Self.policy(hybrid, problem: problem, grid: definition.grid, threads: threads)
        }
    }

    /// `hybrid.policy` as the driver's selection; for `interleaved`, the correction trainer on
    /// the case's interval with source 0 (each residual replaces it) and zero boundary values.
    static func policy(_ hybrid: HybridDefinition, problem: PoissonProblem, grid: GridDefinition,
                       threads: Int) throws -> PolicySelection {
        switch hybrid.policy {
        case .fixed:
            return .fixed
        case .auto:
            return .auto(clock: hybrid.clock == .seconds ? .seconds : .flops, decideEvery: hybrid.decideEvery)
        case .interleaved:
            guard let interleave = hybrid.interleave else { return .fixed }
            let correction = try PoissonProblem(lower: problem.lower, upper: problem.upper,
                                                source: ScalarFunction(label: "residual") { _ in 0 })
            var generator = SeededGenerator(seed: interleave.network.seed)
            let network = try MultilayerPerceptron(
                architecture: try NetworkArchitecture(hiddenWidths: interleave.network.widths,
                                                      activation: activation(interleave.network.activation)),
                initialization: try GaussianInitialization(weightStandardDeviation: interleave.network.weightStd,
                                                           biasStandardDeviation: interleave.network.biasStd),
                using: &generator)
            let training = interleave.training
            let points = try correction.grid(pointCount: training.points ?? grid.points)
            let optimizer: OptimizerConfiguration = training.optimizer == .adam
                ? .adam(learningRate: training.learningRate, beta1: training.beta1, beta2: training.beta2, epsilon: training.epsilon)
                : .gradientDescent(learningRate: training.learningRate)
            let trainer = try RitzTrainer(network: network, problem: correction, trainingPoints: points,
                                          loss: .ritz(penalty: training.penalty), optimizer: optimizer,
                                          parallelism: TrainingParallelism(pointCount: points.pointCount, threads: threads))
            return .interleaved(InterleaveSide(every: interleave.every, steps: interleave.steps, trainer: trainer))
        }
    }

    static func activation(_ kind: ActivationKind) -> Activation {
        switch kind {
        case .tanh: return .tanh
        case .sigmoid: return .sigmoid
        case .relu: return .relu
        case .sin: return .sin
        case .srelu: return .srelu
        case .s2relu: return .s2relu
        }
    }

    /// The input stage of `net`: the Fourier frequencies are drawn from their own generator,
    /// seeded with `network.features.seed`, so they never shift the initialisation's stream.
    static func family(_ net: NetworkDefinition) throws -> NetworkFamily {
        switch net.architecture {
        case .mlp: return .perceptron
        case .mscale: return .multiscale(scales: net.scales ?? NetworkDefinition.defaultScales)
        case .fourier:
            let f = net.features ?? NetworkDefinition.defaultFeatures
            var generator = SeededGenerator(seed: f.seed)
            return .fourier(try FourierFeatures(count: f.count, scale: f.scale, using: &generator))
        }
    }

    static func method(_ s: SolverDefinition) -> ClassicalMethod {
        switch s.method {
        case .jacobi, .weightedJacobi:
            let weight = s.omega   // 1 for plain Jacobi (the validator refuses anything else)
            return s.storage == .dense ? .denseJacobi(weight: weight) : .jacobi(weight: weight)
        case .gaussSeidel: return .gaussSeidel(.lexicographic)
        case .redBlack: return .gaussSeidel(.redBlack)
        case .multigrid:
            let smoother: MultigridSmoother
            switch s.multigrid.smoother {
            case .jacobi: smoother = .weightedJacobi(weight: 1)
            case .weightedJacobi: smoother = .weightedJacobi(weight: s.omega)
            case .gaussSeidel: smoother = .gaussSeidel
            case .redBlack: smoother = .redBlackGaussSeidel
            }
            let cycle: MultigridCycle
            switch s.multigrid.cycle {
            case .v: cycle = .v
            case .w: cycle = .w
            case .f: cycle = .f
            }
            return .multigrid(MultigridConfiguration(cycle: cycle, preSmoothing: s.multigrid.preSmooth,
                                                     postSmoothing: s.multigrid.postSmooth, smoother: smoother))
        }
    }
}
