import ClassicalSolvers
import Foundation
import Hybrid
import NeuralRitz
import PoissonCore
import Spectral
import Testing
import TestSupport

@Suite struct HybridDriverTests {
    /// A solver-only setup on the sine problem: errors against the discrete solution.
    static func solverSetup(points: Int = 65, method: ClassicalMethod = .jacobi(weight: 1), maxSweeps: Int = 100_000,
                            every: Int = 50, tolerance: Double = 1e-6) throws -> HybridSetup {
        let discrete = try DiscretePoisson(problem: ReferenceProblems.sine(), pointCount: points)
        return HybridSetup(discrete: discrete, reference: discrete.directSolution(), network: nil,
                           solver: .init(method: method, maxSweeps: maxSweeps), switchAt: [], every: every,
                           sineModes: [1, 2, 3], peaks: .largest(1), tolerance: tolerance)
    }

    /// The tolerance is checked every few steps and the run replayed to the first hit: the step
    /// reported must be exactly the first sweep whose max error meets the tolerance, found here
    /// by checking every sweep of an independent solver.
    @Test(arguments: [1e-2, 1e-4, 1e-6, 3.3e-7])
    func toleranceHitIsTheExactFirstStep(tolerance: Double) throws {
        let setup = try Self.solverSetup(tolerance: tolerance)
        let result = try HybridDriver(setup: setup).run()
        let run = try #require(result.runs.first)
        let hit = try #require(run.toleranceHit)
        var jacobi = try JacobiSolver(problem: setup.discrete)
        var first = 0
        while GridNorms.maxDifference(jacobi.iterate, setup.reference) > tolerance {
            try jacobi.step()
            first += 1
        }
        #expect(hit.step == first)
        #expect(hit.flops == first * jacobi.flopsPerStep)
        #expect(run.curves.last?.step == first, "the run stops at the hit")
        #expect(run.curves.last?.flops == hit.flops)
        #expect(run.curves.last!.maxError == GridNorms.maxDifference(jacobi.iterate, setup.reference))
    }

    /// Solver phases record on a worker thread; the rows are exactly those of inline recording
    /// (curves apart from the wall-clock column, and every mode row), for a run that reaches the
    /// tolerance (replay included) and one stopped by its budget, recording every sweep and
    /// every 7th.
    @Test(arguments: [1, 7])
    func backgroundRecordingGivesTheInlineRows(every: Int) throws {
        for (maxSweeps, tolerance) in [(100_000, 1e-5), (600, 1e-12)] {
            let setup = try Self.solverSetup(maxSweeps: maxSweeps, every: every, tolerance: tolerance)
            let background = try HybridDriver(setup: setup, recording: .background).run().runs[0]
            let inline = try HybridDriver(setup: setup, recording: .inline).run().runs[0]
            let clear = { (rows: [CurveRow]) in rows.map { row -> CurveRow in var r = row; r.seconds = 0; return r } }
            #expect(background.curves.count > 5)
            #expect(clear(background.curves) == clear(inline.curves))
            #expect(background.modes == inline.modes)
            #expect(background.modes.count == background.curves.count * 4, "3 sine modes + 1 peak per row")
            #expect(background.toleranceHit?.step == inline.toleranceHit?.step)
            #expect(background.curves.allSatisfy { $0.maxError.isFinite && $0.l2Error.isFinite && $0.residualMax.isFinite })
        }
    }

    /// A run stopped by its sweep budget extrapolates with Jacobi's asymptotic factor: on (−1, 1)
    /// the solution sin(πx) is −sin(2πj/(N+1)) at the nodes, sine mode 2, so from a zero start the
    /// error lies in mode 2 and shrinks by cos(2π/(N+1)) per sweep.
    @Test func extrapolationUsesTheAsymptoticFactor() throws {
        let setup = try Self.solverSetup(maxSweeps: 2000, tolerance: 1e-9)
        let run = try #require(try HybridDriver(setup: setup).run().runs.first)
        #expect(run.toleranceHit == nil)
        let ex = try #require(run.extrapolation)
        expectClose(ex.factorPerStep, cos(2 * Double.pi / 64), relative: 1e-6)
        // Carrying the factor forward from the last row must reach the tolerance at the estimate.
        let last = try #require(run.curves.last)
        let predicted = last.maxError * pow(ex.factorPerStep, Double(ex.estimate.step - last.step))
        #expect(predicted <= 1e-9 && predicted > 1e-9 * ex.factorPerStep * 0.999)
        #expect(ex.estimate.flops == last.flops + (ex.estimate.step - last.step) * 3 * 63)
    }

    /// Dense and stencil Jacobi have the same iterates: their recorded errors agree to round-off
    /// and their flop counts differ as 2N² against 3N per sweep.
    @Test func denseAndStencilJacobiRecordTheSameCurve() throws {
        let stencil = try HybridDriver(setup: Self.solverSetup(maxSweeps: 400, tolerance: 1e-12)).run().runs[0]
        let dense = try HybridDriver(setup: Self.solverSetup(method: .denseJacobi(weight: 1), maxSweeps: 400,
                                                             tolerance: 1e-12)).run().runs[0]
        #expect(stencil.curves.map(\.step) == dense.curves.map(\.step))
        for (a, b) in zip(stencil.curves, dense.curves) {
            expectClose(b.maxError, a.maxError, relative: 1e-10)
            #expect(b.flops == a.sweeps * 2 * 63 * 63)
            #expect(a.flops == a.sweeps * 3 * 63)
        }
    }

