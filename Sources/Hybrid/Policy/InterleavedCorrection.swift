import Foundation
import NeuralRitz
import PoissonCore

/// The neural corrections of the `interleaved` run, as events of its solver phase: every
/// `every` solver steps the residual `r = f − A u` of the iterate is formed, the correction
/// network takes `steps` Deep Ritz steps on `−e'' = r`, `e(a) = e(b) = 0` (energy
/// `½∫e'² − ∫r e`, the trainer's own penalty on the ends), and its values on the grid (exactly 0
/// at the ends) are added to the iterate.
///
/// **Warm start.** One trainer lives through the whole run: each correction replaces its source
/// (`RitzTrainer.replaceSource(samples:)`) and keeps its parameters and Adam moments, so the
/// network starts from the previous correction (after a few sweeps the error is smooth and
/// changes slowly: what the network learns first).
///
/// **The residual on the training points** is the grid residual averaged over the grid points
/// within half a training spacing (`Window`; interpolated where the training set is finer than
/// the grid — the network is mesh-free), divided by
/// `s = RMS(r)·(b − a)²/π²` (the RMS over the grid over `A`'s lowest continuous eigenvalue):
/// the correction equation is linear, so the network learns `e/s`, a function of order one whose shape changes slowly from one correction to the next — which is what makes
/// the warm start pay (without it the network starts each correction from the previous, much
/// larger one). Its grid values `d` are then scaled by `α = (d, r)/(d, A d)` (≈ `s`), the step
/// that minimises the error's energy norm along `d` (computable from the residual alone), so
/// a correction never increases that norm, however poor the network.
///
/// **Costs**, all on the run's clocks: the residual `6N`, the interpolation `6m` (m training
/// points), the trainer's own count (source replacement with its forward pass, the steps), the
/// evaluation on the grid and the `N` additions — added to the solver's flop count through the
/// checkpoint, and the wall time of the whole correction to the phase's clock.
///
/// If a correction's training diverges, corrections stop and the solver carries on alone.
struct InterleaveEvents: PhaseEvents {
    let every: Int
    let steps: Int
    var trainer: RitzTrainer
    let discrete: DiscretePoisson
    /// Flops of one evaluation of the correction network on the solver grid.
    let evaluationFlops: Int
    /// The run steps after which a correction was added.
    private(set) var corrections: [Int] = []
    /// The correction training's divergence, if any (corrections stopped there).
    private(set) var failure: DivergenceError?
    private var residual: [Double]
    /// `1/μ₁ = (b − a)²/π²`: the residual's RMS times this is the size of the error its lowest
    /// mode would carry, so the network's target `e/s` is of order one.
    private let lowestModeInverse: Double
    /// For each training point: where its residual sample comes from.
    private let windows: [Window]

    init(every: Int, steps: Int, trainer: RitzTrainer, discrete: DiscretePoisson) {
        self.every = max(1, every)
        self.steps = max(0, steps)
        self.trainer = trainer
        self.discrete = discrete
        self.evaluationFlops = trainer.network.evaluationFlops(pointCount: discrete.pointCount, withDerivatives: false)
        self.residual = [Double](repeating: 0, count: discrete.pointCount)
        let grid = discrete.grid, n = discrete.pointCount
        self.lowestModeInverse = (grid.upper - grid.lower) * (grid.upper - grid.lower) / (Double.pi * Double.pi)
        let half = trainer.trainingPoints.spacing / 2
        windows = trainer.trainingPoints.coordinates.map { x in
            let p = (x - grid.lower) / grid.spacing
            let low = max(0, Int(((x - half - grid.lower) / grid.spacing).rounded(.up)))
            let high = min(n - 1, Int(((x + half - grid.lower) / grid.spacing).rounded(.down)))
            if high - low >= 1 { return .average(low...high) }
            let j = min(max(Int(p.rounded(.down)), 0), n - 2)
            return .interpolate(index: j, offset: min(max(p - Double(j), 0), 1))
        }
    }

    /// How a training point takes its residual sample from the grid.
    enum Window {
        /// The mean of the grid values `r_j`, `j` in the range: the grid points within half a
        /// training spacing. An anti-aliasing box filter: the residual of a Jacobi iterate carries
        /// `A`'s large high-mode entries (`4/h²` times a tiny error), which point samples on a
        /// coarser set would fold into low modes the network would then "correct".
        case average(ClosedRange<Int>)
        /// Linear interpolation in the grid interval `index` at `offset ∈ [0, 1]` (a training
        /// set at least as fine as the grid).
        case interpolate(index: Int, offset: Double)

