import PoissonCore

/// Parameter checks shared by the solvers' initialisers.
enum Validation {
    /// The starting grid vector: `guess` with its boundary entries overwritten by the Dirichlet
    /// values, or the zero guess with the Dirichlet values when `guess` is nil. Throws
    /// `SolverError.initialGuessLength` for a wrong length and `.nonFiniteInitialGuess` for a
    /// NaN/∞ interior entry.
    static func initialIterate(_ guess: [Double]?, for problem: DiscretePoisson) throws -> [Double] {
        guard var u = guess else { return problem.initialGuess() }
        guard u.count == problem.pointCount else {
            throw SolverError.initialGuessLength(expected: problem.pointCount, actual: u.count)
        }
        for j in 1..<(u.count - 1) where !u[j].isFinite {
            throw SolverError.nonFiniteInitialGuess(index: j, value: u[j])
        }
        problem.imposeBoundary(on: &u)
        return u
    }

    /// Throws `SolverError.weightOutOfRange` unless `0 < weight < 2`.
    static func checkWeight(_ weight: Double, parameter: String) throws {
        guard weight > 0, weight < 2 else {   // NaN fails both comparisons
            throw SolverError.weightOutOfRange(parameter: parameter, value: weight)
        }
    }

    /// The scaled right-hand side `F_j = h² g_j` as a grid vector (boundary entries 0).
    static func scaledSource(of problem: DiscretePoisson) -> [Double] {
        let h2 = problem.spacing * problem.spacing
        var f = problem.source.map { h2 * $0 }
        f[0] = 0
        f[f.count - 1] = 0
        return f
    }
}
