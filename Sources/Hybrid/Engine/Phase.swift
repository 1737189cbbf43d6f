import PoissonCore
import Spectral

/// The clocks and counters of a run when a phase starts (the previous phases' totals; all zero
/// for a run's first phase).
public struct PhaseStart: Sendable, Equatable {
    /// The run's step count (`step` column).
    public var step: Int
    /// Network steps done (`dnn_steps`).
    public var dnnSteps: Int
    /// Solver steps done (`sweeps`).
    public var sweeps: Int
    /// Exact flops of all earlier work.
    public var flops: Int
    /// Wall seconds of all earlier work.
    public var seconds: Double

    public init(step: Int = 0, dnnSteps: Int = 0, sweeps: Int = 0, flops: Int = 0, seconds: Double = 0) {
        self.step = step; self.dnnSteps = dnnSteps; self.sweeps = sweeps; self.flops = flops; self.seconds = seconds
    }

    /// The start of a solver phase from a hand-over at run step `step` (all network steps).
    public init(handOver: HandOver) {
        self.init(step: handOver.step, dnnSteps: handOver.step, sweeps: 0, flops: handOver.flops,
                  seconds: handOver.seconds)
    }
}

/// A network state handed to a solver: its values on the grid with the Dirichlet values imposed,
/// and the run's clocks at that moment (training plus the evaluation on the grid).
public struct HandOver: Sendable {
    /// The grid vector the solver starts from.
    public var values: [Double]
    /// The run step of the hand-over (network steps done).
    public var step: Int
    /// Exact flops: training so far plus the evaluation on the grid.
    public var flops: Int
    /// Wall seconds: training so far plus the evaluation on the grid.
    public var seconds: Double
    /// How many of the network run's curve rows lie before the hand-over (step < this step).
    public var prefix: Int
}

/// What one phase produced.
struct PhaseResult {
    /// Curve rows in step order, errors filled in.
    var rows: [CurveRow] = []
    /// Mode rows in step order.
    var modes: [ModeRow] = []
    var status: RunStatus = .complete
    /// The first step meeting the tolerance (exact for `.stop`, at records for `.noteAtRecords`).
    var toleranceHit: ToleranceHit?
    /// The stepper's grid vector at the end.
    var finalValues: [Double] = []
    /// Steps taken.
    var steps = 0
    /// Wall seconds of those steps (the phase's own clock).
    var seconds = 0.0
    /// Exact flops of one step of the stepper.
    var flopsPerStep = 0
}

/// Something that happens at chosen steps of a phase, between steps: a hand-over policy's
/// decision in the network phase (outside the phase's clocks), a neural correction of the
/// iterate in an interleaved solver phase (inside them). `NoPhaseEvents` when there is none.
protocol PhaseEvents {
    /// The first phase step after `step` at which `handle` runs, or `nil`; asked first with
    /// `step = −1`, so an answer of 0 runs `handle` at the initial state.
    mutating func nextStep(after step: Int) -> Int?
    /// Runs at phase step `step`; `clocks` are the run's totals at that moment and `rowCount`
    /// the number of rows the phase has recorded so far (all at steps before `step`). Returns
    /// `nil` when the stepper was left as it was and the work stays outside the phase's clocks
    /// (a decision), or the wall seconds of a change to the stepper, added to the phase's clock
    /// (the change's flops enter through the stepper's own counters).
    mutating func handle<Stepper: PhaseStepper>(at step: Int, stepper: inout Stepper, clocks: PhaseStart,
                                                rowCount: Int) -> Double?
}

struct NoPhaseEvents: PhaseEvents {
    func nextStep(after step: Int) -> Int? { nil }
    func handle<Stepper: PhaseStepper>(at step: Int, stepper: inout Stepper, clocks: PhaseStart,
                                       rowCount: Int) -> Double? { nil }
}

