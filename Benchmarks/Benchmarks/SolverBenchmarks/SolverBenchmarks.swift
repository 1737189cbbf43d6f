// Classical-solver benchmarks, each against a reference measured in the same run:
//
// 1. One sweep at N = 999 and N = 2^20 − 1 interior points through the public `step()` (sweep,
//    divergence probe, buffer swap, counters) of `JacobiSolver` (ω = 1, ω = 2/3) and
//    `GaussSeidelSolver` (lexicographic, red-black), each against the plain C loop in CReference
//    (compiled -O3 -march=native) computing the same values in the same order; for ω = 2/3 also
//    the textbook C form `u + ω(jacobi − u)`. Time per sweep; divide by N for ns/point.
//    Budget: Swift/C ≤ 1.1 at N = 999, ≤ 1.05 at N = 2^20 − 1.
// 2. Every multigrid kernel bare (`@_spi(Kernels) StencilKernels`: the weighted-Jacobi smoother,
//    the fused residual + full-weighting restriction, the source restriction, the correction
//    in place and out of place, the FMG cubic interpolation) against its C loop, on the fine
//    grid of the same two sizes. Same budget. Each kernel also runs paired with its C loop on the
//    same buffers in every iteration (`… Swift vs C, same buffers`, the ratio per iteration), which
//    takes out where each benchmark's own fresh buffers land in memory.
// 3. Multigrid at N = 2^20 − 1 on a manufactured smooth solution: an FMG start (V(2,1) per level)
//    alone, and FMG followed by one V(2,1) cycle, against the Thomas solve of the same system
//    (`TridiagonalSystem.solvePoisson`, in place on preallocated buffers). Budget: FMG ≤ 1.5×
//    the direct solve. The setup prints the max errors against the exact solution to stderr, so
//    the run shows that the multigrid result is at the discretization-error level.
// Every benchmark also counts mallocs per iteration: the solvers' steps must show 0.
// 4. One dense Jacobi sweep (assembled 999×999 matrix, cblas_dgemv) at N = 999: the seed paper's
//    cost model, for comparison with the stencil sweep of item 1.

import Benchmark
import CReference
import Foundation
@_spi(Kernels) import ClassicalSolvers
import PoissonCore

/// Mutable benchmark state shared with the benchmark closure (each benchmark owns one).
final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// `−u'' = g` on (0, 2) with `u = exp(x) sin(3x)` (non-zero boundary value at x = 2).
func manufacturedProblem() throws -> PoissonProblem {
    try PoissonProblem(lower: 0, upper: 2, lowerValue: 0, upperValue: exp(2) * sin(6),
                       source: ScalarFunction { x in -exp(x) * (-8 * sin(3 * x) + 6 * cos(3 * x)) },
                       exact: ScalarFunction { x in exp(x) * sin(3 * x) })
}

/// The seed paper's problem (Xu et al. 2019, Fig. 4), used for the Jacobi sweeps.
func paperProblem(pointCount: Int) throws -> DiscretePoisson {
    let problem = try PoissonProblem(lower: -1, upper: 1,
                                     source: ScalarFunction(expression: "sin(x) + 4*sin(4*x) - 8*sin(8*x) + 16*sin(24*x)"))
    return try DiscretePoisson(problem: problem, pointCount: pointCount)
}

/// Grid vectors for the kernel pairs: a fine iterate `u` with its double buffer `out` and scaled
/// source `f` (n points, the paper problem's initial guess and `h² g`), and a coarse vector of
/// `n_c = (n − 1)/2 + 1` points (`u`'s even entries, a smooth stand-in for a correction or a
/// coarse solution). Both the Swift and the C side of a pair run on buffers built alike.
final class KernelBuffers: @unchecked Sendable {
    let pointCount: Int
    let coarsePointCount: Int
    var u: UnsafeMutablePointer<Double>
    var out: UnsafeMutablePointer<Double>
    let f: UnsafeMutablePointer<Double>
    let coarse: UnsafeMutablePointer<Double>

    init(problem: DiscretePoisson) {
        let n = problem.pointCount, h2 = problem.spacing * problem.spacing
        pointCount = n
        coarsePointCount = (n - 1) / 2 + 1
        u = .allocate(capacity: n)
        out = .allocate(capacity: n)
        f = .allocate(capacity: n)
        coarse = .allocate(capacity: coarsePointCount)
        let start = problem.initialGuess()
        for j in 0..<n {
            u[j] = start[j] + 1e-3 * problem.source[j]
            out[j] = u[j]
            f[j] = j == 0 || j == n - 1 ? 0 : h2 * problem.source[j]
        }
        for i in 0..<coarsePointCount { coarse[i] = i == 0 || i == coarsePointCount - 1 ? 0 : 1e-3 * u[2 * i] }
    }

