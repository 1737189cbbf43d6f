import PoissonCore

/// A classical solver and its parameters: what a case file's `solver:` section resolves to.
public enum ClassicalMethod: Sendable, Equatable, Hashable {
    /// `JacobiSolver`: stencil sweep, weight ω ∈ (0, 2) (1 = plain Jacobi). 3N or 5N flops/sweep.
    case jacobi(weight: Double)
    /// `DenseJacobiSolver`: the same iterates from an assembled N×N matrix (O(N²) per sweep,
    /// 8N² bytes), the seed paper's cost model.
    case denseJacobi(weight: Double)
    /// `GaussSeidelSolver` with the given ordering. 3N flops/sweep.
    case gaussSeidel(GaussSeidelOrdering)
    /// `MultigridSolver`, one cycle per step.
    case multigrid(MultigridConfiguration)
}

/// Builds the solver for `method` on `problem`, starting from `initialGuess` (a grid vector of
/// `n` entries whose boundary entries are overwritten with the Dirichlet values; `nil` = zero
/// interior). Multigrid starts from the guess as given — call
/// `MultigridSolver.startWithFullMultigrid()` on the concrete type for an FMG start.
/// - Throws: the `SolverError` of the chosen solver's initialiser.
public func makeClassicalSolver(_ method: ClassicalMethod, problem: DiscretePoisson,
                                initialGuess: [Double]?) throws -> any GridIterativeSolver {
    var boxing = ExistentialSolver()
    return try method.withSolver(problem: problem, initialGuess: initialGuess, &boxing)
}

/// Hands back the solver it is given, as an existential (`makeClassicalSolver`).
private struct ExistentialSolver: GridSolverVisitor {
    func visit<Solver: GridIterativeSolver>(_ solver: Solver) -> any GridIterativeSolver { solver }
}

/// Work to do with a grid solver of whatever concrete type a `ClassicalMethod` builds, written
/// once as generic methods so that each solver type gets its own specialised copy (no
/// existential, no dynamic dispatch of `step()` in the caller's loop). The solver is handed
/// over (`consuming`), so the visitor holds the only reference to its buffers and its steps
/// never trigger a copy-on-write duplicate.
///
/// `ClassicalMethod.withSolver(problem:initialGuess:_:)` calls the `StationaryGridSolver`
/// overload for solvers that meet that contract and the general one otherwise; a conformer
/// that has no use for the distinction implements only the general one.
public protocol GridSolverVisitor {
    /// What the work returns.
    associatedtype Output
    /// Works with `solver`, a solver whose next iterate may depend on more than its current one.
    mutating func visit<Solver: GridIterativeSolver>(_ solver: consuming Solver) throws -> Output
    /// Works with `solver`, a stationary solver (its next iterate depends only on its current
    /// one; see `StationaryGridSolver`). Default: the general `visit`.
    mutating func visit<Solver: StationaryGridSolver>(_ solver: consuming Solver) throws -> Output
}

extension GridSolverVisitor {
    public mutating func visit<Solver: StationaryGridSolver>(_ solver: consuming Solver) throws -> Output {
        try visitAsGeneral(solver)
    }

    /// Calls the general `visit`: inside, `Solver` is known only as a `GridIterativeSolver`.
    @inlinable
    mutating func visitAsGeneral<Solver: GridIterativeSolver>(_ solver: consuming Solver) throws -> Output {
        try visit(solver)
    }
}

extension ClassicalMethod {
    /// Builds the solver for this method, as `makeClassicalSolver` does, and hands it to
    /// `visitor` as its concrete type. Inlinable so that the visitor's methods are specialised
    /// for every solver type in the caller's module.
    /// - Throws: the solver initialiser's `SolverError`, or what the visitor throws.
    @inlinable
    public func withSolver<Visitor: GridSolverVisitor>(problem: DiscretePoisson, initialGuess: [Double]?,
                                                       _ visitor: inout Visitor) throws -> Visitor.Output {
        switch self {
        case .jacobi(let weight):
            return try visitor.visit(JacobiSolver(problem: problem, initialGuess: initialGuess, weight: weight))
        case .denseJacobi(let weight):
            return try visitor.visit(DenseJacobiSolver(problem: problem, initialGuess: initialGuess, weight: weight))
        case .gaussSeidel(let ordering):
            return try visitor.visit(GaussSeidelSolver(problem: problem, initialGuess: initialGuess, ordering: ordering))
        case .multigrid(let configuration):
            return try visitor.visit(MultigridSolver(problem: problem, initialGuess: initialGuess,
                                                     configuration: configuration))
        }
    }
}
