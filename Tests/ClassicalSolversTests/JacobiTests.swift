import Foundation
import Testing
import PoissonCore
import ClassicalSolvers
import TestSupport

@Suite struct JacobiTests {
    /// Acceptance 2: starting from `u* + v_k` (u* the direct solution), m weighted-Jacobi sweeps
    /// leave the error `λ_k^m v_k` with `λ_k = 1 − ω(1 − cos(kπ/(N+1)))`, to relative 1e-10.
    /// Cases with `|λ_k|^m < 1e-3` are skipped: there the O(1e-15) round-off of u* and of the
    /// sweeps would exceed 1e-10 of the shrunken mode, so they could fail for the wrong reason.
    @Test(arguments: [1.0, 2.0 / 3.0])
    func sineModeIsMultipliedByItsEigenvalue(weight: Double) throws {
        var checked = 0
        for n in [65, 102] {
            let discrete = try DiscretePoisson(problem: ReferenceProblems.paper(), pointCount: n)
            let interior = n - 2
            let solution = discrete.directSolution()
            for k in [1, 2, 5, 17, interior / 3, interior - 4, interior] {
                let mode = SolverTestSupport.sineMode(k, pointCount: n)
                let lambda = 1 - weight * (1 - cos(Double(k) * .pi / Double(interior + 1)))
                var solver = try JacobiSolver(problem: discrete, initialGuess: zip(solution, mode).map(+), weight: weight)
                var done = 0
                for m in [1, 3, 10, 40] {
                    while done < m { try solver.step(); done += 1 }
                    let expected = pow(lambda, Double(m))
                    guard abs(expected) >= 1e-3 else { continue }
                    let error = zip(solver.iterate, solution).map(-)
                    let coefficient = SolverTestSupport.sineCoefficient(of: error, mode: k)
                    expectClose(coefficient, expected, relative: 1e-10, "n = \(n), k = \(k), m = \(m), ω = \(weight)")
                    // Nothing leaks into the other modes: the remainder is round-off.
                    let remainder = zip(error, mode).map { $0 - coefficient * $1 }
                    #expect(GridNorms.maxNorm(remainder) <= 1e-12, "n = \(n), k = \(k), m = \(m): other modes excited")
                    checked += 1
                }
            }
        }
        #expect(checked >= 30)
    }

    /// Plain Jacobi's slowest mode: after many sweeps from a zero start on the homogeneous
    /// problem's random error, the per-sweep ratio of the error tends to `cos(π/(N+1))`.
    @Test func asymptoticFactorIsCosPiOverNPlusOne() throws {
        let n = 33
        let discrete = try SolverTestSupport.homogeneous(pointCount: n)
        var solver = try JacobiSolver(problem: discrete, initialGuess: SolverTestSupport.randomGuess(pointCount: n, seed: 7))
        for _ in 0..<2000 { try solver.step() }
        let h = discrete.spacing
        let before = GridNorms.l2Norm(solver.iterate, spacing: h)
        try solver.step()
        // Mode 1 and its mirror N (orthogonal, so the L2 norm sees both at once) decay at
        // |λ| = cos(π/32); the next pair, at cos(2π/32), is smaller by
        // (cos(2π/32)/cos(π/32))^2000 ≈ 1e-10 — the ratio is exact to ~1e-9.
        expectClose(GridNorms.l2Norm(solver.iterate, spacing: h) / before, cos(.pi / 32), relative: 1e-8)
    }

    /// DenseJacobiSolver (assembled matrix, BLAS) gives JacobiSolver's iterates to round-off.
    @Test(arguments: [1.0, 2.0 / 3.0, 0.4])
    func denseAndStencilIteratesAgree(weight: Double) throws {
        let discrete = try DiscretePoisson(problem: ReferenceProblems.manufactured(), pointCount: 65)
        let guess = SolverTestSupport.randomGuess(pointCount: 65, seed: 3)
        var stencil = try JacobiSolver(problem: discrete, initialGuess: guess, weight: weight)
        var dense = try DenseJacobiSolver(problem: discrete, initialGuess: guess, weight: weight)
        #expect(dense.iterate == stencil.iterate)
        for sweep in 1...40 {
            try stencil.step()
            try dense.step()
            // Different summation order (dot product vs stencil) with |u| ≲ 8: ~10 ulp per sweep.
            expectClose(dense.iterate, stencil.iterate, relative: 0, absolute: 1e-13, "sweep \(sweep)")
        }
        #expect(dense.stepCount == 40 && stencil.stepCount == 40)
    }

    /// One sweep against the formula computed by hand, on grids small and large enough to
    /// exercise the vectorised loop's main part and remainder:
    /// ω = 1 is `½(u_{j−1} + u_{j+1} + h² g_j)`, otherwise
    /// `(1 − ω) u_j + (ω/2)(u_{j−1} + u_{j+1} + h² g_j)`.
    @Test(arguments: [5, 10, 12, 17, 26])
    func sweepMatchesHandComputation(pointCount n: Int) throws {
        let discrete = try DiscretePoisson(problem: ReferenceProblems.manufactured(), pointCount: n)
        let guess = SolverTestSupport.randomGuess(pointCount: n, seed: 5)
        var u = guess
        discrete.imposeBoundary(on: &u)
        let h2 = discrete.spacing * discrete.spacing
        for weight in [1.0, 2.0 / 3.0] {
            var solver = try JacobiSolver(problem: discrete, initialGuess: guess, weight: weight)
            try solver.step()
            var expected = u
            for j in 1..<(n - 1) {
                let neighbours = u[j - 1] + u[j + 1] + h2 * discrete.source[j]
                expected[j] = weight == 1 ? 0.5 * neighbours : (1 - weight) * u[j] + 0.5 * weight * neighbours
            }
            // Same operations in the same order: identical up to an ulp.
            expectClose(solver.iterate, expected, relative: 2 * Double.ulpOfOne, "n = \(n), ω = \(weight)")
        }
    }

    /// A non-finite iterate ends the step with DivergenceError and leaves the last finite
    /// state in place: a huge guess overflows after a few sweeps with ω close to 2 (the highest
    /// mode is amplified by |1 − ω(1 + cos(π/(N+1)))| ≈ 2.9 per sweep).
    @Test func divergenceIsReportedAtTheRightStep() throws {
        let discrete = try SolverTestSupport.homogeneous(pointCount: 17)
        let guess = SolverTestSupport.sineMode(15, pointCount: 17).map { 1e300 * $0 }
        var solver = try JacobiSolver(problem: discrete, initialGuess: guess, weight: 1.95)
        var thrown: DivergenceError?
        for _ in 0..<100 {
            do { try solver.step() } catch let error as DivergenceError { thrown = error; break }
        }
        let divergence = try #require(thrown)
        #expect(divergence.step == solver.stepCount + 1)
        #expect(solver.iterate.allSatisfy { $0.isFinite })
        #expect(solver.flopCount == solver.stepCount * solver.flopsPerStep)
    }
}
