import Foundation
import PoissonCore
import ClassicalSolvers
import NeuralRitz
import Spectral

/// Everything the driver needs to run one case, in library types (the CLI builds it from a
/// case file with `HybridSetup(case:)`; library users may build it directly).
public struct HybridSetup: Sendable {
    /// The discrete problem on the solver's grid (n points, boundary included).
    public var discrete: DiscretePoisson
    /// What errors are measured against, a grid vector: the discrete solution (default) or the
    /// exact solution sampled on the grid.
    public var reference: [Double]
    /// The network side, or `nil` for a solver-only case.
    public var network: NetworkSide?
    /// The classical side, or `nil` for a network-only case.
    public var solver: SolverSide?
    /// Network steps before each hand-over (`hybrid.switch_at`, values > 0; 0 is the `solver` run).
    public var switchAt: [Int]
    /// Record every this many steps (`tracking.every`), plus step 0 and the last step.
    public var every: Int
    /// Sine eigenmodes to record, each in `1…N`.
    public var sineModes: [Int]
    /// DFT peaks of the reference to track: a count of largest peaks or explicit indices.
    public var peaks: PeakSelection
    /// Stop a run when `max_error ≤ tolerance`.
    public var tolerance: Double
    /// Extra records per decade of each phase's own step count (`tracking.per_decade`): at the
    /// steps `round(10^(i/recordsPerDecade))`; 0 = only every `every` steps.
    public var recordsPerDecade: Int
    /// Widths `δ` of the Gaussian filters whose `e_low`, `e_high` every record adds
    /// (`tracking.filter.delta`; each finite and > 0), empty for none.
    public var filterWidths: [Double] = []
    /// How hand-overs are decided (`hybrid.policy`); the fixed `switchAt` runs run with any.
    public var policy: PolicySelection = .fixed

    public init(discrete: DiscretePoisson, reference: [Double], network: NetworkSide?, solver: SolverSide?,
                switchAt: [Int], every: Int, sineModes: [Int], peaks: PeakSelection, tolerance: Double,
                recordsPerDecade: Int = 0) {
        self.discrete = discrete; self.reference = reference; self.network = network; self.solver = solver
        self.switchAt = switchAt; self.every = every; self.sineModes = sineModes; self.peaks = peaks
        self.tolerance = tolerance; self.recordsPerDecade = recordsPerDecade
    }

    /// The network side of a case: a ready trainer and its step budget.
    public struct NetworkSide: Sendable {
        /// The trainer at step 0 (network initialised, optimizer state zero).
        public var trainer: RitzTrainer
        /// `training.steps`.
        public var steps: Int
        public init(trainer: RitzTrainer, steps: Int) { self.trainer = trainer; self.steps = steps }
    }

    /// The classical side of a case.
    public struct SolverSide: Sendable {
        /// Which solver, with its parameters.
        public var method: ClassicalMethod
        /// Sweep (or cycle) budget of each solver phase.
        public var maxSweeps: Int
        public init(method: ClassicalMethod, maxSweeps: Int) { self.method = method; self.maxSweeps = maxSweeps }
    }

    /// `hybrid.policy`: which runs join the fixed `switchAt` hybrids.
    public enum PolicySelection: Sendable {
        /// Only the fixed switch steps.
        case fixed
        /// `hybrid@auto` (`AutoSwitchPolicy`) minimising `clock`, deciding every `decideEvery`
        /// training steps or more (`AutoSwitchPolicy.decisionSpacing`).
        case auto(clock: PolicyClock, decideEvery: Int)
        /// The `interleaved` run: the solver with neural corrections (`InterleaveSide`).
        case interleaved(InterleaveSide)
    }

    /// The correction network of `hybrid.policy: interleaved`: every `every` solver steps it
    /// takes `steps` Deep Ritz steps on `−e'' = r`, `e = 0` at both ends (`r = f − A u` the
    /// current residual), warm-started from its previous state, and its grid values are added
    /// to the iterate.
    public struct InterleaveSide: Sendable {
        /// Solver steps between corrections (≥ 1).
        public var every: Int
        /// Training steps per correction (≥ 1).
        public var steps: Int
        /// The correction trainer at step 0: its problem's domain is the case's, its source is
        /// replaced by each residual (`RitzTrainer.replaceSource(samples:)`), its boundary values
        /// are 0.
        public var trainer: RitzTrainer
        public init(every: Int, steps: Int, trainer: RitzTrainer) {
            self.every = every; self.steps = steps; self.trainer = trainer
        }
    }

    /// The runs this setup yields, in output order: `dnn`, `solver`, then `hybrid@n` by n.
    public var runKinds: [RunKind] {
        var kinds: [RunKind] = []
        if network != nil { kinds.append(.dnn) }
        if solver != nil { kinds.append(.solver) }
        if network != nil, solver != nil {
            kinds += Set(switchAt.filter { $0 > 0 }).sorted().map { RunKind.hybrid(switchAt: $0) }
        }
        return kinds
    }
}
