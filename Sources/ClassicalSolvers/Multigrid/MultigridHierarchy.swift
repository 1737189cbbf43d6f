import PoissonCore

/// Where one multigrid level keeps its vectors inside the solver's single workspace array.
/// Level 0's solution and source are the solver's iterate and scaled source (separate arrays),
/// so their offsets are unused (−1).
struct MultigridLevel: Sendable, Equatable {
    /// Grid points `n_k` (boundary included); `n_{k+1} = (n_k − 1)/2 + 1`.
    let pointCount: Int
    /// Offset of `u_k` (the level's solution or correction), or −1 on level 0.
    let solutionOffset: Int
    /// Offset of `F_k` (the level's scaled right-hand side), or −1 on level 0.
    let sourceOffset: Int
    /// Offset of `n_k` scratch entries: the Jacobi double buffer on smoothing levels, the
    /// Thomas scratch on the coarsest level.
    let scratchOffset: Int

    var interiorCount: Int { pointCount - 2 }
    var intervalCount: Int { pointCount - 1 }

    /// The levels for `pointCounts` (finest first) and the workspace size they need.
    static func layout(pointCounts: [Int]) -> (levels: [MultigridLevel], workspaceCount: Int) {
        var levels: [MultigridLevel] = []
        var offset = 0
        for (k, n) in pointCounts.enumerated() {
            if k == 0 {
                levels.append(MultigridLevel(pointCount: n, solutionOffset: -1, sourceOffset: -1, scratchOffset: 0))
                offset += n
            } else {
                levels.append(MultigridLevel(pointCount: n, solutionOffset: offset, sourceOffset: offset + n,
                                             scratchOffset: offset + 2 * n))
                offset += 3 * n
            }
        }
        return (levels, offset)
    }
}

/// The multigrid algorithms on raw pointers, valid only inside the `withUnsafe…` scope that
/// created it. Level k solves `tridiag(−1, 2, −1) u_k = F_k` in scaled form (`F_k = h_k² f_k`);
/// on levels k ≥ 1 of a cycle this is the error equation with zero boundary values.
struct MultigridHierarchy {
    let levels: UnsafeBufferPointer<MultigridLevel>
    let fineSolution: UnsafeMutablePointer<Double>
    /// Level 0's scaled source; never written through (restriction only writes levels ≥ 1).
    let fineSource: UnsafeMutablePointer<Double>
    let workspace: UnsafeMutablePointer<Double>
    let configuration: MultigridConfiguration
    /// The Jacobi smoother's fused coefficients (unused for the Gauss–Seidel smoothers).
    let jacobiWeights: StencilKernels.JacobiWeights

    var coarsest: Int { levels.count - 1 }

    @inline(__always) func solution(_ k: Int) -> UnsafeMutablePointer<Double> {
        k == 0 ? fineSolution : workspace + levels[k].solutionOffset
    }

    @inline(__always) func source(_ k: Int) -> UnsafeMutablePointer<Double> {
        k == 0 ? fineSource : workspace + levels[k].sourceOffset
    }

    @inline(__always) func scratch(_ k: Int) -> UnsafeMutablePointer<Double> {
        workspace + levels[k].scratchOffset
    }

