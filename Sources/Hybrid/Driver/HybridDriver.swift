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
    /// The latest recorded max error.
    public var maxError: Double
}

/// Everything one case produced: every run's history plus the facts the writers need.
public struct HybridResult: Sendable {
    /// The runs in output order (`dnn`, `solver`, `hybrid@n` by n).
    public var runs: [RunHistory]
    /// The DFT peak indices that were tracked (resolved from the case's `peaks`).
    public var peaks: [Int]
    /// The network's values on the solver grid after its last step, if there is a network.
    public var networkFinal: [Double]?
    /// True when the run was asked to stop early (SIGINT/SIGTERM).
    public var interrupted: Bool
}

/// The hybrid driver: trains the network once, runs the classical solver alone, and starts a
/// solver from snapshots of the one training trajectory at every switch step — observing every
/// run with the same recorders (DESIGN.md, "Row semantics").
///
/// Clocks: `flops` adds the exact counts of the steppers (training steps, the evaluation of the
/// network on the solver grid at a hand-over, solver steps); `seconds` times only those calls.
/// Errors and spectra are computed between steps (in solver phases by a `BackgroundRecorder`
/// worker, concurrently with the next steps) and never enter either clock.
///
/// Stopping: the solver phase stops when `max_error ≤ tolerance` (checked after every step) or
/// at `maxSweeps`; the network phase always runs `steps` steps (its trajectory feeds every
/// hand-over), and its tolerance hit is taken at recorded steps. A non-finite value stops only
/// the run that produced it; `shouldStop` returning true stops all runs after the current step.
public struct HybridDriver {
    public let setup: HybridSetup
    /// Where solver phases make their records (`.automatic`: on a worker thread when two or
    /// more processors are active). The results do not depend on it, bit for bit.
    public let recording: RecordingExecution

    public init(setup: HybridSetup, recording: RecordingExecution = .automatic) {
        self.setup = setup
        self.recording = recording
    }

    /// Runs the case. Throws only for setup errors found before any step (e.g. a tracker that
    /// cannot be planned); numerical trouble ends up in the runs' `status`.
    public func run(progress: (ProgressEvent) -> Void = { _ in },
                    shouldStop: () -> Bool = { false }) throws -> HybridResult {
        let kinds = setup.runKinds
        var histories: [RunKind: RunHistory] = [:]
        var snapshots: [Int: HandOver] = [:]
        var networkFinal: [Double]?
        var interrupted = false
        var peaks: [Int] = []

        if let network = setup.network {
            let wanted = Set(kinds.compactMap { kind -> Int? in
                if case .hybrid(let n) = kind { return n } else { return nil } })
            var observer = try makeObserver()
            peaks = observer.peakIndices
            let outcome = trainNetwork(network, snapshotsAt: wanted, observer: &observer,
                                       progress: progress, shouldStop: shouldStop)
            histories[.dnn] = outcome.history
            snapshots = outcome.snapshots
            networkFinal = outcome.final
            interrupted = interrupted || outcome.history.status == .interrupted
        }

        if let solver = setup.solver {
            for kind in kinds where kind != .dnn {
                if interrupted { break }
                let observer = try makeObserver()
                if peaks.isEmpty { peaks = observer.peakIndices }
                var history = RunHistory(kind: kind)
                switch kind {
                case .solver:
                    let start = HandOver(values: setup.discrete.initialGuess(), step: 0, flops: 0, seconds: 0,
                                         prefix: 0)
                    runSolverPhase(solver, from: start, history: &history, observer: observer,
                                   progress: progress, shouldStop: shouldStop)
                case .hybrid(let n):
                    let dnn = histories[.dnn]!
                    guard let start = snapshots[n] else {
                        // Training stopped (diverged or interrupted) before step n: the run is
                        // the network's prefix with the same status.
                        history.curves = relabel(dnn.curves, as: kind.name)
                        history.modes = dnn.modes.map { ModeRow(run: kind.name, record: $0.record) }
                        history.status = dnn.status
                        history.toleranceHit = dnn.toleranceHit
                        history.finalIterate = networkFinal ?? []
                        histories[kind] = history
                        continue
                    }
                    history.curves = relabel(Array(dnn.curves.prefix(start.prefix)), as: kind.name)
                    history.modes = dnn.modes.filter { $0.record.step < n }.map { ModeRow(run: kind.name, record: $0.record) }
                    if let hit = dnn.toleranceHit, hit.step < n { history.toleranceHit = hit }
                    runSolverPhase(solver, from: start, history: &history, observer: observer,
                                   progress: progress, shouldStop: shouldStop)
                case .dnn:
                    break
                }
                if history.status == .interrupted { interrupted = true }
                histories[kind] = history
            }
        }
        return HybridResult(runs: kinds.compactMap { histories[$0] }, peaks: peaks,
                            networkFinal: networkFinal, interrupted: interrupted)
    }

