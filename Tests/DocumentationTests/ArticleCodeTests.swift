import Foundation
import PoissonHybrid
import Testing

/// The articles' code compiles (it is `ArticleCode.swift`) and does what the articles say.
@Suite struct ArticleCodeTests {
    static let catalog = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/PoissonHybrid/PoissonHybrid.docc")

    /// Every ```swift block of every article appears verbatim in ArticleCode.swift, so the
    /// articles show only code that this target compiles.
    @Test(arguments: ["ReproducingFig4.md", "AddingASolver.md"])
    func articleCodeIsTheCompiledCode(article: String) throws {
        let text = try String(contentsOf: Self.catalog.appendingPathComponent(article), encoding: .utf8)
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("ArticleCode.swift"), encoding: .utf8)
        let blocks = text.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        #expect(blocks.count >= 2, "\(article) shows code")
        for block in blocks {
            #expect(source.contains(block), "\(article): a code block is not in ArticleCode.swift:\n\(block)")
        }
    }

    /// The Fig. 4 chain on a small budget: all runs present; Jacobi's highest tracked peak (8)
    /// converges before its lowest (1), as its eigenvalues say.
    @Test func figureFourChainRuns() throws {
        let result = try paperExperiment(gridPoints: 129, widths: [20, 20], trainingSteps: 100, switchAt: [0, 50])
        #expect(result.runs.map(\.kind.name) == ["dnn", "solver", "hybrid@50"])
        let solver = try #require(peakConvergence(of: result)["solver"])
        let peak8 = try #require(solver[8]), peak1 = try #require(solver[1])
        #expect(peak8 < peak1)
    }

    /// SOR with the optimal weight reaches 1e-10 in O(N) sweeps, far fewer than Gauss–Seidel's
    /// O(N²), at the exact first step (checked by stepping an independent copy).
    @Test func sorThroughTheDriver() throws {
        let run = try runSOR(gridPoints: 65)
        let hit = try #require(run.toleranceHit)
        let discrete = try DiscretePoisson(problem: PoissonProblem(lower: 0, upper: 1,
                                                                   source: ScalarFunction(expression: "pi^2*sin(pi*x)")),
                                           pointCount: 65)
        let reference = discrete.directSolution()
        var sor = SORSolver(problem: discrete, weight: 2 / (1 + sin(Double.pi / 64)))
        var first = 0
        while GridNorms.maxDifference(sor.iterate, reference) > 1e-10 { try sor.step(); first += 1 }
        #expect(hit.step == first && hit.flops == first * 6 * 63)
        var gaussSeidel = try GaussSeidelSolver(problem: discrete)
        var gaussSeidelSteps = 0
        while GridNorms.maxDifference(gaussSeidel.iterate, reference) > 1e-10 { try gaussSeidel.step(); gaussSeidelSteps += 1 }
        #expect(first * 10 < gaussSeidelSteps, "SOR \(first) sweeps, Gauss–Seidel \(gaussSeidelSteps)")
    }
}
