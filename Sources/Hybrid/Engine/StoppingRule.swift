/// When a phase stops: its step budget, the tolerance on the max error, a stop request, and
/// divergence (a step that throws — always the end of the phase, with status `diverged`).
public struct StoppingRule {
    /// What the tolerance on `max_error` (against the reference, over all grid points) does.
    public enum Tolerance: Sendable, Equatable {
        /// Stop at the **first** step with `max_error ≤ value`, found exactly (see `Phase`).
        case stop(Double)
        /// Keep going to the budget; note the first *recorded* step with `max_error ≤ value`
        /// (the network phase: its whole trajectory feeds every hand-over).
        case noteAtRecords(Double)
        /// Never look at the error between records.
        case none
    }

    /// Steps this phase may take (≥ 0).
    public var budget: Int
    /// The tolerance rule.
    public var tolerance: Tolerance
    /// Asked between blocks of steps; `true` ends the phase with status `interrupted`.
    public var isStopRequested: () -> Bool

    public init(budget: Int, tolerance: Tolerance, isStopRequested: @escaping () -> Bool = { false }) {
        self.budget = max(0, budget)
        self.tolerance = tolerance
        self.isStopRequested = isStopRequested
    }
}
