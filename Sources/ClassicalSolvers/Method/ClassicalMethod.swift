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
    switch method {
    case .jacobi(let weight):
        return try JacobiSolver(problem: problem, initialGuess: initialGuess, weight: weight)
    case .denseJacobi(let weight):
        return try DenseJacobiSolver(problem: problem, initialGuess: initialGuess, weight: weight)
    case .gaussSeidel(let ordering):
        return try GaussSeidelSolver(problem: problem, initialGuess: initialGuess, ordering: ordering)
    case .multigrid(let configuration):
        return try MultigridSolver(problem: problem, initialGuess: initialGuess, configuration: configuration)
    }
}
