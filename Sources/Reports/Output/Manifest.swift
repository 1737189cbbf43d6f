import Foundation
import Hybrid

/// The contents of `manifest.json`: what was run, with what, when, and how each run ended —
/// everything needed to reproduce the curves (package version, git commit when known, seed,
/// BLAS threads and kernels, the resolved case).
public struct Manifest: Encodable, Sendable {
    public var package: String = "poisson-hybrid"
    public var version: String
    public var gitCommit: String?
    public var caseName: String
    public var caseFile: String?
    /// The fully resolved case as YAML text (defaults filled in, overrides applied).
    public var resolvedCase: String
    public var overrides: [String]
    public var seed: UInt64?
    public var threads: Int
    /// The OpenBLAS kernels in use (`openblas_get_corename()`).
    public var blasCore: String?
    /// Where they came from: `environment`, `selected` or `detected` (`BLASCoreSource`).
    public var blasCoreSource: String? = nil
    /// Threads of one OpenBLAS call (1 when training parallelises over chunks itself).
    public var blasThreads: Int? = nil
    /// The chunks the training points are split into (`TrainingParallelism.chunkCount`): with
    /// the kernels, it fixes the bits of a run; `threads` does not.
    public var trainingChunks: Int? = nil
    /// A Fourier-feature network's frequencies `b_k` (cycles per unit of x), as drawn from
    /// `network.features.seed`: the fixed, untrained embedding, recorded with the run.
    public var fourierFrequencies: [Double]? = nil
    public var startTime: String
    public var endTime: String
    public var wallSeconds: Double
    /// `complete`, `diverged` (some run diverged) or `interrupted`.
    public var status: String
    public var runs: [RunEntry]
    /// The DFT peak indices tracked in `modes.csv`.
    public var peaks: [Int]

    /// A manifest from its parts (see the properties).
    public init(version: String, gitCommit: String?, caseName: String, caseFile: String?, resolvedCase: String,
                overrides: [String], seed: UInt64?, threads: Int, blasCore: String?, startTime: String,
                endTime: String, wallSeconds: Double, status: String, runs: [RunEntry], peaks: [Int]) {
        self.version = version; self.gitCommit = gitCommit; self.caseName = caseName; self.caseFile = caseFile
        self.resolvedCase = resolvedCase; self.overrides = overrides; self.seed = seed; self.threads = threads
        self.blasCore = blasCore; self.startTime = startTime; self.endTime = endTime; self.wallSeconds = wallSeconds
        self.status = status; self.runs = runs; self.peaks = peaks
    }

    /// One run's summary in the manifest.
    public struct RunEntry: Encodable, Sendable {
        public var run: String
        public var switchAt: Int?
        public var status: String
        public var divergedAt: Int?
        public var divergedQuantity: String?
        public var stepsToTol: Int?
        public var flopsToTol: Int?
        public var secondsToTol: Double?
        public var finalMaxError: Double?
        public var lastStep: Int?
        public var extrapolated: ExtrapolationEntry?
        /// hybrid@auto's decision (see `HandOverDecision`).
        public var decision: DecisionEntry?
        /// interleaved: the run steps after which a correction was added.
        public var corrections: [Int]?

        enum CodingKeys: String, CodingKey {
            case run, status, extrapolated, decision, corrections
            case switchAt = "switch_at", divergedAt = "diverged_at", divergedQuantity = "diverged_quantity"
            case stepsToTol = "steps_to_tol", flopsToTol = "flops_to_tol", secondsToTol = "seconds_to_tol"
            case finalMaxError = "final_max_error", lastStep = "last_step"
        }
    }

    /// An automatic hand-over: why, where, what it predicted and what it cost (`HandOverDecision`).
    public struct DecisionEntry: Encodable, Sendable {
        public var clock: String
        public var reason: String
        public var step: Int
        public var source: String
        public var predictedSolverSteps: Double
        public var predictedSolverCost: Double
        public var actualSolverSteps: Int?
        public var actualSolverCost: Double?
        public var decisionFlops: Int
        public var decisionSeconds: Double
        /// Every decision: `[step, predicted solver cost]` pairs.
        public var trace: [[Double]]
        enum CodingKeys: String, CodingKey {
            case clock, reason, step, source, trace
            case predictedSolverSteps = "predicted_solver_steps", predictedSolverCost = "predicted_solver_cost"
            case actualSolverSteps = "actual_solver_steps", actualSolverCost = "actual_solver_cost"
            case decisionFlops = "decision_flops", decisionSeconds = "decision_seconds"
        }
    }

    /// An extrapolated cost to tolerance (see `Extrapolation`).
    public struct ExtrapolationEntry: Encodable, Sendable {
        public var factorPerStep: Double
        public var stepsToTol: Int
        public var flopsToTol: Int
        public var secondsToTol: Double
        enum CodingKeys: String, CodingKey {
            case factorPerStep = "factor_per_step", stepsToTol = "steps_to_tol", flopsToTol = "flops_to_tol"
            case secondsToTol = "seconds_to_tol"
        }
    }

    enum CodingKeys: String, CodingKey {
        case package, version, seed, threads, status, runs, peaks, overrides
        case gitCommit = "git_commit", caseName = "case", caseFile = "case_file", resolvedCase = "resolved_case"
        case blasThreads = "blas_threads", trainingChunks = "training_chunks", fourierFrequencies = "fourier_frequencies"
        case blasCore = "blas_core", blasCoreSource = "blas_core_source", startTime = "start_time", endTime = "end_time", wallSeconds = "wall_seconds"
    }

    /// The per-run entries of a result.
    public static func entries(for result: HybridResult) -> [RunEntry] {
        result.runs.map { run in
            var entry = RunEntry(run: run.kind.name, switchAt: run.kind.switchAt, status: run.status.word)
            if case .diverged(let step, let quantity) = run.status {
                entry.divergedAt = step
                entry.divergedQuantity = quantity
            }
            entry.stepsToTol = run.toleranceHit?.step
            entry.flopsToTol = run.toleranceHit?.flops
            entry.secondsToTol = run.toleranceHit?.seconds
            entry.finalMaxError = run.curves.last.flatMap { $0.maxError.isFinite ? $0.maxError : nil }
            entry.lastStep = run.curves.last?.step
            if let ex = run.extrapolation {
                entry.extrapolated = ExtrapolationEntry(factorPerStep: ex.factorPerStep, stepsToTol: ex.estimate.step,
                                                        flopsToTol: ex.estimate.flops, secondsToTol: ex.estimate.seconds)
            }
            if let d = run.decision {
                entry.decision = DecisionEntry(
                    clock: d.clock.rawValue, reason: d.reason.rawValue, step: d.step,
                    source: d.source.stateStep(handOverAt: d.step).map { "network@\($0)" } ?? "zero", predictedSolverSteps: d.predictedSolverSteps,
                    predictedSolverCost: d.predictedSolverCost, actualSolverSteps: d.actualSolverSteps,
                    actualSolverCost: d.actualSolverCost, decisionFlops: d.decisionCost.flops,
                    decisionSeconds: d.decisionCost.seconds,
                    trace: d.trace.map { [Double($0.step), $0.predictedSolverCost] })
            }
            if run.kind == .interleaved { entry.corrections = run.corrections }
            return entry
        }
    }

    /// Pretty-printed JSON with sorted keys (stable diffs between runs).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}

extension Manifest.RunEntry {
    init(run: String, switchAt: Int?, status: String) {
        self.run = run; self.switchAt = switchAt; self.status = status
    }
}
