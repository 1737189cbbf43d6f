import Testing
import PoissonCore
import ClassicalSolvers
import TestSupport

/// The stationary-solver contract the driver's exact tolerance search relies on: a rewind to a
/// saved state repeats the same iterates bit for bit, and every method is handed to a visitor
/// as a `StationaryGridSolver`.
@Suite struct StationaryContractTests {
    /// Records which overload a method's solver arrives at, and checks the rewind contract on it.
    struct RewindCheck: GridSolverVisitor {
        var sawStationary = false

        mutating func visit<Solver: GridIterativeSolver>(_ solver: Solver) throws -> Bool { false }

        /// 3 steps, save, 4 steps (kept), rewind, the same 4 steps again: the iterates and the
        /// counters of both passes agree bit for bit, and the rewind restored the saved state.
        mutating func visit<Solver: StationaryGridSolver>(_ solver: Solver) throws -> Bool {
            sawStationary = true
            var solver = solver
            for _ in 0..<3 { try solver.step() }
            let checkpoint = SolverCheckpoint(of: solver)
            var first: [[Double]] = []
            for _ in 0..<4 { try solver.step(); first.append(solver.iterate) }
            let end = (solver.stepCount, solver.flopCount)
            solver.rewind(to: checkpoint)
            guard solver.iterate == checkpoint.iterate, solver.stepCount == 3,
                  solver.flopCount == checkpoint.flopCount else { return false }
            var second: [[Double]] = []
            for _ in 0..<4 { try solver.step(); second.append(solver.iterate) }
            return first == second && end == (solver.stepCount, solver.flopCount)
                && first.last != checkpoint.iterate
        }
    }

    @Test(arguments: SolverContractTests.methods)
    func rewindRepeatsTheIteratesBitForBit(method: ClassicalMethod) throws {
        let discrete = try DiscretePoisson(problem: ReferenceProblems.paper(), pointCount: 65)
        var generator = SeededGenerator(seed: 5)
        let start = (0..<65).map { _ in Double.random(in: -1...1, using: &generator) }
        var check = RewindCheck()
        let repeated = try method.withSolver(problem: discrete, initialGuess: start, &check)
        #expect(check.sawStationary, "\(method) should arrive as a StationaryGridSolver")
        #expect(repeated, "\(method)")
    }

    /// A checkpoint keeps its own storage: saving again overwrites it in place, and later steps
    /// of the solver never change it.
    @Test func checkpointOwnsItsStorage() throws {
        let discrete = try DiscretePoisson(problem: ReferenceProblems.sine(), pointCount: 33)
        var solver = try JacobiSolver(problem: discrete)
        try solver.step()
        var checkpoint = SolverCheckpoint(of: solver)
        let saved = checkpoint.iterate
        try solver.step()
        #expect(checkpoint.iterate == saved && checkpoint.stepCount == 1)
        checkpoint.save(solver)
        #expect(checkpoint.iterate == solver.iterate && checkpoint.stepCount == 2
                && checkpoint.flopCount == solver.flopCount)
        try solver.step()
        #expect(checkpoint.iterate != solver.iterate)
    }
}
