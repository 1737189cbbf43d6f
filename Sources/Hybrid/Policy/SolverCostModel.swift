import Foundation
import ClassicalSolvers
import PoissonCore

/// A prediction of a classical solver's remaining work from the per-mode error of its start.
///
/// With the start's error `e = Σ_k a_k v_k` in the sine eigenbasis (`v_k(j) = sin(kπj/(N+1))`,
/// so `max_j |e_j| ≤ Σ_k |a_k|`) and a per-step contraction `ρ_k` of mode `k`, the error after
/// `s` steps is bounded by
///
///     E(s) = Σ_k |a_k| ρ_k^s,
///
/// and the predicted steps to the tolerance are the least `s` with `E(s) ≤ tol`. Per-mode
/// factors are exact for (weighted) Jacobi, `|1 − ω(1 − cos kπ/(N+1))|`, and the asymptotic
/// rate for Gauss–Seidel, `cos²(kπ/(N+1))` (Jacobi's squared, the consistently ordered case);
/// multigrid contracts every mode by about one factor per cycle (`uniform`, measured).
/// The bound overestimates `max|e|` by a modest factor while many modes are alive, which costs
/// only a few steps in `log(tol/E)/log ρ`; late in a solve one slow mode dominates and it is tight.
public struct SolverCostModel: Sendable {
    /// How the solver contracts the error's modes per step.
    public enum Contraction: Sendable {
        /// `ρ_k` for `k = 1 … N` at index `k` (index 0 unused).
        case perMode([Double])
        /// One factor `ρ < 1` for every mode (a multigrid cycle).
        case uniform(Double)
    }

    /// The contraction.
    public let contraction: Contraction
    /// Exact flops of one solver step.
    public let flopsPerStep: Int
    /// Wall seconds of one solver step (measured; 0 when only the flop clock is used).
    public var secondsPerStep: Double
    /// `log ρ_k` (per-mode), precomputed.
    private let logFactors: [Double]

    public init(contraction: Contraction, flopsPerStep: Int, secondsPerStep: Double = 0) {
        self.contraction = contraction
        self.flopsPerStep = flopsPerStep
        self.secondsPerStep = secondsPerStep
        if case .perMode(let factors) = contraction {
            logFactors = factors.map { $0 > 0 ? log($0) : -Double.infinity }
        } else {
            logFactors = []
        }
    }

    /// The per-mode factors of a stationary `method` on `interiorCount` unknowns, `nil` for
    /// multigrid (whose factor is measured: `measuredMultigridFactor`).
    public static func perModeFactors(of method: ClassicalMethod, interiorCount: Int) -> [Double]? {
        let n1 = Double(interiorCount + 1)
        func cosine(_ k: Int) -> Double { cos(Double(k) * .pi / n1) }
        switch method {
        case .jacobi(let w), .denseJacobi(let w):
            return [0] + (1...interiorCount).map { abs(1 - w * (1 - cosine($0))) }
        case .gaussSeidel:
            return [0] + (1...interiorCount).map { cosine($0) * cosine($0) }
        case .multigrid:
            return nil
        }
    }

    /// Exact flops of one evaluation of `E(s)` (a power, a multiply and an add per mode).
    public func boundFlops(modeCount: Int) -> Int {
        if case .uniform = contraction { return 2 }
        return 3 * modeCount
    }

    /// `E(s)` for the mode errors `errors` (index `k = 1 … N`, index 0 ignored).
    public func bound(_ errors: [Double], steps: Double) -> Double {
        switch contraction {
        case .uniform(let rho):
            var sum = 0.0
            for k in 1..<errors.count { sum += abs(errors[k]) }
            return sum * pow(rho, steps)
        case .perMode:
            if steps == 0 { return errors.dropFirst().reduce(0) { $0 + abs($1) } }
            var sum = 0.0
            errors.withUnsafeBufferPointer { e in
                logFactors.withUnsafeBufferPointer { l in
                    for k in 1..<e.count where e[k] != 0 { sum += abs(e[k]) * exp(l[k] * steps) }
                }
            }
            return sum
        }
    }

