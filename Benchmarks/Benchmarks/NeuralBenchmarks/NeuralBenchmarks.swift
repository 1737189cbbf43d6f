// Benchmarks of the NeuralRitz trainer: full-batch Deep Ritz training steps on 1001 points.
//
// The library loads OpenBLAS itself with the CPU's best kernels when OPENBLAS_CORETYPE is
// unset (a value set in the environment is respected); every benchmark prints the kernels in
// use and where they came from.
//
// Metrics
// - "Ritz step …, T threads": one training step per iteration (wall clock, throughput = steps/s)
//   with the default parallelism: fixed chunks of points, one-thread GEMMs on T workers. In the
//   same iteration, outside the measured region, the step's GEMM floor is measured: the step's
//   own matrix products, on the trainer's own scratch buffers, in the step's order (each
//   chunk's forward products, then its backward products), chunk c on worker c mod T, without
//   the elementwise work, loss, reduction or optimizer
//   (`RitzTrainer.matrixProductSeconds`). Custom metrics give the step's FLOP rate, the floor's
//   GEMM FLOP rate and floor seconds / step seconds (‰) — the step's speed as a fraction of
//   the speed it would have if it were its matrix products alone. The floor errs on the
//   lenient side: in a step the activation pass has just brought a product's input into cache,
//   in the floor nothing has. For comparison the same shapes are also replayed with plain
//   one-thread GEMMs on shared, cache-hot buffers (one A and B for every product, one C per
//   worker): an upper bound on the GEMM rate that the step, whose layers read and write
//   distinct memory, cannot reach ("hot-operand" metrics). The truth lies between the two. An
//   unmeasured step follows the replays, so every measured step starts from a training loop's
//   cache state. Mallocs counts the step's heap allocations: workspaces are allocated once, so
//   a fixed few remain, independent of the shapes (4 on one worker; 7 on two, whose three
//   fork-joins run on the trainer's own team of worker threads).
// - "Ritz step … one batch, T BLAS threads": the same step as one batch whose GEMMs use T
//   OpenBLAS threads (the pre-chunking scheme), for comparison in the same run.
// - "Ritz memory …": the paper-size trainer alone in its process (no replay buffers): peak
//   resident memory (sampled, and exact from getrusage) against the budget
//   2 × (parameters + Adam moments + stored activations and tangents) computed from the shapes.
// - "DGEMM 2000³": the square-GEMM rate of the loaded kernels, for orientation.

import Benchmark
import Dispatch
import Foundation
import PoissonCore
import NeuralRitz

/// Mutable state shared by the iterations of one benchmark.
final class TrainingState: @unchecked Sendable {
    var trainer: RitzTrainer
    let products: [[GEMMShape]]
    let workers: Int
    let double: ReplayBuffers<Double>?
    let single: ReplayBuffers<Float>?

    /// `chunked`: the default parallelism on `threads` workers, one-thread BLAS; otherwise one
    /// batch with `threads` BLAS threads. The replay buffers are in the trainer's precision.
    init(widths: [Int], threads: Int, chunked: Bool, precision: NetworkPrecision = .float64,
         replayBuffers: Bool) throws {
        BLASRuntime.setThreadCount(chunked ? 1 : threads)
        let problem = try PoissonProblem(lower: -1, upper: 1,
                                         source: ScalarFunction(expression: "sin(x) + 4*sin(4*x) - 8*sin(8*x) + 16*sin(24*x)"))
        var generator = SeededGenerator(seed: 1)
        let parallelism = chunked ? TrainingParallelism(pointCount: 1001, threads: threads) : .singleBatch
        trainer = try RitzTrainer(
            network: MultilayerPerceptron(
                architecture: NetworkArchitecture(hiddenWidths: widths, activation: .tanh),
                initialization: GaussianInitialization(weightStandardDeviation: 0.1, biasStandardDeviation: 0.1),
                using: &generator),
            problem: problem, trainingPoints: try problem.grid(pointCount: 1001),
            loss: .ritz(penalty: 1000), optimizer: .adam(learningRate: 1e-4), parallelism: parallelism,
            precision: precision)
        products = trainer.matrixProductsPerChunk
        workers = min(parallelism.threads, products.count)
        let all = replayBuffers ? products.flatMap { $0 } : []
        double = precision == .float64 ? ReplayBuffers(shapes: all, workers: workers) : nil
        single = precision == .float32 ? ReplayBuffers(shapes: all, workers: workers) : nil
        FileHandle.standardError.write(Data((
            "NeuralBenchmarks: widths \(widths), \(precision.rawValue), OpenBLAS kernels \(BLASRuntime.coreName) "
            + "(\(BLASRuntime.coreSource.rawValue)\(BLASRuntime.kernelsMatchCPU == false ? ", slower than this CPU allows" : "")), "
            + "BLAS threads \(BLASRuntime.threadCount), chunks \(parallelism.chunkCount), workers \(workers), "
            + "flops/step \(trainer.flopsPerStep), parameters \(trainer.network.parameterCount)\n").utf8))
    }

