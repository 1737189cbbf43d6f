// The solver clock through the driver: each benchmark iteration runs the driver's solver phase
// itself (`HybridDriver.run()` on a solver-only setup, the path `poisson-hybrid run` takes) for a
// fixed number of steps and reads its `seconds` over its steps — the clock every `seconds_to_tol`
// is made of — and, in the same iteration, times the reference loop for the same number of steps:
//
// - Jacobi ω = 1, ω = 2/3 and lexicographic Gauss–Seidel against the plain C loops of
//   `DriverReference.c` (compiled -O3 -march=native; two buffers swapped, or in place);
// - a multigrid V(2,1) cycle against the bare loop of `MultigridSolver.step()` calls.
//
// Custom metrics (per step, in picoseconds, so the integer metric keeps 3 digits at ~100 ns):
// `driver ps/step`, `reference ps/step`, and `ratio ‰` = 1000 · driver / reference, taken from
// the same iteration so that the machine's state is the same for both; and the bare loop of
// `step()` calls on the concrete solver (`bare step() ps/step`, `driver/bare ‰`), which separates
// the driver's own overhead from the kernel's distance to C. Targets (issue 12):
// stencil sweeps ≤ 1.1× C at N = 999 and ≤ 1.05× at N = 2^20 − 1; multigrid ≤ 1.05× the bare loop.

import Benchmark
import CReference
import ClassicalSolvers
import Foundation
import Hybrid
import PoissonCore

/// The seed paper's problem on `pointCount` points.
func paperProblem(pointCount: Int) throws -> DiscretePoisson {
    let problem = try PoissonProblem(lower: -1, upper: 1,
                                     source: ScalarFunction(expression: "sin(x) + 4*sin(4*x) - 8*sin(8*x) + 16*sin(24*x)"))
    return try DiscretePoisson(problem: problem, pointCount: pointCount)
}

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// One solver method at one size, with the reference loop to compare its driver clock with.
struct DriverCase: @unchecked Sendable {
    let name: String
    let method: ClassicalMethod
    let interior: Int
    let steps: Int

    /// A solver-only setup that never meets its tolerance (0): `steps` steps, records at 0 and the end.
    func setup() throws -> HybridSetup {
        let discrete = try paperProblem(pointCount: interior + 2)
        return HybridSetup(discrete: discrete, reference: discrete.directSolution(), network: nil,
                           solver: .init(method: method, maxSweeps: steps), switchAt: [], every: steps,
                           sineModes: [1], peaks: .largest(1), tolerance: 0)
    }

    /// Seconds per step of the reference loop for `steps` steps.
    func referenceSecondsPerStep(_ discrete: DiscretePoisson) throws -> Double {
        let n = discrete.pointCount, h2 = discrete.spacing * discrete.spacing
        let u = UnsafeMutablePointer<Double>.allocate(capacity: n), v = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let f = UnsafeMutablePointer<Double>.allocate(capacity: n)
        defer { u.deallocate(); v.deallocate(); f.deallocate() }
        for j in 0..<n { u[j] = 0; v[j] = 0; f[j] = h2 * discrete.source[j] }
        let start: Double, end: Double
        switch method {
        case .jacobi(let weight) where weight == 1:
            start = now(); blackHole(c_reference_plain_jacobi_sweeps(u, v, f, n, steps)[n / 2]); end = now()
        case .jacobi(let weight):
            start = now(); blackHole(c_reference_weighted_jacobi_sweeps(u, v, f, weight, n, steps)[n / 2]); end = now()
        case .gaussSeidel:
            start = now(); c_reference_gauss_seidel_sweeps(u, f, n, steps); blackHole(u[n / 2]); end = now()
        default:
            var solver = try makeClassicalSolver(method, problem: discrete, initialGuess: nil) as! MultigridSolver
            start = now()
            for _ in 0..<steps { try solver.step() }
            end = now()
            blackHole(solver.iterate[n / 2])
        }
        return (end - start) / Double(steps)
    }
}

