import Foundation
import Testing
@testable import CaseFiles

/// Optional keys take the documented defaults (`CaseKeyTable`, `Cases/README.md`).
@Suite struct DefaultsTests {
    func fixture(_ name: String) throws -> CaseDefinition {
        try CaseLoader.load(file: CaseFixtures.resourceDirectory("GoodCases").appendingPathComponent(name).path)
    }

    @Test func minimalCaseRunsTheDefaultSolverOnly() throws {
        let d = try fixture("minimal.yaml")
        #expect(d.name == "minimal" && d.description == "")
        #expect(d.problem == ProblemDefinition(lower: 0, upper: 1, source: "2", exact: nil, lowerValue: 0, upperValue: 0))
        #expect(d.grid.points == 101 && d.grid.interiorCount == 99)
        #expect(d.network == nil && d.training == nil && d.hybrid == nil)
        let solver = try #require(d.solver)
        let multigrid = MultigridDefinition(cycle: .v, preSmooth: 2, postSmooth: 1, smoother: .weightedJacobi)
        #expect(solver == SolverDefinition(method: .jacobi, omega: 1, storage: .stencil, multigrid: multigrid,
                                           maxSweeps: 1_000_000, tolerance: 1e-4))
        #expect(d.tracking == TrackingDefinition(every: 50, reference: .discrete, peaks: .count(3),
                                                 modes: .list([1, 2, 4, 8, 16, 32, 64])))
    }

    @Test func networkAndTrainingDefaults() throws {
        let d = try fixture("network-only.yaml")
        #expect(d.solver == nil && d.hybrid == nil)
        #expect(d.network == NetworkDefinition(widths: [200, 200, 100], activation: .tanh, weightStd: 0.1, biasStd: 0.1, seed: 1))
        #expect(d.training == TrainingDefinition(points: nil, loss: .ritz, penalty: 1000, optimizer: .adam, learningRate: 1e-4,
                                                 beta1: 0.9, beta2: 0.999, epsilon: 1e-8, steps: 1000))
        #expect(try d.makeTrainingGrid()?.pointCount == 41)
    }

    @Test func hybridSwitchDefaultsToQuartersOfTraining() throws {
        let d = try CaseLoader.parse(yaml: CaseFixtures.small, file: "s.yaml", overrides: ["hybrid={}", "training.steps=1000"])
        #expect(d.hybrid?.switchAt == [0, 250, 500, 1000])
        #expect(CaseDefaults.switchAt(steps: 0) == [0])
        #expect(CaseDefaults.switchAt(steps: 2) == [0, 1, 2])
    }

    @Test func omegaDefaultsToTwoThirdsWhereWeightedJacobiIsUsed() throws {
        let weighted = try CaseLoader.parse(yaml: CaseFixtures.small, file: "s.yaml", overrides: ["solver.method=weighted-jacobi"])
        #expect(weighted.solver?.omega == 2.0 / 3.0)
        let multigrid = try CaseLoader.parse(yaml: CaseFixtures.small, file: "s.yaml", overrides: ["solver.method=multigrid"])
        #expect(multigrid.solver?.omega == 2.0 / 3.0)
        let gaussSeidelSmoother = try CaseLoader.parse(yaml: CaseFixtures.small, file: "s.yaml",
                                                       overrides: ["solver.method=multigrid", "solver.multigrid.smoother=gauss-seidel"])
        #expect(gaussSeidelSmoother.solver?.omega == 1)
    }

    @Test func everyKeyGivenIsKept() throws {
        let d = try fixture("full.yaml")
        #expect(d.name == "full.case_1" && d.description == "Every key set")
        #expect(d.problem.domain == (-2, 3) && d.problem.boundary == (1, 2))
        #expect(d.network == NetworkDefinition(widths: [16, 8], activation: .sigmoid, weightStd: 0.25, biasStd: 0, seed: .max))
        #expect(d.training == TrainingDefinition(points: 33, loss: .ritz, penalty: 50.5, optimizer: .adam, learningRate: 0.003,
                                                 beta1: 0.8, beta2: 0.99, epsilon: 1e-6, steps: 400))
        #expect(d.solver == SolverDefinition(method: .multigrid, omega: 0.5, storage: .stencil,
                                             multigrid: MultigridDefinition(cycle: .w, preSmooth: 3, postSmooth: 0, smoother: .weightedJacobi),
                                             maxSweeps: 30, tolerance: 1e-9))
        #expect(d.hybrid?.switchAt == [0, 100, 300], "stored ascending")
        #expect(d.tracking == TrackingDefinition(every: 7, reference: .exact, peaks: .indices([2, 5]), modes: .list([63, 1, 7])))
    }

    @Test func lenientSpellings() throws {
        let d = try fixture("spellings.yaml")
        #expect(d.description == "Two lines\nof description.\n")
        #expect(d.problem.upper == 1.5 && d.problem.source == "3" && d.problem.exact == nil)
        #expect(d.grid.points == 1001)
        #expect(d.network?.activation == .relu)
        #expect(d.training?.optimizer == .gradientDescent && d.training?.learningRate == 0.01 && d.training?.steps == 2000)
        #expect(d.solver?.method == .weightedJacobi && d.solver?.storage == .dense && d.solver?.maxSweeps == 1_000_000)
        #expect(d.tracking.modes == .all && d.tracking.peaks == .count(4))
        #expect(!d.resolvedYAML.contains("beta1"), "Adam's constants are not printed for gradient descent")
    }
}
