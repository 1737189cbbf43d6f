import Foundation
import Testing
import PoissonCore
import TestSupport
@testable import CaseFiles

/// Every shipped case and every good fixture validates, prints a resolved YAML that reads back
/// to the same case, and maps to a working `PoissonProblem`.
@Suite struct GoodCaseTests {
    @Test func repositoryShipsTheRequiredCases() {
        let names = Set(CaseFixtures.repositoryCases)
        for required in ["default.yaml", "xu2019-fig4.yaml", "jacobi-modes.yaml", "multigrid.yaml",
                         "fprinciple-fit.yaml", "high-frequency.yaml"] {
            #expect(names.contains(required), "Cases/\(required) missing")
        }
    }

    @Test(arguments: CaseFixtures.repositoryCases)
    func repositoryCaseValidates(_ file: String) throws {
        let path = CaseFixtures.casesDirectory + "/" + file
        let definition = try CaseLoader.load(file: path)
        #expect(definition.name + ".yaml" == file, "the name matches the file so `run NAME` writes Output/NAME")
        #expect(!definition.description.isEmpty, "every shipped case says what it shows")
        try expectRoundTrip(definition, file: file)
    }

    /// The parameterised checks below pass vacuously on an empty list: the fixtures must be found.
    @Test func fixturesAreFound() {
        #expect(CaseFixtures.goodCases.count >= 4, "\(CaseFixtures.goodCases.count) good fixtures")
        #expect(CaseFixtures.repositoryCases.count >= 6, "\(CaseFixtures.repositoryCases.count) repository cases")
    }

    @Test(arguments: CaseFixtures.goodCases)
    func goodFixtureValidates(_ file: String) throws {
        let path = CaseFixtures.resourceDirectory("GoodCases").appendingPathComponent(file).path
        try expectRoundTrip(try CaseLoader.load(file: path), file: file)
    }

    /// `resolvedYAML` reads back to a case with the same resolved form (and the same value,
    /// up to `training.points`, which the resolved form writes out), and the JSON form parses.
    func expectRoundTrip(_ definition: CaseDefinition, file: String) throws {
        let yaml = definition.resolvedYAML
        let again = try CaseLoader.parse(yaml: yaml, file: "resolved-" + file)
        #expect(again.resolvedYAML == yaml)
        var normalized = definition
        normalized.training?.points = definition.training.map { $0.points ?? definition.grid.points }
        #expect(again == normalized)
        let json = try JSONSerialization.jsonObject(with: Data(definition.resolvedJSON.utf8)) as? [String: Any]
        #expect(json?["name"] as? String == definition.name)
        let encoded = try JSONEncoder().encode(definition)
        let decoded = try JSONSerialization.jsonObject(with: encoded) as? [String: Any]
        #expect((decoded?["grid"] as? [String: Any])?["points"] as? Int == definition.grid.points)
        _ = try definition.makeProblem()
    }

    /// The paper case's exact expression is the closed form of paper-facts §1: it agrees with
    /// TestSupport's closure to round-off, and solves −u'' = g to the finite-difference error.
    @Test func paperCaseExactMatchesTheReferenceProblem() throws {
        let definition = try CaseLoader.load(file: CaseFixtures.casesDirectory + "/default.yaml")
        let problem = try definition.makeProblem()
        let reference = ReferenceProblems.paper()
        let exact = try #require(problem.exact), referenceExact = try #require(reference.exact)
        for x in stride(from: -1.0, through: 1.0, by: 0.01) {
            // Same formula, evaluated in a different order: a few ulp of values of order 1.
            expectClose(exact(x), referenceExact(x), relative: 0, absolute: 1e-14, "x = \(x)")
            expectClose(problem.source(x), reference.source(x), relative: 0, absolute: 1e-13, "x = \(x)")
        }
        #expect(problem.lower == -1 && problem.upper == 1 && problem.lowerValue == 0 && problem.upperValue == 0)
    }

    @Test func resolvedYAMLIsDeterministicAndOrdered() throws {
        let definition = try CaseLoader.parse(yaml: CaseFixtures.small, file: "small.yaml")
        let expected = """
            name: "small"
            description: ""
            problem:
              domain: [0.0, 1.0]
              source: "pi^2*sin(pi*x)"
              exact: "sin(pi*x)"
              boundary: [0.0, 0.0]
            grid:
              points: 17
            network:
              widths: [8, 8]
              activation: tanh
              init:
                weight_std: 0.1
                bias_std: 0.1
              seed: 1
              precision: float64
              architecture: mlp
            training:
              points: 17
              loss: ritz
              penalty: 1000.0
              optimizer:
                name: adam
                learning_rate: 0.0001
                beta1: 0.9
                beta2: 0.999
                epsilon: 1e-08
              steps: 100
            solver:
              method: jacobi
              omega: 1.0
              storage: stencil
              multigrid:
                cycle: V
                pre_smooth: 2
                post_smooth: 1
                smoother: weighted-jacobi
              max_sweeps: 1000000
              tolerance: 0.0001
            hybrid:
              policy: fixed
              switch_at: [0, 50]
            tracking:
              every: 50
              reference: discrete
              peaks: 3
              modes: [1, 2, 4, 8]
              per_decade: 0

            """
        #expect(definition.resolvedYAML == expected)
    }

    @Test func textIsQuotedSafely() throws {
        let yaml = CaseFixtures.small.replacingOccurrences(of: "name: small", with: "name: small\ndescription: 'say \"hi\" \\\\ # not a comment'")
        let definition = try CaseLoader.parse(yaml: yaml, file: "q.yaml")
        #expect(definition.description == "say \"hi\" \\\\ # not a comment")
        let again = try CaseLoader.parse(yaml: definition.resolvedYAML, file: "q2.yaml")
        #expect(again.description == definition.description)
    }
}
