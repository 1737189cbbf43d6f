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

    @Test func weightsJustInsideAreAccepted() throws {
        for weight in [1e-12, 0.5, 1, 1.999] {
            _ = try JacobiSolver(problem: discrete, weight: weight)
            _ = try MultigridSolver(problem: discrete, configuration: .init(smoother: .weightedJacobi(weight: weight)))
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

    @Test func smoothingOnOneSideOnlyIsAccepted() throws {
        _ = try MultigridSolver(problem: discrete, configuration: .init(preSmoothing: 0, postSmoothing: 1))
        _ = try MultigridSolver(problem: discrete, configuration: .init(preSmoothing: 3, postSmoothing: 0))
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
