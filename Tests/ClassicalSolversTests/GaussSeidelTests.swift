import Foundation
import Testing
import PoissonCore
import ClassicalSolvers
import TestSupport

@Suite struct GaussSeidelTests {
    /// Acceptance 3: both orderings converge to the direct solution, and to the same one.
    /// Spectral radius cos²(π/32) ≈ 0.9904 at N = 31: 4000 sweeps shrink the error by 1e-17,
    /// so what remains is round-off of the fixed point (cond(A)·ulp ≈ 1e3·ulp).
    @Test func bothOrderingsReachTheDirectSolution() throws {
        let discrete = try DiscretePoisson(problem: ReferenceProblems.manufactured(), pointCount: 33)
        let solution = discrete.directSolution()
        var finals: [[Double]] = []
        for ordering in GaussSeidelOrdering.allCases {
            var solver = try GaussSeidelSolver(problem: discrete, ordering: ordering)
            for _ in 0..<4000 { try solver.step() }
            expectClose(solver.iterate, solution, relative: 0, absolute: 1e-12 * GridNorms.maxNorm(solution), "\(ordering)")
            finals.append(solver.iterate)
        }
        expectClose(finals[0], finals[1], relative: 0, absolute: 1e-12 * GridNorms.maxNorm(solution))
    }

    /// The orderings really differ: after one sweep from the same start the iterates are not
    /// equal (red-black updates the odd points with old even neighbours), and one
    /// lexicographic sweep matches a hand-written forward substitution.
    @Test func orderingsDifferAndLexicographicMatchesHandSweep() throws {
        let discrete = try DiscretePoisson(problem: ReferenceProblems.sine(), pointCount: 10)
        let guess = SolverTestSupport.randomGuess(pointCount: 10, seed: 11)
        var lexicographic = try GaussSeidelSolver(problem: discrete, initialGuess: guess, ordering: .lexicographic)
        var redBlack = try GaussSeidelSolver(problem: discrete, initialGuess: guess, ordering: .redBlack)
        try lexicographic.step()
        try redBlack.step()
        #expect(GridNorms.maxDifference(lexicographic.iterate, redBlack.iterate) > 1e-3)
        let h2 = discrete.spacing * discrete.spacing
        var u = guess
        discrete.imposeBoundary(on: &u)
        var rb = u
        for j in 1..<9 { u[j] = 0.5 * (u[j - 1] + (u[j + 1] + h2 * discrete.source[j])) }
        for j in stride(from: 1, to: 9, by: 2) { rb[j] = 0.5 * (rb[j - 1] + rb[j + 1] + h2 * discrete.source[j]) }
        for j in stride(from: 2, to: 9, by: 2) { rb[j] = 0.5 * (rb[j - 1] + rb[j + 1] + h2 * discrete.source[j]) }
        // Same operations in the same order: identical up to an ulp.
        expectClose(lexicographic.iterate, u, relative: 2 * Double.ulpOfOne)
        expectClose(redBlack.iterate, rb, relative: 2 * Double.ulpOfOne)
    }

    /// The asymptotic factor of both orderings is cos²(π/(N+1)) (measured on the L2 norm of the
    /// error on the homogeneous problem after the transient has died out).
    @Test(arguments: GaussSeidelOrdering.allCases)
    func asymptoticFactorIsCosSquared(ordering: GaussSeidelOrdering) throws {
        let n = 33
        let discrete = try SolverTestSupport.homogeneous(pointCount: n)
        var solver = try GaussSeidelSolver(problem: discrete, initialGuess: SolverTestSupport.randomGuess(pointCount: n, seed: 2),
                                           ordering: ordering)
        for _ in 0..<1000 { try solver.step() }
        let before = GridNorms.l2Norm(solver.iterate, spacing: discrete.spacing)
        try solver.step()
        let factor = GridNorms.l2Norm(solver.iterate, spacing: discrete.spacing) / before
        // The second eigenvalue cos²(2π/32) trails by (0.962/0.990)^1000 ≈ 1e-13, so the error
        // is one eigenvector to ~1e-13 and the ratio is its eigenvalue (measured: 1e-14).
        expectClose(factor, pow(cos(.pi / 32), 2), relative: 1e-10)
    }
}