    /// `sweeps` smoothing sweeps on level k (k < coarsest) starting from `start`, which is
    /// `u_k` or, for the Jacobi smoother, the level's scratch buffer. Returns where the result
    /// is and, when `reportsFiniteness`, whether the last sweep's values are all finite (true
    /// otherwise, and when `sweeps == 0`); the other sweeps skip the finiteness flag. Jacobi
    /// sweeps alternate between the two buffers (the result is in `start` after an even count,
    /// in the other buffer after an odd one); Gauss–Seidel sweeps stay in `u_k`.
    func smooth(_ k: Int, sweeps: Int, from start: UnsafeMutablePointer<Double>, reportsFiniteness: Bool)
        -> (result: UnsafeMutablePointer<Double>, finite: Bool) {
        let n = levels[k].pointCount, u = solution(k), f = source(k)
        var finite = true
        switch configuration.smoother {
        case .weightedJacobi:
            var from = start, to = start == u ? scratch(k) : u
            for sweep in 0..<sweeps {
                if reportsFiniteness && sweep == sweeps - 1 {
                    finite = StencilKernels.jacobi(jacobiWeights, from: from, to: to, scaledSource: f, pointCount: n)
                } else {
                    _ = StencilKernels.jacobi(jacobiWeights, from: from, to: to, scaledSource: f, pointCount: n,
                                              reportsFiniteness: false)
                }
                swap(&from, &to)
            }
            return (from, finite)
        case .gaussSeidel:
            for sweep in 0..<sweeps {
                if reportsFiniteness && sweep == sweeps - 1 {
                    finite = StencilKernels.gaussSeidel(u, scaledSource: f, pointCount: n)
                } else {
                    _ = StencilKernels.gaussSeidel(u, scaledSource: f, pointCount: n, reportsFiniteness: false)
                }
            }
        case .redBlackGaussSeidel:
            for sweep in 0..<sweeps {
                if reportsFiniteness && sweep == sweeps - 1 {
                    finite = StencilKernels.redBlackGaussSeidel(u, scaledSource: f, pointCount: n)
                } else {
                    _ = StencilKernels.redBlackGaussSeidel(u, scaledSource: f, pointCount: n, reportsFiniteness: false)
                }
            }
        }
        return (u, finite)
    }

    /// Where the coarse-grid correction should be written so that `postSmoothing` sweeps end in
    /// `u_k`: the scratch buffer for an odd number of Jacobi sweeps, `u_k` otherwise.
    func correctionTarget(_ k: Int) -> UnsafeMutablePointer<Double> {
        if case .weightedJacobi = configuration.smoother, configuration.postSmoothing % 2 == 1 { return scratch(k) }
        return solution(k)
    }

    /// One cycle of `type` on level k: ν₁ pre-smoothing sweeps, scaled residual restricted by
    /// full weighting to `F_{k+1}` (one fused pass), zero `u_{k+1}`, coarse-grid work (V: one cycle, W: two,
    /// F: an F-cycle then a V-cycle; a single direct solve when level k+1 is the coarsest),
    /// linear-interpolation correction, ν₂ post-smoothing sweeps. On the coarsest level the cycle
    /// is the direct solve. Returns whether the last post-smoothing sweep's values are all
    /// finite when `reportsFiniteness` (true when there was none: the caller then probes the
    /// iterate itself); coarse levels and the other sweeps skip the finiteness flag (their
    /// values reach the fine iterate, whose last sweep is checked).
    ///
    /// No copies: with the Jacobi smoother the pre-smoothed iterate may sit in the scratch
    /// buffer (odd ν₁), and the correction is written to whichever buffer makes the ν₂
    /// post-smoothing sweeps end in `u_k` (out of place when that is not where the iterate is).
    /// The values are those of smoothing in `u_k` and copying back, bit for bit.
    func cycle(_ k: Int, _ type: MultigridCycle, reportsFiniteness: Bool = false) -> Bool {
        let n = levels[k].pointCount, u = solution(k), f = source(k)
        if k == coarsest {
            StencilKernels.directSolve(u, scaledSource: f, pointCount: n, scratch: scratch(k))
            return true
        }
        let smoothed = smooth(k, sweeps: configuration.preSmoothing, from: u, reportsFiniteness: false).result
        let c = k + 1, nc = levels[c].pointCount
        StencilKernels.restrictResidual(of: smoothed, scaledSource: f, into: source(c), coarsePointCount: nc)
        let e = solution(c)
        e.update(repeating: 0, count: nc)
        if c == coarsest {
            _ = cycle(c, .v)
        } else {
            switch type {
            case .v: _ = cycle(c, .v)
            case .w: _ = cycle(c, .w); _ = cycle(c, .w)
            case .f: _ = cycle(c, .f); _ = cycle(c, .v)
            }
        }
        let corrected = correctionTarget(k)
        if corrected == smoothed {
            StencilKernels.interpolateAndCorrect(e, into: corrected, coarsePointCount: nc)
        } else {
            StencilKernels.interpolateAndCorrect(e, adding: smoothed, into: corrected, coarsePointCount: nc)
        }
        return smooth(k, sweeps: configuration.postSmoothing, from: corrected, reportsFiniteness: reportsFiniteness).finite
    }

