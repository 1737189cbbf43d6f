/// What a hand-over policy sees when it decides, at a step of the network phase: the run's
/// clocks so far and, on request, the network's values on the solver grid. (Policies decide
/// from the problem data, the network and the costs — never from the reference or the exact
/// solution, which this context does not hold.)
public struct HandOverContext {
    /// Training steps done.
    public var step: Int
    /// Exact flops of the training so far.
    public var flops: Int
    /// Wall seconds of the training so far.
    public var seconds: Double
    /// The network's values on the solver grid at this step, evaluated only when a policy asks
    /// (`nil` where no network is available, e.g. a context built by hand).
    public var network: LazyGridValues?

    public init(step: Int, flops: Int, seconds: Double, network: LazyGridValues? = nil) {
        self.step = step; self.flops = flops; self.seconds = seconds; self.network = network
    }
}

/// Work measured on both clocks: exact flops and wall seconds.
public struct WorkCost: Sendable, Equatable {
    /// Exact floating-point operations.
    public var flops: Int
    /// Wall seconds.
    public var seconds: Double

    public init(flops: Int = 0, seconds: Double = 0) { self.flops = flops; self.seconds = seconds }

    /// The sum of two costs.
    public static func + (a: WorkCost, b: WorkCost) -> WorkCost {
        WorkCost(flops: a.flops + b.flops, seconds: a.seconds + b.seconds)
    }
}

/// The network's values on the solver grid at one decision step, evaluated on first access and
/// kept: a grid vector of `n` values with the Dirichlet values imposed (what a solver starting
/// there would get). A reference type so that every policy asking at the same step shares one
/// evaluation; it lives only for that decision, on the deciding thread.
public final class LazyGridValues {
    private let evaluate: () -> (values: [Double], flops: Int)
    private var cached: [Double]?
    /// The cost of the evaluation once done (zero before): exact flops and its wall seconds.
    public private(set) var cost = WorkCost()

    /// A lazy evaluation by `evaluate`, which returns the grid vector and its exact flop count.
    public init(_ evaluate: @escaping () -> (values: [Double], flops: Int)) { self.evaluate = evaluate }

    /// Whether `values()` has been called.
    public var isEvaluated: Bool { cached != nil }

    /// The grid vector (`n` values, Dirichlet values imposed); evaluates and times it on the
    /// first call.
    public func values() -> [Double] {
        if let cached { return cached }
        var clock = Stopwatch()
        let state = clock.time { evaluate() }
        cached = state.values
        cost = WorkCost(flops: state.flops, seconds: clock.elapsed)
        return state.values
    }
}

/// Where a hand-over's solver run starts: the network's grid values, or the zero initial guess
/// (the `solver` run's start; a policy that finds no training worth its cost).
public enum HandOverSource: Sendable, Equatable {
    /// The network's values on the grid, Dirichlet values imposed.
    case network
    /// Zero in the interior, the Dirichlet values at the ends.
    case zero
    /// The network's grid values at an earlier decision step, kept by the policy.
    case earlier(step: Int, values: [Double])

    /// The training step whose state starts the solver (`nil` for zero; the hand-over step for
    /// `.network`).
    public func stateStep(handOverAt step: Int) -> Int? {
        switch self {
        case .network: return step
        case .zero: return nil
        case .earlier(let s, _): return s
        }
    }
}

/// Decides, while the network trains, at which training steps a solver run starts from the
/// network's values on the grid. The network phase asks `nextDecisionStep(after:)` where to
/// stop next, and at that step calls `decide(at:)`; each run it returns starts a solver phase
/// from the network's state there (evaluated on the grid, with the Dirichlet values imposed,
/// the evaluation counted on the run's clocks). The network run itself always continues to
/// its budget: its one trajectory feeds every hand-over.
public protocol HandOverPolicy {
    /// Every hybrid run this policy can start, in output order.
    var runs: [RunKind] { get }
    /// The first training step after `step` at which the policy decides, or `nil`. The network
    /// phase asks first with `step = −1`: a policy answering 0 decides at the initial state.
    func nextDecisionStep(after step: Int) -> Int?
    /// The runs that hand over at this step (possibly none).
    mutating func decide(at context: HandOverContext) -> [RunKind]
    /// The work the policy's own decisions cost, charged to `run`'s clocks at its hand-over
    /// (the evaluations and estimates it asked for, including at the hand-over step itself); `nil`
    /// for a policy that asks nothing (the hand-over's evaluation is then counted as usual).
    func decisionCost(for run: RunKind) -> WorkCost?
    /// Where `run` starts (default: the network's values).
    func source(for run: RunKind) -> HandOverSource
    /// What the policy decided for `run` and predicted, for the outputs (default `nil`).
    func decision(for run: RunKind) -> HandOverDecision?
}

