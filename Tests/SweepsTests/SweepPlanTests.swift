import CaseFiles
import Foundation
import Sweeps
import Testing

/// Sweep files into points: the cartesian product and zip groups, values as `--set` text, stable
/// ids, and the memory check of the largest point × jobs.
@Suite struct SweepPlanTests {
    static let base = """
        name: base
        problem: {domain: [-1, 1], source: "sin(x)", boundary: [0, 0]}
        grid: {points: 65}
        solver: {method: weighted-jacobi, max_sweeps: 100, tolerance: 1.0e-3}
        """

    /// A sweep over an inline copy of `base` with the given axes/zip text.
    static func sweep(_ body: String) throws -> SweepFile {
        let inline = base.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        return try SweepFileLoader.parse(yaml: "name: s\ncase:\n\(inline)\n\(body)", file: "s.yaml", casesDirectory: "/nonexistent")
    }

    @Test func axesMultiplyAndZipGroupsGoTogetherLastDimensionFastest() throws {
        let sweep = try Self.sweep("""
            axes:
              grid.points: [65, 129]
              solver.omega: [1.0, 0.8]
            zip:
              - {solver.max_sweeps: [10, 20, 30], solver.tolerance: [1.0e-2, 1.0e-3, 1.0e-4]}
            """)
        #expect(sweep.keys == ["grid.points", "solver.omega", "solver.max_sweeps", "solver.tolerance"])
        #expect(sweep.pointCount == 12)
        let plan = try SweepPlan.make(sweep, baseFile: "case.yaml", jobs: 1, limit: .unlimited)
        #expect(plan.points.count == 12)
        #expect(plan.points[0].overrides == ["grid.points=65", "solver.omega=1.0", "solver.max_sweeps=10", "solver.tolerance=1.0e-2"])
        #expect(plan.points[1].values == ["65", "1.0", "20", "1.0e-3"])
        #expect(plan.points[3].values == ["65", "0.8", "10", "1.0e-2"])
        #expect(plan.points[11].values == ["129", "0.8", "30", "1.0e-4"])
        #expect(plan.cases[11].grid.points == 129 && plan.cases[11].solver?.maxSweeps == 30)
    }

    @Test func idsFollowTheResolvedCaseNotTheOrderOfTheFile() throws {
        let forward = try SweepPlan.make(try Self.sweep("axes:\n  grid.points: [65, 129]\n  solver.omega: [1.0, 0.8]"),
                                         baseFile: "c", jobs: 1, limit: .unlimited)
        let reversed = try SweepPlan.make(try Self.sweep("axes:\n  solver.omega: [0.8, 1.0]\n  grid.points: [129, 65]"),
                                          baseFile: "c", jobs: 1, limit: .unlimited)
        #expect(Set(forward.points.map(\.id)) == Set(reversed.points.map(\.id)))
        #expect(forward.points[0].id == reversed.points[3].id)
        #expect(forward.points.allSatisfy { $0.id.count == 16 && $0.id.allSatisfy(\.isHexDigit) })
    }

    @Test func stringsWithShellOrYAMLCharactersAreQuotedForSet() throws {
        let sweep = try Self.sweep("axes:\n  description: [\"$(touch x); rm -rf ~\", 'a: b # c', plain]")
        let values = sweep.dimensions[0].values.map { $0[0] }
        #expect(values[0].yaml == "\"$(touch x); rm -rf ~\"" && values[0].text == "$(touch x); rm -rf ~")
        #expect(values[1].yaml == "\"a: b # c\"")
        #expect(values[2].yaml == "plain", "a plain word is passed as written")
        let plan = try SweepPlan.make(sweep, baseFile: "c", jobs: 1, limit: .unlimited)
        #expect(plan.cases.map(\.description) == ["$(touch x); rm -rf ~", "a: b # c", "plain"])
    }

    @Test func theLargestPointTimesTheJobsMustFitInMemory() throws {
        let sweep = try Self.sweep("axes:\n  grid.points: [65, 4097]")
        let plan = try SweepPlan.make(sweep, baseFile: "c", jobs: 1, limit: .unlimited)
        let largest = ResourceEstimate(for: plan.cases[1]).totalBytes
        let limit = ResourceLimit(memoryBytes: largest * 2.5, source: "a test limit")
        #expect(throws: Never.self) { try plan.checkMemory(jobs: 2, limit: limit) }
        #expect {
            try plan.checkMemory(jobs: 3, limit: limit)
        } throws: { error in
            let text = "\(error)"
            return text.contains("point 2 (grid.points=4097)") && text.contains("use --jobs 2 or fewer") && text.contains("a test limit")
        }
    }

    @Test func aPointsCaseErrorNamesThePointItsOverridesAndTheKey() throws {
        let sweep = try Self.sweep("axes:\n  grid.points: [65, 1]")
        #expect {
            _ = try SweepPlan.make(sweep, baseFile: "c", jobs: 1, limit: .unlimited)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("s.yaml: point 2 of 2 (grid.points=1): ") && text.contains("grid.points: must be ≥ 3")
        }
    }

    @Test func folderNamesCannotLeaveOutput() {
        for bad in ["", ".", "..", "../x", "a/b", "/tmp", ".hidden", "a b", "$(x)"] {
            #expect(SweepFileLoader.folderNameProblem(bad) != nil, "'\(bad)' accepted")
        }
        for good in ["crossover", "seeds-3", "v1.2_b"] { #expect(SweepFileLoader.folderNameProblem(good) == nil) }
    }
}

/// The report's statistics: quartiles, power-law fits and interpolated crossovers.
@Suite struct SweepStatisticsTests {
    @Test func quartilesInterpolateBetweenOrderStatistics() {
        #expect(SweepStatistics.quantile([3, 1, 2], 0.5) == 2)
        #expect(SweepStatistics.quantile([1, 2, 3, 4], 0.25) == 1.75)
        #expect(SweepStatistics.quantile([1, 2, 3, 4], 0.75) == 3.25)
        #expect(SweepStatistics.quantile([], 0.5) == nil)
    }

    @Test func anExactPowerLawIsRecovered() throws {
        let x = [1001.0, 2049, 4097, 8193]
        let fit = try #require(SweepStatistics.powerLaw(x: x, y: x.map { 3e-2 * pow($0, 2.5) }))
        #expect(abs(fit.exponent - 2.5) < 1e-12)
        #expect(abs(fit.coefficient / 3e-2 - 1) < 1e-9)
        #expect(SweepStatistics.powerLaw(x: [5, 5], y: [1, 2]) == nil)
    }

    @Test func theCrossoverIsInterpolatedOnLogLogAxes() {
        // incumbent ∝ n², challenger constant: equal where n² = 10⁶ · 16 → n = 4000.
        let x = [1000.0, 2000, 8000, 16000]
        let incumbent: [Double?] = x.map { $0 * $0 }
        let challenger: [Double?] = x.map { _ in 1.6e7 }
        guard case .at(let n) = SweepStatistics.crossover(x: x, incumbent: incumbent, challenger: challenger) else {
            Issue.record("no crossover found"); return
        }
        #expect(abs(n - 4000) < 1e-6)
        #expect(SweepStatistics.crossover(x: x, incumbent: incumbent, challenger: incumbent.map { $0! * 2 }) == .none)
        #expect(SweepStatistics.crossover(x: x, incumbent: incumbent, challenger: incumbent.map { $0! / 2 }) == .atOrBelow(1000))
    }
}
