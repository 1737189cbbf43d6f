import PoissonCore

/// One validated case: the 1-d Poisson problem `−u'' = g` on `(a, b)` with its grid, and
/// optionally a network with its training, a classical solver, hybrid switch points and what
/// to track. A plain typed description with every default filled in (see `CaseKeyTable`);
/// the driver maps it to solver and network types. Built only by `CaseLoader`, which has
/// checked every constraint documented on the fields.
public struct CaseDefinition: Sendable, Equatable {
    /// Folder-safe name: ASCII letters, digits, `-`, `_`, `.`; never `.` or `..`; ≤ 200 characters.
    public var name: String
    /// What the case shows (free text; `""` when absent).
    public var description: String
    /// The equation, its interval and boundary values.
    public var problem: ProblemDefinition
    /// The solver grid.
    public var grid: GridDefinition
    /// `nil` when the case has no network (then `training` is `nil` too).
    public var network: NetworkDefinition?
    /// `nil` when the case has no network.
    public var training: TrainingDefinition?
    /// `nil` when the case has a network and no `solver` section (it runs only the network);
    /// a case without a network always has one (all defaults when the section is absent).
    public var solver: SolverDefinition?
    /// `nil` when the case has no hybrid runs; when present, network, training and solver are too.
    public var hybrid: HybridDefinition?
    public var tracking: TrackingDefinition

    /// The library problem: expressions parsed by `ScalarFunction(expression:)`. The loader has
    /// already parsed and sampled them, so this only throws if the definition was edited by hand.
    public func makeProblem() throws -> PoissonProblem {
        try PoissonProblem(lower: problem.lower, upper: problem.upper,
                           lowerValue: problem.lowerValue, upperValue: problem.upperValue,
                           source: ScalarFunction(expression: problem.source),
                           exact: problem.exact.map { try ScalarFunction(expression: $0) })
    }

    /// The solver grid: `grid.points` points on `[a, b]`, both ends included.
    public func makeGrid() throws -> UniformGrid {
        try UniformGrid(lower: problem.lower, upper: problem.upper, pointCount: grid.points)
    }

    /// The network's own uniform training sample of `[a, b]`: `training.points` points, or the
    /// grid when that is absent (`nil` without a network).
    public func makeTrainingGrid() throws -> UniformGrid? {
        guard let training else { return nil }
        return try UniformGrid(lower: problem.lower, upper: problem.upper,
                               pointCount: training.points ?? grid.points)
    }
}

/// `−u''(x) = g(x)` on `(a, b)`, `u(a) = ua`, `u(b) = ub` (`problem`).
public struct ProblemDefinition: Sendable, Equatable {
    /// `a`, finite, `a < b` (`problem.domain[0]`).
    public var lower: Double
    /// `b`, finite (`problem.domain[1]`).
    public var upper: Double
    /// The source `g` as an expression in `x` (grammar of PoissonCore's `Expression`); finite at
    /// every grid and training point.
    public var source: String
    /// The exact solution `u`, when known; finite at every grid point and equal to the boundary
    /// values at `a` and `b` (within 1e-6 relative to max |u|).
    public var exact: String?
    /// `ua` (`problem.boundary[0]`, default 0).
    public var lowerValue: Double
    /// `ub` (`problem.boundary[1]`, default 0).
    public var upperValue: Double

    /// `(a, b)`.
    public var domain: (lower: Double, upper: Double) { (lower, upper) }
    /// `(ua, ub)`.
    public var boundary: (lowerValue: Double, upperValue: Double) { (lowerValue, upperValue) }
}

/// The solver grid (`grid`).
public struct GridDefinition: Sendable, Equatable {
    /// `n` ≥ 3 points including both boundary points; `N = n − 2` unknowns.
    public var points: Int
    /// `N = n − 2`, the number of interior unknowns and of sine modes.
    public var interiorCount: Int { points - 2 }
}

