import PoissonCore

/// Weighted Jacobi iteration for the discrete Poisson problem `A u = f`,
/// `A = tridiag(−1, 2, −1)/h²`, applied matrix-free (stencil storage):
///
///     u⁽ᵗ⁺¹⁾ = u⁽ᵗ⁾ + ω D⁻¹ (f − A u⁽ᵗ⁾),  D = 2/h² I,
///     i.e. u_j ← (1 − ω) u_j + (ω/2)(u_{j−1} + u_{j+1} + h² g_j),  j = 1 … N.
///
/// `ω = 1` is plain Jacobi (the seed paper's method). The iteration matrix `I − ω D⁻¹ A` has the
/// sine eigenvectors `v_k(j) = sin(kπj/(N+1))` with eigenvalues `1 − ω(1 − cos(kπ/(N+1)))`, so
/// the k-th sine coefficient of the error is multiplied by exactly that factor every sweep.
///
/// One `step()` is one sweep over all N interior points; the iterate keeps the Dirichlet values
/// in its boundary entries. Cost per sweep (`flopsPerStep`): **3N flops for ω = 1**
/// (`½·(u_{j−1} + u_{j+1} + F_j)`: 2 adds, 1 multiply) and **5N flops otherwise**
/// (`(1−ω)·u_j + (ω/2)·(u_{j−1} + u_{j+1} + F_j)`: 3 adds, 2 multiplies), with the scaled source
/// `F_j = h² g_j` and the fused weights precomputed once in `init` (setup is not counted; the
/// integer OR of exponent bits that guards against divergence is bookkeeping, not counted).
/// Memory: three grid vectors (iterate, its double buffer, scaled source).
public struct JacobiSolver: StationaryGridSolver, Sendable {
    /// The relaxation weight ω ∈ (0, 2); 1 = plain Jacobi.
    public let weight: Double
    /// The current iterate: a grid vector of `n` values, Dirichlet values at both ends.
    public private(set) var iterate: [Double]
    /// Sweeps performed so far.
    public private(set) var stepCount = 0
    /// Exact cumulative flop count: `stepCount · flopsPerStep`.
    public private(set) var flopCount = 0
    /// Exact flops of one sweep: `3N` for ω = 1, `5N` otherwise (N = interior points).
    public let flopsPerStep: Int

    /// The double buffer the next sweep writes into (swapped with `iterate` after each sweep).
    private var next: [Double]
    /// `F_j = h² g_j` as a grid vector (boundary entries 0, unused).
    private let scaledSource: [Double]
    /// `1 − ω` and `ω/2`.
    private let weights: StencilKernels.JacobiWeights

    /// Prepares the iteration for `problem`.
    /// - Parameters:
    ///   - problem: the discrete problem (grid, scaled source, Dirichlet values).
    ///   - initialGuess: a grid vector of `n` entries; its boundary entries are overwritten with
    ///     the Dirichlet values. `nil` = zero interior with the Dirichlet values.
    ///   - weight: ω, must lie in (0, 2).
    /// - Throws: `SolverError.weightOutOfRange`, `.initialGuessLength`, `.nonFiniteInitialGuess`.
    public init(problem: DiscretePoisson, initialGuess: [Double]? = nil, weight: Double = 1) throws {
        try Validation.checkWeight(weight, parameter: "Jacobi weight")
        self.weight = weight
        self.iterate = try Validation.initialIterate(initialGuess, for: problem)
        // Storage of its own, touched now: the first sweep must not pay for a copy-on-write
        // duplicate (and its page faults) inside the timed step.
        self.next = iterate.withUnsafeBufferPointer { Array($0) }
        self.scaledSource = Validation.scaledSource(of: problem)
        self.weights = StencilKernels.JacobiWeights(weight: weight)
        self.flopsPerStep = weights.flopsPerPoint * problem.interiorCount
    }

    /// Performs exactly one Jacobi sweep (allocation-free: writes the double buffer, then
    /// swaps). If the new iterate is not finite, throws `DivergenceError(step: stepCount + 1,
    /// quantity: "iterate")` and leaves the solver unchanged (last finite iterate, counts).
    ///
    /// The double buffer is reused in place; it stays allocation-free as long as the caller
    /// does not still hold a copy of the iterate from two steps back (copy-on-write).
    public mutating func step() throws {
        let n = iterate.count
        let weights = self.weights
        // Both buffers are accessed mutably (the iterate is only read): a shared read access
        // would make the compiler retain and release the iterate's storage around the sweep,
        // a measurable cost at small N.
        let finite = iterate.withUnsafeMutableBufferPointer { u in
            next.withUnsafeMutableBufferPointer { out in
                scaledSource.withUnsafeBufferPointer { f in
                    StencilKernels.jacobi(weights, from: UnsafePointer(u.baseAddress!), to: out.baseAddress!,
                                          scaledSource: f.baseAddress!, pointCount: n)
                }
            }
        }
        guard finite else { throw DivergenceError(step: stepCount + 1, quantity: "iterate") }
        swap(&iterate, &next)
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
