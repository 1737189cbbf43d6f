import Foundation
import Testing
import PoissonCore
import Spectral
import TestSupport

/// Records, for every iterate, its step and a checksum that depends on every entry and on their
/// order, so a slot overwritten before the worker read it would show.
private struct ChecksumRecorder: IterateRecording, Sendable {
    var steps: [Int] = []
    var checksums: [Double] = []

    mutating func record(step: Int, iterate: [Double]) {
        steps.append(step)
        var sum = 0.0
        for (j, v) in iterate.enumerated() { sum += Double(j + 1) * v }
        checksums.append(sum)
    }
}

@Suite struct BackgroundRecorderTests {
    /// The worker records exactly what the same trackers record inline: bit-identical rows, in
    /// order, for a Jacobi run recorded every 10 sweeps, with 1 and 3 slots (the solver waits
    /// for the worker when they are full).
    @Test(arguments: [1, 3])
    func backgroundRecordsEqualInlineRecords(capacity: Int) throws {
        let problem = try DiscretePoisson(problem: ReferenceProblems.paper(), pointCount: 257)
        let reference = problem.directSolution()
        let trackers = RecorderPair(try SineModeTracker(reference: reference, modes: [1, 2, 4, 8, 16, 32]),
                                    try DFTPeakTracker(reference: reference, peaks: .largest(3)))
        let background = BackgroundRecorder(trackers, pointCount: problem.pointCount, capacity: capacity,
                                            execution: .background)
        let inline = BackgroundRecorder(trackers, pointCount: problem.pointCount, execution: .inline)
        #expect(background.runsInBackground && !inline.runsInBackground)
        var jacobi = JacobiSweeps(problem: problem, start: problem.initialGuess())
        for _ in 0..<300 {
            background.submit(step: jacobi.sweepCount, iterate: jacobi.iterate)
            inline.submit(step: jacobi.sweepCount, iterate: jacobi.iterate)
            jacobi.sweep(10)
        }
        let fromWorker = background.finish(), reference2 = inline.finish()
        #expect(fromWorker.first.records.count == 300 * 6)
        #expect(fromWorker.second.peaks.count >= 2)
        #expect(fromWorker.second.records.count == 300 * fromWorker.second.peaks.count)
        #expect(fromWorker.first.records == reference2.first.records)
        #expect(fromWorker.second.records == reference2.second.records)
        #expect(fromWorker.first.records.last?.step == 2990)
    }

    /// Many distinct iterates through few slots arrive complete and in order.
    @Test func everyIterateArrivesInOrder() {
        let n = 513, count = 2000
        let recorder = BackgroundRecorder(ChecksumRecorder(), pointCount: n, capacity: 2, execution: .background)
        var expected: [Double] = []
        var u = [Double](repeating: 0, count: n)
        for i in 0..<count {
            for j in 0..<n { u[j] = Double((i * 31 + j * 7) % 101) - 50 }
            var sum = 0.0
            for (j, v) in u.enumerated() { sum += Double(j + 1) * v }
            expected.append(sum)
            recorder.submit(step: i, iterate: u)
        }
        let result = recorder.finish()
        #expect(result.steps == Array(0..<count))
        #expect(result.checksums == expected)
        // finish is idempotent.
        #expect(recorder.finish().steps.count == count)
    }

    /// An idle worker parks (after about a millisecond) and the next submit wakes it; nothing
    /// submitted is lost, and finish returns promptly with or without submissions.
    @Test func parkedWorkerIsWokenBySubmit() {
        let recorder = BackgroundRecorder(ChecksumRecorder(), pointCount: 4, execution: .background)
        for i in 0..<5 {
            recorder.submit(step: i, iterate: [Double(i), 1, 2, 3])
            Thread.sleep(forTimeInterval: 0.01)   // ≫ the spin phase: the worker parks
        }
        #expect(recorder.finish().steps == [0, 1, 2, 3, 4])

        let empty = BackgroundRecorder(ChecksumRecorder(), pointCount: 4, execution: .background)
        Thread.sleep(forTimeInterval: 0.01)
        #expect(empty.finish().steps.isEmpty)
    }

    /// A recorder dropped without `finish()` stops its worker (the test would hang otherwise).
    @Test func droppedRecorderStopsItsWorker() {
        for _ in 0..<20 {
            let recorder = BackgroundRecorder(ChecksumRecorder(), pointCount: 8, execution: .background)
            recorder.submit(step: 0, iterate: [Double](repeating: 1, count: 8))
        }
        let automatic = BackgroundRecorder(ChecksumRecorder(), pointCount: 8)
        #expect(automatic.runsInBackground == (ProcessInfo.processInfo.activeProcessorCount >= 2))
        _ = automatic.finish()
    }
}
