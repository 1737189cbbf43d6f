// Spectral tracking costs: one record (DST-I + DFT + peak errors) at n = 1001 and n = 2^16 + 1,
// its parts, and the overhead of recording every 50 Jacobi sweeps at n = 1001 against the sweeps
// alone, measured in the same run. `mallocCountTotal` shows that a record allocates nothing
// (beyond amortised growth of `records`, which the benchmarks empty with keepingCapacity).

import Benchmark
import PoissonCore
import Spectral

/// The paper's problem (Xu et al., Fig. 4) on `n` points.
private func paperProblem(pointCount n: Int) -> DiscretePoisson {
    let problem = try! PoissonProblem(
        lower: -1, upper: 1,
        source: ScalarFunction(expression: "sin(x) + 4*sin(4*x) - 8*sin(8*x) + 16*sin(24*x)"))
    return try! DiscretePoisson(problem: problem, pointCount: n)
}

/// The case file's default sine modes that exist on a grid of `N` interior points.
private func defaultModes(interiorCount: Int) -> [Int] {
    [1, 2, 4, 8, 16, 32, 64, 128, 256, 512].filter { $0 <= interiorCount }
}

/// Benchmark-local plain Jacobi sweeps `u_new[j] = (u[j−1] + u[j+1] + h² g_j)/2` (double
/// buffered, unsafe pointers): the solver work the tracking overhead is compared against.
private struct LocalJacobi {
    var iterate: [Double]
    private var next: [Double]
    private let scaledSource: [Double]

    init(problem: DiscretePoisson) {
        let h2 = problem.spacing * problem.spacing
        iterate = problem.initialGuess()
        next = iterate
        scaledSource = problem.source.map { h2 * $0 }
    }

    mutating func sweep(_ count: Int) {
        let n = iterate.count
        for _ in 0..<count {
            iterate.withUnsafeBufferPointer { u in
                next.withUnsafeMutableBufferPointer { v in
                    scaledSource.withUnsafeBufferPointer { f in
                        for j in 1..<(n - 1) { v[j] = (u[j - 1] + u[j + 1] + f[j]) * 0.5 }
                    }
                }
            }
            swap(&iterate, &next)
        }
    }
}

/// `LocalJacobi` shared by several benchmarks (they run one after another).
private final class SharedJacobi: @unchecked Sendable {
    private var jacobi: LocalJacobi
    init(_ jacobi: LocalJacobi) { self.jacobi = jacobi }
    var iterate: [Double] { jacobi.iterate }
    func sweep(_ count: Int) { jacobi.sweep(count) }
}

/// The trackers' rows, counted and emptied alike (for the record benchmarks).
private protocol ClearableRecorder: IterateRecording {
    var recordCount: Int { get }
    mutating func removeAllRecords()
}
extension SineModeTracker: ClearableRecorder { var recordCount: Int { records.count } }
extension DFTPeakTracker: ClearableRecorder { var recordCount: Int { records.count } }
extension RecorderPair: ClearableRecorder where First: ClearableRecorder, Second: ClearableRecorder {
    var recordCount: Int { first.recordCount + second.recordCount }
    mutating func removeAllRecords() { first.removeAllRecords(); second.removeAllRecords() }
}

