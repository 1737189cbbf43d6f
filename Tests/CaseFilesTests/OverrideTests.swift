import Foundation
import Testing
@testable import CaseFiles

/// `--set KEY=VALUE`: a dotted path into the YAML mapping, the value read as YAML, applied
/// before validation.
@Suite struct OverrideTests {
    func parse(_ overrides: [String]) throws -> CaseDefinition {
        try CaseLoader.parse(yaml: CaseFixtures.small, file: "small.yaml", overrides: overrides)
    }

    @Test func scalarOverride() throws {
        let d = try parse(["training.steps=200", "grid.points=33", "name=renamed"])
        #expect(d.training?.steps == 200 && d.grid.points == 33 && d.name == "renamed")
    }

    @Test func listAndFlowMappingOverrides() throws {
        let d = try parse(["hybrid.switch_at=[0,100]", "training.steps=100", "network.init={weight_std: 0.5}", "tracking.modes=all"])
        #expect(d.hybrid?.switchAt == [0, 100])
        #expect(d.network?.weightStd == 0.5 && d.network?.biasStd == 0.1, "the whole init mapping is replaced")
        #expect(d.tracking.modes == .all)
    }

    @Test func nestedOverrideCreatesMissingSections() throws {
        let d = try parse(["solver.multigrid.cycle=W", "solver.method=multigrid", "tracking.reference=exact"])
        #expect(d.solver?.multigrid.cycle == .w && d.solver?.method == .multigrid && d.tracking.reference == .exact)
    }

    @Test func laterOverrideWins() throws {
        #expect(try parse(["training.steps=60", "training.steps=70"]).training?.steps == 70)
    }

    @Test func nullRemovesAnOptionalKey() throws {
        let d = try parse(["problem.exact=null"])
        #expect(d.problem.exact == nil)
        let withoutHybrid = try parse(["hybrid=~"])
        #expect(withoutHybrid.hybrid == nil)
    }

    @Test func expressionsAreTakenVerbatim() throws {
        // YAML would read "- x^2 + 1" as a list; a text key takes it as written.
        let d = try parse(["problem.source=- x^2 + 1", "problem.exact=null"])
        #expect(d.problem.source == "- x^2 + 1")
        let error = try #require(throws: CaseError.self) { _ = try parse(["problem.source=sin(x): 2"]) }
        #expect(error.keyPath == "problem.source" && error.message.contains("column 7"), "\(error)")
    }

    @Test func unknownPathNamesSetAndSuggests() throws {
        let error = try #require(throws: CaseError.self) { _ = try parse(["training.optimizer.lerning_rate=0.1"]) }
        #expect(error.keyPath == "training.optimizer.lerning_rate")
        #expect(error.message == "--set training.optimizer.lerning_rate=0.1: unknown key 'lerning_rate' — did you mean 'learning_rate'?")
    }

    @Test func badValueSaysItCameFromSet() throws {
        let error = try #require(throws: CaseError.self) { _ = try parse(["solver.omega=3", "solver.method=weighted-jacobi"]) }
        #expect(error.keyPath == "solver.omega")
        #expect(error.message.hasSuffix("(from --set solver.omega)") && error.line == nil, "\(error)")
    }

    @Test func valueThatIsNotYAML() throws {
        let error = try #require(throws: CaseError.self) { _ = try parse(["network.widths=[1, 2"]) }
        #expect(error.keyPath == "network.widths" && error.message.contains("not valid YAML"))
    }
}
