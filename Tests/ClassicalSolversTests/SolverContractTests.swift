import Foundation
import Testing
import PoissonCore
import ClassicalSolvers
import TestSupport

/// Properties every classical solver shares: the fixed point, the counters, the flop counts.
@Suite struct SolverContractTests {
    static let methods: [ClassicalMethod] = [
        .jacobi(weight: 1), .jacobi(weight: 2.0 / 3.0), .denseJacobi(weight: 1), .denseJacobi(weight: 0.8),
        .gaussSeidel(.lexicographic), .gaussSeidel(.redBlack),
    ] + SolverTestSupport.allCyclesAndSmoothers.map { .multigrid($0) }

    /// Acceptance 3: a solve started at the discrete solution stays there. The direct solution
    /// has a round-off residual ~ulp·|u|/h²; a sweep moves u by h²·r ~ ulp·|u|, an exact coarse
    /// solve by up to A⁻¹r ~ (N+1)²·ulp·|u| (≈ 1e-12 at N = 63) — the bound is that.
    @Test(arguments: methods)
    func startingAtTheDiscreteSolutionStaysThere(method: ClassicalMethod) throws {
        let discrete = try DiscretePoisson(problem: ReferenceProblems.paper(), pointCount: 65)
        let solution = discrete.directSolution()
        var solver = try makeClassicalSolver(method, problem: discrete, initialGuess: solution)
        #expect(solver.iterate == solution)
        for _ in 0..<5 { try solver.step() }
        let bound = 64.0 * 64.0 * Double.ulpOfOne * GridNorms.maxNorm(solution)
        #expect(GridNorms.maxDifference(solver.iterate, solution) <= bound, "\(method)")
    }

    /// `flopCount` is cumulative: `stepCount · flopsPerStep` (no FMG start here), via the
    /// existential the driver uses.
    @Test(arguments: methods)
    func countersAccumulate(method: ClassicalMethod) throws {
        let discrete = try DiscretePoisson(problem: ReferenceProblems.sine(), pointCount: 33)
        var solver = try makeClassicalSolver(method, problem: discrete, initialGuess: nil)
        #expect(solver.stepCount == 0 && solver.flopCount == 0)
        try solver.step()
        let perStep = solver.flopCount
        #expect(perStep > 0)
        for _ in 0..<6 { try solver.step() }
        #expect(solver.stepCount == 7 && solver.flopCount == 7 * perStep)
    }

    /// Flops per step against hand-derived counts on small grids (N interior points):
    /// Jacobi ω = 1: 3N (2 adds + 1 multiply); weighted: 5N; Gauss–Seidel: 3N; dense: 2N².
    @Test func sweepFlopCountsMatchHandDerivedFormulas() throws {
        let discrete = try DiscretePoisson(problem: ReferenceProblems.sine(), pointCount: 9)   // N = 7
        #expect(try JacobiSolver(problem: discrete).flopsPerStep == 21)
        #expect(try JacobiSolver(problem: discrete, weight: 2.0 / 3.0).flopsPerStep == 35)
        #expect(try GaussSeidelSolver(problem: discrete).flopsPerStep == 21)
        #expect(try GaussSeidelSolver(problem: discrete, ordering: .redBlack).flopsPerStep == 21)
        #expect(try DenseJacobiSolver(problem: discrete).flopsPerStep == 98)
        #expect(try DenseJacobiSolver(problem: discrete, weight: 0.5).flopsPerStep == 98)
    }