    // MARK: - Phases

    /// The network's state handed to a solver: values on the grid with the Dirichlet values
    /// imposed, and the clocks at that moment (training plus the evaluation on the grid).
    struct HandOver {
        var values: [Double]
        var step: Int
        var flops: Int
        var seconds: Double
        /// How many of the network run's curve rows lie before the hand-over (step < n).
        var prefix: Int
    }

    private func makeObserver() throws -> RunObserver {
        try RunObserver(discrete: setup.discrete, reference: setup.reference,
                        sineModes: setup.sineModes, peaks: setup.peaks)
    }

    private func isRecorded(_ step: Int, last: Int, logSteps: Set<Int>) -> Bool {
        step == 0 || step % setup.every == 0 || step == last || logSteps.contains(step)
    }

    private func trainNetwork(_ network: HybridSetup.NetworkSide, snapshotsAt wanted: Set<Int>,
                              observer: inout RunObserver, progress: (ProgressEvent) -> Void,
                              shouldStop: () -> Bool)
        -> (history: RunHistory, snapshots: [Int: HandOver], final: [Double]) {
        var trainer = network.trainer
        var history = RunHistory(kind: .dnn)
        var snapshots: [Int: HandOver] = [:]
        var clock = Stopwatch()
        let grid = setup.discrete.grid
        let evaluationFlops = trainer.network.evaluationFlops(pointCount: grid.pointCount, withDerivatives: false)
        var values: [Double] = []   // the network on the solver grid at the last record

        func record(step: Int) {
            values = trainer.values(on: grid)
            let e = observer.errors(of: values)
            history.curves.append(CurveRow(
                run: "dnn", phase: .dnn, step: step, dnnSteps: step, sweeps: 0, flops: trainer.flopCount,
                seconds: clock.elapsed, loss: trainer.loss, maxError: e.max, l2Error: e.l2, residualMax: e.residual))
            history.modes += observer.modeRows(run: "dnn", step: step, iterate: values)
            if history.toleranceHit == nil, e.max <= setup.tolerance {
                history.toleranceHit = ToleranceHit(step: step, flops: trainer.flopCount, seconds: clock.elapsed)
            }
            progress(ProgressEvent(run: "dnn", done: step, total: network.steps, maxError: e.max))
        }

        let logSteps = setup.logSpacedSteps(upTo: network.steps)
        record(step: 0)
        var step = 0
        while step < network.steps {
            if shouldStop() { history.status = .interrupted; break }
            do {
                try clock.time { try trainer.step() }
            } catch let error as DivergenceError {
                history.status = .diverged(step: step + 1, quantity: error.quantity)
                break
            } catch {
                history.status = .diverged(step: step + 1, quantity: "\(error)")
                break
            }
            step += 1
            if wanted.contains(step) {
                // The hand-over: evaluate on the solver grid (timed and counted: it is part of
                // the hybrid's cost), impose the Dirichlet values.
                var handOver = HandOver(values: [], step: step, flops: 0, seconds: 0,
                                        prefix: history.curves.count)
                var evaluation = Stopwatch()
                handOver.values = evaluation.time { trainer.values(on: grid) }
                setup.discrete.imposeBoundary(on: &handOver.values)
                handOver.flops = trainer.flopCount + evaluationFlops
                handOver.seconds = clock.elapsed + evaluation.elapsed
                snapshots[step] = handOver
            }
            if isRecorded(step, last: network.steps, logSteps: logSteps) { record(step: step) }
        }
        if history.curves.last?.step != step { record(step: step) }
        history.finalIterate = values
        return (history, snapshots, values)
    }

