/// The recursion pattern of a multigrid cycle: how many times level `k` visits level `k+1`.
public enum MultigridCycle: Sendable, Equatable, Hashable, CaseIterable {
    /// One coarse-grid visit per level (γ = 1). Work ≈ (2 − 2^{1−L})× one fine-level pass in 1-d.
    case v
    /// Two coarse-grid visits per level (γ = 2). In 1-d each level then costs as much as the
    /// finest, so a W-cycle costs O(N log N).
    case w
    /// An F-cycle at level k+1 followed by a V-cycle at level k+1: between V and W in work and
    /// in strength.
    case f
}

/// The smoother a multigrid cycle applies before (`preSmoothing` sweeps) and after
/// (`postSmoothing` sweeps) its coarse-grid correction, on every level but the coarsest.
public enum MultigridSmoother: Sendable, Equatable, Hashable {
    /// Weighted Jacobi with weight ω ∈ (0, 2); ω = 2/3 damps the upper half of the spectrum by
    /// at least a factor 3 per sweep (the classical choice). ω = 1 is accepted but does not
    /// smooth: it leaves the highest mode's factor at ≈ −1, and the cycle then barely converges.
    /// 5 flops per interior point (3 for ω = 1).
    case weightedJacobi(weight: Double)
    /// Lexicographic Gauss–Seidel, forward sweep. 3 flops per interior point.
    case gaussSeidel
    /// Red-black Gauss–Seidel: odd points, then even points. 3 flops per interior point.
    case redBlackGaussSeidel

    /// Flops of one sweep per interior point.
    var flopsPerPoint: Int {
        switch self {
        case .weightedJacobi(let weight): return StencilKernels.JacobiWeights(weight: weight).flopsPerPoint
        case .gaussSeidel, .redBlackGaussSeidel: return 3
        }
    }
}

/// The parameters of a geometric multigrid solver: cycle type, smoothing counts ν₁/ν₂,
/// smoother, and where coarsening stops. `MultigridSolver.init` validates it
/// (`validate()`); an invalid configuration is only an error when used.
///
/// Coarsening: starting from the fine grid's interval count `M₀ = n − 1`, a level with `M`
/// intervals gets a coarser level with `M/2` intervals while `M` is even and
/// `M/2 ≥ minimumCoarseIntervals`. The coarsest level is solved directly (Thomas algorithm), so
/// every grid size works: n = 2^p + 1 coarsens down to `minimumCoarseIntervals` (2 by default);
/// n = 1001 goes 1000 → 500 → 250 → 125 intervals and stops at the odd count, whose direct
/// solve (O(125)) is then part of every cycle. A fine grid with an odd interval count has a
/// single level: the cycle is the direct solve.
public struct MultigridConfiguration: Sendable, Equatable, Hashable {
    /// V, W or F cycle.
    public var cycle: MultigridCycle
    /// Smoothing sweeps before the coarse-grid correction, ν₁ ≥ 0.
    public var preSmoothing: Int
    /// Smoothing sweeps after the coarse-grid correction, ν₂ ≥ 0 (ν₁ + ν₂ ≥ 1).
    public var postSmoothing: Int
    /// The smoother used on every level but the coarsest.
    public var smoother: MultigridSmoother
    /// The fewest intervals a coarse level may have (≥ 2, i.e. at least one interior unknown).
    /// Default 2: coarsen as far as the factors of two allow. Larger values stop earlier and
    /// hand a bigger system to the direct coarse solve (same convergence, fewer levels).
    public var minimumCoarseIntervals: Int

    /// The default is V(2,1) with weighted Jacobi, ω = 2/3, coarsened down to 2 intervals.
    public init(cycle: MultigridCycle = .v, preSmoothing: Int = 2, postSmoothing: Int = 1,
                smoother: MultigridSmoother = .weightedJacobi(weight: 2.0 / 3.0),
                minimumCoarseIntervals: Int = 2) {
        self.cycle = cycle
        self.preSmoothing = preSmoothing
        self.postSmoothing = postSmoothing
        self.smoother = smoother
        self.minimumCoarseIntervals = minimumCoarseIntervals
    }

    /// Throws `SolverError.invalidSmoothingCounts` (a negative count, or both zero),
    /// `.weightOutOfRange` (a Jacobi smoother weight outside (0, 2)) or
    /// `.invalidMinimumCoarseIntervals` (below 2).
    public func validate() throws {
        guard preSmoothing >= 0, postSmoothing >= 0, preSmoothing + postSmoothing >= 1 else {
            throw SolverError.invalidSmoothingCounts(pre: preSmoothing, post: postSmoothing)
        }
        if case .weightedJacobi(let weight) = smoother {
            try Validation.checkWeight(weight, parameter: "multigrid Jacobi smoother weight")
        }
        guard minimumCoarseIntervals >= 2 else {
            throw SolverError.invalidMinimumCoarseIntervals(minimumCoarseIntervals)
        }
    }

    /// Point counts of the levels, finest first, for a fine grid of `pointCount` points
    /// (the coarsening rule above).
    public func levelPointCounts(finePointCount pointCount: Int) -> [Int] {
        var counts = [pointCount]
        while true {
            let intervals = counts[counts.count - 1] - 1
            guard intervals % 2 == 0, intervals / 2 >= minimumCoarseIntervals else { break }
            counts.append(intervals / 2 + 1)
        }
        return counts
    }
}