        /// Flops of one sample, with the scaling by `1/s`: `count − 1` adds, the mean's and the
        /// scale's products; or the interpolation's 3 and the scale's 1.
        var flops: Int {
            switch self {
            case .average(let range): return range.count + 1
            case .interpolate: return 4
            }
        }
    }

    /// Exact flops of one correction outside the trainer's own count: the residual `6N`, the
    /// scale `2N + 4` (RMS and one product), the samples (`Window.flops` each), the evaluation, the energy step `7N + 3`, the
    /// scaling `n` and the addition `N`.
    var flopsPerCorrection: Int {
        let interior = discrete.interiorCount
        return 6 * interior + (2 * interior + 4) + samplingFlops + evaluationFlops
            + (7 * interior + 3) + discrete.pointCount + interior
    }

    /// Flops of the residual samples at the training points, scaling included.
    var samplingFlops: Int { windows.reduce(0) { $0 + $1.flops } }

    /// `sqrt(Σ_j r_j² / N)` over the interior (`2N + 3` flops: N squares, N adds, a division, a
    /// square root, and the inverse).
    static func rootMeanSquare(_ r: [Double]) -> Double {
        var sum = 0.0
        for j in 1..<(r.count - 1) { sum += r[j] * r[j] }
        return (sum / Double(r.count - 2)).squareRoot()
    }

    /// `α = (d, r)/(d, A d)` for a direction `d` (zero at both ends): with `A e = r` (`e` the
    /// error `u* − u`), `u + α d` has the least energy norm `‖u* − u − αd‖_A` on the line, so a
    /// correction never increases it, whatever the network's quality; `α ≈ 1` for a converged
    /// network (`7N + 3` flops: the stencil `4N`, two dot products' `3N` more, a quotient).
    static func energyStep(direction d: [Double], residual r: [Double], spacing h: Double) -> Double {
        let invH2 = 1 / (h * h)
        var dr = 0.0, dAd = 0.0
        for j in 1..<(d.count - 1) {
            dr += d[j] * r[j]
            dAd += d[j] * ((2 * d[j] - d[j - 1] - d[j + 1]) * invH2)
        }
        return dAd > 0 ? dr / dAd : 0
    }

    func nextStep(after step: Int) -> Int? { failure == nil ? (max(step, 0) / every + 1) * every : nil }

    mutating func handle<Stepper: PhaseStepper>(at step: Int, stepper: inout Stepper, clocks: PhaseStart,
                                                rowCount: Int) -> Double? {
        guard failure == nil else { return nil }
        var clock = Stopwatch()
        let before = trainer.flopCount
        let correction: [Double]? = clock.time {
            discrete.residual(of: stepper.gridValues(), into: &residual)
            let scale = Self.rootMeanSquare(residual) * lowestModeInverse
            guard scale > 0 else { return nil }
            let inverse = 1 / scale
            let samples = windows.map { window -> Double in
                switch window {
                case .average(let range):
                    var sum = 0.0
                    for j in range { sum += residual[j] }
                    return inverse * (sum * (1 / Double(range.count)))
                case .interpolate(let j, let t):
                    return inverse * (residual[j] + t * (residual[j + 1] - residual[j]))
                }
            }
            do {
                try trainer.replaceSource(samples: samples)
                for _ in 0..<steps { try trainer.step() }
            } catch {
                failure = (error as? DivergenceError) ?? DivergenceError(step: trainer.stepCount + 1, quantity: "\(error)")
                return nil
            }
            var e = trainer.values(on: discrete.grid)
            e[0] = 0
            e[e.count - 1] = 0
            // The step along ê that minimises the error's energy norm, from the residual alone.
            // (α carries the scale back: d ≈ e/s gives α ≈ s.)
            let weight = Self.energyStep(direction: e, residual: residual, spacing: discrete.spacing)
            for j in e.indices { e[j] *= weight }
            return e
        }
        guard let correction else { return clock.elapsed }
        let flops = trainer.flopCount - before + flopsPerCorrection
        let added = clock.time { stepper.add(correction: correction, flops: flops) }
        guard added else { failure = DivergenceError(step: 0, quantity: "a solver that cannot take a correction"); return nil }
        corrections.append(clocks.step)
        return clock.elapsed
    }
}
