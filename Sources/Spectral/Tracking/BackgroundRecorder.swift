import Foundation
import Synchronization

/// A read-only observer of iterates: records whatever it extracts from a grid vector at a step.
/// `SineModeTracker` and `DFTPeakTracker` are recorders; `RecorderPair` combines two.
public protocol IterateRecording {
    /// Records `iterate` (a grid vector, boundary points included) at `step`. Must not depend on
    /// anything but its arguments and the recorder's own state, so that recording the same
    /// sequence of iterates always gives the same records, on whatever thread it runs.
    mutating func record(step: Int, iterate: [Double])
}

extension SineModeTracker: IterateRecording {}
extension DFTPeakTracker: IterateRecording {}

/// Two recorders fed the same iterates: `first`, then `second`, at every `record`.
public struct RecorderPair<First: IterateRecording & Sendable, Second: IterateRecording & Sendable>: IterateRecording, Sendable {
    /// The first recorder (fed first).
    public var first: First
    /// The second recorder.
    public var second: Second

    /// Pairs `first` and `second`.
    public init(_ first: First, _ second: Second) {
        self.first = first
        self.second = second
    }

    public mutating func record(step: Int, iterate: [Double]) {
        first.record(step: step, iterate: iterate)
        second.record(step: step, iterate: iterate)
    }
}

/// Where a `BackgroundRecorder` makes its records.
public enum RecordingExecution: Sendable, Equatable {
    /// A worker thread when at least two processors are active, inline otherwise.
    case automatic
    /// Always a worker thread.
    case background
    /// Always inline, inside `submit` (the synchronous reference).
    case inline
}

/// Runs a recorder on a background thread, so that recording an iterate costs the solver only a
/// copy of it.
///
/// A classical sweep on n = 1001 points takes ~0.15 µs, while one spectral record (a few sine
/// modes and DFT peaks: ~16 projections of length n) takes ~1–2 µs; recording every 50 sweeps
/// synchronously therefore adds tens of per cent to the solver's wall time. Here `submit` copies
/// the iterate into one of `capacity` preallocated slots (`pointCount` doubles each) and returns;
/// a worker thread feeds the slots to the recorder **in submission order**, so the records are
/// exactly those the same recorder would make synchronously — bit for bit, since the recorder
/// sees the same vectors in the same order (the tests check this). `finish()` waits until every
/// submitted iterate is recorded, stops the worker and hands the recorder back.
///
/// Waiting: when all slots are full, `submit` waits for the worker (the solver never outruns
/// recording by more than `capacity` records). An idle worker yields the processor between
/// checks and parks after about `idleSpinLimit` fruitless checks (~1 ms), to be woken by the next
/// `submit`: while records come often it never parks, so a `submit` costs the copy and two
/// atomic operations; when they come rarely it costs one wake-up, small against the work between.
///
/// With fewer than two processors a worker would compete with the solver for the only one, so
/// `.automatic` execution then records inline in `submit` instead (same records, same order).
///
/// Allocation: slots are allocated once at `init`; `submit` allocates nothing; the worker's
/// recorder allocates what it would allocate inline (amortised growth of its records).
/// One producer: `submit` and `finish` must be called from one thread at a time.
public final class BackgroundRecorder<Recorder: IterateRecording & Sendable>: @unchecked Sendable {
    /// Grid points of every submitted iterate.
    public let pointCount: Int
    /// Number of iterate slots between the caller and the worker (≥ 1).
    public let capacity: Int
    /// Whether records are made on a worker thread (`false`: inline in `submit`).
    public let runsInBackground: Bool

    private let channel: Channel
    /// The recorder, in inline mode (the worker owns it otherwise).
    private var inlineRecorder: Recorder?
    private var finishedRecorder: Recorder?

    /// A recorder of iterates of `pointCount ≥ 1` points with `capacity ≥ 1` slots (preconditions).
    /// Starts the worker thread when running in the background.
    public init(_ recorder: Recorder, pointCount: Int, capacity: Int = 8, execution: RecordingExecution = .automatic) {
        precondition(pointCount >= 1, "BackgroundRecorder: pointCount must be at least 1")
        precondition(capacity >= 1, "BackgroundRecorder: capacity must be at least 1")
        self.pointCount = pointCount
        self.capacity = capacity
        switch execution {
        case .automatic: runsInBackground = ProcessInfo.processInfo.activeProcessorCount >= 2
        case .background: runsInBackground = true
        case .inline: runsInBackground = false
        }
        channel = Channel(pointCount: pointCount, capacity: capacity, recorder: runsInBackground ? recorder : nil)
        if runsInBackground {
            let channel = self.channel
            let thread = Thread { channel.work() }
            thread.name = "poisson-hybrid recorder"
            thread.start()
        } else {
            inlineRecorder = recorder
        }
    }

    deinit {
        // A recorder dropped without `finish()`: let the worker drain and exit.
        if runsInBackground && finishedRecorder == nil { _ = channel.stop() }
    }

