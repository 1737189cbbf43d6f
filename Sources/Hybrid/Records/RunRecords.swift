import Spectral

/// The phase a recorded row belongs to: network training or the classical solver.
public enum RunPhase: String, Sendable, Codable {
    /// Training steps of the network (one step = one full-batch optimizer step).
    case dnn
    /// Classical solver steps (one sweep, or one cycle for multigrid).
    case solver
}

/// How a run ended.
public enum RunStatus: Sendable, Equatable, Codable {
    /// Reached the tolerance, or its step budget (`training.steps` for `dnn`,
    /// `solver.max_sweeps` for the solver phase) — every step it was asked for was done.
    case complete
    /// A step produced a non-finite value; `step` is the run step where that happened.
    case diverged(step: Int, quantity: String)
    /// Stopped early at the user's request (SIGINT/SIGTERM); what was recorded is kept.
    case interrupted

    /// `complete`, `diverged` or `interrupted` (the manifest's status words).
    public var word: String {
        switch self {
        case .complete: return "complete"
        case .diverged: return "diverged"
        case .interrupted: return "interrupted"
        }
    }
}

/// Which of a case's runs: network only, solver only, network then solver (at a fixed step or
/// where `AutoSwitchPolicy` chose), or the solver with interleaved neural corrections.
public enum RunKind: Sendable, Equatable, Hashable, Comparable {
    /// `training.steps` steps of the network alone.
    case dnn
    /// The classical solver alone, from a zero initial guess (`switch_at: 0`).
    case solver
    /// `n` network steps, then the classical solver from the network's values on the grid.
    case hybrid(switchAt: Int)
    /// `hybrid.policy: auto`: the network trains until the policy finds more training no longer
    /// pays, then the solver continues; `switchAt` is the training step it chose (`nil` before
    /// it chose, e.g. in `HandOverPolicy.runs`).
    case auto(switchAt: Int?)
    /// `hybrid.policy: interleaved`: the solver from zero, its iterate corrected every
    /// `interleave.every` steps by a correction network trained on the residual equation.
    case interleaved

    /// The run's name in every output file: `dnn`, `solver`, `hybrid@<n>`, `hybrid@auto` or
    /// `interleaved`.
    public var name: String {
        switch self {
        case .dnn: return "dnn"
        case .solver: return "solver"
        case .hybrid(let n): return "hybrid@\(n)"
        case .auto: return "hybrid@auto"
        case .interleaved: return "interleaved"
        }
    }

    /// The number of network steps before the hand-over: training steps for `dnn`, 0 for
    /// `solver` and `interleaved` (its solver starts from zero), `n` for `hybrid@n`, the chosen
    /// step for `hybrid@auto`.
    public var switchAt: Int? {
        switch self {
        case .dnn: return nil
        case .solver, .interleaved: return 0
        case .hybrid(let n): return n
        case .auto(let n): return n
        }
    }

    /// Output order: `dnn`, `solver`, `hybrid@n` by n, `hybrid@auto`, `interleaved`.
    public static func < (a: RunKind, b: RunKind) -> Bool {
        func rank(_ k: RunKind) -> (Int, Int) {
            switch k {
            case .dnn: return (0, 0)
            case .solver: return (1, 0)
            case .hybrid(let n): return (2, n)
            case .auto(let n): return (3, n ?? -1)
            case .interleaved: return (4, 0)
            }
        }
        return rank(a) < rank(b)
    }
}

/// The clock a policy minimises (`hybrid.clock`).
public enum PolicyClock: String, Sendable, Equatable, CaseIterable {
    /// Exact flop counts.
    case flops
    /// Wall seconds, measured on the fly.
    case seconds
}

/// Why `AutoSwitchPolicy` handed over where it did.
public enum HandOverReason: String, Sendable, Equatable {
    /// The predicted saving of more training steps was below their cost.
    case noGain = "no-gain"
    /// At step 0 the first training steps (the least that yields a training rate) cost more than
    /// the exploration budget (by default a tenth of the solver's predicted cost from zero), or the initial network's
    /// start cost less than them: training was not tried.
    case noTraining = "no-training"
    /// The training budget ran out before more training stopped paying.
    case budget
}

/// One decision of `AutoSwitchPolicy` along the training trajectory.
public struct DecisionPoint: Sendable, Equatable {
    /// The training step.
    public var step: Int
    /// The solver's predicted remaining steps from the network's values here.
    public var predictedSolverSteps: Double
    /// Those steps priced on the policy's clock (flop or s).
    public var predictedSolverCost: Double
    /// The predicted saving of the best look-ahead of more training on that clock (`nil` at step 0).
    public var predictedSaving: Double?
    /// The cost of that training plus the decisions on the way, on that clock.
    public var trainingCost: Double

    public init(step: Int, predictedSolverSteps: Double, predictedSolverCost: Double, predictedSaving: Double?,
                trainingCost: Double) {
        self.step = step; self.predictedSolverSteps = predictedSolverSteps
        self.predictedSolverCost = predictedSolverCost; self.predictedSaving = predictedSaving
        self.trainingCost = trainingCost
    }
}

