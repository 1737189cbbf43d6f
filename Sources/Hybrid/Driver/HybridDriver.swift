import Foundation
import PoissonCore
import ClassicalSolvers
import NeuralRitz
import Spectral

/// What the driver tells its caller while it works (for progress displays).
public struct ProgressEvent: Sendable {
    /// The run being advanced (`dnn`, `solver`, `hybrid@n`).
    public var run: String
    /// Steps done in the current phase and the phase's budget.
    public var done: Int
    public var total: Int
    /// The latest max error measured.
    public var maxError: Double
}

/// Everything one case produced: every run's history plus every fact the writers need, so
/// that no writer recomputes anything.
public struct HybridResult: Sendable {
    /// The runs in output order (`dnn`, `solver`, `hybrid@n` by n).
    public var runs: [RunHistory]
    /// The DFT peak indices that were tracked (resolved from the case's `peaks`).
    public var peaks: [Int]
    /// The network's values on the solver grid after its last step, if there is a network.
    public var networkFinal: [Double]?
    /// True when the run was asked to stop early (SIGINT/SIGTERM).
    public var interrupted: Bool
    /// The solver grid (n points, boundary included).
    public var grid: UniformGrid
    /// What the errors were measured against (a grid vector): the discrete or the exact solution.
    public var reference: [Double]
    /// The discrete solution `A⁻¹f` on the grid (Dirichlet values at both ends).
    public var discreteSolution: [Double]
    /// The exact solution sampled on the grid, when the problem has a closed form.
    public var exactSolution: [Double]?
    /// The tolerance on `max_error` every `*_to_tol` refers to.
    public var tolerance: Double
    /// The Gaussian filter widths of `RunMetrics.filtered`, in order.
    public var filterWidths: [Double]
    /// `|F[r]_k|`, `k = 0 … ⌊n/2⌋`: the magnitudes of the reference's real DFT (unnormalised,
    /// FFTW's convention), whose peaks are `peaks`.
    public var referenceDFTMagnitudes: [Double]
}

/// The hybrid driver: composes phases (`Phase`, the one step loop) into a case's runs. It
/// trains the network once (the `dnn` run), asks a `HandOverPolicy` along that trajectory where
/// solver runs start from it, runs the classical solver alone from zero (`solver`), and one
/// solver phase from every hand-over (`hybrid@n`) — observing every run with the same recorders
/// (DESIGN.md, "Row semantics").
///
/// Clocks: `flops` adds the exact counts of the steppers (training steps, the evaluation of the
/// network on the solver grid at a hand-over, solver steps); `seconds` times only those calls,
/// in blocks of steps between records and checks. Errors and spectra are computed between
/// blocks (on a `BackgroundRecorder` worker, concurrently with the next steps) and never enter
/// either clock.
///
/// Stopping: a solver phase stops at the exact first step with `max_error ≤ tolerance` or at
/// `maxSweeps`; the network phase always runs `steps` steps (its trajectory feeds every
/// hand-over), and its tolerance hit is taken at recorded steps. A non-finite value stops only
/// the run that produced it; `shouldStop` returning true stops all runs after the current block.
public struct HybridDriver {
    public let setup: HybridSetup
    /// Where phases make their records. The results do not depend on it, bit for bit; the
    /// clocks may. `.automatic` records a solver phase on a worker thread when two or more
    /// processors are active and the solver's and the recorder's vectors fit in one core's
    /// private (L2) cache, and inline otherwise; it records the network phase inline. A worker
    /// that shares the L3 cache and the memory bandwidth with a memory-bound sweep, or the cores
    /// with the BLAS threads of a training step, slows the very steps the clock measures (at
    /// 2^20 points, background records made the timed Jacobi sweeps 1.5–1.8× slower).
    public let recording: RecordingExecution

    public init(setup: HybridSetup, recording: RecordingExecution = .automatic) {
        self.setup = setup
        self.recording = recording
    }