    /// One replay of the step's matrix products with plain GEMMs in the trainer's precision,
    /// chunk `c` on worker `c mod workers`; returns its seconds.
    func replay() -> Double {
        if let double { return double.replay(products, workers: workers) }
        return single!.replay(products, workers: workers)
    }
}

/// Tight GEMM buffers for replaying a step's products on cache-hot operands: one read-only
/// `A` and `B` shared by every product and one `C` per worker (allocated here, freed in `deinit`).
final class ReplayBuffers<S: BLASScalar>: @unchecked Sendable {
    let a: UnsafeMutablePointer<S>, b: UnsafeMutablePointer<S>
    let c: [UnsafeMutablePointer<S>]
    let counts: (a: Int, b: Int, c: Int)

    init(shapes: [GEMMShape], workers: Int) {
        let counts = (a: max(1, shapes.map { $0.sizes.a }.max() ?? 0), b: max(1, shapes.map { $0.sizes.b }.max() ?? 0),
                      c: max(1, shapes.map { $0.sizes.c }.max() ?? 0))
        self.counts = counts
        a = .allocate(capacity: counts.a)
        a.initialize(repeating: S(0.01), count: counts.a)
        b = .allocate(capacity: counts.b)
        b.initialize(repeating: S(0.02), count: counts.b)
        c = (0..<workers).map { _ in
            let buffer = UnsafeMutablePointer<S>.allocate(capacity: counts.c)
            buffer.initialize(repeating: 0, count: counts.c)
            return buffer
        }
    }

    deinit {
        a.deallocate()
        b.deallocate()
        for buffer in c { buffer.deallocate() }
    }

    func replay(_ products: [[GEMMShape]], workers: Int) -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let body: @Sendable (Int) -> Void = { worker in
            for chunk in stride(from: worker, to: products.count, by: workers) {
                for shape in products[chunk] { BLASRuntime.multiply(shape, a: self.a, b: self.b, c: self.c[worker]) }
            }
        }
        if workers == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: body) }
        return (clock.now - start).seconds
    }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}

/// Peak resident set size of this process so far, bytes (Linux reports ru_maxrss in KiB).
func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
}

