// Classical-solver benchmarks, each against a reference measured in the same run:
//
// 1. One Jacobi sweep at N = 999 and N = 2^20 − 1 interior points: `JacobiSolver.step()` (the
//    public step: sweep, divergence probe, buffer swap, counters) against the plain C loop in
//    CReference (compiled -O3 -march=native), for ω = 1 and ω = 2/3. Time per sweep; divide by N
//    for ns/point. Target: Swift/C ≤ 1.1.
// 2. Multigrid at N = 2^20 − 1 on a manufactured smooth solution: an FMG start (V(2,1) per level)
//    alone, and FMG followed by one V(2,1) cycle, against the Thomas solve of the same system
//    (`TridiagonalSystem.solvePoisson`, in place on preallocated buffers). Target: FMG+V ≤ 10×
//    the direct solve. The setup prints the max errors against the exact solution to stderr, so
//    the run shows that the multigrid result is at the discretization-error level.
// Every benchmark also counts mallocs per iteration: the solvers' steps must show 0.
// 3. One dense Jacobi sweep (assembled 999×999 matrix, cblas_dgemv) at N = 999: the seed paper's
//    cost model, for comparison with the stencil sweep of item 1.

import Benchmark
import CReference
import Foundation
import ClassicalSolvers
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

/// The C reference's state: two grid vectors swapped after each sweep and `h² g`.
struct CJacobiState {
    var current: UnsafeMutablePointer<Double>
    var next: UnsafeMutablePointer<Double>
    let scaledSource: UnsafeMutablePointer<Double>
    let pointCount: Int

    init(problem: DiscretePoisson) {
        let n = problem.pointCount, h2 = problem.spacing * problem.spacing
        current = .allocate(capacity: n)
        next = .allocate(capacity: n)
        scaledSource = .allocate(capacity: n)
        let start = problem.initialGuess()
        for j in 0..<n {
            current[j] = start[j]
            next[j] = start[j]
            scaledSource[j] = h2 * problem.source[j]
        }
        pointCount = n
    }

    mutating func sweep(weight: Double) {
        c_reference_jacobi_sweep(current, next, scaledSource, weight, pointCount)
        swap(&current, &next)
    }
}

let benchmarks: @Sendable () -> Void = {
    // MARK: Jacobi sweep, Swift vs C

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
        for (weightName, weight) in [("1", 1.0), ("2/3", 2.0 / 3.0)] {
            Benchmark("Jacobi sweep ω=\(weightName) N=\(interior) Swift", configuration: configuration) { benchmark, state in
                for _ in benchmark.scaledIterations {
                    try! state.value.step()
                }
                blackHole(state.value.iterate[interior / 2])
            } setup: {
                Box(try JacobiSolver(problem: paperProblem(pointCount: interior + 2), weight: weight))
            }

            Benchmark("Jacobi sweep ω=\(weightName) N=\(interior) C", configuration: configuration) { benchmark, state in
                for _ in benchmark.scaledIterations {
                    state.value.sweep(weight: weight)
                }
                blackHole(state.value.current[interior / 2])
            } setup: {
                Box(CJacobiState(problem: try paperProblem(pointCount: interior + 2)))
            }
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
        metrics: [.wallClock, .mallocCountTotal], timeUnits: .milliseconds, warmupIterations: 2, maxDuration: .seconds(3),
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