/// What a policy decided for a run and what it predicted, then (filled in by the driver) what
/// the solver phase actually cost.
public struct HandOverDecision: Sendable, Equatable {
    /// The clock the policy minimised.
    public var clock: PolicyClock
    /// Why it handed over.
    public var reason: HandOverReason
    /// The training step of the hand-over.
    public var step: Int
    /// Where the solver started.
    public var source: HandOverSource
    /// Predicted solver steps to the tolerance from the hand-over.
    public var predictedSolverSteps: Double
    /// Those steps priced on `clock` (flop or s).
    public var predictedSolverCost: Double
    /// Every decision up to the hand-over, in step order (the report's predicted-cost figure).
    public var trace: [DecisionPoint]
    /// The work of all decisions, charged to the run.
    public var decisionCost: WorkCost
    /// The solver phase's measured steps to the tolerance (`nil` until run, or if never met).
    public var actualSolverSteps: Int?
    /// The solver phase's measured cost on `clock` (flop or s).
    public var actualSolverCost: Double?

    public init(clock: PolicyClock, reason: HandOverReason, step: Int, source: HandOverSource,
                predictedSolverSteps: Double, predictedSolverCost: Double, trace: [DecisionPoint],
                decisionCost: WorkCost) {
        self.clock = clock; self.reason = reason; self.step = step; self.source = source
        self.predictedSolverSteps = predictedSolverSteps; self.predictedSolverCost = predictedSolverCost
        self.trace = trace; self.decisionCost = decisionCost
    }
}

/// One row of `curves.csv`: the state of a run at one recorded step.
///
/// `step = dnnSteps + sweeps`; `flops` is the exact operation count of all work the run has done
/// (training, hand-over evaluation, solver), `seconds` the wall time of that work without the
/// tracking overhead. The errors (`metrics`) are measured against the case's reference
/// (`tracking.reference`) over all `n` grid points; see `RunMetrics`.
public struct CurveRow: Sendable, Equatable {
    public var run: String
    public var phase: RunPhase
    public var step: Int
    public var dnnSteps: Int
    public var sweeps: Int
    public var flops: Int
    public var seconds: Double
    /// The training loss at this step (`nil` in the solver phase).
    public var loss: Double?
    /// The recorded errors of the run's grid vector at this step.
    public var metrics: RunMetrics

    public init(run: String, phase: RunPhase, step: Int, dnnSteps: Int, sweeps: Int, flops: Int, seconds: Double,
                loss: Double?, metrics: RunMetrics) {
        self.run = run; self.phase = phase; self.step = step; self.dnnSteps = dnnSteps; self.sweeps = sweeps
        self.flops = flops; self.seconds = seconds; self.loss = loss; self.metrics = metrics
    }

    /// `metrics.maxError`: `max_j |u_j − r_j|`.
    public var maxError: Double {
        get { metrics.maxError }
        set { metrics.maxError = newValue }
    }
    /// `metrics.l2Error`: `sqrt(h Σ_j (u_j − r_j)²)`.
    public var l2Error: Double {
        get { metrics.l2Error }
        set { metrics.l2Error = newValue }
    }
    /// `metrics.residualMax`: `max_j |g_j − (A u)_j|` over interior points (of the network's
    /// values on the grid in the `dnn` phase).
    public var residualMax: Double {
        get { metrics.residualMax }
        set { metrics.residualMax = newValue }
    }
}

/// One row of `modes.csv`: a spectral error of a run at a recorded step.
public struct ModeRow: Sendable, Equatable {
    public var run: String
    public var record: ModeErrorRecord
    public init(run: String, record: ModeErrorRecord) { self.run = run; self.record = record }
}

/// The cost of reaching the tolerance: the first step whose `max_error ≤ tolerance`.
public struct ToleranceHit: Sendable, Equatable {
    public var step: Int
    public var flops: Int
    public var seconds: Double
    public init(step: Int, flops: Int, seconds: Double) { self.step = step; self.flops = flops; self.seconds = seconds }
}

/// Everything recorded for one run.
public struct RunHistory: Sendable {
    /// Which run.
    public var kind: RunKind
    /// Rows of `curves.csv` in step order.
    public var curves: [CurveRow] = []
    /// Rows of `modes.csv` in step order.
    public var modes: [ModeRow] = []
    /// First step at which the max error met the tolerance (solver phases are checked every
    /// step; the network phase at recorded steps only), `nil` if never.
    public var toleranceHit: ToleranceHit?
    /// How the run ended.
    public var status: RunStatus = .complete
    /// The run's last iterate on the solver grid (grid vector).
    public var finalIterate: [Double] = []
    /// Cost figures that were extrapolated rather than measured (see `Extrapolation`).
    public var extrapolation: Extrapolation?
    /// For `hybrid@auto`: the policy's decision, prediction and the measured solver cost.
    public var decision: HandOverDecision?
    /// For `interleaved`: the run steps at which a correction was added (after that step's sweep).
    public var corrections: [Int] = []

    public init(kind: RunKind) { self.kind = kind }

    /// `max_error` of the last recorded row (NaN when nothing was recorded).
    public var finalMaxError: Double { curves.last?.maxError ?? .nan }
}

/// An estimate of the cost to reach the tolerance for a run that stopped at its sweep budget:
/// the error's asymptotic contraction factor per step, measured over the last recorded steps,
/// carried forward to the tolerance. Always marked as extrapolated in the outputs.
public struct Extrapolation: Sendable, Equatable {
    /// Measured average factor per step of `max_error` over the fitting window.
    public var factorPerStep: Double
    /// The estimated step, flop count and seconds at which the tolerance would be met.
    public var estimate: ToleranceHit
    public init(factorPerStep: Double, estimate: ToleranceHit) { self.factorPerStep = factorPerStep; self.estimate = estimate }
}
