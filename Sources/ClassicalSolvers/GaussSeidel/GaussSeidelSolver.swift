import PoissonCore

/// The order in which a Gauss–Seidel sweep visits the interior points.
public enum GaussSeidelOrdering: Sendable, Equatable, Hashable, CaseIterable {
    /// `j = 1, 2, …, N`: each update already sees its updated left neighbour. Iteration matrix
    /// `(D − L)⁻¹ U`, spectral radius `cos²(π/(N+1))`.
    case lexicographic
    /// All odd ("red") points `j = 1, 3, …` first, then all even ("black") points: the updates
    /// of one colour are independent (parallel-friendly). Same spectral radius `cos²(π/(N+1))`
    /// in 1-d; the iterates differ from lexicographic ones but reach the same solution.
    case redBlack
}

/// Gauss–Seidel iteration for `A u = f`, `A = tridiag(−1, 2, −1)/h²`, matrix-free and in place:
///
///     u_j ← ½ (u_{j−1} + u_{j+1} + h² g_j)
///
/// using the newest available neighbour values, in the chosen `ordering`. One `step()` is one
/// sweep over all N interior points (both colours for red-black). The lexicographic sweep sums
/// `u_{j−1} + (u_{j+1} + h² g_j)`, which shortens its sequential dependency chain.
///
/// Flops per sweep (`flopsPerStep`): **3N** (2 adds, 1 multiply per interior point; the scaled
/// source `F_j = h² g_j` is precomputed in `init`, setup and the integer divergence guard are not
/// counted). Memory: the iterate and the scaled source (no second buffer: the sweep is in place).
public struct GaussSeidelSolver: StationaryGridSolver, Sendable {
    /// The visiting order of a sweep.
    public let ordering: GaussSeidelOrdering
    /// The current iterate: a grid vector of `n` values, Dirichlet values at both ends.
    public private(set) var iterate: [Double]
    /// Sweeps performed so far.
    public private(set) var stepCount = 0
    /// Exact cumulative flop count: `stepCount · flopsPerStep`.
    public private(set) var flopCount = 0
    /// Exact flops of one sweep: `3N`.
    public let flopsPerStep: Int

    private let scaledSource: [Double]

    /// Prepares the iteration.
    /// - Parameters:
    ///   - problem: the discrete problem (grid, scaled source, Dirichlet values).
    ///   - initialGuess: grid vector of `n` entries (boundary entries overwritten with the
    ///     Dirichlet values); `nil` = zero interior.
    ///   - ordering: lexicographic (default) or red-black.
    /// - Throws: `SolverError.initialGuessLength`, `.nonFiniteInitialGuess`.
    public init(problem: DiscretePoisson, initialGuess: [Double]? = nil,
                ordering: GaussSeidelOrdering = .lexicographic) throws {
        self.ordering = ordering
        self.iterate = try Validation.initialIterate(initialGuess, for: problem)
        self.scaledSource = Validation.scaledSource(of: problem)
        self.flopsPerStep = 3 * problem.interiorCount
    }

    /// Performs exactly one sweep in place (allocation-free unless the caller still holds a
    /// copy of the iterate, which copy-on-write then duplicates once). If the iterate becomes
    /// non-finite, throws `DivergenceError(step: stepCount + 1, quantity: "iterate")`; the
    /// counts are unchanged but, the sweep being in place, the iterate holds the non-finite
    /// values.
    public mutating func step() throws {
        let n = iterate.count
        let ordering = self.ordering
        let finite = iterate.withUnsafeMutableBufferPointer { u in
            scaledSource.withUnsafeBufferPointer { f in
                switch ordering {
                case .lexicographic:
                    StencilKernels.gaussSeidel(u.baseAddress!, scaledSource: f.baseAddress!, pointCount: n)
                case .redBlack:
                    StencilKernels.redBlackGaussSeidel(u.baseAddress!, scaledSource: f.baseAddress!, pointCount: n)
                }
            }
        }
        guard finite else { throw DivergenceError(step: stepCount + 1, quantity: "iterate") }
        stepCount += 1
        flopCount += flopsPerStep
    }

    /// Returns to a saved state (`StationaryGridSolver`): copies `checkpoint.iterate` into the
    /// iterate's own storage and restores the counters. Allocation-free.
    public mutating func rewind(to checkpoint: SolverCheckpoint) {
        precondition(checkpoint.iterate.count == iterate.count, "checkpoint of another grid")
        iterate.withUnsafeMutableBufferPointer { _ = $0.update(fromContentsOf: checkpoint.iterate) }
        stepCount = checkpoint.stepCount
        flopCount = checkpoint.flopCount
    }
}