    /// Runs the case with its fixed switch steps (`FixedSwitchPolicy(switchAt: setup.switchAt)`).
    /// Throws only for setup errors found before any step (e.g. a tracker that cannot be
    /// planned); numerical trouble ends up in the runs' `status`.
    public func run(progress: (ProgressEvent) -> Void = { _ in },
                    shouldStop: () -> Bool = { false }) throws -> HybridResult {
        let fixed = FixedSwitchPolicy(switchAt: setup.switchAt)
        if case .auto(let clock, let decideEvery) = setup.policy, let auto = try makeAutoSwitchPolicy(clock: clock, decideEvery: decideEvery) {
            return try run(policy: PolicyPair(fixed, auto), progress: progress, shouldStop: shouldStop)
        }
        return try run(policy: fixed, progress: progress, shouldStop: shouldStop)
    }

    /// The `AutoSwitchPolicy` of this setup minimising `clock` (`nil` without a network or a
    /// solver): the solver's per-mode contraction (multigrid's factor measured in six cycles),
    /// its flops per step, and — for the seconds clock — one training step (on a copy of the
    /// trainer) and a few solver steps timed now; the measurements' work is charged to
    /// `hybrid@auto`.
    public func makeAutoSwitchPolicy(clock: PolicyClock, decideEvery: Int) throws -> AutoSwitchPolicy? {
        guard let network = setup.network, let solver = setup.solver else { return nil }
        let discrete = setup.discrete
        var calibration = WorkCost()
        let contraction: SolverCostModel.Contraction
        if let factors = SolverCostModel.perModeFactors(of: solver.method, interiorCount: discrete.interiorCount) {
            contraction = .perMode(factors)
        } else {
            let measured = try SolverCostModel.measuredFactor(of: solver.method, problem: discrete)
            contraction = .uniform(measured.factor)
            calibration = calibration + measured.cost
        }
        let flopsPerStep = try makeClassicalSolver(solver.method, problem: discrete, initialGuess: nil).flopsPerStep
        var model = SolverCostModel(contraction: contraction, flopsPerStep: flopsPerStep)
        var trainingStep = WorkCost(flops: network.trainer.flopsPerStep)
        if clock == .seconds {
            let sweep = try SolverCostModel.measuredSecondsPerStep(of: solver.method, problem: discrete)
            model.secondsPerStep = sweep.seconds
            var probe = network.trainer
            var timer = Stopwatch()
            try timer.time { try probe.step() }
            trainingStep.seconds = timer.elapsed
            calibration = calibration + sweep.cost + WorkCost(flops: network.trainer.flopsPerStep, seconds: timer.elapsed)
        }
        return try AutoSwitchPolicy(problem: discrete, tolerance: setup.tolerance, clock: clock, decideEvery: decideEvery,
                                    trainingBudget: network.steps, trainingStepCost: trainingStep, solverCost: model,
                                    calibration: calibration)
    }

