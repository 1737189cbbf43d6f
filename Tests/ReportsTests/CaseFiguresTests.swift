import CaseBinding
import CaseFiles
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Hybrid
import Reports
import Testing

/// Collects element names and `class` attributes of an SVG while parsing it.
final class SVGInventory: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var classes: Set<String> = []
    var texts = ""
    var rootHasNamespace = false

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if elements.isEmpty { rootHasNamespace = attributes["xmlns"] == "http://www.w3.org/2000/svg" }
        elements.append(name)
        if let c = attributes["class"] { classes.insert(c) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { texts += string }
}

@Suite struct CaseFiguresTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CLITests/Fixtures/small.yaml").path

    static func run(overrides: [String] = []) throws -> (HybridSetup, HybridResult, CaseDefinition) {
        let definition = try CaseLoader.load(file: fixture, overrides: overrides)
        let setup = try HybridSetup(case: definition)
        return (setup, try HybridDriver(setup: setup).run(), definition)
    }

    static func figures(_ setup: HybridSetup, _ result: HybridResult) throws -> [CaseFigures.Figure] {
        try CaseFigures(result: result).render()
    }

    static func inventory(_ svg: String) -> (SVGInventory, Bool) {
        let parser = XMLParser(data: Data(svg.utf8))
        let inventory = SVGInventory()
        parser.delegate = inventory
        return (inventory, parser.parse())
    }

    /// Issue 6, acceptance 1: every figure of a run is valid XML with a title, both axes and a
    /// legend (line plots) or colour bar (heat maps).
    @Test func everyFigureParsesAndHasTitleAxesAndLegend() throws {
        let (setup, result, _) = try Self.run(overrides: ["tracking.filter.delta=0.01"])
        let figures = try Self.figures(setup, result)
        let names = Set(figures.map(\.name))
        for expected in ["solution.svg", "dnn-peaks.svg", "solver-peaks.svg", "hybrid.svg", "hybrid-work.svg",
                         "filter.svg", "modes-dnn.svg", "modes-solver.svg", "modes-hybrid-40.svg", "modes-hybrid-100.svg"] {
            #expect(names.contains(expected), "\(expected) missing")
        }
        for figure in figures {
            let (inventory, ok) = Self.inventory(figure.svg)
            #expect(ok, "\(figure.name) is not well-formed XML")
            #expect(inventory.rootHasNamespace, "\(figure.name): no SVG namespace")
            #expect(inventory.elements.first == "svg" && inventory.elements.contains("title"), "\(figure.name)")
            #expect(inventory.classes.contains("axis x") && inventory.classes.contains("axis y"), "\(figure.name): axes")
            #expect(inventory.classes.contains("legend") || inventory.classes.contains("colorbar"), "\(figure.name): legend")
            #expect(!inventory.classes.contains("status"), "\(figure.name): a complete run has no status banner")
        }
        // The hybrid figure names every run in its legend.
        let hybrid = try #require(figures.first { $0.name == "hybrid.svg" })
        let texts = Self.inventory(hybrid.svg).0.texts
        for run in ["dnn", "solver", "hybrid@40", "hybrid@100"] { #expect(texts.contains(run)) }
    }

    /// Issue 6, acceptance 3: a diverged run's figures still render what was recorded, with the
    /// status shown; the report says so too.
    @Test func divergedRunsRenderWithTheirStatus() throws {
        let (setup, result, definition) = try Self.run(overrides: ["training.optimizer.name=gradient-descent", "training.optimizer.learning_rate=1e4"])
        let dnn = try #require(result.runs.first { $0.kind == .dnn })
        guard case .diverged(let step, _) = dnn.status else {
            Issue.record("expected the network to diverge, got \(dnn.status)")
            return
        }
        #expect(!dnn.curves.isEmpty && dnn.curves.allSatisfy { $0.step < step })
        let solver = try #require(result.runs.first { $0.kind == .solver })
        #expect(solver.status == .complete, "the solver run carries on")
        let figures = try Self.figures(setup, result)
        let peaks = try #require(figures.first { $0.name == "dnn-peaks.svg" })
        let (inventory, ok) = Self.inventory(peaks.svg)
        #expect(ok && inventory.classes.contains("status"))
        #expect(inventory.texts.contains("diverged at step \(step)"))
        let manifest = Manifest(version: "test", gitCommit: nil, caseName: definition.name, caseFile: nil,
                                resolvedCase: definition.resolvedYAML, overrides: [], seed: 3, threads: 1, blasCore: nil,
                                startTime: "", endTime: "", wallSeconds: 0, status: "diverged",
                                runs: Manifest.entries(for: result), peaks: result.peaks)
        let html = HTMLReport(title: "small", description: "", manifest: manifest, result: result,
                              figures: figures.map { ($0.name, $0.caption, $0.svg) }).html()
        #expect(html.contains("diverged at step \(step)"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("<script"), "the report needs no JavaScript")
        // Nothing is fetched: no external src/href (the SVG namespace URI is not a fetch).
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("url(http"),
                "nothing is fetched")
    }
}