    /// Swaps the iterate and its double buffer (after an out-of-place sweep).
    func swapBuffers() { swap(&u, &out) }
}

/// A Swift kernel or its C reference applied once to the buffers.
typealias KernelCall = @Sendable (KernelBuffers) -> Void

let benchmarks: @Sendable () -> Void = {
    for interior in [999, (1 << 20) - 1] {
        let small = interior < 10_000
        let configuration = Benchmark.Configuration(
            metrics: [.wallClock, .mallocCountTotal],
            timeUnits: small ? .nanoseconds : .microseconds,
            warmupIterations: small ? 100 : 5,
            scalingFactor: small ? .kilo : .one,   // reported times are per sweep
            maxDuration: .seconds(2),
            maxIterations: small ? 10_000 : 2_000
        )

        // MARK: Solver sweeps, Swift vs C

        let jacobi: KernelCall = { b in c_reference_plain_jacobi_sweep(b.u, b.out, b.f, b.pointCount); b.swapBuffers() }
        solverBenchmark("Jacobi sweep ω=1", interior: interior, configuration: configuration,
                        references: [("C", jacobi)]) { try JacobiSolver(problem: $0) }
        let weighted: KernelCall = { b in
            c_reference_weighted_jacobi_sweep(b.u, b.out, b.f, 1 - 2.0 / 3.0, 0.5 * (2.0 / 3.0), b.pointCount)
            b.swapBuffers()
        }
        let textbook: KernelCall = { b in c_reference_jacobi_sweep(b.u, b.out, b.f, 2.0 / 3.0, b.pointCount); b.swapBuffers() }
        solverBenchmark("Jacobi sweep ω=2/3", interior: interior, configuration: configuration,
                        references: [("C", weighted), ("C textbook", textbook)]) {
            try JacobiSolver(problem: $0, weight: 2.0 / 3.0)
        }
        solverBenchmark("Gauss-Seidel sweep", interior: interior, configuration: configuration,
                        references: [("C", { b in c_reference_gauss_seidel_sweep(b.u, b.f, b.pointCount) })]) {
            try GaussSeidelSolver(problem: $0)
        }
        solverBenchmark("Red-black sweep", interior: interior, configuration: configuration,
                        references: [("C", { b in c_reference_red_black_sweep(b.u, b.f, b.pointCount) })]) {
            try GaussSeidelSolver(problem: $0, ordering: .redBlack)
        }

        // MARK: Multigrid kernels, Swift vs C

        let jacobiWeights = StencilKernels.JacobiWeights(weight: 2.0 / 3.0)
        let kernels: [(name: String, swift: KernelCall, c: KernelCall)] = [
            ("Kernel weighted Jacobi ω=2/3", { b in
                _ = StencilKernels.weightedJacobi(from: b.u, to: b.out, scaledSource: b.f, pointCount: b.pointCount,
                                                  keep: jacobiWeights.keep, neighbour: jacobiWeights.neighbour)
                b.swapBuffers()
            }, { b in
                c_reference_weighted_jacobi_sweep(b.u, b.out, b.f, jacobiWeights.keep, jacobiWeights.neighbour, b.pointCount)
                b.swapBuffers()
            }),
            ("Kernel residual restriction", { b in
                StencilKernels.restrictResidual(of: b.u, scaledSource: b.f, into: b.coarse, coarsePointCount: b.coarsePointCount)
            }, { b in c_reference_restrict_residual(b.u, b.f, b.coarse, b.coarsePointCount) }),
            ("Kernel full weighting", { b in
                StencilKernels.restrictFullWeighting(b.f, into: b.coarse, coarsePointCount: b.coarsePointCount)
            }, { b in c_reference_restrict_full_weighting(b.f, b.coarse, b.coarsePointCount) }),
            ("Kernel correction in place", { b in
                StencilKernels.interpolateAndCorrect(b.coarse, into: b.u, coarsePointCount: b.coarsePointCount)
            }, { b in c_reference_interpolate_correct(b.coarse, b.u, b.coarsePointCount) }),
            ("Kernel correction out of place", { b in
                StencilKernels.interpolateAndCorrect(b.coarse, adding: b.u, into: b.out, coarsePointCount: b.coarsePointCount)
                b.swapBuffers()
            }, { b in c_reference_interpolate_correct_into(b.coarse, b.u, b.out, b.coarsePointCount); b.swapBuffers() }),
            ("Kernel cubic interpolation", { b in
                StencilKernels.interpolateCubic(b.coarse, into: b.u, coarsePointCount: b.coarsePointCount)
            }, { b in c_reference_interpolate_cubic(b.coarse, b.u, b.coarsePointCount) }),
        ]
        for kernel in kernels {
            kernelBenchmark("\(kernel.name) N=\(interior) Swift", interior: interior, configuration: configuration, kernel.swift)
            kernelBenchmark("\(kernel.name) N=\(interior) C", interior: interior, configuration: configuration, kernel.c)
            pairedKernelBenchmark(kernel.name, interior: interior, swift: kernel.swift, c: kernel.c)
        }
    }

    // MARK: Dense Jacobi (the seed paper's O(N²) cost model) at N = 999

    Benchmark("Dense Jacobi sweep ω=1 N=999 (dgemv)",
              configuration: .init(metrics: [.wallClock], timeUnits: .microseconds, warmupIterations: 10,
                                   maxDuration: .seconds(2), maxIterations: 2_000)) { benchmark, state in
        for _ in benchmark.scaledIterations {
            try! state.value.step()
        }
        blackHole(state.value.iterate[500])
    } setup: {
        Box(try DenseJacobiSolver(problem: paperProblem(pointCount: 1001)))
    }

    // MARK: Multigrid (FMG + V(2,1)) vs the direct Thomas solve at N = 2^20 − 1

    let pointCount = (1 << 20) + 1
    let solveConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal], timeUnits: .microseconds, warmupIterations: 2, maxDuration: .seconds(3),
        maxIterations: 200
    )

    typealias ThomasBuffers = (rhs: UnsafeMutableBufferPointer<Double>, scratch: UnsafeMutableBufferPointer<Double>,
                               work: UnsafeMutableBufferPointer<Double>)
    Benchmark("Thomas direct solve N=\(pointCount - 2)", configuration: solveConfiguration) { (benchmark, state: Box<ThomasBuffers>) in
        let (rhs, scratch, work) = (state.value.rhs, state.value.scratch, state.value.work)
        // Copy the right-hand side (the solve overwrites it), then solve in place.
        work.baseAddress!.update(from: rhs.baseAddress!, count: rhs.count)
        TridiagonalSystem.solvePoisson(rhs: work, scratch: scratch)
        blackHole(work[work.count / 2])
    } setup: {
        let discrete = try DiscretePoisson(problem: manufacturedProblem(), pointCount: pointCount)
        let h2 = discrete.spacing * discrete.spacing
        let rhs = UnsafeMutableBufferPointer<Double>.allocate(capacity: discrete.interiorCount)
        for (j, value) in discrete.interiorRightHandSide.enumerated() { rhs[j] = h2 * value }
        let buffers: ThomasBuffers = (rhs: rhs, scratch: .allocate(capacity: rhs.count), work: .allocate(capacity: rhs.count))
        return Box(buffers)
    }

    for extraCycles in [0, 1] {
        let name = extraCycles == 0 ? "Multigrid FMG (V(2,1)) N=\(pointCount - 2)"
                                    : "Multigrid FMG + \(extraCycles) V(2,1) N=\(pointCount - 2)"
        Benchmark(name, configuration: solveConfiguration) { (benchmark, state: Box<MultigridSolver>) in
            state.value.startWithFullMultigrid()
            for _ in 0..<extraCycles { try! state.value.step() }
            blackHole(state.value.iterate[pointCount / 2])
        } setup: {
            let discrete = try DiscretePoisson(problem: manufacturedProblem(), pointCount: pointCount)
            var solver = try MultigridSolver(problem: discrete)
            solver.startWithFullMultigrid()
            for _ in 0..<extraCycles { try solver.step() }
            let exact = try discrete.exactSolution()!
            let multigridError = GridNorms.maxDifference(solver.iterate, exact)
            let directError = GridNorms.maxDifference(discrete.directSolution(), exact)
            let message = String(format: "%@: max error vs exact %.3e; Thomas solution's %.3e (ratio %.2e); "
                                 + "flops %d (FMG %d + %d per V-cycle)\n",
                                 name, multigridError, directError, multigridError / directError,
                                 solver.flopCount, solver.fullMultigridFlops, solver.flopsPerStep)
            FileHandle.standardError.write(message.data(using: .utf8)!)
            return Box(solver)
        }
    }
}