    /// Runs the case with `policy` deciding the hand-overs: `dnn` (if there is a network),
    /// `solver` (if there is a solver), then every run of `policy.runs` (if there are both).
    public func run<Policy: HandOverPolicy>(policy: Policy, progress: (ProgressEvent) -> Void = { _ in },
                                            shouldStop: () -> Bool = { false }) throws -> HybridResult {
        try withEscapable(progress, shouldStop) { progress, shouldStop in
            var runs: [RunHistory] = []
            let facts = try makeObserver()
            var dnn: RunHistory?
            var handOvers: [RunKind: HandOver] = [:]
            var decidedPolicy = policy

            if let network = setup.network {
                let phase = try makePhase(run: RunKind.dnn.name, kind: .dnn, start: PhaseStart(),
                                          rule: StoppingRule(budget: network.steps,
                                                             tolerance: .noteAtRecords(setup.tolerance),
                                                             isStopRequested: shouldStop),
                                          checkInterval: 1, blockLimit: 1)
                var stepper = NetworkStepper(network.trainer, on: setup.discrete)
                var events = HandOverEvents(policy: policy, zeroGuess: setup.discrete.initialGuess())
                let result = phase.run(&stepper, events: &events, progress: progress)
                decidedPolicy = events.policy
                var history = RunHistory(kind: .dnn)
                history.absorb(result)
                dnn = history
                handOvers = events.handOvers
                runs.append(history)
            }
            func result() -> HybridResult {
                HybridResult(runs: runs, peaks: facts.peakIndices, networkFinal: dnn?.finalIterate,
                             interrupted: runs.contains { $0.status == .interrupted }, grid: setup.discrete.grid,
                             reference: setup.reference, discreteSolution: setup.discrete.directSolution(),
                             exactSolution: (try? setup.discrete.exactSolution()) ?? nil, tolerance: setup.tolerance,
                             filterWidths: setup.filterWidths,
                             referenceDFTMagnitudes: facts.dft.referenceMagnitudes)
            }
            guard let solver = setup.solver else { return result() }
            let kinds = [RunKind.solver] + (dnn == nil ? [] : policy.runs)
            for kind in kinds {
                if runs.contains(where: { $0.status == .interrupted }) { break }
                var history = RunHistory(kind: kind)
                var start = PhaseStart()
                var initial = setup.discrete.initialGuess()
                var budget = solver.maxSweeps
                if kind != .solver, let dnn {
                    // `decide` names the run as it started (`hybrid@auto` with its chosen step).
                    guard let (started, handOver) = handOvers.first(where: { $0.key.name == kind.name }) else {
                        // Training stopped (diverged or interrupted) before the hand-over: the
                        // run is the network's trajectory with the same status.
                        history = dnn.relabelled(as: kind, before: nil)
                        runs.append(history)
                        continue
                    }
                    history = dnn.relabelled(as: started, before: handOver)
                    history.decision = decidedPolicy.decision(for: started)
                    start = PhaseStart(handOver: handOver)
                    initial = handOver.values
                    // Met during training, before the hand-over: the solver phase only records its start.
                    if history.toleranceHit != nil { budget = 0 }
                }
                let phase = try makePhase(run: kind.name, kind: .solver, start: start,
                                          rule: StoppingRule(budget: budget, tolerance: .stop(setup.tolerance),
                                                             isStopRequested: shouldStop),
                                          checkInterval: solverCheckInterval, blockLimit: solverCheckInterval)
                var visitor = SolverPhaseVisitor(phase: phase, progress: progress)
                do {
                    let result = try solver.method.withSolver(problem: setup.discrete, initialGuess: initial, &visitor)
                    history.absorb(result, extrapolatingTo: setup.tolerance)
                } catch {
                    history.status = .diverged(step: start.step, quantity: "solver set-up failed: \(error)")
                }
                if history.decision != nil, let hit = history.toleranceHit {
                    history.decision!.actualSolverSteps = hit.step - start.step
                    history.decision!.actualSolverCost = history.decision!.clock == .flops
                        ? Double(hit.flops - start.flops) : hit.seconds - start.seconds
                }
                runs.append(history)
            }
            if case .interleaved(let side) = setup.policy, !runs.contains(where: { $0.status == .interrupted }) {
                runs.append(try interleavedRun(side, solver: solver, progress: progress, shouldStop: shouldStop))
            }
            return result()
        }
    }

    /// Runs `solver` from its current iterate as a `solver` run of this setup (its tolerance
    /// and record schedule; at most `maxSteps` steps, by default the setup's `solver.maxSweeps`),
    /// checking the tolerance after every step: the general path for a solver whose next
    /// iterate may depend on more than its current one. The setup's own solver method is not
    /// used (the setup may have none).
    public func solverRun<Solver: GridIterativeSolver>(_ solver: Solver, maxSteps: Int? = nil,
                                                       progress: (ProgressEvent) -> Void = { _ in },
                                                       shouldStop: () -> Bool = { false }) throws -> RunHistory {
        try withEscapable(progress, shouldStop) { progress, shouldStop in
            let visitor = SolverPhaseVisitor(phase: try solverOnlyPhase(maxSteps, shouldStop), progress: progress)
            return RunHistory(solverResult: visitor.visit(solver), tolerance: setup.tolerance)
        }
    }