    /// Full multigrid: restrict the scaled source to every level (`F_{k+1} = [1 2 1] F_k`), give
    /// every level the Dirichlet values, solve the coarsest level directly, then for each finer
    /// level interpolate the coarser solution (cubic; linear from a 3-point grid) and apply one
    /// cycle of `type`. The result replaces
    /// the fine iterate. Returns whether the fine iterate is finite.
    func fullMultigrid(lowerValue: Double, upperValue: Double, _ type: MultigridCycle) -> Bool {
        for k in 0..<coarsest {
            StencilKernels.restrictFullWeighting(source(k), into: source(k + 1), coarsePointCount: levels[k + 1].pointCount)
        }
        for k in 0...coarsest {
            let u = solution(k)
            u[0] = lowerValue
            u[levels[k].pointCount - 1] = upperValue
        }
        let top = coarsest
        StencilKernels.directSolve(solution(top), scaledSource: source(top), pointCount: levels[top].pointCount,
                                   scratch: scratch(top))
        for k in stride(from: coarsest - 1, through: 0, by: -1) {
            let nc = levels[k + 1].pointCount
            if nc >= 4 {
                StencilKernels.interpolateCubic(solution(k + 1), into: solution(k), coarsePointCount: nc)
            } else {
                StencilKernels.interpolate(solution(k + 1), into: solution(k), coarsePointCount: nc)
            }
            _ = cycle(k, type)
        }
        return StencilKernels.interiorIsFinite(fineSolution, pointCount: levels[0].pointCount)
    }

    // MARK: Exact flop counts (mirror the recursion above)

    /// Flops of `cycle(k, type)`.
    static func cycleFlops(_ k: Int, _ type: MultigridCycle, levels: [MultigridLevel],
                           configuration: MultigridConfiguration) -> Int {
        let coarsest = levels.count - 1
        let level = levels[k]
        if k == coarsest { return StencilKernels.directSolveFlops(pointCount: level.pointCount) }
        let coarse = levels[k + 1]
        let sweeps = configuration.preSmoothing + configuration.postSmoothing
        let smoothing = sweeps * configuration.smoother.flopsPerPoint * level.interiorCount
        let residual = 4 * level.interiorCount
        let restriction = 3 * coarse.interiorCount
        let correction = coarse.interiorCount + 3 * coarse.intervalCount
        let coarseWork: Int
        if k + 1 == coarsest {
            coarseWork = cycleFlops(k + 1, .v, levels: levels, configuration: configuration)
        } else {
            switch type {
            case .v: coarseWork = cycleFlops(k + 1, .v, levels: levels, configuration: configuration)
            case .w: coarseWork = 2 * cycleFlops(k + 1, .w, levels: levels, configuration: configuration)
            case .f: coarseWork = cycleFlops(k + 1, .f, levels: levels, configuration: configuration)
                + cycleFlops(k + 1, .v, levels: levels, configuration: configuration)
            }
        }
        return smoothing + residual + restriction + coarseWork + correction
    }

    /// Flops of `fullMultigrid`.
    static func fullMultigridFlops(_ type: MultigridCycle, levels: [MultigridLevel],
                                   configuration: MultigridConfiguration) -> Int {
        let coarsest = levels.count - 1
        var flops = StencilKernels.directSolveFlops(pointCount: levels[coarsest].pointCount)
        for k in 0..<coarsest {
            flops += 3 * levels[k + 1].interiorCount                       // source restriction
            flops += StencilKernels.solutionInterpolationFlops(coarsePointCount: levels[k + 1].pointCount)
            flops += cycleFlops(k, type, levels: levels, configuration: configuration)
        }
        return flops
    }
}
