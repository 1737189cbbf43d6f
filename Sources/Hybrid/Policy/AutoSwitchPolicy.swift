import Foundation
import PoissonCore
import Spectral

/// `hybrid.policy: auto` — hands the network over to the solver when more training no longer
/// pays, judged from the residual alone (`hybrid@auto`).
///
/// **Inputs** (and nothing else): the discrete problem (`f`, the grid, the Dirichlet values),
/// the tolerance, the network's values on the grid at its decision steps, the costs of a
/// training step and a solver step on the chosen clock, and its own history. It never sees the
/// reference or the exact solution, so its decision is the same whatever they are (tested).
///
/// **At step 0 and then every `P` training steps** (`decisionSpacing`: `D = decideEvery`,
/// widened where a decision is dear against the training; set afresh at each decision):
/// 1. the network's grid values `u` (evaluated on request, Dirichlet values imposed) give the
///    per-mode error `a_k(u − u*) = −a_k(f − A u)/μ_k` (`ResidualModeEstimator`: the residual and
///    one DST, no reference);
/// 2. `SolverCostModel` predicts the solver's remaining steps `S(a)` from those errors and its
///    per-mode contraction, priced on `clock`: `C_now`;
/// 3. each mode's recent training trend — the least-squares line through `log|a_k|` at this
///    decision and the (up to) four before it, its slope capped at 0 (`trends`) — extrapolates
///    the errors `j` periods ahead, `log|a_k(t + jP)| ≈ ℓ_k(t) + s_k jP` (`ℓ_k(t)` the line's
///    value now, `s_k` its slope per step), for `j = 1, 2, 4, …` within the budget, and prices
///    each: `jP` training steps, `j` more decisions and the solver from there;
/// 4. it hands over when none of those totals is below switching now, `min(C_now, C_zero)`
///    (`HandOverReason.noGain`; `C_zero` the zero guess's cost, the start then being zero if
///    that is cheaper), the training so far has cost at least `exploration` times that
///    (default 0.1), and the training since the oldest decision of the trend window has not
///    paid for itself (`trainingPaid`: the best start's predicted cost fell by less than the
///    training and decisions cost since then — a realised saving, where the trends of
///    scattering modes, held flat, can miss one); or when the budget is spent (`.budget`). The
///    extrapolation is made afresh every `P` steps, so an optimistic one costs at most one more
///    period, and the realised saving looks back one window, so it trains at most one window
///    past the last state that paid.
///
/// **At step 0** there is no rate yet. The policy first prices the zero initial guess: a rate
/// needs a second decision, so the first `D` training steps are the least it can spend to learn
/// whether training pays; if they cost more than the exploration budget from zero
/// (`exploration · C_zero`, the loss it allows when training never pays), it does not try
/// (`.noTraining`) and hands over at once from zero, without evaluating the network (then
/// `hybrid@auto` is the solver alone plus one residual and DST). Otherwise it prices the
/// initial network the same way (handing over from it if that alone is that cheap) and trains on.
///
/// **The start handed over** is the best one seen: the zero guess, or whichever network state
/// (current or kept from an earlier decision, a grid vector) had the lowest predicted solver
/// cost — Adam's trajectory is not monotone in the low modes that price the solver, so the state
/// at the stopping step is not always the best trained. `hybrid@auto`'s clocks include all the
/// training up to the stopping step either way.
///
/// **Costs**: every evaluation on the grid, residual, DST and bound evaluation it makes is
/// charged to `hybrid@auto`'s clocks (`decisionCost`), as is any measurement of step times made
/// before the run (`calibration`). Flops are exact; seconds are measured.
public struct AutoSwitchPolicy: HandOverPolicy {
    /// The clock minimised.
    public let clock: PolicyClock
    /// The least training steps between decisions (≥ 1); the spacing actually used is
    /// `decisionSpacing`.
    public let decideEvery: Int
    /// The network phase's step budget (`training.steps`): the last possible hand-over.
    public let trainingBudget: Int
    /// The tolerance on the max error the solver must reach.
    public let tolerance: Double
    /// The solver's per-step contraction and cost.
    public let solverCost: SolverCostModel
    /// The exploration budget, as a fraction of the predicted solver cost from the best start:
    /// training is not judged useless (`noGain`) before it has cost this much. Early in
    /// training the low modes that price the solver often stall or grow before they fall, so
    /// rates alone would stop too soon where the solver is expensive; when training never pays,
    /// this bounds the loss to this fraction of the solver's cost (0.1: within the 1.25×
    /// allowance of the acceptance).
    public let exploration: Double
    /// One training step's cost: exact flops, and seconds as measured before the run (replaced
    /// by the running average of the training so far once steps have been timed).
    public let trainingStepCost: WorkCost