    /// Multigrid on n = 9 (levels of 9, 5, 3 points: N = 7, 3, 1 interior, M = 8, 4, 2 intervals),
    /// V(2,1) with weighted Jacobi (5 flops/point/sweep), counted by hand:
    ///   level 1: smoothing 3·5·3 = 45, residual 4·3 = 12, restriction 3·1 = 3,
    ///            coarsest Thomas solve on 1 unknown 2 + boundary folding 2 = 4,
    ///            correction 1 (even) + 3·2 (odd) = 7                                  → 71
    ///   level 0: smoothing 3·5·7 = 105, residual 4·7 = 28, restriction 3·3 = 9,
    ///            level 1 = 71, correction 3 + 3·4 = 15                                → 228
    /// W and F: level 1 sits just above the coarsest, so both visit it like V on this grid:
    ///   W = 228 − 71 + 2·71 = 299, F = 228 − 71 + (71 + 71) = 299.
    /// FMG (V): coarsest solve 4; level 1: source restriction 3·1, linear interpolation from the
    ///   3-point grid 2·2, cycle 71; level 0: restriction 3·3, cubic interpolation from 5 points
    ///   (4 odd fine points: 2 inside at 5 flops, 2 next to the boundary at 7) = 24, cycle 228
    ///   → 4 + 3 + 4 + 71 + 9 + 24 + 228 = 343.
    /// Gauss–Seidel smoothing (3 flops/point): level 1 = 71 − 18 = 53 (45 → 27);
    ///   level 0 = 228 − 42 − 18 = 168 (105 → 63 and the level-1 change).
    @Test func multigridFlopCountsMatchHandCount() throws {
        let discrete = try DiscretePoisson(problem: ReferenceProblems.sine(), pointCount: 9)
        let v = try MultigridSolver(problem: discrete)
        #expect(v.levelPointCounts == [9, 5, 3])
        #expect(v.flopsPerStep == 228)
        #expect(v.fullMultigridFlops == 343)
        #expect(try MultigridSolver(problem: discrete, configuration: .init(cycle: .w)).flopsPerStep == 299)
        #expect(try MultigridSolver(problem: discrete, configuration: .init(cycle: .f)).flopsPerStep == 299)
        #expect(try MultigridSolver(problem: discrete, configuration: .init(smoother: .gaussSeidel)).flopsPerStep == 168)
        #expect(try MultigridSolver(problem: discrete, configuration: .init(smoother: .redBlackGaussSeidel)).flopsPerStep == 168)
    }

    /// The same count in closed form on deeper hierarchies, where W and F differ from V:
    /// with `c_k` the cost of level k's own work (smoothing `(ν₁+ν₂)·s·N_k`, residual `4N_k`,
    /// restriction `3N_{k+1}`, correction `N_{k+1} + 3M_{k+1}`) and `d` the coarsest solve
    /// (`6N_c − 4 + 2`), a V-cycle costs `Σ_k c_k + d`; a W-cycle visits level k `2^k` times
    /// except that the level above the coarsest solves it once per visit: `Σ_k 2^k c_k + 2^{L−2} d`.
    @Test(arguments: [17, 33, 1001, 4097])
    func multigridFlopCountsMatchClosedForm(pointCount: Int) throws {
        let discrete = try DiscretePoisson(problem: ReferenceProblems.sine(), pointCount: pointCount)
        let configuration = MultigridConfiguration(preSmoothing: 2, postSmoothing: 2, smoother: .weightedJacobi(weight: 0.6))
        let counts = configuration.levelPointCounts(finePointCount: pointCount)
        let levels = counts.count
        func own(_ k: Int) -> Int {
            let fine = counts[k] - 2, coarse = counts[k + 1] - 2
            return 4 * 5 * fine + 4 * fine + 3 * coarse + coarse + 3 * (coarse + 1)
        }
        let direct = 6 * (counts[levels - 1] - 2) - 4 + 2
        let vExpected = (0..<(levels - 1)).map(own).reduce(0, +) + direct
        let wExpected = (0..<(levels - 1)).map { (1 << $0) * own($0) }.reduce(0, +) + (1 << max(levels - 2, 0)) * direct
        let v = try MultigridSolver(problem: discrete, configuration: configuration)
        var w = configuration
        w.cycle = .w
        #expect(v.flopsPerStep == vExpected)
        #expect(try MultigridSolver(problem: discrete, configuration: w).flopsPerStep == wExpected)
    }
}
