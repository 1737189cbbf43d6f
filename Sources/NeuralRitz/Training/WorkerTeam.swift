import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Fork-join over a fixed number of workers: `run` calls `body(w)` for every `w ∈ 0..<size`,
/// concurrently, and returns when all are done. Work assignment is static, so which worker
/// does what is a function of the worker count only, and results never depend on the timing.
///
/// Two forms:
/// - `WorkerTeam.run(workers:_:)`, for a one-off fork-join: GCD's `concurrentPerform`.
/// - A team instance, for the fork-joins of a training loop: the caller is worker 0, and
///   `size − 1` threads of its own, started in `init` and stopped in `deinit`, are the others.
///   Between fork-joins a worker waits by polling for `spinSeconds` (yielding the processor
///   to any other runnable thread) before it sleeps on a semaphore. A step's fork-joins follow
///   each other within microseconds, so in a training loop the workers start at once, where
///   GCD's threads went to sleep after each one and took 50–150 µs to wake up (measured with
///   `perf sched` on 2 cores: about 3 % of a 5 ms step of the 200-200-100 network, and GCD woke
///   a second, idle thread on the worker's core each time).
///
/// One fork-join runs on a team at a time; a caller that finds it busy (a trainer's copy
/// evaluated on another thread) runs its fork-join on GCD instead — same assignment, same
/// results.
final class WorkerTeam: @unchecked Sendable {
    /// Workers, the caller included.
    let size: Int
    private let shared: TeamState
    private var threads: [pthread_t] = []

    /// How long an idle worker polls before it sleeps: long enough to span the gap between
    /// the fork-joins of back-to-back steps, short enough to give the core back soon after.
    static let spinSeconds = 200e-6

    /// A team of `size ≥ 1` workers (`size − 1` threads).
    init(size: Int) {
        self.size = max(1, size)
        shared = TeamState(size: self.size)
        for index in 1..<self.size {
            let context = Unmanaged.passRetained(WorkerContext(state: shared, index: index)).toOpaque()
            var thread = pthread_t()
            let status = pthread_create(&thread, nil, { raw in
                let context = Unmanaged<WorkerContext>.fromOpaque(raw!).takeRetainedValue()
                context.state.work(as: context.index)
                return nil
            }, context)
            if status == 0 {
                threads.append(thread)
            } else {
                // No thread: this worker's share is then run by GCD (see `run`).
                Unmanaged<WorkerContext>.fromOpaque(context).release()
                shared.missingThreads = true
            }
        }
    }

    deinit {
        shared.stop()
        for thread in threads { pthread_join(thread, nil) }
    }

    /// Calls `body(w)` for every `w ∈ 0..<size` — on the team, `body(0)` on the calling thread;
    /// on GCD when the team is busy or lacks a thread — and returns when all have returned.
    func run(_ body: @Sendable (Int) -> Void) {
        if size == 1 { return body(0) }
        let ran: Void? = shared.lock.withLockIfAvailable { _ in
            if shared.missingThreads {
                DispatchQueue.concurrentPerform(iterations: size, execute: body)
            } else {
                withoutActuallyEscaping(body) { shared.forkJoin($0) }
            }
        }
        if ran == nil { DispatchQueue.concurrentPerform(iterations: size, execute: body) }
    }

    /// A one-off fork-join over `workers` workers on GCD (inline for one).
    static func run(workers: Int, _ body: @Sendable (Int) -> Void) {
        if workers <= 1 {
            body(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers, execute: body)
        }
    }

    /// `0..<count` cut into `parts` contiguous ranges (the first `count mod parts` one longer).
    static func ranges(_ count: Int, parts: Int) -> [Range<Int>] {
        let parts = max(1, min(parts, max(1, count)))
        let base = count / parts, longer = count % parts
        var start = 0
        return (0..<parts).map { index in
            let size = base + (index < longer ? 1 : 0)
            defer { start += size }
            return start..<(start + size)
        }
    }
}

/// What a worker thread is started with.
private final class WorkerContext {
    let state: TeamState
    let index: Int
    init(state: TeamState, index: Int) {
        self.state = state
        self.index = index
    }
}

