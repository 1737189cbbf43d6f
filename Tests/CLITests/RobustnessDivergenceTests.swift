import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A run whose numbers blow up stops at its first non-finite value; the other runs of the case
/// go on; the manifest says `diverged` with the step; what was recorded is written (curves up
/// to the last finite step, figures and report showing the status); exit status 3.
@Suite struct RobustnessDivergenceTests {
    /// The manifest's runs by name.
    static func runs(in output: URL) throws -> (status: String?, runs: [String: [String: Any]]) {
        let manifest = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: output.appendingPathComponent("manifest.json"))) as? [String: Any])
        let list = try #require(manifest["runs"] as? [[String: Any]])
        var byName: [String: [String: Any]] = [:]
        for run in list { byName[try #require(run["run"] as? String)] = run }
        return (manifest["status"] as? String, byName)
    }

    /// Curves end at the run's last step, every cell is a finite number or empty, and the
    /// modes of the run go no further.
    static func expectRecordedUpTo(_ lastStep: Int, run: String, in output: URL,
                                   sourceLocation: SourceLocation = #_sourceLocation) throws {
        let curves = try CSVFile(contentsOf: output.appendingPathComponent("curves.csv")).records.filter { $0["run"] == run }
        let steps = curves.compactMap { Int($0["step"]!) }
        #expect(steps.count == curves.count && steps == steps.sorted() && steps.first == 0,
                "\(run): steps \(steps.prefix(5))…", sourceLocation: sourceLocation)
        #expect(steps.last == lastStep, "\(run): last curve row at \(steps.last ?? -1), manifest says \(lastStep)",
                sourceLocation: sourceLocation)
        for row in curves {
            for column in ["flops", "seconds", "loss", "max_error", "l2_error", "residual_max"] {
                let cell = row[column] ?? ""
                #expect(cell.isEmpty || Double(cell)?.isFinite == true, "\(run) step \(row["step"]!): \(column) = '\(cell)'",
                        sourceLocation: sourceLocation)
            }
        }
        let modes = try CSVFile(contentsOf: output.appendingPathComponent("modes.csv")).records.filter { $0["run"] == run }
        #expect(modes.compactMap { Int($0["step"]!) }.max() == lastStep, sourceLocation: sourceLocation)
        for file in ["curves.csv", "modes.csv", "summary.csv", "solution.csv"] {
            let text = try String(contentsOf: output.appendingPathComponent(file), encoding: .utf8).lowercased()
            #expect(!text.contains("nan") && !text.contains("inf"), "\(file) holds nan or inf", sourceLocation: sourceLocation)
        }
    }

    /// Every SVG parses as XML with finite coordinates, each named figure mentions `word`, and
    /// so does the report.
    static func expectFiguresShow(_ word: String, in output: URL, figures: [String],
                                  sourceLocation: SourceLocation = #_sourceLocation) throws {
        let folder = output.appendingPathComponent("figures")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".svg") }
        #expect(names.contains("solution.svg") && names.contains("hybrid.svg"), "\(names)", sourceLocation: sourceLocation)
        for name in names {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            let checker = SVGChecker()
            let parser = XMLParser(data: data)
            parser.delegate = checker
            #expect(parser.parse(), "\(name) is not well-formed XML: \(String(describing: parser.parserError))",
                    sourceLocation: sourceLocation)
            #expect(checker.nonFinite.isEmpty, "\(name): non-finite attributes \(checker.nonFinite.prefix(3))",
                    sourceLocation: sourceLocation)
            if figures.contains(name) {
                #expect(String(decoding: data, as: UTF8.self).contains(word), "\(name) does not show '\(word)'",
                        sourceLocation: sourceLocation)
            }
        }
        let report = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.contains(word), "report.html does not show '\(word)'", sourceLocation: sourceLocation)
    }

    /// (a) Plain gradient descent with step 1 overflows the network's loss after a few dozen
    /// steps. The solver, and the hybrid that left the network before that step, are untouched;
    /// the hybrid that would leave it later shares the network's fate.
    @Test func divergingNetworkStopsAloneAndIsRecorded() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let output = work.appendingPathComponent("out")
        let outcome = try CLI.run(["run", CLI.fixture("diverging-network.yaml").path, "--output", output.path, "--quiet"])
        #expect(outcome.status == 3, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("diverged: results in \(output.path)"), "\(outcome.stderr)")

        let (status, runs) = try Self.runs(in: output)
        #expect(status == "diverged")
        let dnn = try #require(runs["dnn"])
        #expect(dnn["status"] as? String == "diverged")
        let step = try #require(dnn["diverged_at"] as? Int)
        // The scenario needs the blow-up between the two switch points (10 and 200).
        try #require(step > 10 && step < 200, "diverged at \(step)")
        #expect(dnn["last_step"] as? Int == step - 1)
        #expect(outcome.stderr.contains("run dnn diverged at step \(step)"), "\(outcome.stderr)")
        try Self.expectRecordedUpTo(step - 1, run: "dnn", in: output)

        let solver = try #require(runs["solver"])
        #expect(solver["status"] as? String == "complete")
        #expect(solver["steps_to_tol"] as? Int != nil, "the solver alone still reaches the tolerance")
        let early = try #require(runs["hybrid@10"])
        #expect(early["status"] as? String == "complete")
        #expect((early["last_step"] as? Int ?? 0) > 10, "hybrid@10 ran its solver phase")
        let late = try #require(runs["hybrid@200"])
        #expect(late["status"] as? String == "diverged" && late["diverged_at"] as? Int == step)
        try Self.expectRecordedUpTo(step - 1, run: "hybrid@200", in: output)

        try Self.expectFiguresShow("diverged at step \(step)", in: output, figures: ["hybrid.svg", "modes-dnn.svg"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == ["out"], "staging folder left behind")
    }

    /// (b) Weighted Jacobi with ω = 1.9 amplifies the high sine modes by
    /// `ρ_k = |1 − ω(1 − cos(kπ/(N+1)))|` per sweep (ρ_N ≈ 2.80 for N = 63), so the iterate
    /// overflows within a few hundred sweeps: log(1.8e308/1e-16)/log 2.79 ≈ 730. The network
    /// run is untouched; every solver-phase run diverges at its own step.
    @Test func unstableSolverDivergesQuickly() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let output = work.appendingPathComponent("out")
        let outcome = try CLI.run(["run", CLI.fixture("small.yaml").path, "--output", output.path, "--quiet",
                                   "--set", "solver.method=weighted-jacobi", "--set", "solver.omega=1.9"])
        #expect(outcome.status == 3, "\(outcome.stderr)")
        let (status, runs) = try Self.runs(in: output)
        #expect(status == "diverged")
        #expect(runs["dnn"]?["status"] as? String == "complete")
        for (name, start) in [("solver", 0), ("hybrid@40", 40), ("hybrid@100", 100)] {
            let run = try #require(runs[name])
            #expect(run["status"] as? String == "diverged", "\(name): \(run)")
            let step = try #require(run["diverged_at"] as? Int)
            // Round-off seeds every mode, so overflow comes within ~730 sweeps of the hand-over.
            #expect(step > start && step - start < 2_000, "\(name) diverged at step \(step)")
            #expect(run["last_step"] as? Int == step - 1)
            try Self.expectRecordedUpTo(step - 1, run: name, in: output)
        }

        // Over the last recorded sweeps the max error grows by the largest factor present: the
        // source is odd, so the error lives in the even modes and mode N = 63 enters only from
        // round-off; the observed factor lies between ρ_{N−1} and ρ_N.
        let n = 63.0, omega = 1.9
        let rho = { (k: Double) in abs(1 - omega * (1 - cos(k * .pi / (n + 1)))) }
        let solverRows = try CSVFile(contentsOf: output.appendingPathComponent("curves.csv")).records
            .filter { $0["run"] == "solver" && Int($0["step"]!)! % 100 == 0 }
        let last = try #require(solverRows.last), earlier = solverRows[solverRows.count - 3]
        let sweeps = Double(Int(last["step"]!)! - Int(earlier["step"]!)!)
        let factor = pow(Double(last["max_error"]!)! / Double(earlier["max_error"]!)!, 1 / sweeps)
        #expect(factor > rho(n - 1) * 0.995 && factor < rho(n) * 1.005,
                "growth \(factor) per sweep, expected within [\(rho(n - 1)), \(rho(n))]")

        try Self.expectFiguresShow("diverged", in: output, figures: ["hybrid.svg", "modes-solver.svg"])
    }
}

/// Collects attributes of an SVG whose numeric value is not finite (nan, inf).
final class SVGChecker: NSObject, XMLParserDelegate {
    static let numeric: Set<String> = ["x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height",
                                       "d", "points", "transform", "viewBox"]
    var nonFinite: [String] = []

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String]) {
        for (name, value) in attributes where Self.numeric.contains(name) {
            let lower = value.lowercased()
            if lower.contains("nan") || lower.contains("inf") { nonFinite.append("\(elementName) \(name)=\"\(value)\"") }
        }
    }
}