/// One phase of a run: a loop over one stepper with a stopping rule, a record schedule and the
/// two clocks — the only step loop in the driver; the network phase and every solver phase are
/// this loop over different steppers.
///
/// **Blocks.** Steps run in blocks between *events*: the next record, the next tolerance check,
/// the next policy decision, the budget, at most `blockLimit` steps. The wall clock is read once
/// before and once after a block, and the stop request is asked between blocks, so the per-step
/// path is the stepper's `step()` and an integer compare: no clock read, no hashing, no
/// allocation, no dynamic dispatch (the loop is specialised for the stepper type). Checks,
/// checkpoint copies, records and events happen between blocks and stay outside both clocks.
///
/// **Exact tolerance search** (`StoppingRule.Tolerance.stop`). A replayable stepper
/// (`StationaryGridSolver`) is checked every `checkInterval` steps and at records; the iterate
/// of the last check is saved, and when a check finds `max_error ≤ tolerance` the stepper
/// rewinds to it and replays one step at a time (each step timed on its own) to the first step
/// that meets the tolerance — the same iterates, bit for bit, so the phase ends there exactly.
/// A block that ends at an event is checked before the event is handled, so a tolerance met
/// inside it ends the phase there and not at the event (whose change of the iterate would hide
/// the hit). Any other stepper is checked after every step.
///
/// **Records** go to a `BackgroundRecorder` (errors, sine modes, DFT peaks on a worker thread,
/// in submission order, so the rows are those of inline recording bit for bit); the rows are
/// completed with their errors when the phase ends.
struct Phase {
    /// The run's name in every row.
    let run: String
    /// Which column counts this phase's steps (`dnn_steps` or `sweeps`).
    let kind: RunPhase
    /// The run's clocks at the phase's start.
    let start: PhaseStart
    let rule: StoppingRule
    let schedule: RecordSchedule
    /// Steps between tolerance checks of a replayable stepper under `.stop`.
    let checkInterval: Int
    /// At most this many steps between two clock reads and stop requests.
    let blockLimit: Int
    let discrete: DiscretePoisson
    let reference: [Double]
    let observer: RunObserver
    let recording: RecordingExecution

