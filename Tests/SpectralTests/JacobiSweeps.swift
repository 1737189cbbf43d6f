import ClassicalSolvers
import PoissonCore

/// Plain Jacobi sweeps (`u_new[j] = (u[j−1] + u[j+1] + h² g_j)/2`) through the library's
/// `JacobiSolver`, with the small interface the spectral tests use: the trackers observe the
/// solver exactly as the driver does.
struct JacobiSweeps {
    private var solver: JacobiSolver

    init(problem: DiscretePoisson, start: [Double]) {
        solver = try! JacobiSolver(problem: problem, initialGuess: start, weight: 1)
    }

    /// The current iterate (grid vector).
    var iterate: [Double] { solver.iterate }
    /// Sweeps done so far.
    var sweepCount: Int { solver.stepCount }

    /// Performs `count` sweeps.
    mutating func sweep(_ count: Int = 1) {
        for _ in 0..<count { try! solver.step() }
    }
}