let benchmarks: @Sendable () -> Void = {
    let stepRate = BenchmarkMetric.custom("step FLOP/s", polarity: .prefersLarger, useScalingFactor: false)
    let gemmRate = BenchmarkMetric.custom("GEMM floor FLOP/s", polarity: .prefersLarger, useScalingFactor: false)
    let fraction = BenchmarkMetric.custom("GEMM floor / step time ‰", polarity: .prefersLarger, useScalingFactor: false)
    let hotRate = BenchmarkMetric.custom("hot-operand GEMM FLOP/s", polarity: .prefersLarger, useScalingFactor: false)
    let hotFraction = BenchmarkMetric.custom("hot-operand GEMM / step time ‰", polarity: .prefersLarger, useScalingFactor: false)

    for widths in [[200, 200, 100], [4000, 500, 400]] {
        for (threads, chunked, precision) in [(1, true, NetworkPrecision.float64), (2, true, .float64), (2, false, .float64),
                                              (1, true, .float32), (2, true, .float32)] {
            let large = widths[0] > 1000
            Benchmark(
                "Ritz step \(widths) 1001 points, \(threads) thread\(threads == 1 ? "" : "s")"
                    + (chunked ? "" : " one batch, BLAS threads") + (precision == .float32 ? ", float32" : ""),
                configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal, stepRate, gemmRate, fraction,
                                               hotRate, hotFraction],
                                     warmupIterations: large ? 1 : 5,
                                     maxDuration: .seconds(large ? 25 : 10), maxIterations: large ? 30 : 400),
                closure: { (benchmark: Benchmark, state: TrainingState) in
                    let clock = ContinuousClock()
                    let start = clock.now
                    benchmark.startMeasurement()
                    try state.trainer.step()
                    benchmark.stopMeasurement()
                    let stepSeconds = (clock.now - start).seconds
                    let gemmFlops = Double(state.products.joined().reduce(0) { $0 + $1.flops })
                    let floorSeconds = state.trainer.matrixProductSeconds()
                    let hotSeconds = state.replay()
                    // One unmeasured step, so that the next measured step starts from the cache
                    // state of a training loop (a step just done), not from the replays'.
                    try state.trainer.step()
                    benchmark.measurement(stepRate, Int(Double(state.trainer.flopsPerStep) / stepSeconds))
                    benchmark.measurement(gemmRate, Int(gemmFlops / floorSeconds))
                    benchmark.measurement(fraction, Int(1000 * floorSeconds / stepSeconds))
                    benchmark.measurement(hotRate, Int(gemmFlops / hotSeconds))
                    benchmark.measurement(hotFraction, Int(1000 * hotSeconds / stepSeconds))
                },
                setup: { try TrainingState(widths: widths, threads: threads, chunked: chunked, precision: precision,
                                           replayBuffers: true) })
        }
    }

    let peakRSS = BenchmarkMetric.custom("peak RSS MB (getrusage)", polarity: .prefersSmaller, useScalingFactor: false)
    let budget = BenchmarkMetric.custom("budget MB = 2×(P + 2P + [a|ȧ])", polarity: .prefersSmaller, useScalingFactor: false)
    let ratio = BenchmarkMetric.custom("peak RSS / budget ‰", polarity: .prefersSmaller, useScalingFactor: false)
    Benchmark(
        "Ritz memory [4000, 500, 400] 1001 points",
        configuration: .init(metrics: [.peakMemoryResident, peakRSS, budget, ratio],
                             warmupIterations: 0, maxDuration: .seconds(10), maxIterations: 5),
        closure: { (benchmark: Benchmark, state: TrainingState) in
            try state.trainer.step()
            let parameters = state.trainer.network.parameterCount
            let budgetBytes = 2 * 8 * (parameters + 2 * parameters + state.trainer.storedActivationCount)
            let peak = peakResidentBytes()
            benchmark.measurement(peakRSS, peak / 1_000_000)
            benchmark.measurement(budget, budgetBytes / 1_000_000)
            benchmark.measurement(ratio, 1000 * peak / budgetBytes)
        },
        setup: { try TrainingState(widths: [4000, 500, 400], threads: 1, chunked: true, replayBuffers: false) })

    for threads in [1, 2] {
        let rate = BenchmarkMetric.custom("FLOP/s", polarity: .prefersLarger, useScalingFactor: false)
        Benchmark(
            "DGEMM 2000³, \(threads) thread\(threads == 1 ? "" : "s")",
            configuration: .init(metrics: [.wallClock, .cpuTotal, rate], warmupIterations: 1,
                                 maxDuration: .seconds(5), maxIterations: 20),
            closure: { (benchmark: Benchmark, buffers: SquareBuffers) in
                let clock = ContinuousClock()
                let start = clock.now
                buffers.multiply()
                let seconds = (clock.now - start).seconds
                benchmark.measurement(rate, Int(2 * 8e9 / seconds))
            },
            setup: {
                BLASRuntime.setThreadCount(threads)
                return SquareBuffers()
            })
    }
}

/// Three 2000 × 2000 matrices for the square-GEMM reference.
final class SquareBuffers: @unchecked Sendable {
    let shape = GEMMShape(transposeA: false, transposeB: false, m: 2000, n: 2000, k: 2000)
    let a = [Double](repeating: 0.01, count: 4_000_000)
    let b = [Double](repeating: 0.02, count: 4_000_000)
    var c = [Double](repeating: 0, count: 4_000_000)

    func multiply() {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    BLASRuntime.multiply(shape, a: a.baseAddress!, b: b.baseAddress!, c: c.baseAddress!)
                }
            }
        }
    }
}