    /// Runs one classical solver from `start` until the tolerance, `maxSweeps`, divergence or a
    /// stop request, appending its curve and mode rows to `history`.
    ///
    /// Recorded iterates go to a `BackgroundRecorder`: a sweep on ~1000 points costs ~0.15 µs,
    /// a record (errors, sine modes, DFT peaks) a few µs, so recording every 50 sweeps inline
    /// would add tens of per cent to the phase's wall time. The worker computes exactly what the
    /// inline observer would (same functions, same iterates, same order); the rows are completed
    /// with its errors when the phase ends.
    private func runSolverPhase(_ side: HybridSetup.SolverSide, from start: HandOver, history: inout RunHistory,
                                observer: RunObserver, progress: (ProgressEvent) -> Void,
                                shouldStop: () -> Bool) {
        let name = history.kind.name
        var solver: any GridIterativeSolver
        do {
            solver = try makeClassicalSolver(side.method, problem: setup.discrete, initialGuess: start.values)
        } catch {
            history.status = .diverged(step: start.step, quantity: "solver set-up failed: \(error)")
            return
        }
        var clock = Stopwatch()
        var sweeps = 0
        var flopOffset = 0   // work done by a solver this one replaced (see the replay below)
        // Up to 8 slots, at most 4 MiB of them (one slot on grids above 2^19 points).
        let points = setup.discrete.pointCount
        let recorder = BackgroundRecorder(SolverPhaseRecording(observer: observer, run: name), pointCount: points,
                                          capacity: max(1, min(8, (1 << 22) / (8 * points))), execution: recording)
        var rows: [CurveRow] = []   // errors filled in from the recorder at the end
        var lastRecordedStep = -1

        func record() {
            let step = start.step + sweeps
            rows.append(CurveRow(
                run: name, phase: .solver, step: step, dnnSteps: start.step, sweeps: sweeps,
                flops: start.flops + flopOffset + solver.flopCount, seconds: start.seconds + clock.elapsed, loss: nil,
                maxError: .nan, l2Error: .nan, residualMax: .nan))
            recorder.submit(step: step, iterate: solver.iterate)
            lastRecordedStep = step
        }

        record()
        if history.toleranceHit == nil, GridNorms.maxDifference(solver.iterate, setup.reference) <= setup.tolerance {
            history.toleranceHit = ToleranceHit(step: start.step, flops: start.flops, seconds: start.seconds)
        }
        // The tolerance is checked every `checkInterval` steps (a max-norm pass costs about as
        // much as a Jacobi sweep, so checking every sweep would double the wall time). The
        // iterate at the last check is kept; when a check finds the tolerance met, a fresh solver
        // replays the steps since then one at a time from that iterate — the classical solvers'
        // next iterate depends only on the current one, so the replay is bit-identical — and the
        // run ends at the exact first step with max_error ≤ tolerance.
        let checkInterval = max(1, min(setup.every, 16))
        var checkpoint = solver.iterate.map { $0 }   // own storage, never shared with the solver
        var checkpointSweeps = 0, checkpointFlops = solver.flopCount, checkpointSeconds = 0.0
        let reportEvery = max(1, side.maxSweeps / 100)
        let logSteps = setup.logSpacedSteps(upTo: side.maxSweeps)
        while history.toleranceHit == nil && sweeps < side.maxSweeps {
            if shouldStop() { history.status = .interrupted; break }
            do {
                try clock.time { try solver.step() }
            } catch let error as DivergenceError {
                history.status = .diverged(step: start.step + sweeps + 1, quantity: error.quantity)
                break
            } catch {
                history.status = .diverged(step: start.step + sweeps + 1, quantity: "\(error)")
                break
            }
            sweeps += 1
            let recorded = sweeps % setup.every == 0 || sweeps == side.maxSweeps || logSteps.contains(sweeps)
            guard recorded || sweeps % checkInterval == 0 else { continue }
            let maxError = GridNorms.maxDifference(solver.iterate, setup.reference)
            if maxError <= setup.tolerance {
                // Replay from the checkpoint to the first step that meets the tolerance.
                if var replay = try? makeClassicalSolver(side.method, problem: setup.discrete, initialGuess: checkpoint) {
                    var replayClock = Stopwatch()
                    var k = checkpointSweeps
                    while k < sweeps {
                        guard (try? replayClock.time({ try replay.step() })) != nil else { break }
                        k += 1
                        if GridNorms.maxDifference(replay.iterate, setup.reference) <= setup.tolerance { break }
                    }
                    solver = replay
                    sweeps = k
                    clock = Stopwatch(elapsed: checkpointSeconds + replayClock.elapsed)
                    // The replayed solver counts only its own steps: add the work before the checkpoint.
                    flopOffset = checkpointFlops
                }
                history.toleranceHit = ToleranceHit(step: start.step + sweeps, flops: start.flops + flopOffset + solver.flopCount,
                                                    seconds: start.seconds + clock.elapsed)
                record()
                break
            }
            copy(solver.iterate, into: &checkpoint)
            checkpointSweeps = sweeps
            checkpointFlops = flopOffset + solver.flopCount
            checkpointSeconds = clock.elapsed
            if recorded { record() }
            if sweeps % reportEvery < checkInterval {
                progress(ProgressEvent(run: name, done: sweeps, total: side.maxSweeps, maxError: maxError))
            }
        }
        if lastRecordedStep != start.step + sweeps { record() }
        let recorded = recorder.finish()
        for (i, e) in recorded.errors.enumerated() {
            rows[i].maxError = e.max
            rows[i].l2Error = e.l2
            rows[i].residualMax = e.residual
        }
        history.curves += rows
        history.modes += recorded.modes
        history.finalIterate = solver.iterate
        if history.toleranceHit == nil, history.status == .complete {
            history.extrapolation = extrapolate(history.curves, flopsPerStep: solver.flopsPerStep,
                                                secondsPerStep: sweeps > 0 ? clock.elapsed / Double(sweeps) : 0)
        }
    }

