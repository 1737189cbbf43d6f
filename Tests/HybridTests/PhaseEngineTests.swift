import ClassicalSolvers
import Foundation
@testable import Hybrid
import PoissonCore
import Testing
import TestSupport

/// Jacobi with heavy-ball momentum, `u⁽ᵗ⁺¹⁾ = J(u⁽ᵗ⁾) + β (u⁽ᵗ⁾ − u⁽ᵗ⁻¹⁾)`: its next iterate
/// depends on the previous one too, so it is a `GridIterativeSolver` and not a
/// `StationaryGridSolver` — the kind of solver (like CG or Chebyshev) a checkpoint-and-replay
/// search would get wrong. Test-only; 3N + 3N flops per sweep.
struct MomentumJacobi: GridIterativeSolver {
    let momentum: Double
    private(set) var iterate: [Double]
    private var previous: [Double]
    private let jacobiProblem: DiscretePoisson
    private var jacobi: JacobiSolver
    private(set) var stepCount = 0
    private(set) var flopCount = 0
    var flopsPerStep: Int { 6 * jacobiProblem.interiorCount }

    init(problem: DiscretePoisson, momentum: Double, initialGuess: [Double]? = nil) throws {
        self.momentum = momentum
        self.jacobiProblem = problem
        self.jacobi = try JacobiSolver(problem: problem, initialGuess: initialGuess)
        self.iterate = jacobi.iterate
        self.previous = jacobi.iterate
    }

    mutating func step() throws {
        jacobi = try JacobiSolver(problem: jacobiProblem, initialGuess: iterate)
        try jacobi.step()
        var next = jacobi.iterate
        for j in 1..<(next.count - 1) { next[j] += momentum * (iterate[j] - previous[j]) }
        previous = iterate
        iterate = next
        stepCount += 1
        flopCount += flopsPerStep
    }
}

/// Any grid solver seen only as a `GridIterativeSolver` (its stationarity hidden).
struct GeneralSolver<Base: GridIterativeSolver>: GridIterativeSolver {
    var base: Base
    var iterate: [Double] { base.iterate }
    var stepCount: Int { base.stepCount }
    var flopCount: Int { base.flopCount }
    var flopsPerStep: Int { base.flopsPerStep }
    mutating func step() throws { try base.step() }
}

/// Events every `every` steps that leave the stepper as it is and record where they came
/// (test-only).
struct IdleEvents: PhaseEvents {
    let every: Int
    var handled: [Int] = []

    func nextStep(after step: Int) -> Int? { (max(step, 0) / every + 1) * every }

    mutating func handle<Stepper: PhaseStepper>(at step: Int, stepper: inout Stepper, clocks: PhaseStart,
                                                rowCount: Int) -> Double? {
        handled.append(step)
        return 0
    }
}

@Suite struct PhaseEngineTests {
    /// A solver that is not stationary is checked after every step, so `steps_to_tol` is the
    /// exact first step meeting the tolerance — found here by stepping an independent copy. The
    /// test first shows that the replay shortcut would be wrong for it: restarted from a saved
    /// iterate alone (its previous iterate lost), it takes different steps.
    @Test(arguments: [3e-2, 1e-3, 1e-5])
    func nonStationarySolverGetsTheExactFirstStep(tolerance: Double) throws {
        let setup = try HybridDriverTests.solverSetup(every: 50, tolerance: tolerance)
        let solver = try MomentumJacobi(problem: setup.discrete, momentum: 0.6)

        var independent = solver
        var first = 0
        while GridNorms.maxDifference(independent.iterate, setup.reference) > tolerance {
            try independent.step()
            first += 1
        }
        #expect(first > 16)

        var continued = solver
        for _ in 0..<10 { try continued.step() }
        var restarted = try MomentumJacobi(problem: setup.discrete, momentum: 0.6, initialGuess: continued.iterate)
        try continued.step()
        try restarted.step()
        #expect(continued.iterate != restarted.iterate, "its state is more than its iterate")

        let run = try HybridDriver(setup: setup).solverRun(solver)
        let hit = try #require(run.toleranceHit)
        #expect(hit.step == first)
        #expect(hit.flops == first * solver.flopsPerStep)
        #expect(run.curves.last?.step == first && run.curves.last?.maxError == GridNorms.maxDifference(independent.iterate, setup.reference))
        #expect(run.curves.map(\.step) == Array(stride(from: 0, to: first, by: 50)) + [first])
    }

    /// The same solver type through both entry points: a stationary solver (checked at every
    /// block, here every 50 sweeps, and replayed) and the general path (checked every sweep)
    /// stop at the same step with the same rows.
    @Test func replayAndEveryStepChecksAgree() throws {
        let setup = try HybridDriverTests.solverSetup(every: 50, tolerance: 1e-5)
        let driver = HybridDriver(setup: setup)
        let jacobi = try JacobiSolver(problem: setup.discrete)
        let replayed = try driver.solverRun(jacobi)
        let checked = try driver.solverRun(GeneralSolver(base: jacobi))
        let clear = { (rows: [CurveRow]) in rows.map { row -> CurveRow in var r = row; r.seconds = 0; return r } }
        #expect(replayed.toleranceHit?.step == checked.toleranceHit?.step)
        #expect(replayed.toleranceHit?.flops == checked.toleranceHit?.flops)
        #expect(clear(replayed.curves) == clear(checked.curves))
        #expect(replayed.modes == checked.modes)
    }

