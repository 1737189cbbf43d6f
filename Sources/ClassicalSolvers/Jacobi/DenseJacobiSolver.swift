import OpenBLAS
import PoissonCore

/// Weighted Jacobi with the iteration matrix *assembled*: the same iterates as `JacobiSolver`
/// (to round-off), but one sweep is a dense matrix–vector product,
///
///     u_int ← M u_int + c,   M = I − ω D⁻¹ A_int = tridiag(ω/2, 1 − ω, ω/2)  (N × N, row-major),
///                            c = ω D⁻¹ f = (ω/2) h² f,
///
/// with `f` the interior right-hand side with the boundary values folded in
/// (`DiscretePoisson.interiorRightHandSide`). Computed by `cblas_dgemv` (`y ← 1·M x + 1·y` on
/// `y = c`). This is the seed paper's cost model: **O(N²) time per sweep and 8N² bytes of
/// memory** for the matrix (`memoryBytes(interiorCount:)`); use it to reproduce wall-clock
/// comparisons made with dense storage, and `JacobiSolver` for everything else.
///
/// Flops per sweep (`flopsPerStep`): `2N²` — per row N multiplies, N − 1 adds for the dot
/// product and 1 add for `c` — whatever the sparsity of `M` (the zeros are multiplied too).
/// Assembly and the finiteness probe (one O(N) pass over the new iterate) are not counted.
public struct DenseJacobiSolver: StationaryGridSolver, Sendable {
    /// Largest matrix `init` accepts by default: 1 GiB (`N ≤ 11585`).
    public static let defaultMemoryLimitBytes = 1 << 30

    /// Bytes of the assembled `N × N` matrix of doubles, `8N²` (saturating at `Int.max`).
    public static func memoryBytes(interiorCount: Int) -> Int {
        let (squared, overflow1) = interiorCount.multipliedReportingOverflow(by: interiorCount)
        let (bytes, overflow2) = squared.multipliedReportingOverflow(by: MemoryLayout<Double>.stride)
        return overflow1 || overflow2 ? .max : bytes
    }

    /// The relaxation weight ω ∈ (0, 2); 1 = plain Jacobi.
    public let weight: Double
    /// The current iterate: a grid vector of `n` values, Dirichlet values at both ends.
    public private(set) var iterate: [Double]
    /// Sweeps performed so far.
    public private(set) var stepCount = 0
    /// Exact cumulative flop count: `stepCount · flopsPerStep`.
    public private(set) var flopCount = 0
    /// Exact flops of one sweep: `2N²`.
    public let flopsPerStep: Int

    private var next: [Double]
    /// `M` row-major, `N × N`.
    private let matrix: [Double]
    /// `c = (ω/2) h² f_int`, `N` entries.
    private let offset: [Double]

    /// Assembles `M` and `c` for `problem`.
    /// - Parameters:
    ///   - problem: the discrete problem (grid, scaled source, Dirichlet values).
    ///   - initialGuess: grid vector of `n` entries (boundary entries overwritten with the
    ///     Dirichlet values); `nil` = zero interior.
    ///   - weight: ω ∈ (0, 2).
    ///   - memoryLimitBytes: refuse matrices larger than this (default 1 GiB).
    /// - Throws: `SolverError.weightOutOfRange`, `.initialGuessLength`, `.nonFiniteInitialGuess`,
    ///   `.denseMatrixTooLarge`.
    public init(problem: DiscretePoisson, initialGuess: [Double]? = nil, weight: Double = 1,
                memoryLimitBytes: Int = DenseJacobiSolver.defaultMemoryLimitBytes) throws {
        try Validation.checkWeight(weight, parameter: "dense Jacobi weight")
        let count = problem.interiorCount
        let bytes = Self.memoryBytes(interiorCount: count)
        guard bytes <= memoryLimitBytes, bytes < Int.max, count <= Int(Int32.max) else {
            throw SolverError.denseMatrixTooLarge(interiorCount: count, bytes: bytes, limit: memoryLimitBytes)
        }
        self.weight = weight
        self.iterate = try Validation.initialIterate(initialGuess, for: problem)
        // Storage of its own, touched now: the first sweep must not pay for a copy-on-write
        // duplicate (and its page faults) inside the timed step.
        self.next = iterate.withUnsafeBufferPointer { Array($0) }
        var m = [Double](repeating: 0, count: count * count)
        for i in 0..<count {
            m[i * count + i] = 1 - weight
            if i > 0 { m[i * count + i - 1] = 0.5 * weight }
            if i + 1 < count { m[i * count + i + 1] = 0.5 * weight }
        }
        self.matrix = m
        let scale = 0.5 * weight * problem.spacing * problem.spacing
        self.offset = problem.interiorRightHandSide.map { scale * $0 }
        self.flopsPerStep = 2 * count * count
    }

    /// Performs exactly one sweep `u_int ← M u_int + c` (allocation-free). If the new iterate
    /// is not finite, throws `DivergenceError(step: stepCount + 1, quantity: "iterate")` and
    /// leaves the solver unchanged.
    public mutating func step() throws {
        let count = offset.count
        let finite = iterate.withUnsafeBufferPointer { u in
            next.withUnsafeMutableBufferPointer { out in
                matrix.withUnsafeBufferPointer { m in
                    offset.withUnsafeBufferPointer { c in
                        let x = u.baseAddress! + 1, y = out.baseAddress! + 1
                        y.update(from: c.baseAddress!, count: count)
                        // The row-major M is its transpose in column-major terms: y ← 1·(Mᵀ)ᵀ x + 1·y
                        // (the same call OpenBLAS makes for a row-major NoTrans dgemv).
                        BLASRuntime.multiplyVector(transpose: true, rows: count, columns: count, alpha: 1,
                                                   matrix: m.baseAddress!, lda: count, x: x, beta: 1, y: y)
                        out[0] = u[0]
                        out[count + 1] = u[count + 1]
                        return StencilKernels.interiorIsFinite(out.baseAddress!, pointCount: count + 2)
                    }
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