/// A fully connected network `1 → widths[0] → … → widths[L−1] → 1` (`network`).
public struct NetworkDefinition: Sendable, Equatable {
    /// Hidden-layer widths, at least one layer, each ≥ 1.
    public var widths: [Int]
    /// Hidden activation (default tanh).
    public var activation: ActivationKind
    /// Standard deviation of the Gaussian initial weights, > 0 (`network.init.weight_std`, default 0.1).
    public var weightStd: Double
    /// Standard deviation of the Gaussian initial biases, ≥ 0 (zero biases are a common choice)
    /// (`network.init.bias_std`, default 0.1).
    public var biasStd: Double
    /// Seed of the initialisation generator (default 1).
    public var seed: UInt64
    /// Floating-point format of parameters, optimizer state, activations and tangents
    /// (`network.precision`, default float64).
    public var precision: PrecisionKind = CaseKeyTable.defaultKeyword("network.precision")
    /// The input stage (`network.architecture`, default mlp).
    public var architecture: ArchitectureKind = CaseKeyTable.defaultKeyword("network.architecture")
    /// MscaleDNN's scales `a_i` (`network.scales`), set exactly when `architecture` is mscale.
    public var scales: [Double]? = nil
    /// The Fourier embedding (`network.features`), set exactly when `architecture` is fourier.
    public var features: FourierFeaturesDefinition? = nil

    /// Number of trainable parameters `Σ_l (w_{l−1} + 1) w_l` with `w_0 = 1` (`2·count` for
    /// Fourier features) and a final layer of width 1.
    public var parameterCount: Double {
        var previous = Double(features.map { 2 * $0.count } ?? 1), count = 0.0
        for w in widths.map(Double.init) + [1] { count += (previous + 1) * w; previous = w }
        return count
    }
}

extension NetworkDefinition {
    /// The scales an mscale network takes when `network.scales` is left out (`CaseKeyTable`).
    public static var defaultScales: [Double] {
        CaseKeyTable.defaultValue("network.scales") { value in
            guard case .list(let items) = value else { return nil }
            let numbers = items.compactMap(\.numberValue)
            return numbers.count == items.count ? numbers : nil
        }
    }

    /// The embedding a fourier network takes when `network.features` is left out (`CaseKeyTable`).
    public static var defaultFeatures: FourierFeaturesDefinition {
        FourierFeaturesDefinition(count: CaseKeyTable.defaultInteger("network.features.count"),
                                  scale: CaseKeyTable.defaultValue("network.features.scale", \.numberValue),
                                  seed: CaseKeyTable.defaultValue("network.features.seed", \.unsignedValue))
    }
}

/// The Fourier embedding of a `fourier` network (`network.features`): `count` frequencies
/// `b_k = scale · N(0, 1)` drawn from a generator seeded with `seed`, fixed during training.
public struct FourierFeaturesDefinition: Sendable, Equatable {
    /// Number of frequencies `K ≥ 1` (the first layer sees `2K` inputs; default 64).
    public var count: Int
    /// Standard deviation of the frequencies, > 0, in cycles per unit of x (default 10).
    public var scale: Double
    /// Seed of the frequencies' own generator (default 1).
    public var seed: UInt64
}

/// How the network is trained (`training`).
public struct TrainingDefinition: Sendable, Equatable {
    /// Size of the network's own uniform sample of `[a, b]` (≥ 3); `nil` = the solver grid.
    public var points: Int?
    /// Ritz energy (default) or least squares to the reference.
    public var loss: LossKind
    /// Boundary penalty β > 0 of the Ritz loss (default 1000); refused with `loss: fit`, which
    /// has no boundary term.
    public var penalty: Double
    /// Optimizer (`training.optimizer.name`, default adam).
    public var optimizer: OptimizerKind
    /// Step size η > 0 (`training.optimizer.learning_rate`, default 1e-4).
    public var learningRate: Double
    /// Adam's first-moment decay, in [0, 1) (default 0.9). Unused by gradient descent.
    public var beta1: Double
    /// Adam's second-moment decay, in [0, 1) (default 0.999). Unused by gradient descent.
    public var beta2: Double
    /// Adam's denominator guard, > 0 (default 1e-8). Unused by gradient descent.
    public var epsilon: Double
    /// Training steps of the `dnn` run, ≥ 0 (default 1000).
    public var steps: Int
}

