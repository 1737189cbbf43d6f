import PoissonCore

/// Geometric multigrid for `A u = f`, `A = tridiag(−1, 2, −1)/h²`: one `step()` is one cycle
/// (V, W or F, per `configuration`) on the nested uniform grids obtained by halving the
/// interval count (see `MultigridConfiguration` for when coarsening stops).
///
/// Components: the configured smoother (ν₁ sweeps before, ν₂ after the coarse-grid
/// correction), the scaled residual `R = h²(f − A u)`, full-weighting restriction
/// `r^c_i = ¼(r_{2i−1} + 2r_{2i} + r_{2i+1})`, linear interpolation of the correction
/// (`e_{2i} = e^c_i`, `e_{2i+1} = ½(e^c_i + e^c_{i+1})`), and an exact Thomas solve on the
/// coarsest level. Coarse levels solve the error equation with zero boundary values; the fine
/// iterate keeps the Dirichlet values.
///
/// `startWithFullMultigrid()` replaces the iterate with one full-multigrid (FMG) pass: the
/// source restricted to every level, an exact solve on the coarsest, then, level by level
/// towards the finest, *cubic* interpolation of the coarser solution (one order above the
/// discretization, so it adds no O(h²) error of its own; linear where the coarser grid has
/// fewer than 4 points) and one cycle. On smooth problems FMG with V(2,1) lands at the
/// discretization-error level. Measured on `u = eˣ sin 3x` (max error of the FMG result over
/// that of the Thomas solution, both against the exact solution): 1.00 at n = 1025 and 16385,
/// 1.06 at n = 65537 where both approach round-off; at n = 2^20 + 1 FMG's 3.0e-11 is far below
/// the Thomas solution's round-off-dominated 1.0e-6. (Linear FMG interpolation gave 1.45 at
/// n = 4097.)
///
/// Flops (exact; adds, multiplies and divisions each 1), per level k with `N_k` interior points
/// and `M_k = N_k + 1` intervals: smoothing `(ν₁+ν₂)·s·N_k` (`s` = 5 for weighted Jacobi with
/// ω ≠ 1, 3 for ω = 1, Gauss–Seidel and red-black), residual `4N_k`, restriction `3N_{k+1}`,
/// correction `N_{k+1} + 3M_{k+1}`, coarsest solve `6N_c − 4 + 2`. `flopsPerStep` is the
/// total of one cycle, `fullMultigridFlops` of one FMG pass (per level: source restriction
/// `3N_{k+1}`, cubic interpolation `5(M_{k+1} − 2) + 14` — linear `2M_{k+1}` from a 3-point
/// grid — and one cycle; plus the coarsest solve). Setup is not counted; the
/// divergence guard (an integer OR of exponent bits) is bookkeeping, not counted.
///
/// Memory: the iterate and its scaled source (n each) plus a workspace of `n` (level 0 scratch)
/// and `3 n_k` per coarser level (solution, source, scratch) — about `6n` doubles in all,
/// allocated once in `init`. `step()` allocates nothing.
public struct MultigridSolver: StationaryGridSolver, Sendable {
    /// The configuration (validated in `init`).
    public let configuration: MultigridConfiguration
    /// The current iterate: a grid vector of `n` values, Dirichlet values at both ends.
    public private(set) var iterate: [Double]
    /// Cycles performed so far (an FMG start is not a step and does not count here).
    public private(set) var stepCount = 0
    /// Exact cumulative flop count: cycles, plus `fullMultigridFlops` per FMG start.
    public private(set) var flopCount = 0
    /// Exact flops of one cycle.
    public let flopsPerStep: Int
    /// Exact flops of one `startWithFullMultigrid()`.
    public let fullMultigridFlops: Int
    /// Point counts of the levels, finest (`n`) first, coarsest (solved directly) last.
    public var levelPointCounts: [Int] { levels.map(\.pointCount) }

    private let levels: [MultigridLevel]
    private let fineSource: [Double]
    private var workspace: [Double]
    private let lowerValue: Double
    private let upperValue: Double
    private let jacobiWeights: StencilKernels.JacobiWeights

