import Foundation
import Testing
@testable import CaseFiles

/// The corpus of broken cases (`BadCases/*.yaml`): each must be refused with exactly the key
/// path its header names and a message containing the expected fragment, as one line naming
/// the file.
@Suite struct BadCaseTests {
    @Test func corpusHasAtLeastFiftyCases() {
        #expect(CaseFixtures.badCases.count >= 50, "\(CaseFixtures.badCases.count) bad cases")
    }

    @Test(arguments: CaseFixtures.badCases)
    func badCaseIsRefusedWithItsKeyPath(_ name: String) throws {
        let url = CaseFixtures.resourceDirectory("BadCases").appendingPathComponent(name)
        let expected = try CaseFixtures.expectation(of: url)
        let error = try #require(throws: CaseError.self) {
            _ = try CaseLoader.load(file: url.path, overrides: expected.overrides)
        }
        #expect(error.file == url.path)
        #expect(error.keyPath == expected.keyPath, "\(error)")
        #expect(error.message.contains(expected.fragment), "\(error)")
        #expect(!error.description.contains("\n"), "one line: \(error)")
        #expect(error.description.hasPrefix(url.path + ": "))
    }

    /// Errors in the file carry the line of the offending key or value.
    @Test func errorsCarryTheLine() throws {
        let yaml = """
            name: lines
            problem:
              domain: [0, 1]
              source: "1"
            grid:
              points: 2
            """
        let error = try #require(throws: CaseError.self) { _ = try CaseLoader.parse(yaml: yaml, file: "lines.yaml") }
        #expect(error.line == 6)
        #expect(error.description == "lines.yaml: grid.points: must be ≥ 3 (both boundary points and at least one unknown), got 2 (line 6)")
        let syntax = try #require(throws: CaseError.self) {
            _ = try CaseLoader.parse(yaml: "name: a\nproblem: [0, 1\ngrid: 3\n", file: "s.yaml")
        }
        #expect(syntax.keyPath == "" && syntax.line != nil && syntax.description.hasPrefix("s.yaml: invalid YAML"))
    }

    @Test func memoryGuardUsesTheGivenLimitAndReportsTheEstimate() throws {
        let limit = ResourceLimit(memoryBytes: 1e6, source: "test limit")
        let error = try #require(throws: CaseError.self) {
            _ = try CaseLoader.parse(yaml: CaseFixtures.small, file: "m.yaml", overrides: ["network.widths=[4000, 500, 400]"], limit: limit)
        }
        #expect(error.keyPath == "network.widths")
        #expect(error.message.contains("MB"), "\(error)")
        #expect(error.message.contains("1 MB available (test limit)"), "\(error)")
        // The same case fits a larger limit.
        _ = try CaseLoader.parse(yaml: CaseFixtures.small, file: "m.yaml", overrides: ["network.widths=[4000, 500, 400]"],
                                 limit: ResourceLimit(memoryBytes: 1e9, source: "test"))
    }

    /// The estimate for the paper's network at 1001 points, from the documented formula:
    /// p = 2·4000 + 4001·500 + 501·400 + 401 = 2 209 301 parameters, S = 4900 hidden units,
    /// 8·(8·1001·4900 + 2·1001·4900 + (3 + 8 + 3)·p) bytes with 8 chunk gradients and 3
    /// snapshots; in float32 exactly half.
    @Test func resourceEstimateFollowsItsFormula() throws {
        let definition = try CaseLoader.load(file: CaseFixtures.casesDirectory + "/xu2019-fig4.yaml", limit: .unlimited)
        let estimate = ResourceEstimate(for: definition)
        let p: Double = 2_209_301
        let activations: Double = 8 * 1001 * 4900
        let gridPass: Double = 2 * 1001 * 4900
        let grid: Double = 8 * 16 * 1001 * 5
        #expect(definition.network?.parameterCount == p)
        #expect(estimate.networkBytes == 8 * (activations + gridPass + 14 * p))
        let single = try CaseLoader.load(file: CaseFixtures.casesDirectory + "/xu2019-fig4.yaml",
                                         overrides: ["network.precision=float32"], limit: .unlimited)
        #expect(ResourceEstimate(for: single).networkBytes == estimate.networkBytes / 2)
        // PINN: a second tangent stream, 12 instead of 8 scalars per training point and unit.
        let pinn = try CaseLoader.load(file: CaseFixtures.casesDirectory + "/xu2019-fig4.yaml",
                                       overrides: ["training.loss=pinn"], limit: .unlimited)
        #expect(ResourceEstimate(for: pinn).networkBytes == 8 * (12 * 1001 * 4900 + gridPass + 14 * p))
        // Fourier: 2K inputs to the first layer (p grows by 2K·4000 − 4000 weights) and the
        // embedding with its tangents, 3·1001·(2K + 1) scalars; K = 8.
        let fourier = try CaseLoader.load(file: CaseFixtures.casesDirectory + "/xu2019-fig4.yaml",
                                          overrides: ["network.architecture=fourier", "network.features={count: 8}"],
                                          limit: .unlimited)
        let pf = p + 15 * 4000
        #expect(fourier.network?.parameterCount == pf)
        #expect(ResourceEstimate(for: fourier).networkBytes == 8 * (activations + gridPass + 14 * pf + 3 * 1001 * 17))
        #expect(estimate.denseMatrixBytes == 0)
        #expect(estimate.gridBytes == grid)
        #expect(ResourceEstimate.format(bytes: 1_234_000_000) == "1.23 GB")
        #expect(ResourceEstimate.format(bytes: 12) == "12 B")
    }

    @Test(arguments: [
        ("learing_rate", ["name", "learning_rate", "beta1"], "learning_rate"),
        ("setps", ["points", "steps"], "steps"),
        ("Max-Sweeps", ["max_sweeps", "tolerance"], "max_sweeps"),
        ("widht", ["widths", "activation"], "widths"),
    ])
    func suggestsTheClosestKey(typed: String, valid: [String], expected: String) {
        #expect(CaseSchema.closest(to: typed, among: valid) == expected)
    }

    @Test func noSuggestionForAnUnrelatedWord() {
        #expect(CaseSchema.closest(to: "colour", among: ["points"]) == nil)
        #expect(CaseSchema.editDistance(Array("ab"), Array("ba")) == 1)
        #expect(CaseSchema.editDistance(Array("kitten"), Array("sitting")) == 3)
    }

    /// Exactly one error even with many problems: the first in the documented order.
    @Test func firstErrorInSchemaOrderWins() throws {
        let error = try #require(throws: CaseError.self) {
            _ = try CaseLoader.parse(yaml: CaseFixtures.small, file: "o.yaml",
                                     overrides: ["tracking.every=0", "solver.tolerance=-1", "grid.points=2"])
        }
        #expect(error.keyPath == "grid.points")
    }
}

extension BadCaseTests {
    /// A key or value holding a line break still gives a one-line description.
    @Test func descriptionStaysOnOneLine() throws {
        let yaml = CaseFixtures.small + "\n\"two\\nlines\": 1\n"
        let error = try #require(throws: CaseError.self) { _ = try CaseLoader.parse(yaml: yaml, file: "n.yaml") }
        #expect(error.keyPath == "two\nlines")
        #expect(error.description == "n.yaml: two\\nlines: unknown key 'two\\nlines' (valid keys at the top level: name, description, "
                + "problem, grid, network, training, solver, hybrid, tracking) (line 16)")
    }
}