extension HandOverPolicy {
    public func decisionCost(for run: RunKind) -> WorkCost? { nil }
    public func source(for run: RunKind) -> HandOverSource { .network }
    public func decision(for run: RunKind) -> HandOverDecision? { nil }
}

/// Two policies deciding along one training trajectory (e.g. the fixed switch list beside
/// `AutoSwitchPolicy`): each is asked only at its own decision steps, the runs are `first`'s
/// then `second`'s, and every per-run question goes to the policy that owns the run.
public struct PolicyPair<First: HandOverPolicy, Second: HandOverPolicy>: HandOverPolicy {
    public var first: First
    public var second: Second

    public init(_ first: First, _ second: Second) { self.first = first; self.second = second }

    public var runs: [RunKind] { first.runs + second.runs }

    public func nextDecisionStep(after step: Int) -> Int? {
        switch (first.nextDecisionStep(after: step), second.nextDecisionStep(after: step)) {
        case let (a?, b?): return min(a, b)
        case let (a, b): return a ?? b
        }
    }

    public mutating func decide(at context: HandOverContext) -> [RunKind] {
        var runs: [RunKind] = []
        if first.nextDecisionStep(after: context.step - 1) == context.step { runs += first.decide(at: context) }
        if second.nextDecisionStep(after: context.step - 1) == context.step { runs += second.decide(at: context) }
        return runs
    }

    private func ownedByFirst(_ run: RunKind) -> Bool { first.runs.contains { $0.name == run.name } }

    public func decisionCost(for run: RunKind) -> WorkCost? {
        ownedByFirst(run) ? first.decisionCost(for: run) : second.decisionCost(for: run)
    }
    public func source(for run: RunKind) -> HandOverSource {
        ownedByFirst(run) ? first.source(for: run) : second.source(for: run)
    }
    public func decision(for run: RunKind) -> HandOverDecision? {
        ownedByFirst(run) ? first.decision(for: run) : second.decision(for: run)
    }
}

/// Today's `hybrid.switch_at` list: `hybrid@n` hands over after exactly `n` training steps, for
/// every `n > 0` in the list (0 is the `solver` run, which starts from zero).
public struct FixedSwitchPolicy: HandOverPolicy, Sendable, Equatable {
    /// The switch steps, ascending and distinct, all ≥ 1.
    public let switchSteps: [Int]

    public init(switchAt: [Int]) {
        switchSteps = Set(switchAt.filter { $0 > 0 }).sorted()
    }

    public var runs: [RunKind] { switchSteps.map { .hybrid(switchAt: $0) } }

    public func nextDecisionStep(after step: Int) -> Int? {
        switchSteps.first { $0 > step }
    }

    public func decide(at context: HandOverContext) -> [RunKind] {
        switchSteps.contains(context.step) ? [.hybrid(switchAt: context.step)] : []
    }
}

/// The phase events of the network phase: asks `policy` at its decision steps and keeps the
/// state handed to each run it names.
struct HandOverEvents<Policy: HandOverPolicy>: PhaseEvents {
    var policy: Policy
    /// The zero initial guess (`HandOverSource.zero`).
    let zeroGuess: [Double]
    /// The hand-over of every run the policy has started, keyed by the run as `decide` named it.
    private(set) var handOvers: [RunKind: HandOver] = [:]

    init(policy: Policy, zeroGuess: [Double]) { self.policy = policy; self.zeroGuess = zeroGuess }

    func nextStep(after step: Int) -> Int? { policy.nextDecisionStep(after: step) }

    mutating func handle<Stepper: PhaseStepper>(at step: Int, stepper: inout Stepper, clocks: PhaseStart,
                                                rowCount: Int) -> Double? {
        let copy = stepper   // copy-on-write: shares the trainer's buffers, nothing is copied
        let network = LazyGridValues { var s = copy; return s.handOverState() }
        let runs = policy.decide(at: HandOverContext(step: clocks.step, flops: clocks.flops, seconds: clocks.seconds,
                                                     network: network))
        for run in runs {
            let source = policy.source(for: run)
            let values: [Double]
            switch source {
            case .zero: values = zeroGuess
            case .network: values = network.values()
            case .earlier(_, let kept): values = kept
            }
            // The evaluation on the solver grid is part of the hybrid's cost: timed and counted,
            // unless the policy charges its own decisions (which then include it).
            // A start from zero at step 0 owes nothing to the training (not even its initial
            // evaluation); later, the training done so far was spent on the way.
            let cost = policy.decisionCost(for: run) ?? (source == .zero ? WorkCost() : network.cost)
            let base = source == .zero && clocks.step == 0 ? WorkCost() : WorkCost(flops: clocks.flops, seconds: clocks.seconds)
            handOvers[run] = HandOver(values: values, step: clocks.step, flops: base.flops + cost.flops,
                                      seconds: base.seconds + cost.seconds, prefix: rowCount)
        }
        return nil
    }
}
