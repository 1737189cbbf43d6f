import Foundation
import Testing
@testable import NeuralRitz

/// The training's fork-join team: every worker index runs exactly once per fork-join and the
/// caller sees all of their writes, back to back (workers polling), after pauses longer than
/// the polling time (workers asleep: a lost wake-up would leave the caller waiting, so each
/// check runs on a thread of its own and fails if it has not finished within a minute), with
/// two callers at once (one of them on GCD), and teams come and go without leaving threads
/// behind.
@Suite struct WorkerTeamTests {
    /// Whether `body` returns true within `seconds`, run on a thread of its own (a hung
    /// fork-join cannot be interrupted; the test then fails instead of hanging).
    static func completes(within seconds: Double = 60, _ body: @escaping @Sendable () -> Bool) -> Bool {
        let outcome = Outcome()
        Thread.detachNewThread {
            outcome.value = body()
            outcome.done.signal()
        }
        return outcome.done.wait(timeout: .now() + seconds) == .success && outcome.value
    }

    /// `rounds` fork-joins on `team` (`pause` seconds after each), each worker adding
    /// `index + 1 + round` to its own zeroed slot; whether every round's slots were right.
    static func check(_ team: WorkerTeam, rounds: Int, pause: Double? = nil) -> Bool {
        let slots = UnsafeMutableBufferPointer<Int>.allocate(capacity: team.size)
        defer { slots.deallocate() }
        let shared = Slots(base: slots.baseAddress!)
        var good = true
        for round in 0..<rounds {
            slots.initialize(repeating: 0)
            team.run { worker in shared.base[worker] += worker + 1 + round }
            for worker in 0..<team.size where slots[worker] != worker + 1 + round { good = false }
            if let pause { Thread.sleep(forTimeInterval: pause) }
        }
        return good
    }

    @Test(arguments: [1, 2, 3, 5])
    func everyWorkerRunsOncePerForkJoin(size: Int) {
        let team = WorkerTeam(size: size)
        #expect(team.size == size)
        #expect(Self.completes { Self.check(team, rounds: 20_000) })
    }

    @Test func workersThatFellAsleepAreWoken() {
        let team = WorkerTeam(size: 3)
        #expect(Self.completes {
            // 1 ms between fork-joins: five times the polling time, so each one wakes sleepers;
            // then pauses around the polling time, where a worker is deciding to sleep.
            Self.check(team, rounds: 200, pause: 1e-3)
                && stride(from: 150, through: 260, by: 10).allSatisfy { Self.check(team, rounds: 20, pause: Double($0) * 1e-6) }
        })
    }

    @Test func twoCallersAtOnceBothComplete() async {
        let team = WorkerTeam(size: 2)
        async let first = Task.detached { Self.completes { Self.check(team, rounds: 5_000) } }.value
        async let second = Task.detached { Self.completes { Self.check(team, rounds: 5_000) } }.value
        let results = await [first, second]
        #expect(results == [true, true])
    }

    @Test func teamsComeAndGo() {
        #expect(Self.completes {
            (1...40).allSatisfy { Self.check(WorkerTeam(size: 2 + $0 % 3), rounds: 10) }
        })
    }
}

/// A buffer the workers write, each its own slot.
private struct Slots: @unchecked Sendable {
    let base: UnsafeMutablePointer<Int>
}

/// A checked thread's result, published by `done`.
private final class Outcome: @unchecked Sendable {
    var value = false
    let done = DispatchSemaphore(value: 0)
}