/// A recorder that records nothing: isolates `BackgroundRecorder.submit`'s own cost.
private struct NoRecording: IterateRecording, Sendable {
    mutating func record(step: Int, iterate: [Double]) {}
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 10,
        maxDuration: .seconds(2),
        maxIterations: 1_000_000)

    for n in [1001, 65_537] {
        let problem = paperProblem(pointCount: n)
        let reference = problem.directSolution()
        var start = problem.initialGuess()
        for j in 1..<(n - 1) { start[j] = 0.5 * reference[j] + 1e-3 * Double(j % 7) }   // some iterate

        /// One sine-coefficient transform of `start` per iteration, made by `make` before measuring.
        func sineCoefficientBenchmark(_ name: String, _ make: @escaping () -> ([Double], inout [Double]) -> Void) {
            Benchmark(name) { benchmark in
                let transform = make()
                var a = [Double](repeating: 0, count: n - 1)
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    transform(start, &a)
                    blackHole(a[1])
                }
            }
        }
        sineCoefficientBenchmark("DST-I, n = \(n)") {
            let transform = try! SineTransform(interiorCount: n - 2)
            return { transform.coefficients(ofGridVector: $0, into: &$1) }
        }
        if n < 10_000 && QuadSineTransform.isAvailable {
            // The binary128 DST-I of `precision: .quad` (verification accuracy), against the above.
            sineCoefficientBenchmark("quad DST-I, n = \(n)") {
                let transform = try! QuadSineTransform(interiorCount: n - 2)
                return { transform.coefficients(ofGridVector: $0, into: &$1) }
            }
        }

        Benchmark("real DFT, n = \(n)") { benchmark in
            let transform = try! FourierTransform(count: n)
            var re = [Double](repeating: 0, count: n / 2 + 1), im = re
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                transform.transform(start, real: &re, imaginary: &im)
                blackHole(re[1])
            }
        }

        // Records are measured 1000 per sample at n = 1001 (`.kilo`: metrics are per record, so a
        // malloc count of 0 shows that a record allocates nothing), singly at 2^16 + 1.
        let perRecord = Benchmark.Configuration(scalingFactor: n < 10_000 ? .kilo : .one)

        /// Records of `start` by the recorder `make` returns (used once first: plans made), its
        /// rows emptied (keeping their storage) every 100 000.
        func recordBenchmark<R: ClearableRecorder>(_ name: String, _ make: @escaping () -> R) {
            Benchmark(name, configuration: perRecord) { benchmark in
                var recorder = make()
                recorder.record(step: 0, iterate: start)
                recorder.removeAllRecords()
                benchmark.startMeasurement()
                for i in benchmark.scaledIterations {
                    recorder.record(step: i, iterate: start)
                    if recorder.recordCount > 100_000 { recorder.removeAllRecords() }
                }
                benchmark.stopMeasurement()
                blackHole(recorder.recordCount)
            }
        }
        let sineModes = defaultModes(interiorCount: n - 2)
        // One record as the driver makes it: the case's sine modes + the 3 largest DFT peaks,
        // then its two halves.
        recordBenchmark("record (10 sine modes + 3 DFT peaks), n = \(n)") {
            RecorderPair(try! SineModeTracker(reference: reference, modes: sineModes),
                         try! DFTPeakTracker(reference: reference, peaks: .largest(3)))
        }
        recordBenchmark("record 10 sine modes, n = \(n)") {
            try! SineModeTracker(reference: reference, modes: sineModes)
        }
        recordBenchmark("record 3 DFT peaks, n = \(n)") {
            try! DFTPeakTracker(reference: reference, peaks: .largest(3))
        }

        // The sine tracker on all modes (DST path, N rows per record).
        Benchmark("record all sine modes (DST), n = \(n)") { benchmark in
            var sine = try! SineModeTracker(reference: reference, modes: .all)
            sine.record(step: 0, iterate: start)
            benchmark.startMeasurement()
            for i in benchmark.scaledIterations {
                sine.removeAllRecords()
                sine.record(step: i, iterate: start)
            }
            benchmark.stopMeasurement()
            blackHole(sine.records.last)
        }

        Benchmark("residual mode estimate, n = \(n)") { benchmark in
            var estimator = try! ResidualModeEstimator(problem: problem)
            var errors = [Double](repeating: 0, count: n - 1)
            estimator.modeErrors(of: start, into: &errors)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                estimator.modeErrors(of: start, into: &errors)
                blackHole(errors[1])
            }
        }
    }

    // Tracking overhead: 50 plain Jacobi sweeps at n = 1001, without and with one record
    // (sine modes + DFT peaks) after them, as the driver does with `tracking.every: 50`: the
    // record made inline (synchronously) and handed to a `BackgroundRecorder` (the solver pays
    // the copy of the iterate; the worker thread records). Each sample is 1000 such blocks
    // (`.kilo`: metrics are per block) from the initial guess. The background recorder's start
    // and finish happen once per solver phase in the driver and are measured separately below.
    // Wall clock only: package-benchmark's malloc counting hooks every allocation of both
    // threads and slows the worker's record appends (the record benchmarks above count mallocs).
    let n = 1001, every = 50
    let problem = paperProblem(pointCount: n)
    let reference = problem.directSolution()
    let perBlock = Benchmark.Configuration(metrics: [.wallClock], scalingFactor: .kilo)

    // One set of solver buffers for all three, so that memory placement (which moves a sweep's
    // time by up to ~20 % between allocations on this machine) is the same for each; the iterate
    // simply continues from sample to sample.
    let sharedJacobi = SharedJacobi(LocalJacobi(problem: problem))

    /// The driver's trackers for this grid, used once before measuring (plans made).
    func trackers() -> RecorderPair<SineModeTracker, DFTPeakTracker> {
        var sine = try! SineModeTracker(reference: reference, modes: defaultModes(interiorCount: n - 2))
        var peaks = try! DFTPeakTracker(reference: reference, peaks: .largest(3))
        sine.record(step: 0, iterate: reference); peaks.record(step: 0, iterate: reference)
        sine.removeAllRecords(); peaks.removeAllRecords()
        return RecorderPair(sine, peaks)
    }

    Benchmark("Jacobi \(every) sweeps, n = \(n)", configuration: perBlock) { benchmark in
        let jacobi = sharedJacobi
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            jacobi.sweep(every)
            blackHole(jacobi.iterate[n / 2])
        }
    }

    Benchmark("Jacobi \(every) sweeps + record, n = \(n)", configuration: perBlock) { benchmark in
        let jacobi = sharedJacobi
        var recorder = trackers()
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations {
            jacobi.sweep(every)
            recorder.record(step: i, iterate: jacobi.iterate)
        }
        benchmark.stopMeasurement()
        blackHole(recorder.first.records.last); blackHole(recorder.second.records.last)
    }

    // What the solver pays per background record, alone: `submit` of an n = 1001 iterate to a
    // worker whose recorder does nothing (so it never makes the caller wait): the copy into a
    // slot and the hand-over.
    Benchmark("BackgroundRecorder.submit, n = \(n)", configuration: perBlock) { benchmark in
        let iterate = reference
        let recorder = BackgroundRecorder(NoRecording(), pointCount: n, execution: .background)
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations { recorder.submit(step: i, iterate: iterate) }
        benchmark.stopMeasurement()
        _ = recorder.finish()
    }

    // The fixed cost per solver phase: starting the worker thread and finishing (drain, stop).
    Benchmark("BackgroundRecorder start + finish, n = \(n)") { benchmark in
        for _ in benchmark.scaledIterations {
            let recorder = BackgroundRecorder(NoRecording(), pointCount: n, execution: .background)
            blackHole(recorder.finish())
        }
    }

    Benchmark("Jacobi \(every) sweeps + background record, n = \(n)", configuration: perBlock) { benchmark in
        let jacobi = sharedJacobi
        let recorder = BackgroundRecorder(trackers(), pointCount: n, execution: .background)
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations {
            jacobi.sweep(every)
            recorder.submit(step: i, iterate: jacobi.iterate)
        }
        benchmark.stopMeasurement()
        let done = recorder.finish()
        blackHole(done.first.records.last); blackHole(done.second.records.last)
    }
}