    /// Runs a stationary `solver` from its current iterate as a `solver` run of this setup, with
    /// the checkpoint-and-replay tolerance search (otherwise as the general `solverRun`).
    public func solverRun<Solver: StationaryGridSolver>(_ solver: Solver, maxSteps: Int? = nil,
                                                        progress: (ProgressEvent) -> Void = { _ in },
                                                        shouldStop: () -> Bool = { false }) throws -> RunHistory {
        try withEscapable(progress, shouldStop) { progress, shouldStop in
            let visitor = SolverPhaseVisitor(phase: try solverOnlyPhase(maxSteps, shouldStop), progress: progress)
            return RunHistory(solverResult: visitor.visit(solver), tolerance: setup.tolerance)
        }
    }

    /// The `interleaved` run: the solver from zero, corrected every `side.every` steps by the
    /// correction network (`InterleaveEvents`), to the tolerance or `maxSweeps`.
    private func interleavedRun(_ side: HybridSetup.InterleaveSide, solver: HybridSetup.SolverSide,
                                progress: @escaping (ProgressEvent) -> Void,
                                shouldStop: @escaping () -> Bool) throws -> RunHistory {
        let interval = solverCheckInterval
        let phase = try makePhase(run: RunKind.interleaved.name, kind: .solver, start: PhaseStart(),
                                  rule: StoppingRule(budget: solver.maxSweeps, tolerance: .stop(setup.tolerance),
                                                     isStopRequested: shouldStop),
                                  checkInterval: interval, blockLimit: interval)
        var visitor = InterleavedPhaseVisitor(
            phase: phase, progress: progress,
            events: InterleaveEvents(every: side.every, steps: side.steps, trainer: side.trainer, discrete: setup.discrete))
        var history = RunHistory(kind: .interleaved)
        do {
            let (result, corrections) = try solver.method.withSolver(problem: setup.discrete, initialGuess: nil, &visitor)
            history.absorb(result, extrapolatingTo: setup.tolerance)
            history.corrections = corrections
        } catch {
            history.status = .diverged(step: 0, quantity: "solver set-up failed: \(error)")
        }
        return history
    }

    // MARK: - Phases

    /// Lends the caller's non-escaping callbacks to the phases for the duration of `body`.
    private func withEscapable<R>(_ progress: (ProgressEvent) -> Void, _ shouldStop: () -> Bool,
                                  _ body: (@escaping (ProgressEvent) -> Void, @escaping () -> Bool) throws -> R) rethrows -> R {
        try withoutActuallyEscaping(progress) { progress in
            try withoutActuallyEscaping(shouldStop) { shouldStop in try body(progress, shouldStop) }
        }
    }

    private func solverOnlyPhase(_ maxSteps: Int?, _ shouldStop: @escaping () -> Bool) throws -> Phase {
        let interval = solverCheckInterval
        return try makePhase(run: RunKind.solver.name, kind: .solver, start: PhaseStart(),
                             rule: StoppingRule(budget: maxSteps ?? setup.solver?.maxSweeps ?? 0,
                                                tolerance: .stop(setup.tolerance),
                                                isStopRequested: shouldStop),
                             checkInterval: interval, blockLimit: interval)
    }