/// The classical solver (`solver`).
public struct SolverDefinition: Sendable, Equatable {
    /// Method (default jacobi).
    public var method: SolverMethodKind
    /// Relaxation weight ω in (0, 2) of weighted Jacobi — as the method or as multigrid's
    /// smoother — default 2/3 there; exactly 1 for every other method.
    public var omega: Double
    /// Operator storage (default stencil); `dense` only for jacobi and weighted-jacobi.
    public var storage: StorageKind
    /// Multigrid settings; read only when `method` is `multigrid`, always resolved.
    public var multigrid: MultigridDefinition
    /// Stop a run after this many sweeps (cycles for multigrid), ≥ 1 (default 1 000 000).
    public var maxSweeps: Int
    /// Stop a run when `max_error ≤ tolerance`, > 0 (default 1e-4).
    public var tolerance: Double
}

/// Geometric multigrid settings (`solver.multigrid`).
public struct MultigridDefinition: Sendable, Equatable {
    /// Cycle shape (default V).
    public var cycle: CycleKind
    /// Smoothing sweeps before restriction, ≥ 0 (default 2).
    public var preSmooth: Int
    /// Smoothing sweeps after prolongation, ≥ 0, not both zero (default 1).
    public var postSmooth: Int
    /// Smoother (default weighted-jacobi, weight `solver.omega`).
    public var smoother: SmootherKind
}

/// The hand-over points (`hybrid`).
public struct HybridDefinition: Sendable, Equatable {
    /// DNN steps before handing over to the solver, ascending, distinct, each in
    /// `0…training.steps`; `0` is the solver-only run. Default: `0, steps/4, steps/2, steps`
    /// (duplicates removed).
    public var switchAt: [Int]
    /// How hand-overs are decided (default fixed).
    public var policy: HandOverPolicyKind = .fixed
    /// `auto`: the clock minimised (default flops).
    public var clock: ClockKind = CaseKeyTable.defaultKeyword("hybrid.clock")
    /// `auto`: the least training steps between decisions, ≥ 1 (default 10).
    public var decideEvery: Int = CaseKeyTable.defaultInteger("hybrid.decide_every")
    /// `interleaved`: the correction network and its schedule.
    public var interleave: InterleaveDefinition?
}

/// `hybrid.interleave`: every `every` solver steps the correction network takes `steps` Deep
/// Ritz steps on `−e'' = r` (zero boundary values) and its grid values are added to the iterate.
public struct InterleaveDefinition: Sendable, Equatable {
    /// Solver steps between corrections, ≥ 1 (default 25).
    public var every: Int
    /// Training steps per correction, ≥ 1 (default 50).
    public var steps: Int
    /// The correction network (`interleave.network`; widths required, precision float64).
    public var network: NetworkDefinition
    /// Its training (`interleave.training`): loss ritz, `steps` = `every` correction's steps.
    public var training: TrainingDefinition
}

/// What every run records (`tracking`).
public struct TrackingDefinition: Sendable, Equatable {
    /// Record every `every` steps/sweeps, ≥ 1 (default 50).
    public var every: Int
    /// What errors are measured against (default discrete).
    public var reference: ReferenceKind
    /// DFT peaks of the reference to track (default the 3 largest).
    public var peaks: PeakSpec
    /// Sine eigenmodes to record (default the powers of two up to N).
    public var modes: ModeSpec
    /// Extra records at log-spaced steps: `perDecade` per decade of each phase's own step count
    /// (training steps in the network phase, sweeps in a solver phase), i.e. at the steps
    /// `round(10^(i/perDecade))`, `i = 0, 1, …`, besides every `every`-th step; 0 (default) = none.
    public var perDecade: Int = CaseKeyTable.defaultInteger("tracking.per_decade")
    /// Widths `δ` of the Gaussian filter (Xu et al., Sec. 4; `tracking.filter.delta`, one or a
    /// list, each finite and > 0): every record adds `e_low` and `e_high` for each. Empty
    /// (default) = no filter columns.
    public var filterWidths: [Double] = []
}