    private var estimator: ResidualModeEstimator
    private let zeroGuess: [Double]
    /// One earlier decision: its step, `|a_k|` there, the predicted solver cost from the best
    /// start then, and what the run had paid by then (training and decisions, on `clock`).
    private struct PastDecision {
        let step: Int
        let errors: [Double]
        let startCost: Double
        let paid: Double
    }
    /// The last few decisions, oldest first (the window of the trends and of `trainingPaid`).
    private var history: [PastDecision] = []
    private var charges: WorkCost
    private var trace: [DecisionPoint] = []
    private var chosen: HandOverDecision?
    /// The zero guess's predicted solver steps and cost (from the step-0 decision).
    private var zeroStart: (steps: Double, cost: Double)?
    /// The network state with the lowest predicted solver cost so far: its step, grid values,
    /// predicted steps and cost (the training's low modes do not fall monotonically, so the
    /// state at the moment of stopping is not always the best one trained).
    private var bestState: (step: Int, values: [Double], steps: Double, cost: Double)?
    private var scratch: [Double]
    /// The step of the last decision (the next is `decisionSpacing` later).
    private var lastDecision: Int?
    /// Training steps from one decision to the next, set at each decision:
    /// `P = max(decideEvery, ⌈√(exploration · C · c_d) / c_s⌉)` with `C` the predicted solver
    /// cost from the best start, `c_d` the price of a decision and `c_s` of a training step.
    ///
    /// A decision evaluates the network on the whole solver grid: about `gridPoints/trainingPoints`
    /// training steps' forward passes (13 training steps at 16385 grid points and 201 training
    /// points), so deciding every 10 steps there spent more on deciding than on training, and the
    /// look-ahead, which prices the decisions it would make, judged training on too dear. Deciding
    /// rarely costs instead up to one period of training past the best stop. Over the exploration
    /// budget `X = exploration · C` the decisions cost `(X / (P c_s)) c_d` and the late stop `P c_s`;
    /// their sum is least at `P c_s = √(X c_d)`. Where a decision is cheap against the solver (small
    /// grids) this is `decideEvery`; at 16385 points 120–200 steps.
    public private(set) var decisionSpacing: Int

    /// A policy for `problem` (the discrete problem the solver works on) with the costs given;
    /// `calibration` is work already done to measure step times, charged to the run. Throws
    /// `SpectralError` if the DST cannot be planned.
    public init(problem: DiscretePoisson, tolerance: Double, clock: PolicyClock, decideEvery: Int,
                trainingBudget: Int, trainingStepCost: WorkCost, solverCost: SolverCostModel,
                calibration: WorkCost = WorkCost(), exploration: Double = 0.1) throws {
        self.clock = clock
        self.exploration = max(0, exploration)
        self.decideEvery = max(1, decideEvery)
        self.decisionSpacing = max(1, decideEvery)
        self.trainingBudget = max(0, trainingBudget)
        self.tolerance = tolerance
        self.solverCost = solverCost
        self.trainingStepCost = trainingStepCost
        self.estimator = try ResidualModeEstimator(problem: problem)
        self.zeroGuess = problem.initialGuess()
        self.charges = calibration
        self.scratch = [Double](repeating: 0, count: problem.interiorCount + 1)
    }

    public var runs: [RunKind] { [.auto(switchAt: chosen?.step)] }

    public func nextDecisionStep(after step: Int) -> Int? {
        guard chosen == nil else { return nil }
        if step < 0 { return 0 }
        guard step < trainingBudget else { return nil }
        let last = lastDecision ?? 0
        return min(max(last + decisionSpacing, step + 1), trainingBudget)
    }

    public func decisionCost(for run: RunKind) -> WorkCost? { charges }
    public func source(for run: RunKind) -> HandOverSource { chosen?.source ?? .network }
    public func decision(for run: RunKind) -> HandOverDecision? { chosen }