    /// Carries the asymptotic rate of the last recorded solver rows forward to the tolerance:
    /// `ρ = (e_last / e_first)^(1/(s_last − s_first))` over the last quarter of the solver phase's
    /// rows (at least two), then `steps = log(tol/e_last)/log ρ`. `nil` when the error is not
    /// decreasing.
    private func extrapolate(_ curves: [CurveRow], flopsPerStep: Int, secondsPerStep: Double) -> Extrapolation? {
        let solverRows = curves.filter { $0.phase == .solver }
        guard solverRows.count >= 2, let last = solverRows.last else { return nil }
        let first = solverRows[solverRows.count - max(2, solverRows.count / 4)]
        guard last.step > first.step, first.maxError > 0, last.maxError > 0 else { return nil }
        let factor = pow(last.maxError / first.maxError, 1 / Double(last.step - first.step))
        guard factor < 1, factor > 0 else { return nil }
        let more = (log(setup.tolerance / last.maxError) / log(factor)).rounded(.up)
        guard more.isFinite, more < 1e15 else { return nil }
        let steps = Int(more)
        return Extrapolation(factorPerStep: factor, estimate: ToleranceHit(
            step: last.step + steps, flops: last.flops + steps * flopsPerStep,
            seconds: last.seconds + Double(steps) * secondsPerStep))
    }

    /// Copies `source` into the existing buffer `target` (same length) without sharing storage,
    /// so the solver's own buffer stays uniquely referenced and its next step allocates nothing.
    private func copy(_ source: [Double], into target: inout [Double]) {
        target.withUnsafeMutableBufferPointer { t in
            source.withUnsafeBufferPointer { s in _ = t.update(fromContentsOf: s) }
        }
    }

    private func relabel(_ rows: [CurveRow], as run: String) -> [CurveRow] {
        rows.map { var r = $0; r.run = run; return r }
    }
}