    /// Steps between the tolerance checks (and the clock reads) of a replayable solver phase:
    /// `min(every, B)` with `B = 2^18 / points` held in 64 … 1024. A max-norm pass costs about as
    /// much as a Jacobi sweep, so checking every sweep would double the wall time; the replay
    /// makes the hit exact all the same, whatever the interval. The checks stay outside the
    /// clock, but between two blocks the phase reads the clock twice, compares the iterate with
    /// the reference and copies it to the checkpoint, and those passes evict part of the sweep's
    /// working set: on 1001 points the three vectors of a sweep just fit the core's L1 cache, on
    /// 2^20 points the last-level cache. With a check every 16 sweeps (2 µs of sweeps on 1001
    /// points) the driver measured Jacobi ω = 1 at 1.18–1.43× the C loop (Intel) against 1.07×
    /// for the bare `step()` loop; with blocks of 261 sweeps it is 0.94–0.99× on AMD. A stop
    /// request waits at most one block: about a millisecond on 1001 points, and 64 sweeps (some
    /// 25 ms) on 2^20.
    private var solverCheckInterval: Int {
        max(1, min(setup.every, min(1024, max(64, (1 << 18) / setup.discrete.pointCount))))
    }

    /// A fresh observer of this setup's grid, reference, modes and peaks (its own FFTW plans).
    private func makeObserver() throws -> RunObserver {
        try RunObserver(discrete: setup.discrete, reference: setup.reference, sineModes: setup.sineModes,
                        peaks: setup.peaks, filterWidths: setup.filterWidths)
    }

    /// A phase of this setup. The tolerance of a replayable solver is checked every
    /// `solverCheckInterval` steps. The network phase times and checks for a stop request every
    /// step (a training step costs far more than a clock read, and a stop request should not
    /// wait for a record).
    private func makePhase(run: String, kind: RunPhase, start: PhaseStart, rule: StoppingRule,
                           checkInterval: Int, blockLimit: Int) throws -> Phase {
        Phase(run: run, kind: kind, start: start, rule: rule,
              schedule: RecordSchedule(every: setup.every, recordsPerDecade: setup.recordsPerDecade),
              checkInterval: checkInterval, blockLimit: blockLimit, discrete: setup.discrete,
              reference: setup.reference,
              observer: try makeObserver(),
              recording: kind == .dnn ? (recording == .automatic ? .inline : recording)
                                      : Self.solverRecording(recording, pointCount: setup.discrete.pointCount))
    }

    /// `.automatic` for a solver phase on `pointCount` points: `.automatic` (a worker when two
    /// processors are active) while about five grid vectors (the solver's three, a record slot
    /// and the recorder's work) fit in one core's L2 cache, `.inline` beyond.
    static func solverRecording(_ requested: RecordingExecution, pointCount: Int) -> RecordingExecution {
        guard requested == .automatic else { return requested }
        let cache = sysconf(Int32(_SC_LEVEL2_CACHE_SIZE))
        let privateCache = cache > 0 ? cache : 1 << 20
        return 5 * 8 * pointCount <= privateCache ? .automatic : .inline
    }
}

/// Runs a solver phase on whichever concrete solver a `ClassicalMethod` builds: the
/// checkpoint-and-replay search for stationary solvers, a check every step otherwise.
private struct SolverPhaseVisitor: GridSolverVisitor {
    let phase: Phase
    let progress: (ProgressEvent) -> Void

    func visit<Solver: GridIterativeSolver>(_ solver: consuming Solver) -> PhaseResult {
        var stepper = SolverStepper(solver)
        var events = NoPhaseEvents()
        return phase.run(&stepper, events: &events, progress: progress)
    }

    func visit<Solver: StationaryGridSolver>(_ solver: consuming Solver) -> PhaseResult {
        var stepper = StationarySolverStepper(solver)
        var events = NoPhaseEvents()
        return phase.run(&stepper, events: &events, progress: progress)
    }
}

/// Runs the interleaved solver phase on a stationary solver (the corrections go through
/// `rewind(to:)`); a solver without that contract takes no corrections.
private struct InterleavedPhaseVisitor: GridSolverVisitor {
    let phase: Phase
    let progress: (ProgressEvent) -> Void
    var events: InterleaveEvents

