import PoissonCore
import NeuralRitz

/// A stepper as a `Phase` drives it: one `step()` at a time, its counters, its state as a grid
/// vector for records and tolerance checks, and — for the exact tolerance search — whether it
/// can return to a saved state.
///
/// The adapters below wrap the library's steppers: `StationarySolverStepper` (checkpoint and
/// replay), `SolverStepper` (any grid solver, checked every step) and `NetworkStepper` (the
/// trainer, evaluated on the solver grid). They are generic, so a phase loop over one of them
/// is specialised for the concrete solver type.
protocol PhaseStepper {
    /// Exactly one unit of work (`IterativeStepper.step()`).
    mutating func step() throws
    /// Exact flops of all work so far.
    var flopCount: Int { get }
    /// Exact flops of one step.
    var flopsPerStep: Int { get }
    /// The training loss for a network, `nil` for a solver.
    var loss: Double? { get }
    /// The current state as a grid vector on the solver grid (`n` values). For a solver this is
    /// its iterate (no copy: release it before the next step); for a network, its values on
    /// the grid (an evaluation, not counted in the clocks).
    mutating func gridValues() -> [Double]
    /// Whether `gridValues()` is the stepper's own storage (a solver's iterate), which must not
    /// be held across a step (copy-on-write would then copy it), rather than a fresh vector.
    var gridValuesShareStorage: Bool { get }
    /// The state handed to a solver that starts from this one: a grid vector with the Dirichlet
    /// values imposed, and the flops it took to produce (the network's evaluation on the grid).
    mutating func handOverState() -> (values: [Double], flops: Int)
    /// Whether `saveCheckpoint()`/`rewindToCheckpoint()` return the stepper to an earlier
    /// state from which the following steps repeat bit for bit (`StationaryGridSolver`).
    var canReplay: Bool { get }
    /// Saves the current state (allocation-free after the first call).
    mutating func saveCheckpoint()
    /// Returns to the last saved state.
    mutating func rewindToCheckpoint()
    /// Adds `correction` (a grid vector, zero at both ends) to the iterate, its work `flops`
    /// joining the stepper's flop count; `false` if the stepper cannot take one (only a
    /// replayable solver can: the change goes through `StationaryGridSolver.rewind(to:)`).
    mutating func add(correction: [Double], flops: Int) -> Bool
}

extension PhaseStepper {
    mutating func add(correction: [Double], flops: Int) -> Bool { false }
}

/// A phase stepper around a classical solver: everything but the replay is the solver's own.
protocol GridSolverStepper: PhaseStepper {
    associatedtype Solver: GridIterativeSolver
    var solver: Solver { get set }
}

extension GridSolverStepper {
    @inline(__always) mutating func step() throws { try solver.step() }
    var flopCount: Int { solver.flopCount }
    var flopsPerStep: Int { solver.flopsPerStep }
    var loss: Double? { nil }
    func gridValues() -> [Double] { solver.iterate }
    var gridValuesShareStorage: Bool { true }
    func handOverState() -> (values: [Double], flops: Int) { (solver.iterate, 0) }
}

/// A `StationaryGridSolver` in a phase: tolerance checks every few steps, the exact first step
/// found by rewinding to the last check and replaying.
struct StationarySolverStepper<Solver: StationaryGridSolver>: GridSolverStepper {
    var solver: Solver
    private var checkpoint: SolverCheckpoint

    init(_ solver: consuming Solver) {
        self.checkpoint = SolverCheckpoint(of: solver)
        self.solver = solver
    }

    var canReplay: Bool { true }
    mutating func saveCheckpoint() { checkpoint.save(solver) }
    mutating func rewindToCheckpoint() { solver.rewind(to: checkpoint) }

    /// `u ← u + e` on the interior, through `rewind(to:)` with the counters advanced by `flops`.
    mutating func add(correction: [Double], flops: Int) -> Bool {
        var values = solver.iterate
        precondition(correction.count == values.count, "correction of another grid")
        for j in 1..<(values.count - 1) { values[j] += correction[j] }
        solver.rewind(to: SolverCheckpoint(iterate: values, stepCount: solver.stepCount,
                                           flopCount: solver.flopCount + flops))
        return true
    }
}

/// Any `GridIterativeSolver` in a phase. Nothing says its next iterate depends only on the
/// current one, so it cannot be replayed: its tolerance is checked after every step.
struct SolverStepper<Solver: GridIterativeSolver>: GridSolverStepper {
    var solver: Solver

    init(_ solver: consuming Solver) { self.solver = solver }

    var canReplay: Bool { false }
    mutating func saveCheckpoint() {}
    mutating func rewindToCheckpoint() { preconditionFailure("a general solver cannot be replayed") }
}

/// The network trainer in a phase, seen on the solver grid `discrete`.
struct NetworkStepper: PhaseStepper {
    var trainer: RitzTrainer
    let discrete: DiscretePoisson
    /// Flops of one evaluation of the network (values only) on the solver grid.
    let evaluationFlops: Int

    init(_ trainer: RitzTrainer, on discrete: DiscretePoisson) {
        self.trainer = trainer
        self.discrete = discrete
        self.evaluationFlops = trainer.network.evaluationFlops(pointCount: discrete.pointCount, withDerivatives: false)
    }

    mutating func step() throws { try trainer.step() }
    var flopCount: Int { trainer.flopCount }
    var flopsPerStep: Int { trainer.flopsPerStep }
    var loss: Double? { trainer.loss }
    func gridValues() -> [Double] { trainer.values(on: discrete.grid) }
    var gridValuesShareStorage: Bool { false }
    func handOverState() -> (values: [Double], flops: Int) {
        var values = trainer.values(on: discrete.grid)
        discrete.imposeBoundary(on: &values)
        return (values, evaluationFlops)
    }
    var canReplay: Bool { false }
    mutating func saveCheckpoint() {}
    mutating func rewindToCheckpoint() { preconditionFailure("a trainer is not replayed") }
}
