/// A steppable iterative method: a value whose `step()` performs exactly one unit of work
/// (one sweep, one multigrid cycle, one optimizer step) and which exposes its progress.
///
/// Deciding when to stop — a step budget, a tolerance, a switch to another method — is the
/// caller's business; a stepper never stops itself. Observers read it between steps and never
/// change it.
public protocol IterativeStepper {
    /// Performs exactly one unit of work. Throws when the iterate stops being finite or the
    /// step cannot be carried out; the stepper is then left at its last finite state where the
    /// conformer can guarantee it (documented per type).
    mutating func step() throws
    /// Steps performed so far (0 before the first `step()`).
    var stepCount: Int { get }
    /// Exact floating-point operation count of all work done so far (adds, multiplies,
    /// divisions and elementary functions each count 1). The work axis of every curve.
    var flopCount: Int { get }
    /// Exact floating-point operation count of one `step()` (constant for a given stepper).
    var flopsPerStep: Int { get }
}

/// A stepper whose iterate is a grid vector of the discrete Poisson problem: the classical
/// solvers (and, through the hand-over, the network's values on the grid).
public protocol GridIterativeSolver: IterativeStepper {
    /// The current iterate as a grid vector: `n` values, boundary entries equal to the
    /// Dirichlet values.
    var iterate: [Double] { get }
}

/// Thrown by a stepper whose iterate or loss became NaN or infinite at `step`.
public struct DivergenceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The 1-based index of the step that produced the first non-finite value.
    public let step: Int
    /// What became non-finite (e.g. "iterate", "loss", "gradient").
    public let quantity: String
    public init(step: Int, quantity: String) {
        self.step = step
        self.quantity = quantity
    }
    public var description: String { "diverged at step \(step): \(quantity) is not finite" }
}

/// A grid solver whose next iterate depends **only on its current iterate**: a stationary
/// iteration `u⁽ᵗ⁺¹⁾ = G(u⁽ᵗ⁾)` with `G` fixed (Jacobi, Gauss–Seidel, a multigrid cycle). Its
/// whole state, apart from preallocated scratch that every step overwrites before reading, is
/// the iterate and the two counters.
///
/// That is the contract the driver's exact tolerance search relies on: it keeps the iterate of
/// the last check, and when a later check finds the tolerance met it rewinds to that iterate and
/// replays the steps one at a time, which repeats the original iterates bit for bit, to find the
/// first step that meets it. A solver whose step also depends on earlier iterates or on the step
/// index (conjugate gradients, Chebyshev or momentum iterations) must **not** conform: the
/// driver then checks its tolerance after every step instead.
public protocol StationaryGridSolver: GridIterativeSolver {
    /// Returns the solver to a state it was in: the iterate becomes `checkpoint.iterate` and
    /// the counters `checkpoint.stepCount` and `checkpoint.flopCount`. Allocation-free (the
    /// values are copied into the solver's own buffer). The next `step()` then computes exactly
    /// what it computed from that state before.
    /// - Precondition: `checkpoint.iterate.count == iterate.count`, boundary entries equal to
    ///   the Dirichlet values (a checkpoint saved from this solver satisfies both).
    mutating func rewind(to checkpoint: SolverCheckpoint)
}

/// A saved state of a `StationaryGridSolver`: its iterate (a grid vector of `n` values,
/// Dirichlet values at both ends, in storage of its own) and its counters.
public struct SolverCheckpoint: Sendable, Equatable {
    /// The saved iterate (never shares storage with the solver's).
    public private(set) var iterate: [Double]
    /// The solver's `stepCount` when saved.
    public private(set) var stepCount: Int
    /// The solver's `flopCount` when saved.
    public private(set) var flopCount: Int

    /// A checkpoint holding `solver`'s current state.
    public init(of solver: borrowing some GridIterativeSolver) {
        iterate = solver.iterate.withUnsafeBufferPointer { Array($0) }
        stepCount = solver.stepCount
        flopCount = solver.flopCount
    }

    /// A checkpoint holding a given state: `iterate` (a grid vector with the Dirichlet values at
    /// its ends) and the counters. Rewinding a solver to it sets its state — the way to change a
    /// stationary solver's iterate from outside (e.g. to add a correction, with its work in
    /// `flopCount`).
    public init(iterate: [Double], stepCount: Int, flopCount: Int) {
        self.iterate = iterate; self.stepCount = stepCount; self.flopCount = flopCount
    }

    /// Overwrites this checkpoint with `solver`'s current state, reusing its storage
    /// (allocation-free when the point counts agree).
    public mutating func save(_ solver: some GridIterativeSolver) {
        let source = solver.iterate
        if source.count == iterate.count {
            iterate.withUnsafeMutableBufferPointer { _ = $0.update(fromContentsOf: source) }
        } else {
            iterate = source.withUnsafeBufferPointer { Array($0) }
        }
        stepCount = solver.stepCount
        flopCount = solver.flopCount
    }
}
