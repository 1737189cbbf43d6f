import Foundation
import Sweeps
import Testing

/// The sweep report on a synthetic sweep whose answers are known: the solver's cost grows as
/// size², a hybrid's is flat at 1.6·10⁷ flops, so they cross at size 4000 for every seed.
@Suite struct SweepReportTests {
    /// A sweep folder with points over `grid.points` × `network.seed` and hand-written summaries;
    /// with `autoFromZero`, each point also has a `hybrid@auto` that handed over from the zero
    /// guess at 0.9× the solver's cost (the solver alone, timed luckily).
    static func folder(autoFromZero: Bool = false) throws -> (SweepFolder, SweepRecord) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-report-\(UUID().uuidString)")
        let folder = SweepFolder(root: root)
        var entries: [SweepRecord.Entry] = []
        let header = "run,switch_at,steps_to_tol,flops_to_tol,seconds_to_tol,final_max_error,status,diverged_at,"
            + "extrapolated_steps_to_tol,extrapolated_flops_to_tol,extrapolated_seconds_to_tol\n"
        for (i, (size, seed)) in [1000.0, 2000, 8000, 16000].flatMap({ n in [1, 2].map { (n, $0) } }).enumerated() {
            let id = String(format: "%016x", i + 1)
            let point = folder.pointFolder(id)
            try FileManager.default.createDirectory(at: point, withIntermediateDirectories: true)
            try Data("{\"status\": \"complete\"}".utf8).write(to: point.appendingPathComponent("manifest.json"))
            let jitter = seed == 1 ? 1.0 : 1.1
            let solver = size * size * jitter
            var rows = ["solver,0,10,\(Int(solver)),\(solver * 1e-9),1e-4,complete,,,,",
                        "dnn,,,,,0.1,complete,,,,",
                        "hybrid@500,500,,,,2e-3,complete,,900,\(Int(1.6e7 * jitter)),\(1.6e7 * jitter * 1e-9)"]
            if autoFromZero {
                rows = rows.map { $0 + "," }
                rows.append("hybrid@auto,0,10,\(Int(0.9 * solver)),\(0.9 * solver * 1e-9),1e-4,complete,,,,,no-training/flops/zero")
            }
            let text = (autoFromZero ? header.dropLast() + ",decision\n" : Substring(header))
                + rows.joined(separator: "\n") + "\n"
            try Data(text.utf8).write(to: point.appendingPathComponent("summary.csv"))
            entries.append(.init(index: i, id: id, overrides: ["grid.points=\(Int(size))", "network.seed=\(seed)"],
                                 values: [String(Int(size)), String(seed)], folder: "points/\(id)", status: .complete, detail: nil))
        }
        let record = SweepRecord(sweep: "synthetic", description: "known answers", file: "s.yaml", base: "c.yaml",
                                 keys: ["grid.points", "network.seed"], options: .init(threads: 1, figures: false),
                                 slurm: nil, updated: "now", points: entries)
        return (folder, record)
    }

    @Test func theReportFitsThePowerLawAndFindsTheCrossover() throws {
        let (folder, record) = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder.root) }
        let table = try SweepTable(record: record, folder: folder)
        #expect(table.table.header.prefix(4) == ["grid.points", "network.seed", "point", "run"])
        #expect(table.rows.count == 8 * 3)
        let report = SweepReport(record: record, table: table)
        let figures = try report.figures()
        #expect(figures.map(\.name) == ["sweep-flops.svg", "sweep-seconds.svg"])
        let html = report.html(figures: figures)
        #expect(html.contains("A hybrid first beats the solver alone at grid.points ≈ 4000 (median over 2 seeds)"), "\(html)")
        #expect(html.contains("solver: cost ∝ grid.points^2.00"))
        #expect(html.contains("≈ 1.680e+07 [1.64e+07–1.72e+07]"), "the extrapolated median hybrid cost, marked, with its quartiles")
        #expect(html.contains("<td class=\"name\">best hybrid</td>") && html.contains("<td class=\"name\">solver</td>"))
        #expect(!html.contains("<script"))
        try SweepReportWriter.write(record: record, table: table, folder: folder)
        #expect(FileManager.default.fileExists(atPath: folder.root.appendingPathComponent("figures/sweep-flops.svg").path))
    }
}

/// A `hybrid@auto` that handed over from the zero guess is the solver alone: shown as its own
/// run, but never the "best hybrid", so it cannot move the crossover.
@Suite struct SweepReportAutoTests {
    @Test func anAutoRunFromZeroIsNoHybrid() throws {
        let (folder, record) = try SweepReportTests.folder(autoFromZero: true)
        defer { try? FileManager.default.removeItem(at: folder.root) }
        let table = try SweepTable(record: record, folder: folder)
        #expect(table.rows.count == 8 * 4)
        let report = SweepReport(record: record, table: table)
        let html = report.html(figures: try report.figures())
        #expect(html.contains("A hybrid first beats the solver alone at grid.points ≈ 4000 (median over 2 seeds)"), "\(html)")
        #expect(try report.figures().contains { $0.svg.contains("hybrid@auto") }, "hybrid@auto is still drawn")
    }
}

/// `sweep.csv` reads the points' tables back with RFC 4180 quoting.
@Suite struct SweepTableParsingTests {
    @Test func quotedCellsKeepCommasQuotesAndLineBreaks() {
        let rows = SweepTable.parse("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\n\"two\nlines\",,3\n")
        #expect(rows == [["a", "b", "c"], ["x, y", "say \"hi\"", ""], ["two\nlines", "", "3"]])
        #expect(SweepTable.parse("a,b") == [["a", "b"]], "a last line without a line break")
    }
}