    /// Hands `iterate` (a grid vector of `pointCount` entries, precondition) at `step` to the
    /// recorder. In the background: copies it into a free slot (waiting while none is free) and
    /// returns at once. Precondition: `finish()` has not been called.
    public func submit(step: Int, iterate: [Double]) {
        precondition(iterate.count == pointCount,
                     "BackgroundRecorder: iterate has \(iterate.count) entries, expected \(pointCount)")
        precondition(finishedRecorder == nil, "BackgroundRecorder: submit after finish")
        if runsInBackground {
            iterate.withUnsafeBufferPointer { channel.put(step: step, values: $0.baseAddress!) }
        } else {
            inlineRecorder!.record(step: step, iterate: iterate)
        }
    }

    /// Waits until every submitted iterate is recorded, stops the worker, and returns the
    /// recorder with all its records. Later calls return the same recorder; `submit` is no
    /// longer allowed.
    public func finish() -> Recorder {
        if let done = finishedRecorder { return done }
        let recorder = runsInBackground ? channel.stop() : inlineRecorder!
        inlineRecorder = nil
        finishedRecorder = recorder
        return recorder
    }

    /// Fruitless checks after which an idle worker parks (each check yields the processor, so
    /// this is roughly a millisecond).
    static var idleSpinLimit: Int { 2000 }

    /// The state shared by the caller and the worker: a single-producer single-consumer ring of
    /// `capacity` slots. `produced` and `consumed` count slots ever filled and emptied; slot
    /// `i % capacity` holds submission `i`. Release stores / acquire loads on the counters order
    /// the slot contents; `parked` and the counters use sequentially consistent operations for
    /// the park/wake hand-shake (the worker publishes `parked` then re-reads `produced` under the
    /// lock; the caller publishes `produced` then reads `parked`, and signals under the lock), so
    /// no wake-up is lost.
    private final class Channel: @unchecked Sendable {
        let pointCount: Int
        let capacity: Int
        let values: UnsafeMutablePointer<Double>
        let steps: UnsafeMutablePointer<Int>
        let produced = Atomic<Int>(0)
        let consumed = Atomic<Int>(0)
        let parked = Atomic<Bool>(false)
        let stopping = Atomic<Bool>(false)
        let condition = NSCondition()
        /// Signalled by the worker when it has exited; guarded by `condition`.
        var exited = false
        /// Owned by the worker while it runs; read by the caller only after `exited`.
        var recorder: Recorder?

        init(pointCount: Int, capacity: Int, recorder: Recorder?) {
            self.pointCount = pointCount
            self.capacity = capacity
            values = .allocate(capacity: pointCount * capacity)
            values.initialize(repeating: 0, count: pointCount * capacity)
            steps = .allocate(capacity: capacity)
            steps.initialize(repeating: 0, count: capacity)
            self.recorder = recorder
        }

        deinit {
            values.deallocate()
            steps.deallocate()
        }

        /// Caller side: copies `values` into the next slot and publishes it.
        func put(step: Int, values source: UnsafePointer<Double>) {
            let index = produced.load(ordering: .relaxed)   // only this thread writes `produced`
            while index - consumed.load(ordering: .acquiring) >= capacity { sched_yield() }   // all slots full
            let slot = index % capacity
            (values + slot * pointCount).update(from: source, count: pointCount)
            steps[slot] = step
            produced.store(index + 1, ordering: .sequentiallyConsistent)
            if parked.load(ordering: .sequentiallyConsistent) { wake() }
        }

        /// Caller side: asks the worker to drain and exit, waits for it, returns the recorder.
        func stop() -> Recorder {
            stopping.store(true, ordering: .sequentiallyConsistent)
            condition.lock()
            condition.signal()
            while !exited { condition.wait() }
            condition.unlock()
            return recorder!
        }

        private func wake() {
            condition.lock()
            condition.signal()
            condition.unlock()
        }

        /// Worker side: records slots in order until stopped and drained.
        func work() {
            var scratch = [Double](repeating: 0, count: pointCount)
            var next = 0
            var recorder = self.recorder!
            while waitForSlot(next) {
                let slot = next % capacity
                scratch.withUnsafeMutableBufferPointer { s in
                    s.baseAddress!.update(from: values + slot * pointCount, count: pointCount)
                }
                let step = steps[slot]
                next += 1
                consumed.store(next, ordering: .releasing)   // the slot is free again
                recorder.record(step: step, iterate: scratch)
            }
            condition.lock()
            self.recorder = recorder
            exited = true
            condition.broadcast()
            condition.unlock()
        }

        /// Worker side: waits until slot `index` is filled (`true`) or the channel is stopped and
        /// drained (`false`). Yields between checks; parks after `idleSpinLimit` of them.
        private func waitForSlot(_ index: Int) -> Bool {
            var checks = 0
            while true {
                if produced.load(ordering: .acquiring) > index { return true }
                if stopping.load(ordering: .acquiring) {
                    // Everything submitted before `stop` is visible now.
                    return produced.load(ordering: .acquiring) > index
                }
                checks += 1
                if checks < BackgroundRecorder.idleSpinLimit {
                    sched_yield()
                    continue
                }
                condition.lock()
                parked.store(true, ordering: .sequentiallyConsistent)
                while produced.load(ordering: .sequentiallyConsistent) <= index
                        && !stopping.load(ordering: .sequentiallyConsistent) {
                    condition.wait()
                }
                parked.store(false, ordering: .sequentiallyConsistent)
                condition.unlock()
                checks = 0
            }
        }
    }
}
