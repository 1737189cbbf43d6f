/// The central-difference discretization of `−u'' = g` on a uniform grid:
/// `(A u)_j = (−u_{j−1} + 2u_j − u_{j+1}) / h²  = g(x_j)`, `j = 1 … N`, with
/// `u_0 = ua`, `u_{n−1} = ub` (DESIGN.md; the paper's `A = tridiag(−1, 2, −1)/h²`).
///
/// Conventions: grid vectors have `n` entries including the boundary; iterates keep the
/// Dirichlet values in their boundary entries, so the stencil needs no special case at the
/// ends. Interior-only vectors (length `N`) are named so.
public struct DiscretePoisson: Sendable {
    /// The grid (n points, boundary included).
    public let grid: UniformGrid
    /// The continuous problem this discretizes.
    public let problem: PoissonProblem
    /// `g(x_j)` at every grid point, `n` entries (the boundary entries are not used by the
    /// equations but are kept so the vector is indexed like the grid).
    public let source: [Double]

    /// Samples the source on the grid; throws `PoissonError.nonFiniteFunction` naming the first
    /// grid point where `g` is not finite.
    public init(problem: PoissonProblem, grid: UniformGrid) throws {
        guard grid.lower == problem.lower, grid.upper == problem.upper else {
            throw PoissonError.outOfRange(parameter: "grid interval", value: grid.lower,
                                          range: "[\(problem.lower), \(problem.upper)] (the problem's interval)")
        }
        self.problem = problem
        self.grid = grid
        self.source = try problem.source.sample(on: grid, name: "source")
    }

    /// Convenience: the problem on a grid of `pointCount` points.
    public init(problem: PoissonProblem, pointCount: Int) throws {
        try self.init(problem: problem, grid: problem.grid(pointCount: pointCount))
    }

    /// Spacing `h`.
    @inlinable public var spacing: Double { grid.spacing }
    /// Interior unknowns `N = n − 2`.
    @inlinable public var interiorCount: Int { grid.interiorCount }
    /// Grid points `n`.
    @inlinable public var pointCount: Int { grid.pointCount }

    /// The grid vector with the Dirichlet values at both ends and `interior` elsewhere
    /// (default 0): the zero initial guess of the classical solvers.
    public func initialGuess(interior value: Double = 0) -> [Double] {
        var u = [Double](repeating: value, count: pointCount)
        u[0] = problem.lowerValue
        u[pointCount - 1] = problem.upperValue
        return u
    }

    /// Overwrites the boundary entries of `u` with the Dirichlet values (the hand-over from
    /// the network imposes them this way).
    public func imposeBoundary(on u: inout [Double]) {
        precondition(u.count == pointCount)
        u[0] = problem.lowerValue
        u[pointCount - 1] = problem.upperValue
    }

    /// The interior right-hand side with the boundary folded in, `N` entries:
    /// `f_j = g(x_j)`, plus `ua/h²` at `j = 1` and `ub/h²` at `j = N` — so that
    /// `A_int u_int = f` with `A_int = tridiag(−1, 2, −1)/h²` of size N×N.
    public var interiorRightHandSide: [Double] {
        let n = pointCount, h2 = spacing * spacing
        var f = Array(source[1..<(n - 1)])
        f[0] += problem.lowerValue / h2
        f[f.count - 1] += problem.upperValue / h2
        return f
    }

    /// Writes `(A u)_j` for `j = 1 … N` into `out[j]` and 0 into `out[0]`, `out[n−1]`.
    /// `u` is a grid vector whose boundary entries hold the values used in the stencil.
    public func applyOperator(_ u: [Double], into out: inout [Double]) {
        let n = pointCount
        precondition(u.count == n && out.count == n)
        let invH2 = 1.0 / (spacing * spacing)
        u.withUnsafeBufferPointer { u in
            out.withUnsafeMutableBufferPointer { o in
                o[0] = 0; o[n - 1] = 0
                for j in 1..<(n - 1) { o[j] = (2 * u[j] - u[j - 1] - u[j + 1]) * invH2 }
            }
        }
    }