    public mutating func decide(at context: HandOverContext) -> [RunKind] {
        guard chosen == nil, let network = context.network else { return [] }
        let step = context.step
        let modeCount = estimator.problem.interiorCount
        var evaluations = 0
        var work = Stopwatch()
        func solverSteps(_ errors: [Double]) -> Double {
            work.time { solverCost.predictedSteps(errors: errors, tolerance: tolerance, evaluations: &evaluations) }
        }
        let stepCost = clock == .flops ? Double(trainingStepCost.flops)
            : (step > 0 ? context.seconds / Double(step) : trainingStepCost.seconds)
        let remaining = max(0, trainingBudget - step)
        if step == 0 {
            // The zero guess first: if the first period of training (the least that yields a
            // rate) costs more than the exploration budget, training is not tried, and the network
            // need not even be evaluated. (Against the solver's whole cost instead, the seconds
            // clock on 1001 points, a 0.05 s solve against ten 4 ms steps, was left to timing noise.)
            let steps = solverSteps(estimate(zeroGuess))
            zeroStart = (steps, solverCost.price(steps: steps, on: clock))
            let firstPeriod = Double(min(decideEvery, remaining)) * stepCost
            if exploration * zeroStart!.cost < firstPeriod || remaining == 0 {
                return handOver(.noTraining, .zero, zeroStart!.steps, zeroStart!.cost, step: 0, saving: nil,
                                trainingCost: firstPeriod, evaluations: evaluations, work: work.elapsed)
            }
        }
        let values = network.values()
        charges = charges + network.cost
        let errors = estimate(values)
        let nowSteps = solverSteps(errors)
        let nowCost = solverCost.price(steps: nowSteps, on: clock)
        // The best start seen so far: the network state now, an earlier one (kept), or zero.
        if bestState == nil || nowCost < bestState!.cost { bestState = (step, values, nowSteps, nowCost) }
        let zero = zeroStart ?? (Double.infinity, Double.infinity)
        let kept = bestState!
        let (source, switchSteps, switchCost): (HandOverSource, Double, Double) =
            zero.cost < kept.cost ? (.zero, zero.steps, zero.cost)
            : (kept.step == step ? .network : .earlier(step: kept.step, values: kept.values), kept.steps, kept.cost)
        // One more decision like this one, priced on the clock.
        let decisionPrice = clock == .flops
            ? Double(network.cost.flops + estimator.flopsPerEstimate + 2 * evaluations * solverCost.boundFlops(modeCount: modeCount))
            : network.cost.seconds + 2 * work.elapsed
        // The spacing to the next decision (`decisionSpacing`): the decisions' cost and the late
        // stop balanced over the exploration budget.
        let spacing = (exploration * switchCost * decisionPrice).squareRoot() / stepCost
        charges = charges + WorkCost(flops: 4)
        decisionSpacing = spacing.isFinite ? max(decideEvery, Int(min(spacing.rounded(.up), Double(max(trainingBudget, 1)))))
            : decideEvery
        let period = decisionSpacing

        // Training on for j periods (j = 1, 2, 4, … within the budget) along each mode's recent
        // trend: the cheapest total of training, decisions and the solver from there.
        var best: (total: Double, solver: Double, training: Double)?
        if remaining > 0, let trend = trends(errors, step: step) {
            // Per mode and point: a logarithm and six products and sums of the fit.
            charges = charges + WorkCost(flops: 7 * trend.points * modeCount)
            var periods = 1
            var future = errors
            while true {
                let trained = min(periods * period, remaining)
                for k in 1...modeCount where errors[k] > 0 {
                    future[k] = exp(trend.levels[k] + trend.slopes[k] * Double(trained))
                }
                charges = charges + WorkCost(flops: 3 * modeCount)
                let solver = solverCost.price(steps: solverSteps(future), on: clock)
                let training = Double(trained) * stepCost + Double(periods) * decisionPrice
                if best == nil || training + solver < best!.total { best = (training + solver, solver, training) }
                if trained >= remaining { break }
                periods *= 2
            }
        }
        let saving = best.map { switchCost - $0.solver }
        let trainingCost = best?.training ?? Double(min(period, remaining)) * stepCost
        if remaining == 0 {
            return handOver(.budget, source, switchSteps, switchCost, step: step, saving: saving,
                            trainingCost: trainingCost, evaluations: evaluations, work: work.elapsed)
        }
        if step == 0 {
            // No rate yet: train on unless even the initial network's start is that cheap.
            if switchCost <= trainingCost {
                return handOver(.noTraining, source, switchSteps, switchCost, step: step, saving: nil,
                                trainingCost: trainingCost, evaluations: evaluations, work: work.elapsed)
            }
        } else if let best, best.total >= switchCost, trainingSpent(context) >= exploration * switchCost,
                  !trainingPaid(since: history.first, startCost: switchCost, context: context) {
            return handOver(.noGain, source, switchSteps, switchCost, step: step, saving: saving,
                            trainingCost: trainingCost, evaluations: evaluations, work: work.elapsed)
        }
        charges = charges + WorkCost(flops: evaluations * solverCost.boundFlops(modeCount: modeCount), seconds: work.elapsed)
        trace.append(DecisionPoint(step: step, predictedSolverSteps: nowSteps, predictedSolverCost: nowCost,
                                   predictedSaving: saving, trainingCost: trainingCost))
        history.append(PastDecision(step: step, errors: errors, startCost: switchCost, paid: paid(context)))
        if history.count > 4 { history.removeFirst() }
        lastDecision = step
        return []
    }