    /// Builds the level hierarchy and allocates every work vector.
    /// - Parameters:
    ///   - problem: the discrete problem (grid, scaled source, Dirichlet values).
    ///   - initialGuess: grid vector of `n` entries (boundary entries overwritten with the
    ///     Dirichlet values); `nil` = zero interior.
    ///   - configuration: validated here.
    /// - Throws: `SolverError.invalidSmoothingCounts`, `.weightOutOfRange`,
    ///   `.invalidMinimumCoarseIntervals`, `.initialGuessLength`, `.nonFiniteInitialGuess`.
    public init(problem: DiscretePoisson, initialGuess: [Double]? = nil,
                configuration: MultigridConfiguration = .init()) throws {
        try configuration.validate()
        self.configuration = configuration
        self.iterate = try Validation.initialIterate(initialGuess, for: problem)
        self.fineSource = Validation.scaledSource(of: problem)
        let layout = MultigridLevel.layout(pointCounts: configuration.levelPointCounts(finePointCount: problem.pointCount))
        self.levels = layout.levels
        self.workspace = [Double](repeating: 0, count: layout.workspaceCount)
        self.lowerValue = problem.problem.lowerValue
        self.upperValue = problem.problem.upperValue
        if case .weightedJacobi(let weight) = configuration.smoother {
            self.jacobiWeights = StencilKernels.JacobiWeights(weight: weight)
        } else {
            self.jacobiWeights = StencilKernels.JacobiWeights(weight: 1)
        }
        self.flopsPerStep = MultigridHierarchy.cycleFlops(0, configuration.cycle, levels: layout.levels,
                                                          configuration: configuration)
        self.fullMultigridFlops = MultigridHierarchy.fullMultigridFlops(configuration.cycle, levels: layout.levels,
                                                                        configuration: configuration)
    }

    /// Performs exactly one cycle (allocation-free unless the caller still holds a copy of the
    /// iterate, which copy-on-write then duplicates once). If the iterate becomes non-finite,
    /// throws `DivergenceError(step: stepCount + 1, quantity: "iterate")`; the counts are
    /// unchanged, the iterate (updated in place) holds the non-finite values.
    public mutating func step() throws {
        let finite = withHierarchy { hierarchy in
            let lastSweepFinite = hierarchy.cycle(0, hierarchy.configuration.cycle, reportsFiniteness: true)
            // The last post-smoothing sweep checked the fine iterate; otherwise probe it.
            if hierarchy.configuration.postSmoothing > 0 && hierarchy.coarsest > 0 { return lastSweepFinite }
            return StencilKernels.interiorIsFinite(hierarchy.fineSolution, pointCount: hierarchy.levels[0].pointCount)
        }
        guard finite else { throw DivergenceError(step: stepCount + 1, quantity: "iterate") }
        stepCount += 1
        flopCount += flopsPerStep
    }

    /// Replaces the iterate with one full-multigrid pass (using the configured cycle type on
    /// every level) and adds `fullMultigridFlops` to `flopCount`. It is **not a step**:
    /// `stepCount` is unchanged, so curves count cycles after the start. The previous iterate is
    /// ignored. Allocation-free. (The source is finite by construction of `DiscretePoisson`, so
    /// the result is finite; a later `step()` would report otherwise.)
    public mutating func startWithFullMultigrid() {
        let lower = lowerValue, upper = upperValue
        _ = withHierarchy { hierarchy in
            hierarchy.fullMultigrid(lowerValue: lower, upperValue: upper, hierarchy.configuration.cycle)
        }
        flopCount += fullMultigridFlops
    }

    private mutating func withHierarchy(_ body: (MultigridHierarchy) -> Bool) -> Bool {
        let configuration = self.configuration, jacobiWeights = self.jacobiWeights
        return iterate.withUnsafeMutableBufferPointer { u in
            fineSource.withUnsafeBufferPointer { f in
                workspace.withUnsafeMutableBufferPointer { w in
                    levels.withUnsafeBufferPointer { l in
                        body(MultigridHierarchy(levels: l, fineSolution: u.baseAddress!,
                                                fineSource: UnsafeMutablePointer(mutating: f.baseAddress!),
                                                workspace: w.baseAddress!, configuration: configuration,
                                                jacobiWeights: jacobiWeights))
                    }
                }
            }
        }
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