let driverMetric = BenchmarkMetric.custom("driver ps/step", polarity: .prefersSmaller, useScalingFactor: false)
let referenceMetric = BenchmarkMetric.custom("reference ps/step", polarity: .prefersSmaller, useScalingFactor: false)
let ratioMetric = BenchmarkMetric.custom("ratio ‰", polarity: .prefersSmaller, useScalingFactor: false)
let bareMetric = BenchmarkMetric.custom("bare step() ps/step", polarity: .prefersSmaller, useScalingFactor: false)
let driverOverBareMetric = BenchmarkMetric.custom("driver/bare ‰", polarity: .prefersSmaller, useScalingFactor: false)

extension DriverCase {
    /// Seconds per step of the bare loop `for _ in 0..<steps { try solver.step() }` on the concrete
    /// solver: the driver's own share is its time over this one.
    func bareSecondsPerStep(_ discrete: DiscretePoisson) throws -> Double {
        var visitor = BareLoop(steps: steps)
        return try method.withSolver(problem: discrete, initialGuess: nil, &visitor)
    }
}

struct BareLoop: GridSolverVisitor {
    let steps: Int
    func visit<Solver: GridIterativeSolver>(_ solver: consuming Solver) throws -> Double {
        var solver = solver
        let start = now()
        for _ in 0..<steps { try solver.step() }
        let end = now()
        blackHole(solver.iterate[solver.iterate.count / 2])
        return (end - start) / Double(steps)
    }
}

let benchmarks: @Sendable () -> Void = {
    let big = (1 << 20) - 1
    let cases = [
        DriverCase(name: "Jacobi ω=1", method: .jacobi(weight: 1), interior: 999, steps: 200_000),
        DriverCase(name: "Jacobi ω=2/3", method: .jacobi(weight: 2.0 / 3.0), interior: 999, steps: 200_000),
        DriverCase(name: "Gauss–Seidel", method: .gaussSeidel(.lexicographic), interior: 999, steps: 200_000),
        DriverCase(name: "Jacobi ω=1", method: .jacobi(weight: 1), interior: big, steps: 200),
        DriverCase(name: "Jacobi ω=2/3", method: .jacobi(weight: 2.0 / 3.0), interior: big, steps: 200),
        DriverCase(name: "Gauss–Seidel", method: .gaussSeidel(.lexicographic), interior: big, steps: 100),
        DriverCase(name: "Multigrid V(2,1)", method: .multigrid(MultigridConfiguration()), interior: 999, steps: 20_000),
        DriverCase(name: "Multigrid V(2,1)", method: .multigrid(MultigridConfiguration()), interior: big, steps: 20),
    ]
    for item in cases {
        let configuration = Benchmark.Configuration(metrics: [.wallClock, driverMetric, referenceMetric, ratioMetric,
                                                              bareMetric, driverOverBareMetric],
                                                    timeUnits: .milliseconds, warmupIterations: 1,
                                                    maxDuration: .seconds(8), maxIterations: 9)
        Benchmark("Driver phase \(item.name) N=\(item.interior)", configuration: configuration) { benchmark, setup in
            for _ in benchmark.scaledIterations {
                let run = try! HybridDriver(setup: setup.value).run().runs[0]
                let last = run.curves.last!
                precondition(last.sweeps == item.steps, "the phase ran \(last.sweeps) steps")
                let driver = last.seconds / Double(last.sweeps)
                let reference = try! item.referenceSecondsPerStep(setup.value.discrete)
                benchmark.measurement(driverMetric, Int((driver * 1e12).rounded()))
                benchmark.measurement(referenceMetric, Int((reference * 1e12).rounded()))
                benchmark.measurement(ratioMetric, Int((1000 * driver / reference).rounded()))
                let bare = try! item.bareSecondsPerStep(setup.value.discrete)
                benchmark.measurement(bareMetric, Int((bare * 1e12).rounded()))
                benchmark.measurement(driverOverBareMetric, Int((1000 * driver / bare).rounded()))
            }
        } setup: {
            Box(try item.setup())
        }
    }
}

/// Benchmark state shared with the benchmark closure.
final class Box<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