    /// A small network (1-10-10-1, Ritz, Adam) and Jacobi on the sine problem, 65 grid points.
    static func networkSetup(steps: Int = 60, switchAt: [Int] = [0, 25, 60]) throws -> HybridSetup {
        let problem = ReferenceProblems.sine()
        let discrete = try DiscretePoisson(problem: problem, pointCount: 65)
        var generator = SeededGenerator(seed: 11)
        let network = try MultilayerPerceptron(architecture: NetworkArchitecture(hiddenWidths: [10, 10]),
                                               initialization: GaussianInitialization(weightStandardDeviation: 1,
                                                                                      biasStandardDeviation: 1),
                                               using: &generator)
        let trainer = try RitzTrainer(network: network, problem: problem, trainingPoints: problem.grid(pointCount: 33),
                                      loss: .ritz(penalty: 100), optimizer: .adam(learningRate: 1e-2))
        return HybridSetup(discrete: discrete, reference: discrete.directSolution(),
                           network: .init(trainer: trainer, steps: steps), solver: .init(method: .jacobi(weight: 1), maxSweeps: 200),
                           switchAt: switchAt, every: 10, sineModes: [1, 2], peaks: .largest(1), tolerance: 1e-12)
    }

    /// A hybrid run starts from the one training trajectory: its rows before the switch step are
    /// the network run's, its hand-over row is the network on the grid with the Dirichlet values
    /// imposed, and its clocks include the evaluation on the grid.
    @Test func hybridRunsShareTheTrainingTrajectory() throws {
        let setup = try Self.networkSetup()
        let discrete = setup.discrete
        let trainer = try #require(setup.network).trainer
        let result = try HybridDriver(setup: setup).run()
        #expect(result.runs.map(\.kind.name) == ["dnn", "solver", "hybrid@25", "hybrid@60"])
        let dnn = result.runs[0], hybrid = result.runs[2]
        let prefix = dnn.curves.filter { $0.step < 25 }
        #expect(prefix.map(\.step) == [0, 10, 20])
        for (a, b) in zip(prefix, hybrid.curves) {
            #expect(a.step == b.step && a.flops == b.flops && a.seconds == b.seconds && a.maxError == b.maxError)
        }
        let handOver = hybrid.curves[prefix.count]
        #expect(handOver.step == 25 && handOver.phase == .solver && handOver.sweeps == 0 && handOver.loss == nil)
        // Replay training independently to step 25 and evaluate on the grid.
        var replay = trainer
        for _ in 0..<25 { try replay.step() }
        var values = replay.values(on: discrete.grid)
        discrete.imposeBoundary(on: &values)
        #expect(handOver.maxError == GridNorms.maxDifference(values, setup.reference))
        #expect(handOver.flops == replay.flopCount + replay.network.evaluationFlops(pointCount: 65, withDerivatives: false))
        // Every solver phase continues in whole sweeps from its hand-over.
        for row in hybrid.curves where row.phase == .solver { #expect(row.step == 25 + row.sweeps && row.dnnSteps == 25) }
    }

    /// Stopping on request keeps what was recorded and marks the run interrupted. A solver phase
    /// asks between blocks of steps, which end at every check (every min(every, 2^18 / points) =
    /// 50 sweeps on this small grid) and every record (every 50): one block per 50 sweeps, so the
    /// 41st request comes after 2000.
    @Test func shouldStopInterruptsAfterTheCurrentBlock() throws {
        let setup = try Self.solverSetup(maxSweeps: 100_000, tolerance: 1e-12)
        var calls = 0
        let result = try HybridDriver(setup: setup).run(shouldStop: { calls += 1; return calls > 40 })
        #expect(result.interrupted)
        let run = result.runs[0]
        #expect(run.status == .interrupted)
        #expect(run.curves.last?.step == 2000)
        #expect(run.curves.map(\.step) == Array(stride(from: 0, through: 2000, by: 50)))
    }

    /// The network phase asks before every training step: a training step costs far more than
    /// the question, and a stop request should not wait for the next record.
    @Test func shouldStopInterruptsTrainingAfterTheCurrentStep() throws {
        let setup = try Self.networkSetup(steps: 60, switchAt: [])
        var calls = 0
        let result = try HybridDriver(setup: setup).run(shouldStop: { calls += 1; return calls > 23 })
        let dnn = result.runs[0]
        #expect(dnn.status == .interrupted && result.interrupted)
        #expect(dnn.curves.map(\.step) == [0, 10, 20, 23])
        #expect(result.runs.count == 1, "no solver run starts after an interruption")
    }
}

@Suite struct LogSpacedRecordingTests {
    /// `recordsPerDecade` adds the steps round(10^(i/d)) of each phase to the every-k records.
    @Test func solverPhaseRecordsLogSpacedSweeps() throws {
        var setup = try HybridDriverTests.solverSetup(maxSweeps: 2000, every: 1000, tolerance: 1e-14)
        setup.recordsPerDecade = 4
        let run = try #require(try HybridDriver(setup: setup).run().runs.first)
        #expect(run.curves.map(\.step) == [0, 1, 2, 3, 6, 10, 18, 32, 56, 100, 178, 316, 562, 1000, 1778, 2000])
        // The modes are recorded at the same steps.
        #expect(Set(run.modes.map(\.record.step)) == Set(run.curves.map(\.step)))
    }
}
