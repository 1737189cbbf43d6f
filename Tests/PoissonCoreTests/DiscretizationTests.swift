import Foundation
import Testing
import PoissonCore
import TestSupport

@Suite struct DiscretizationTests {
    @Test func quadraticIsExactAtTheNodes() throws {
        let problem = ReferenceProblems.quadratic()
        for n in [3, 4, 17, 101, 1001] {
            let discrete = try DiscretePoisson(problem: problem, pointCount: n)
            let u = discrete.directSolution()
            let exact = try #require(try discrete.exactSolution())
            // u'''' = 0: the scheme is exact; what remains is round-off of the Thomas solve,
            // which grows like N² relative to the O(1) solution for this ill-conditioned system.
            let bound = 1e3 * Double.ulpOfOne * Double(n * n) * 0.25
            #expect(GridNorms.maxDifference(u, exact) <= bound, "n = \(n)")
            #expect(discrete.residualMaxNorm(of: exact) <= 1e-8 * Double(n * n))
        }
    }

    /// Observed order of the discretization error over six doublings must be 2 ± 0.05, once the
    /// grid resolves the solution (the paper's problem has a sin(24x) component: h·24 must be
    /// small before the error is asymptotic, so its sequence starts finer).
    @Test(arguments: [(ReferenceProblems.manufactured(), 16), (ReferenceProblems.sine(), 16), (ReferenceProblems.paper(), 128)])
    func secondOrderConvergence(problem: PoissonProblem, coarsest: Int) throws {
        var errors: [Double] = []
        let intervals = (0..<7).map { coarsest << $0 }
        for m in intervals {
            let discrete = try DiscretePoisson(problem: problem, pointCount: m + 1)
            let exact = try #require(try discrete.exactSolution())
            errors.append(GridNorms.maxDifference(discrete.directSolution(), exact))
        }
        for i in 1..<errors.count {
            let order = log2(errors[i - 1] / errors[i])
            #expect(abs(order - 2) <= 0.05, "order \(order) between \(intervals[i - 1]) and \(intervals[i]) intervals")
        }
    }

    @Test func operatorMatchesDenseMatrixAndResidualVanishesAtSolution() throws {
        let discrete = try DiscretePoisson(problem: ReferenceProblems.manufactured(), pointCount: 9)
        let n = 9, h2 = discrete.spacing * discrete.spacing
        let u = (0..<n).map { sin(Double($0) * 0.7) + 0.1 * Double($0) }
        var au = [Double](repeating: .nan, count: n)
        discrete.applyOperator(u, into: &au)
        for j in 1..<(n - 1) {
            var dense = 0.0
            for k in 0..<n {   // row j of tridiag(−1, 2, −1)/h² acting on the full vector
                let a: Double = k == j ? 2 : (abs(k - j) == 1 ? -1 : 0)
                dense += a * u[k] / h2
            }
            expectClose(au[j], dense, relative: 1e-13)
        }
        #expect(au[0] == 0 && au[n - 1] == 0)
        let solution = discrete.directSolution()
        #expect(discrete.residualMaxNorm(of: solution) <= 1e-10 * GridNorms.maxNorm(discrete.source))
        #expect(solution.first == 0)
        expectClose(solution.last!, exp(2) * sin(6))
    }

    @Test func interiorRightHandSideFoldsBoundaryValues() throws {
        let problem = try PoissonProblem(lower: 0, upper: 1, lowerValue: 3, upperValue: -2,
                                         source: ScalarFunction { _ in 1 })
        let d = try DiscretePoisson(problem: problem, pointCount: 5)
        let f = d.interiorRightHandSide
        #expect(f.count == 3)
        expectClose(f[0], 1 + 3 * 16)
        expectClose(f[1], 1)
        expectClose(f[2], 1 - 2 * 16)
    }

    @Test func thomasSolveMatchesGeneralSolve() {
        let m = 50
        var rhs = (0..<m).map { cos(Double($0)) }
        var general = rhs
        var scratch = [Double](repeating: 0, count: m)
        let lower = [Double](repeating: -1, count: m), upper = lower
        let diagonal = [Double](repeating: 2, count: m)
        rhs.withUnsafeMutableBufferPointer { b in scratch.withUnsafeMutableBufferPointer { TridiagonalSystem.solvePoisson(rhs: b, scratch: $0) } }
        lower.withUnsafeBufferPointer { l in diagonal.withUnsafeBufferPointer { d in upper.withUnsafeBufferPointer { u in
            general.withUnsafeMutableBufferPointer { b in scratch.withUnsafeMutableBufferPointer {
                TridiagonalSystem.solve(lower: l, diagonal: d, upper: u, rhs: b, scratch: $0) } } } } }
        expectClose(rhs, general, relative: 1e-12)
        // Check the solution satisfies the system.
        for i in 0..<m {
            let lhs = 2 * rhs[i] - (i > 0 ? rhs[i - 1] : 0) - (i < m - 1 ? rhs[i + 1] : 0)
            expectClose(lhs, cos(Double(i)), relative: 1e-10, absolute: 1e-10)
        }
    }
}

@Suite struct InputValidationTests {
    @Test func badGridsAndDomainsThrow() {
        #expect(throws: PoissonError.tooFewPoints(2)) { try UniformGrid(lower: 0, upper: 1, pointCount: 2) }
        #expect(throws: PoissonError.emptyDomain(lower: 1, upper: 1)) { try UniformGrid(lower: 1, upper: 1, pointCount: 5) }
        #expect(throws: PoissonError.emptyDomain(lower: 2, upper: 1)) {
            try PoissonProblem(lower: 2, upper: 1, source: ScalarFunction { _ in 0 })
        }
        #expect(throws: PoissonError.self) { try UniformGrid(lower: .nan, upper: 1, pointCount: 5) }
        #expect(throws: PoissonError.self) { try UniformGrid(lower: 0, upper: .infinity, pointCount: 5) }
        #expect(throws: PoissonError.self) {
            try PoissonProblem(lower: 0, upper: 1, lowerValue: .nan, source: ScalarFunction { _ in 0 })
        }
    }

    @Test func nonFiniteSourceNamesThePoint() throws {
        let problem = try PoissonProblem(lower: 0, upper: 1, source: ScalarFunction(expression: "1/(x - 0.5)"))
        do {
            _ = try DiscretePoisson(problem: problem, pointCount: 5)
            Issue.record("expected an error")
        } catch let error as PoissonError {
            #expect(error == .nonFiniteFunction(name: "source", index: 2, x: 0.5, value: .infinity))
            #expect(error.description.contains("grid point 2"))
        }
    }

    @Test func gridCoordinatesIncludeBothEnds() throws {
        let grid = try UniformGrid(lower: -1, upper: 1, pointCount: 1001)
        #expect(grid.interiorCount == 999)
        #expect(grid.coordinate(0) == -1 && grid.coordinate(1000) == 1)
        expectClose(grid.spacing, 0.002)
        expectClose(grid.coordinate(500), 0, absolute: 1e-15)
    }
}