    /// Writes the residual `r_j = g_j − (A u)_j` for `j = 1 … N` into `r[j]`, and 0 at the two
    /// boundary entries. `u` must carry the Dirichlet values at its ends for this to be the
    /// residual of the discrete problem. Flop count: `6N`.
    public func residual(of u: [Double], into r: inout [Double]) {
        let n = pointCount
        precondition(u.count == n && r.count == n)
        let invH2 = 1.0 / (spacing * spacing)
        source.withUnsafeBufferPointer { g in
            u.withUnsafeBufferPointer { u in
                r.withUnsafeMutableBufferPointer { r in
                    r[0] = 0; r[n - 1] = 0
                    for j in 1..<(n - 1) { r[j] = g[j] - (2 * u[j] - u[j - 1] - u[j + 1]) * invH2 }
                }
            }
        }
    }

    /// The residual as a new grid vector (allocates; use `residual(of:into:)` in loops).
    public func residual(of u: [Double]) -> [Double] {
        var r = [Double](repeating: 0, count: pointCount)
        residual(of: u, into: &r)
        return r
    }

    /// `max_j |r_j|` of the residual of `u` (allocation-free).
    public func residualMaxNorm(of u: [Double]) -> Double {
        let n = pointCount
        precondition(u.count == n)
        let invH2 = 1.0 / (spacing * spacing)
        var m = 0.0
        for j in 1..<(n - 1) {
            let r = abs(source[j] - (2 * u[j] - u[j - 1] - u[j + 1]) * invH2)
            if r > m || r.isNaN { m = r }
        }
        return m
    }

    /// The exact solution of the discrete system, `A u = g` with the Dirichlet values, as a
    /// grid vector, to about one ulp of its largest entry: the Thomas algorithm on
    /// `tridiag(−1, 2, −1) u_int = h² f` (O(N)), then iterative refinement.
    ///
    /// Thomas alone carries a round-off of `~κ(A)·ε ≈ 0.4 N²ε` relative (1e-10 at N = 999, 1e-6
    /// at N = 2^20 − 1), far above the discretization error on fine grids. Each refinement
    /// step computes the residual as if in twice the working precision (`accurateResidual`), solves for the
    /// correction with Thomas and adds it, multiplying the error by `~κ(A)·ε`; it stops when the
    /// correction no longer changes the largest entry (at most 3 steps: enough up to N ≈ 2^21).
    /// Cost `O(N)`; the result is deterministic.
    public func directSolution() -> [Double] {
        let n = pointCount, h2 = spacing * spacing
        var u = initialGuess()
        var scratch = [Double](repeating: 0, count: interiorCount)
        var rhs = interiorRightHandSide
        for j in rhs.indices { rhs[j] *= h2 }
        rhs.withUnsafeMutableBufferPointer { b in
            scratch.withUnsafeMutableBufferPointer { s in TridiagonalSystem.solvePoisson(rhs: b, scratch: s) }
        }
        for j in 1..<(n - 1) { u[j] = rhs[j - 1] }
        for _ in 0..<3 {
            // tridiag(−1, 2, −1) d = h²g − tridiag·u (the scaled residual), u ← u + d.
            u.withUnsafeBufferPointer { u in
                rhs.withUnsafeMutableBufferPointer { b in scaledResidual(u.baseAddress!, into: b.baseAddress!) }
            }
            rhs.withUnsafeMutableBufferPointer { b in
                scratch.withUnsafeMutableBufferPointer { s in TridiagonalSystem.solvePoisson(rhs: b, scratch: s) }
            }
            var largestCorrection = 0.0, largest = 0.0
            for j in 1..<(n - 1) {
                u[j] += rhs[j - 1]
                largestCorrection = max(largestCorrection, abs(rhs[j - 1]))
                largest = max(largest, abs(u[j]))
            }
            if !(largestCorrection > largest * 0x1p-53) { break }
        }
        return u
    }

    /// The exact solution sampled on the grid, if the problem has one; throws when it is not
    /// finite at a grid point.
    public func exactSolution() throws -> [Double]? {
        try problem.exact?.sample(on: grid, name: "exact solution")
    }
}