/// Registers a benchmark applying `call` once per scaled iteration to fresh `KernelBuffers` of
/// the paper problem with `interior` unknowns.
func kernelBenchmark(_ name: String, interior: Int, configuration: Benchmark.Configuration, _ call: @escaping KernelCall) {
    Benchmark(name, configuration: configuration) { benchmark, state in
        for _ in benchmark.scaledIterations {
            call(state.value)
        }
        blackHole(state.value.u[interior / 2])
    } setup: {
        Box(KernelBuffers(problem: try paperProblem(pointCount: interior + 2)))
    }
}

let pairSwiftMetric = BenchmarkMetric.custom("Swift ps/call", polarity: .prefersSmaller, useScalingFactor: false)
let pairCMetric = BenchmarkMetric.custom("C ps/call", polarity: .prefersSmaller, useScalingFactor: false)
let pairRatioMetric = BenchmarkMetric.custom("Swift/C ‰", polarity: .prefersSmaller, useScalingFactor: false)

/// `name N=… Swift vs C, same buffers`: in every iteration the Swift kernel and its C loop each
/// run `calls` times (about 2^23 point updates, 1–3 ms) on one set of buffers, in alternating
/// order, and the iteration's ratio is recorded (`Swift/C ‰`). The separate `… Swift` and `… C`
/// benchmarks each allocate their own buffers, and on 2^20 points where fresh buffers land in
/// memory moves a memory-bound sweep by up to a third from one allocation to the next (a plain
/// Jacobi sweep over fresh arrays: 319–436 µs median on this machine), which their ratio
/// inherits; here both sides read and write the same memory.
func pairedKernelBenchmark(_ name: String, interior: Int, swift: @escaping KernelCall, c: @escaping KernelCall) {
    let calls = max(4, (1 << 23) / (interior + 2))
    let configuration = Benchmark.Configuration(metrics: [pairSwiftMetric, pairCMetric, pairRatioMetric],
                                                warmupIterations: 2, maxDuration: .seconds(3), maxIterations: 300)
    Benchmark("\(name) N=\(interior) Swift vs C, same buffers", configuration: configuration) { benchmark, state in
        var swiftFirst = true
        func seconds(_ call: KernelCall) -> Double {
            let start = ContinuousClock.now
            for _ in 0..<calls { call(state.value) }
            let (whole, atto) = (ContinuousClock.now - start).components
            return Double(whole) + Double(atto) * 1e-18
        }
        for _ in benchmark.scaledIterations {
            let s: Double, r: Double
            if swiftFirst {
                s = seconds(swift)
                r = seconds(c)
            } else {
                r = seconds(c)
                s = seconds(swift)
            }
            swiftFirst.toggle()
            benchmark.measurement(pairSwiftMetric, Int((s / Double(calls) * 1e12).rounded()))
            benchmark.measurement(pairCMetric, Int((r / Double(calls) * 1e12).rounded()))
            benchmark.measurement(pairRatioMetric, Int((1000 * s / r).rounded()))
        }
        blackHole(state.value.u[interior / 2])
    } setup: {
        Box(KernelBuffers(problem: try paperProblem(pointCount: interior + 2)))
    }
}

/// Registers `name … Swift` (one public `step()` of the solver `make` builds, per scaled
/// iteration) and, for each reference, `name … <suffix>` on `KernelBuffers`. Generic, so the
/// step is called on the concrete solver type as a caller's specialised loop would.
func solverBenchmark<Solver: GridIterativeSolver>(_ name: String, interior: Int, configuration: Benchmark.Configuration,
                                                  references: [(suffix: String, call: KernelCall)],
                                                  make: @escaping @Sendable (DiscretePoisson) throws -> Solver) {
    Benchmark("\(name) N=\(interior) Swift", configuration: configuration) { benchmark, state in
        for _ in benchmark.scaledIterations {
            try! state.value.step()
        }
        blackHole(state.value.iterate[interior / 2])
    } setup: {
        Box(try make(paperProblem(pointCount: interior + 2)))
    }
    for reference in references {
        kernelBenchmark("\(name) N=\(interior) \(reference.suffix)", interior: interior, configuration: configuration,
                        reference.call)
    }
}