/// The synchronisation of a `WorkerTeam`, shared by its caller and its threads.
///
/// Protocol: the caller publishes `job`, sets `pending = size − 1` and increments
/// `generation`; a worker that sees a new generation runs `job(w)` and decrements `pending`;
/// the caller runs `job(0)` and waits for `pending == 0`. A worker that has polled for
/// `spinSeconds` stores `asleep[w] = 1`, checks the generation once more and waits on its
/// semaphore; the caller, after incrementing the generation, takes every `asleep` flag back to
/// 0 and signals the semaphores of those it found at 1. All of these are sequentially
/// consistent, so either the worker's last check sees the new generation (it then takes its
/// flag back itself, or, when the caller took it first, consumes the caller's signal) or the
/// caller sees the flag and signals: no wake-up is lost, and every signal is consumed once.
private final class TeamState: @unchecked Sendable {
    let size: Int
    /// Held for the length of a fork-join.
    let lock = Mutex<Void>(())
    var missingThreads = false
    private let generation = Atomic<Int>(0)
    private let pending = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let asleep: UnsafeMutablePointer<Atomic<Int>>
    private let wakeups: [DispatchSemaphore]
    /// The current fork-join's body: written before `generation` is incremented, read after a
    /// worker sees the increment, cleared after `pending` reaches 0.
    private nonisolated(unsafe) var job: ((Int) -> Void)?

    init(size: Int) {
        self.size = size
        asleep = .allocate(capacity: size)
        for index in 0..<size { (asleep + index).initialize(to: Atomic(0)) }
        wakeups = (0..<size).map { _ in DispatchSemaphore(value: 0) }
    }

    deinit {
        asleep.deinitialize(count: size)
        asleep.deallocate()
    }

    /// Runs `body` on every worker (the caller holds `lock`).
    func forkJoin(_ body: @escaping (Int) -> Void) {
        job = body
        pending.store(size - 1, ordering: .sequentiallyConsistent)
        release()
        body(0)
        var polls = 0
        while pending.load(ordering: .acquiring) != 0 {
            polls += 1
            if polls > 64 { sched_yield() }
        }
        job = nil
    }

    /// Ends the threads' loops (from the team's `deinit`, when no fork-join runs).
    func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        release()
    }

    /// Starts a new generation and wakes the workers that sleep.
    private func release() {
        generation.add(1, ordering: .sequentiallyConsistent)
        for index in 1..<size where asleep[index].exchange(0, ordering: .sequentiallyConsistent) == 1 {
            wakeups[index].signal()
        }
    }

    /// Worker `index`'s loop: wait for a generation, run the job, report; until `stop`.
    func work(as index: Int) {
        var seen = 0
        while true {
            seen = waitForGeneration(after: seen, as: index)
            if stopping.load(ordering: .sequentiallyConsistent) { return }
            job!(index)
            pending.subtract(1, ordering: .releasing)
        }
    }

    /// Polls for a generation after `seen` for `spinSeconds`, then sleeps until woken; returns it.
    private func waitForGeneration(after seen: Int, as index: Int) -> Int {
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        var polls = 0
        while true {
            let current = generation.load(ordering: .acquiring)
            if current != seen { return current }
            polls += 1
            if polls < 256 { continue }
            sched_yield()
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let elapsed = Double(now.tv_sec - start.tv_sec) + Double(now.tv_nsec - start.tv_nsec) * 1e-9
            guard elapsed > WorkerTeam.spinSeconds else { continue }
            asleep[index].store(1, ordering: .sequentiallyConsistent)
            if generation.load(ordering: .sequentiallyConsistent) != seen {
                // Work came while the flag was set: take it back, or, if the caller took it
                // first, consume its signal.
                if asleep[index].exchange(0, ordering: .sequentiallyConsistent) == 0 { wakeups[index].wait() }
            } else {
                wakeups[index].wait()
            }
            clock_gettime(CLOCK_MONOTONIC, &start)
            polls = 0
        }
    }
}
