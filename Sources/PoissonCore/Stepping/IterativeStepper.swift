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