    /// The least whole `s ≥ 0` with `E(s) ≤ tolerance` (`+∞` if beyond 10^15 steps), found by
    /// doubling then bisection; `evaluations` counts the `E` evaluations (for the work count).
    public func predictedSteps(errors: [Double], tolerance: Double, evaluations: inout Int) -> Double {
        evaluations += 1
        if bound(errors, steps: 0) <= tolerance { return 0 }
        var low = 0.0, high = 1.0
        while true {
            evaluations += 1
            if bound(errors, steps: high) <= tolerance { break }
            low = high
            high *= 2
            if high > 1e15 { return .infinity }
        }
        while high - low > 1 {
            let mid = ((low + high) / 2).rounded(.down)
            evaluations += 1
            if bound(errors, steps: mid) <= tolerance { high = mid } else { low = mid }
        }
        return high
    }

    /// `steps` of the solver priced on `clock`: `steps · flopsPerStep` flop or
    /// `steps · secondsPerStep` s.
    public func price(steps: Double, on clock: PolicyClock) -> Double {
        clock == .flops ? steps * Double(flopsPerStep) : steps * secondsPerStep
    }

    /// A multigrid cycle's contraction factor measured on `problem`: from the discrete solution
    /// plus a fixed error with low, middle and high sine modes, the max-norm error's average
    /// factor over cycles 3 … 6 (the first two shed the start's transient). Returns the factor
    /// and the work of the six cycles (charged to the run that uses it).
    public static func measuredFactor(of method: ClassicalMethod, problem: DiscretePoisson) throws
        -> (factor: Double, cost: WorkCost) {
        let solution = problem.directSolution()
        let n = problem.pointCount, n1 = Double(n - 1)
        var start = solution
        for j in 1..<(n - 1) {
            let x = Double(j) / n1
            start[j] += sin(.pi * x) + 0.5 * sin(.pi * Double((n - 1) / 3) * x) + 0.25 * sin(.pi * Double(n - 2) * x)
        }
        var solver = try makeClassicalSolver(method, problem: problem, initialGuess: start)
        var clock = Stopwatch()
        var errors: [Double] = []
        for _ in 0..<6 {
            try clock.time { try solver.step() }
            errors.append(GridNorms.maxDifference(solver.iterate, solution))
        }
        let factor = errors[1] > 0 ? pow(errors[5] / errors[1], 0.25) : 0
        return (min(max(factor, 1e-3), 0.999), WorkCost(flops: solver.flopCount, seconds: clock.elapsed))
    }

    /// Wall seconds of one step of `method` from the zero guess, as a phase runs it: on the
    /// concrete solver type (specialised, no existential call per step), in timed blocks of
    /// steps; the fastest of three blocks of at least 0.2 ms each (the others carry the first
    /// touches of the vectors and whatever else the machine was doing). Returns it and the work of
    /// all timed steps (charged to the run that uses it). The blocks are short because the
    /// measurement is charged to `hybrid@auto` and small grids solve in tens of milliseconds
    /// (Jacobi from zero on 1001 points: 0.05 s): blocks of 1 ms, with the doubling to find
    /// their length, cost 7–10 ms there; 0.2 ms blocks are still 10^3 times the clock's resolution.
    public static func measuredSecondsPerStep(of method: ClassicalMethod, problem: DiscretePoisson) throws
        -> (seconds: Double, cost: WorkCost) {
        var timer = StepTimer()
        return try method.withSolver(problem: problem, initialGuess: nil, &timer)
    }
}

/// Times blocks of steps of a concrete solver (`SolverCostModel.measuredSecondsPerStep`).
private struct StepTimer: GridSolverVisitor {
    func visit<Solver: GridIterativeSolver>(_ solver: consuming Solver) throws -> (seconds: Double, cost: WorkCost) {
        var solver = solver
        var total = Stopwatch()
        var best = Double.infinity
        var block = 4
        for _ in 0..<3 {
            while true {
                var clock = Stopwatch()
                try clock.time { for _ in 0..<block { try solver.step() } }
                total = Stopwatch(elapsed: total.elapsed + clock.elapsed)
                if clock.elapsed >= 2e-4 || block >= 1 << 24 {
                    best = min(best, clock.elapsed / Double(block))
                    break
                }
                block *= 2
            }
        }
        return (best, WorkCost(flops: solver.flopCount, seconds: total.elapsed))
    }
}
