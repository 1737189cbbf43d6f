// Benchmarks of the NeuralRitz trainer: full-batch Deep Ritz training steps on 1001 points.
//
// The library loads OpenBLAS itself with the CPU's best kernels when OPENBLAS_CORETYPE is
// unset (a value set in the environment is respected); every benchmark prints the kernels in
// use and where they came from.
//
// Metrics
// - "Ritz step …": one training step per iteration (wall clock, throughput = steps/s). In the
//   same iteration, outside the measured region, the step's matrix products are replayed with
//   plain `cblas_dgemm` on tight, separate buffers of the same shapes; custom metrics give the
//   step's FLOP rate, the plain-DGEMM FLOP rate, and their ratio (‰) — the fraction of DGEMM
//   speed the whole step (elementwise work, loss, optimizer included) achieves. Mallocs counts
//   the step's heap allocations (0 expected: workspaces are allocated once).
// - "Ritz memory …": the paper-size trainer alone in its process (no replay buffers): peak
//   resident memory (sampled, and exact from getrusage) against the budget
//   2 × (parameters + Adam moments + stored activations and tangents) computed from the shapes.
// - "DGEMM 2000³": the square-GEMM rate of the loaded kernels, for orientation.

import Benchmark
import Foundation
import PoissonCore
import NeuralRitz

/// Mutable state shared by the iterations of one benchmark.
final class TrainingState: @unchecked Sendable {
    var trainer: RitzTrainer
    let products: [GEMMShape]
    var a: [Double], b: [Double], c: [Double]

    init(widths: [Int], threads: Int, replayBuffers: Bool) throws {
        BLASRuntime.setThreadCount(threads)
        let problem = try PoissonProblem(lower: -1, upper: 1,
                                         source: ScalarFunction(expression: "sin(x) + 4*sin(4*x) - 8*sin(8*x) + 16*sin(24*x)"))
        var generator = SeededGenerator(seed: 1)
        trainer = try RitzTrainer(
            network: MultilayerPerceptron(
                architecture: NetworkArchitecture(hiddenWidths: widths, activation: .tanh),
                initialization: GaussianInitialization(weightStandardDeviation: 0.1, biasStandardDeviation: 0.1),
                using: &generator),
            problem: problem, trainingPoints: try problem.grid(pointCount: 1001),
            loss: .ritz(penalty: 1000), optimizer: .adam(learningRate: 1e-4))
        products = trainer.matrixProductsPerStep
        let count = replayBuffers ? 1 : 0
        a = [Double](repeating: 0.01, count: count * (products.map { $0.sizes.a }.max() ?? 0))
        b = [Double](repeating: 0.02, count: count * (products.map { $0.sizes.b }.max() ?? 0))
        c = [Double](repeating: 0, count: count * (products.map { $0.sizes.c }.max() ?? 0))
        FileHandle.standardError.write(Data((
            "NeuralBenchmarks: widths \(widths), OpenBLAS kernels \(BLASRuntime.coreName), threads "
            + "\(BLASRuntime.threadCount), kernels \(BLASRuntime.coreSource.rawValue)"
            + "\(BLASRuntime.kernelsMatchCPU == false ? " (slower than this CPU allows)" : ""), "
            + "flops/step \(trainer.flopsPerStep), parameters \(trainer.network.parameterCount)\n").utf8))
    }

    /// One replay of the step's matrix products with plain DGEMM; returns its seconds.
    func replay() -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    for shape in products {
                        BLASRuntime.multiply(shape, a: a.baseAddress!, b: b.baseAddress!, c: c.baseAddress!)
                    }
                }
            }
        }
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
    let gemmRate = BenchmarkMetric.custom("plain DGEMM FLOP/s", polarity: .prefersLarger, useScalingFactor: false)
    let fraction = BenchmarkMetric.custom("step/DGEMM rate ‰", polarity: .prefersLarger, useScalingFactor: false)

    for widths in [[200, 200, 100], [4000, 500, 400]] {
        for threads in [1, 2] {
            let large = widths[0] > 1000
            Benchmark(
                "Ritz step \(widths) 1001 points, \(threads) thread\(threads == 1 ? "" : "s")",
                configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal, stepRate, gemmRate, fraction],
                                     warmupIterations: large ? 1 : 5,
                                     maxDuration: .seconds(large ? 25 : 10), maxIterations: large ? 30 : 400),
                closure: { (benchmark: Benchmark, state: TrainingState) in
                    let clock = ContinuousClock()
                    let start = clock.now
                    benchmark.startMeasurement()
                    try state.trainer.step()
                    benchmark.stopMeasurement()
                    let stepSeconds = (clock.now - start).seconds
                    let gemmSeconds = state.replay()
                    let gemmFlops = Double(state.products.reduce(0) { $0 + $1.flops })
                    let stepFlopRate = Double(state.trainer.flopsPerStep) / stepSeconds
                    let gemmFlopRate = gemmFlops / gemmSeconds
                    benchmark.measurement(stepRate, Int(stepFlopRate))
                    benchmark.measurement(gemmRate, Int(gemmFlopRate))
                    benchmark.measurement(fraction, Int(1000 * stepFlopRate / gemmFlopRate))
                },
                setup: { try TrainingState(widths: widths, threads: threads, replayBuffers: true) })
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
        setup: { try TrainingState(widths: [4000, 500, 400], threads: 1, replayBuffers: false) })

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
