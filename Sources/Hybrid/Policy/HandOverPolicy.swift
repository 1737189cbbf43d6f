/// What a hand-over policy sees when it decides, at a step of the network phase: the run's
/// clocks so far. (Policies decide from the problem data, the network and the costs — never
/// from the reference or the exact solution, which this context does not hold.)
public struct HandOverContext: Sendable {
    /// Training steps done.
    public var step: Int
    /// Exact flops of the training so far.
    public var flops: Int
    /// Wall seconds of the training so far.
    public var seconds: Double

    public init(step: Int, flops: Int, seconds: Double) {
        self.step = step; self.flops = flops; self.seconds = seconds
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
    /// The first training step after `step` (≥ 1) at which the policy decides, or `nil`.
    func nextDecisionStep(after step: Int) -> Int?
    /// The runs that hand over at this step (possibly none).
    mutating func decide(at context: HandOverContext) -> [RunKind]
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
    /// The hand-over of every run the policy has started.
    private(set) var handOvers: [RunKind: HandOver] = [:]

    init(policy: Policy) { self.policy = policy }

    func nextStep(after step: Int) -> Int? { policy.nextDecisionStep(after: step) }

    mutating func handle<Stepper: PhaseStepper>(at step: Int, stepper: inout Stepper, clocks: PhaseStart,
                                                rowCount: Int) {
        let runs = policy.decide(at: HandOverContext(step: clocks.step, flops: clocks.flops, seconds: clocks.seconds))
        guard !runs.isEmpty else { return }
        // The evaluation on the solver grid is part of the hybrid's cost: timed and counted.
        var evaluation = Stopwatch()
        let state = evaluation.time { stepper.handOverState() }
        let handOver = HandOver(values: state.values, step: clocks.step, flops: clocks.flops + state.flops,
                                seconds: clocks.seconds + evaluation.elapsed, prefix: rowCount)
        for run in runs { handOvers[run] = handOver }
    }
}