    mutating func visit<Solver: GridIterativeSolver>(_ solver: consuming Solver) -> (PhaseResult, [Int]) {
        var stepper = SolverStepper(solver)
        var none = NoPhaseEvents()
        return (phase.run(&stepper, events: &none, progress: progress), [])
    }

    mutating func visit<Solver: StationaryGridSolver>(_ solver: consuming Solver) -> (PhaseResult, [Int]) {
        var stepper = StationarySolverStepper(solver)
        let result = phase.run(&stepper, events: &events, progress: progress)
        return (result, events.corrections)
    }
}

extension RunHistory {
    /// A solver-only run's history from its phase.
    init(solverResult: PhaseResult, tolerance: Double) {
        self.init(kind: .solver)
        absorb(solverResult, extrapolatingTo: tolerance)
    }

    /// Appends a phase's rows and takes its status, final values and (if none yet) its
    /// tolerance hit; with `tolerance`, a solver phase that ended at its budget without meeting
    /// it gets an extrapolated cost.
    mutating func absorb(_ result: PhaseResult, extrapolatingTo tolerance: Double? = nil) {
        curves += result.rows
        modes += result.modes
        status = result.status
        finalIterate = result.finalValues
        if toleranceHit == nil { toleranceHit = result.toleranceHit }
        if let tolerance, toleranceHit == nil, status == .complete {
            extrapolation = Extrapolation.fitted(to: curves, tolerance: tolerance, flopsPerStep: result.flopsPerStep,
                                                 secondsPerStep: result.steps > 0 ? result.seconds / Double(result.steps) : 0)
        }
    }

    /// The network run's rows before `handOver` (all of them, with its status, when `nil`),
    /// relabelled as the hybrid run `kind`, with its tolerance hit if that came before.
    func relabelled(as kind: RunKind, before handOver: HandOver?) -> RunHistory {
        var history = RunHistory(kind: kind)
        let name = kind.name
        let rows = handOver.map { Array(curves.prefix($0.prefix)) } ?? curves
        history.curves = rows.map { var row = $0; row.run = name; return row }
        history.modes = modes.filter { handOver == nil || $0.record.step < handOver!.step }
            .map { ModeRow(run: name, record: $0.record) }
        if let hit = toleranceHit, handOver == nil || hit.step < handOver!.step { history.toleranceHit = hit }
        if handOver == nil {
            history.status = status
            history.finalIterate = finalIterate
        }
        return history
    }
}

extension Extrapolation {
    /// Carries the asymptotic rate of the last recorded solver rows forward to the tolerance:
    /// `ρ = (e_last / e_first)^(1/(s_last − s_first))` over the last quarter of the solver
    /// phase's rows (at least two), then `steps = log(tol/e_last)/log ρ`. `nil` when the error
    /// is not decreasing, or when the estimate's step or flop count would not fit an `Int`.
    static func fitted(to curves: [CurveRow], tolerance: Double, flopsPerStep: Int,
                       secondsPerStep: Double) -> Extrapolation? {
        let solverRows = curves.filter { $0.phase == .solver }
        guard solverRows.count >= 2, let last = solverRows.last else { return nil }
        let first = solverRows[solverRows.count - max(2, solverRows.count / 4)]
        guard last.step > first.step, first.maxError > 0, last.maxError > 0 else { return nil }
        let factor = pow(last.maxError / first.maxError, 1 / Double(last.step - first.step))
        guard factor < 1, factor > 0 else { return nil }
        let more = (log(tolerance / last.maxError) / log(factor)).rounded(.up)
        guard more.isFinite, more < 1e15 else { return nil }
        let steps = Int(more)
        // A far-off tolerance can need more flops than an Int holds: then there is no estimate.
        let (work, overflow) = steps.multipliedReportingOverflow(by: flopsPerStep)
        guard !overflow, work <= Int.max - last.flops else { return nil }
        return Extrapolation(factorPerStep: factor, estimate: ToleranceHit(
            step: last.step + steps, flops: last.flops + work,
            seconds: last.seconds + Double(steps) * secondsPerStep))
    }
}
