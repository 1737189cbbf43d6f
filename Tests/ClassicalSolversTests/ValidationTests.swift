import Foundation
import Testing
import PoissonCore
import ClassicalSolvers
import TestSupport

/// Acceptance 5: bad input throws a `SolverError` with a clear message, never a crash.
@Suite struct ValidationTests {
    let discrete = try! DiscretePoisson(problem: ReferenceProblems.sine(), pointCount: 17)

    @Test(arguments: [0.0, 2.0, -0.5, 2.5, .nan, .infinity, -.infinity])
    func weightOutsideOpenIntervalIsRejected(weight: Double) throws {
        let methods: [ClassicalMethod] = [
            .jacobi(weight: weight), .denseJacobi(weight: weight),
            .multigrid(MultigridConfiguration(smoother: .weightedJacobi(weight: weight))),
        ]
        for method in methods {
            #expect(throws: SolverError.self, "\(method)") {
                _ = try makeClassicalSolver(method, problem: discrete, initialGuess: nil)
            }
            do {
                _ = try makeClassicalSolver(method, problem: discrete, initialGuess: nil)
            } catch let error as SolverError {
                guard case .weightOutOfRange(_, let value) = error else {
                    Issue.record("wrong error \(error)"); continue
                }
                #expect(value.isNaN ? weight.isNaN : value == weight)
                #expect(error.description.contains("(0, 2)"))
                #expect(error.description.contains("weight"))
            }
        }
    }

    /// Weights just inside (0, 2) make working solvers: the weight is kept, and a sweep changes
    /// sine mode 1 of the error by exactly its factor 1 − ω(1 − cos(π/(N+1))) (f = 0 here, so the
    /// iterate is the error).
    @Test func weightsJustInsideAreAccepted() throws {
        let homogeneous = try DiscretePoisson(problem: PoissonProblem(lower: 0, upper: 1, source: ScalarFunction { _ in 0 }),
                                              pointCount: 17)
        let mode1 = (0..<17).map { sin(Double.pi * Double($0) / 16) }
        for weight in [1e-12, 0.5, 1, 1.999] {
            var jacobi = try JacobiSolver(problem: homogeneous, initialGuess: mode1, weight: weight)
            #expect(jacobi.weight == weight)
            try jacobi.step()
            let factor = 1 - weight * (1 - cos(Double.pi / 16))
            for j in 1..<16 { expectClose(jacobi.iterate[j], factor * mode1[j], absolute: 1e-15) }
            var multigrid = try MultigridSolver(problem: discrete, configuration: .init(smoother: .weightedJacobi(weight: weight)))
            #expect(multigrid.configuration.smoother == .weightedJacobi(weight: weight))
            try multigrid.step()
            #expect(multigrid.iterate.allSatisfy { $0.isFinite })
        }
    }

    @Test(arguments: [0, 1, 16, 18, 1000])
    func wrongGuessLengthIsRejected(length: Int) throws {
        let guess = [Double](repeating: 0, count: length)
        let methods: [ClassicalMethod] = [.jacobi(weight: 1), .denseJacobi(weight: 1), .gaussSeidel(.lexicographic),
                                          .gaussSeidel(.redBlack), .multigrid(.init())]
        for method in methods {
            #expect(throws: SolverError.initialGuessLength(expected: 17, actual: length), "\(method)") {
                _ = try makeClassicalSolver(method, problem: discrete, initialGuess: guess)
            }
        }
        let message = SolverError.initialGuessLength(expected: 17, actual: length).description
        #expect(message.contains("17") && message.contains("\(length)") && message.contains("boundary"))
    }

    @Test func nonFiniteGuessIsRejectedButBoundaryEntriesAreOverwritten() throws {
        var guess = [Double](repeating: 0.5, count: 17)
        guess[0] = .nan            // boundary entries are replaced by the Dirichlet values
        guess[16] = .infinity
        let solver = try JacobiSolver(problem: discrete, initialGuess: guess)
        #expect(solver.iterate[0] == 0 && solver.iterate[16] == 0)
        #expect(solver.iterate[1..<16].allSatisfy { $0 == 0.5 })
        guess[7] = .nan
        #expect(throws: SolverError.self) { _ = try GaussSeidelSolver(problem: discrete, initialGuess: guess) }
        do {
            _ = try MultigridSolver(problem: discrete, initialGuess: guess)
            Issue.record("no error")
        } catch let error as SolverError {
            guard case .nonFiniteInitialGuess(let index, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(index == 7)
            #expect(error.description.contains("grid point 7"))
        }
    }

    @Test(arguments: [(-1, 1), (2, -1), (0, 0), (-3, -3)])
    func badSmoothingCountsAreRejected(pre: Int, post: Int) throws {
        let configuration = MultigridConfiguration(preSmoothing: pre, postSmoothing: post)
        #expect(throws: SolverError.invalidSmoothingCounts(pre: pre, post: post)) {
            _ = try MultigridSolver(problem: discrete, configuration: configuration)
        }
        #expect(SolverError.invalidSmoothingCounts(pre: pre, post: post).description.contains("smoothing"))
    }

    /// Smoothing on one side only still makes a convergent cycle: five cycles shrink the error
    /// against the direct solution by at least 10⁻² (a V(0,1) or V(3,0) cycle contracts by well
    /// under 0.5 per cycle on this grid).
    @Test func smoothingOnOneSideOnlyIsAccepted() throws {
        let solution = discrete.directSolution()
        for (pre, post) in [(0, 1), (3, 0)] {
            var solver = try MultigridSolver(problem: discrete, configuration: .init(preSmoothing: pre, postSmoothing: post))
            #expect(solver.configuration.preSmoothing == pre && solver.configuration.postSmoothing == post)
            let initial = GridNorms.maxDifference(solver.iterate, solution)
            for _ in 0..<5 { try solver.step() }
            #expect(GridNorms.maxDifference(solver.iterate, solution) <= 1e-2 * initial, "V(\(pre),\(post))")
        }
    }

    @Test(arguments: [1, 0, -4])
    func badMinimumCoarseIntervalsIsRejected(minimum: Int) throws {
        #expect(throws: SolverError.invalidMinimumCoarseIntervals(minimum)) {
            _ = try MultigridSolver(problem: discrete, configuration: .init(minimumCoarseIntervals: minimum))
        }
    }

    @Test func denseMatrixTooLargeIsRejected() throws {
        #expect(DenseJacobiSolver.memoryBytes(interiorCount: 15) == 8 * 15 * 15)
        #expect(DenseJacobiSolver.memoryBytes(interiorCount: Int.max / 2) == Int.max)
        // 15 × 15 doubles = 1800 bytes: refused under a 1000-byte limit, accepted at 1800.
        #expect(throws: SolverError.denseMatrixTooLarge(interiorCount: 15, bytes: 1800, limit: 1000)) {
            _ = try DenseJacobiSolver(problem: discrete, memoryLimitBytes: 1000)
        }
        _ = try DenseJacobiSolver(problem: discrete, memoryLimitBytes: 1800)
        // The default limit (1 GiB) refuses N = 2^14 (2 GiB) without allocating.
        let big = try DiscretePoisson(problem: ReferenceProblems.sine(), pointCount: (1 << 14) + 2)
        do {
            _ = try makeClassicalSolver(.denseJacobi(weight: 1), problem: big, initialGuess: nil)
            Issue.record("no error")
        } catch let error as SolverError {
            #expect(error == .denseMatrixTooLarge(interiorCount: 1 << 14, bytes: 1 << 31, limit: 1 << 30))
            #expect(error.description.contains("stencil Jacobi"))
        }
    }
}