    /// Runs the phase on `stepper` (left at its final state). Progress is reported at every
    /// record of a phase without tolerance checks (the network: few, slow steps) and, in a phase
    /// that checks, at the first check past every 1 % of the budget.
    func run<Stepper: PhaseStepper, Events: PhaseEvents>(_ stepper: inout Stepper, events: inout Events,
                                                         progress: (ProgressEvent) -> Void) -> PhaseResult {
        var result = PhaseResult()
        var clock = Stopwatch()
        var done = 0
        let points = discrete.pointCount
        // Up to 8 slots, at most 4 MiB of them (one slot on grids above 2^19 points).
        let recorder = BackgroundRecorder(PhaseRecording(observer: observer, run: run), pointCount: points,
                                          capacity: max(1, min(8, (1 << 22) / (8 * points))), execution: recording)
        var lastRecorded = -1
        var lastValues: [Double]?   // the last recorded grid vector, when it is not the stepper's own
        var records = schedule.cursor(budget: rule.budget)
        let reportEvery = max(1, rule.budget / 100)
        var nextReport = reportEvery

        let stopTolerance: Double?, noteTolerance: Double?
        switch rule.tolerance {
        case .stop(let t): stopTolerance = t; noteTolerance = nil
        case .noteAtRecords(let t): stopTolerance = nil; noteTolerance = t
        case .none: stopTolerance = nil; noteTolerance = nil
        }
        let replays = stopTolerance != nil && stepper.canReplay
        let interval = stopTolerance == nil ? Int.max : (replays ? max(1, checkInterval) : 1)

        func clocks() -> PhaseStart {
            PhaseStart(step: start.step + done, dnnSteps: start.dnnSteps + (kind == .dnn ? done : 0),
                       sweeps: start.sweeps + (kind == .solver ? done : 0),
                       flops: start.flops + stepper.flopCount, seconds: start.seconds + clock.elapsed)
        }
        func record(_ values: [Double]) {
            let now = clocks()
            result.rows.append(CurveRow(
                run: run, phase: kind, step: now.step, dnnSteps: now.dnnSteps, sweeps: now.sweeps, flops: now.flops,
                seconds: now.seconds, loss: stepper.loss, metrics: .unrecorded))
            recorder.submit(step: now.step, iterate: values)
            lastRecorded = done
            if !stepper.gridValuesShareStorage { lastValues = values }
        }
        func hit() -> ToleranceHit {
            let now = clocks()
            return ToleranceHit(step: now.step, flops: now.flops, seconds: now.seconds)
        }
        func report(_ maxError: Double) {
            progress(ProgressEvent(run: run, done: done, total: rule.budget, maxError: maxError))
        }
        /// Records the state at `done`; notes the tolerance under `.noteAtRecords`.
        func recordAndNote() {
            let values = stepper.gridValues()
            let maxError = GridNorms.maxDifference(values, reference)
            record(values)
            if let tolerance = noteTolerance, result.toleranceHit == nil, maxError <= tolerance {
                result.toleranceHit = hit()
            }
            report(maxError)
        }

        var nextEvent = events.nextStep(after: -1)
        if nextEvent == 0 {
            let charged = events.handle(at: 0, stepper: &stepper, clocks: clocks(), rowCount: 0)
            clock = Stopwatch(elapsed: clock.elapsed + (charged ?? 0))
            nextEvent = events.nextStep(after: 0)
        }
        do {
            let values = stepper.gridValues()
            let maxError = GridNorms.maxDifference(values, reference)
            record(values)
            if let tolerance = stopTolerance ?? noteTolerance, maxError <= tolerance { result.toleranceHit = hit() }
            if stopTolerance == nil { report(maxError) }
        }
        if replays { stepper.saveCheckpoint() }
        var checkpointDone = 0, checkpointSeconds = 0.0
        var nextRecord = records.next(after: 0)
        var nextCheck = interval == Int.max ? Int.max : interval

        /// Ends the phase at the first step that meets `tolerance`, found at `done`: a replayable
        /// stepper rewinds to the last check and replays one step at a time to it.
        func finish(at tolerance: Double) {
            if replays {
                let end = done
                stepper.rewindToCheckpoint()
                done = checkpointDone
                clock = Stopwatch(elapsed: checkpointSeconds)
                while done < end {
                    guard (try? clock.time({ try stepper.step() })) != nil else { break }
                    done += 1
                    if GridNorms.maxDifference(stepper.gridValues(), reference) <= tolerance { break }
                }
            }
            result.toleranceHit = hit()
            record(stepper.gridValues())
            report(GridNorms.maxDifference(stepper.gridValues(), reference))
        }

        while done < rule.budget && (stopTolerance == nil || result.toleranceHit == nil) {
            if rule.isStopRequested() { result.status = .interrupted; break }
            var target = min(rule.budget, nextRecord, nextCheck, done + blockLimit)
            if let event = nextEvent { target = min(target, event) }
            do {
                try clock.time {
                    while done < target {
                        try stepper.step()
                        done += 1
                    }
                }
            } catch {
                let quantity = (error as? DivergenceError)?.quantity ?? "\(error)"
                result.status = .diverged(step: start.step + done + 1, quantity: quantity)
                break
            }
            var handled = false
            if done == nextEvent, let tolerance = stopTolerance,
               GridNorms.maxDifference(stepper.gridValues(), reference) <= tolerance {
                // Met within the block that ends at the event: the phase ends at the first step
                // that meets it, before the event could change the iterate.
                finish(at: tolerance)
                break
            }
            if done == nextEvent {
                let charged = events.handle(at: done, stepper: &stepper, clocks: clocks(), rowCount: result.rows.count)
                clock = Stopwatch(elapsed: clock.elapsed + (charged ?? 0))
                nextEvent = events.nextStep(after: done)
                handled = charged != nil
            }
            let isRecord = done == nextRecord
            if isRecord { nextRecord = records.next(after: done) }
            guard let tolerance = stopTolerance else {
                if isRecord { recordAndNote() }
                continue
            }
            if handled && replays {
                // The event changed the iterate: a replay must start from the changed state.
                stepper.saveCheckpoint()
                checkpointDone = done
                checkpointSeconds = clock.elapsed
            }
            if done == nextCheck { nextCheck += interval } else if !isRecord && !handled { continue }
            if handled && !isRecord {
                // A changed iterate is always recorded (the corrections show in every curve).
                let values = stepper.gridValues()
                if GridNorms.maxDifference(values, reference) > tolerance { record(values) }
            }

            let values = stepper.gridValues()
            let maxError = GridNorms.maxDifference(values, reference)
            if maxError <= tolerance {
                finish(at: tolerance)
                break
            }
            if replays {
                stepper.saveCheckpoint()
                checkpointDone = done
                checkpointSeconds = clock.elapsed
            }
            if isRecord { record(values) }
            if done >= nextReport {
                report(maxError)
                nextReport = (done / reportEvery + 1) * reportEvery
            }
        }
        if lastRecorded != done {
            if noteTolerance != nil { recordAndNote() } else { record(stepper.gridValues()) }
        }

        let recorded = recorder.finish()
        for (i, metrics) in recorded.metrics.enumerated() { result.rows[i].metrics = metrics }
        result.modes = recorded.modes
        result.finalValues = lastValues ?? stepper.gridValues()   // the last record is at the final step
        result.steps = done
        result.flopsPerStep = stepper.flopsPerStep
        result.seconds = clock.elapsed
        return result
    }
}