    /// The training's cost so far on the policy's clock.
    private func trainingSpent(_ context: HandOverContext) -> Double {
        clock == .flops ? Double(context.flops) : context.seconds
    }

    /// The training and the decisions paid so far on the policy's clock.
    private func paid(_ context: HandOverContext) -> Double {
        trainingSpent(context) + (clock == .flops ? Double(charges.flops) : charges.seconds)
    }

    /// Whether the training since the `oldest` decision kept (the window of the trends) has paid
    /// for itself: the predicted solver cost from the best start fell by more than the training
    /// and decisions cost over the window. A realised saving, not an extrapolation: the per-mode
    /// trends of a mode that stalls or scatters are held flat, so late in training, where the
    /// solver's price rests on a few low modes that Adam moves up and down, the trends can predict
    /// no gain while the best start is still falling fast (16385 points: the trends saw no gain at
    /// step 2569 while the last 500 steps had cut the predicted solver cost by 7·10¹¹ flop for
    /// 10¹¹ of training; the fixed hand-over at 3000 needed 30 % fewer sweeps). Training on while
    /// the window paid costs at most one window past the point where the saving stops.
    private func trainingPaid(since oldest: PastDecision?, startCost: Double, context: HandOverContext) -> Bool {
        guard let oldest else { return false }
        return oldest.startCost - startCost > paid(context) - oldest.paid
    }

    /// Records the hand-over decision (charging the bound evaluations and their time) and names the run.
    private mutating func handOver(_ reason: HandOverReason, _ source: HandOverSource, _ steps: Double, _ cost: Double,
                                   step: Int, saving: Double?, trainingCost: Double, evaluations: Int,
                                   work: Double) -> [RunKind] {
        charges = charges + WorkCost(flops: evaluations * solverCost.boundFlops(modeCount: estimator.problem.interiorCount),
                                     seconds: work)
        trace.append(DecisionPoint(step: step, predictedSolverSteps: steps, predictedSolverCost: cost,
                                   predictedSaving: saving, trainingCost: trainingCost))
        chosen = HandOverDecision(clock: clock, reason: reason, step: step, source: source,
                                  predictedSolverSteps: steps, predictedSolverCost: cost, trace: trace,
                                  decisionCost: charges)
        return [.auto(switchAt: step)]
    }

    /// `|a_k(u − u*)|`, `k = 1 … N` at index `k`, of a grid vector, from its residual; the
    /// residual and the DST are charged.
    private mutating func estimate(_ values: [Double]) -> [Double] {
        var clock = Stopwatch()
        clock.time { estimator.modeErrors(of: values, into: &scratch) }
        charges = charges + WorkCost(flops: estimator.flopsPerEstimate, seconds: clock.elapsed)
        return scratch.map(abs)
    }

    /// Each mode's training trend at `step`: the least-squares line through `log|a_k|` against
    /// the step at this decision and the (up to) four before it, as its value at `step`
    /// (`levels`) and its slope per training step (`slopes`); `nil` without an earlier decision.
    /// A mode whose line rises, or that was zero at one of the points, is held at its current
    /// value (slope 0: training noise, not a trend to extrapolate).
    ///
    /// The line, not the two end values: Adam's steps scatter the low modes that price the solver
    /// about their trend, and a rate from the current value extrapolates that scatter. At 16385
    /// points the state at step 2466 priced the solver above the one at 2329 while the trend had
    /// fallen 10–17% per decision for 800 steps; the rate from three decisions back to that value
    /// predicted no gain and stopped there, 530 steps before the hand-over that paid (1.33×).
    private func trends(_ errors: [Double], step: Int) -> (levels: [Double], slopes: [Double], points: Int)? {
        let past = history.suffix(4)
        guard let oldest = past.first, oldest.step < step else { return nil }
        let steps = past.map { Double($0.step) } + [Double(step)]
        let mean = steps.reduce(0, +) / Double(steps.count)
        let spread = steps.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        var levels = [Double](repeating: 0, count: errors.count)
        var slopes = levels
        for k in 1..<errors.count where errors[k] > 0 {
            levels[k] = log(errors[k])
            guard past.allSatisfy({ $0.errors[k] > 0 }) else { continue }
            var sumY = levels[k], sumTY = (steps[steps.count - 1] - mean) * levels[k]
            for (i, point) in past.enumerated() {
                let y = log(point.errors[k])
                sumY += y
                sumTY += (steps[i] - mean) * y
            }
            let slope = sumTY / spread
            if slope < 0 {
                slopes[k] = slope
                levels[k] = sumY / Double(steps.count) + slope * (Double(step) - mean)
            }
        }
        return (levels, slopes, steps.count)
    }
}
