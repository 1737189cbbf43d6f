import PoissonCore

/// TEST-LOCAL REFERENCE: plain Jacobi sweeps for the discrete Poisson problem,
/// `u_new[j] = (u[j−1] + u[j+1] + h² g_j) / 2`, `j = 1 … N`, boundary entries untouched.
///
/// The Spectral tests need a Jacobi iteration to observe; this minimal double-buffered sweep
/// stands in for the library solver (ClassicalSolvers) so the spectral checks do not depend on
/// it, and runs on unsafe pointers so ~10⁸ point updates stay fast in debug builds.
struct ReferenceJacobi {
    /// The current iterate (grid vector).
    private(set) var iterate: [Double]
    private var next: [Double]
    /// `h² g_j` at every grid point.
    private let scaledSource: [Double]
    private(set) var sweepCount = 0

    init(problem: DiscretePoisson, start: [Double]) {
        precondition(start.count == problem.pointCount)
        let h2 = problem.spacing * problem.spacing
        iterate = start
        next = start
        scaledSource = problem.source.map { h2 * $0 }
    }

    /// Performs `count` sweeps.
    mutating func sweep(_ count: Int = 1) {
        let n = iterate.count
        for _ in 0..<count {
            iterate.withUnsafeBufferPointer { u in
                next.withUnsafeMutableBufferPointer { v in
                    scaledSource.withUnsafeBufferPointer { f in
                        var j = 1
                        while j < n - 1 {
                            v[j] = (u[j &- 1] + u[j &+ 1] + f[j]) * 0.5
                            j &+= 1
                        }
                    }
                }
            }
            swap(&iterate, &next)
        }
        sweepCount += count
    }
}