    /// A block of steps that ends at an event (the interleaved run's corrections) is checked
    /// before the event: when the tolerance was met inside it, the phase ends at the exact first
    /// step that meets it, not at the event's step (where a correction would already have changed
    /// the iterate). Events every 25 sweeps that leave the iterate as it is, checks every 400: the
    /// hit must be the first sweep found by an independent solver, between two events.
    @Test(arguments: [1e-3, 1e-4, 1e-5])
    func toleranceMetBeforeAnEventEndsThePhaseAtItsFirstStep(tolerance: Double) throws {
        let setup = try HybridDriverTests.solverSetup(every: 1000, tolerance: tolerance)
        let jacobi = try JacobiSolver(problem: setup.discrete)
        var independent = jacobi
        var first = 0
        while GridNorms.maxDifference(independent.iterate, setup.reference) > tolerance {
            try independent.step()
            first += 1
        }
        #expect(first > 25 && first % 25 != 0)

        let phase = Phase(run: "solver", kind: .solver, start: PhaseStart(),
                          rule: StoppingRule(budget: 100_000, tolerance: .stop(tolerance)),
                          schedule: RecordSchedule(every: 1000), checkInterval: 400, blockLimit: 400,
                          discrete: setup.discrete, reference: setup.reference,
                          observer: try RunObserver(discrete: setup.discrete, reference: setup.reference,
                                                    sineModes: [1], peaks: .largest(1)),
                          recording: .inline)
        var stepper = StationarySolverStepper(jacobi)
        var events = IdleEvents(every: 25)
        let result = phase.run(&stepper, events: &events, progress: { _ in })
        #expect(result.toleranceHit?.step == first)
        #expect(result.steps == first)
        #expect(events.handled == Array(stride(from: 25, to: first, by: 25)))
        #expect(result.rows.last?.step == first)
    }

    /// The record schedule's cursor gives exactly the steps of the rule "0, every k, the budget
    /// and the log-spaced steps".
    @Test(arguments: [(1, 0, 7), (50, 0, 1000), (50, 0, 1001), (7, 3, 500), (1000, 4, 2000), (3, 10, 40)])
    func recordScheduleFollowsItsRule(every: Int, perDecade: Int, budget: Int) {
        let schedule = RecordSchedule(every: every, recordsPerDecade: perDecade)
        let logSteps = Set(schedule.logSpacedSteps(upTo: budget))
        let expected = (0...budget).filter { $0 % every == 0 || $0 == budget || logSteps.contains($0) }
        var cursor = schedule.cursor(budget: budget)
        var steps = [0]
        while steps.last! < budget { steps.append(cursor.next(after: steps.last!)) }
        #expect(steps == expected)
        if perDecade > 0 {
            let powers = (0...6).map { Int(pow(10.0, Double($0))) }.filter { $0 <= budget }
            #expect(powers.allSatisfy(logSteps.contains), "every power of ten is a log-spaced step")
        }
    }

    /// The fixed policy: the positive switch steps, ascending and distinct.
    @Test func fixedPolicyDecidesAtItsSwitchSteps() {
        let policy = FixedSwitchPolicy(switchAt: [500, 0, 20, 500, 3])
        #expect(policy.switchSteps == [3, 20, 500])
        #expect(policy.runs == [.hybrid(switchAt: 3), .hybrid(switchAt: 20), .hybrid(switchAt: 500)])
        #expect(policy.nextDecisionStep(after: 0) == 3 && policy.nextDecisionStep(after: 3) == 20)
        #expect(policy.nextDecisionStep(after: 500) == nil)
        #expect(policy.decide(at: HandOverContext(step: 20, flops: 0, seconds: 0)) == [.hybrid(switchAt: 20)])
        #expect(policy.decide(at: HandOverContext(step: 21, flops: 0, seconds: 0)).isEmpty)
    }

    /// A tolerance so far off that its flop count would overflow an Int gives no estimate (it
    /// used to trap, e.g. tolerance 1e-300 at 2^20 points); an ordinary one still extrapolates.
    @Test func extrapolationThatWouldOverflowIsNone() {
        let rows = (0...4).map { k in
            CurveRow(run: "solver", phase: .solver, step: 100 * k, dnnSteps: 0, sweeps: 100 * k, flops: 100 * k * 1000,
                     seconds: Double(k), loss: nil,
                     metrics: RunMetrics(maxError: pow(0.5, Double(k)), l2Error: 1, residualMax: 1))
        }
        let near = Extrapolation.fitted(to: rows, tolerance: 1e-6, flopsPerStep: 1000, secondsPerStep: 0.01)
        #expect(near?.estimate.step == 400 + Int((log(1e-6 / 0.0625) / log(pow(0.5, 0.01))).rounded(.up)))
        #expect(Extrapolation.fitted(to: rows, tolerance: 1e-300, flopsPerStep: Int.max / 1000, secondsPerStep: 0.01) == nil)
    }
}
