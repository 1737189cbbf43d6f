import Foundation
import Testing

/// `poisson-hybrid compare RUN_DIR GOLDEN_DIR`: exit 0 within tolerance, 1 on drift with a
/// report that names run, column and first diverging step, 2 on unusable input.
@Suite struct CompareCommandTests {
    /// One run of the small case, the "golden" every check edits a copy of.
    static let golden: Result<URL, any Error> = Result {
        let output = try CLI.temporaryDirectory().appendingPathComponent("golden")
        let outcome = try CLI.run(["run", CLI.fixture("small.yaml").path, "--output", output.path, "--quiet", "--no-figures"])
        guard outcome.status == 0 else { throw CompareTestError.runFailed(outcome.stderr) }
        return output
    }

    enum CompareTestError: Error { case runFailed(String), noSuchLine(String) }

    /// A copy of the golden folder, with `edit` applied to the lines of `file`.
    static func copy(editing file: String? = nil, _ edit: (inout [String]) throws -> Void = { _ in }) throws -> URL {
        let golden = try Self.golden.get()
        let copy = try CLI.temporaryDirectory().appendingPathComponent("run")
        try FileManager.default.copyItem(at: golden, to: copy)
        if let file {
            let url = copy.appendingPathComponent(file)
            var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
            try edit(&lines)
            try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        }
        return copy
    }

    /// Removes a copy made by `copy(editing:_:)` (its private temporary parent).
    static func remove(_ copy: URL) {
        try? FileManager.default.removeItem(at: copy.deletingLastPathComponent())
    }

    /// Multiplies the cell `column` of the row starting with `prefix` by `factor`; returns the
    /// old and new cell text.
    @discardableResult
    static func scale(_ lines: inout [String], row prefix: String, column: String, by factor: Double) throws
        -> (old: String, new: String) {
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard let c = header.firstIndex(of: column), let r = lines.firstIndex(where: { $0.hasPrefix(prefix) }) else {
            throw CompareTestError.noSuchLine("\(prefix) / \(column)")
        }
        var cells = lines[r].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let old = cells[c]
        cells[c] = "\(Double(old)! * factor)"
        lines[r] = cells.joined(separator: ",")
        return (old, cells[c])
    }

    @Test func passesARunAgainstItself() throws {
        let golden = try Self.golden.get()
        let outcome = try CLI.run(["compare", golden.path, golden.path])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("curves.csv: within the band") && outcome.stdout.contains("modes.csv: within the band"))
        #expect(outcome.stdout.hasSuffix("within tolerance\n"))
        let copy = try Self.copy()
        defer { Self.remove(copy) }
        #expect(try CLI.run(["compare", copy.path, golden.path]).status == 0)
    }

    /// A 1 % change of one curve value is reported at its run, column and step, with the
    /// expected and got values and the distance; one of a mode row at its basis and mode.
    @Test func failsOnAPerturbedCopyAndPointsAtTheCell() throws {
        let golden = try Self.golden.get()
        var change = (old: "", new: "")
        let curves = try Self.copy(editing: "curves.csv") {
            change = try Self.scale(&$0, row: "solver,solver,100,", column: "max_error", by: 1.01)
        }
        defer { Self.remove(curves) }
        let outcome = try CLI.run(["compare", curves.path, golden.path])
        #expect(outcome.status == 1, "\(outcome.stdout)\(outcome.stderr)")
        let report = outcome.stdout
        for needle in ["curves.csv: DRIFT", "run solver, column max_error: first drift at step 100",
                       "expected \(change.old), got \(change.new)", "|Δlog10| 0.0043", "1 of ",
                       "modes.csv: within the band", "DRIFT: the run differs from the golden"] {
            #expect(report.contains(needle), "report lacks '\(needle)':\n\(report)")
        }
        #expect(!report.contains("hybrid@"), "only the solver run was changed:\n\(report)")

        let modes = try Self.copy(editing: "modes.csv") {
            change = try Self.scale(&$0, row: "hybrid@40,60,sine,3,", column: "abs_error", by: 0.99)
        }
        defer { Self.remove(modes) }
        let modeOutcome = try CLI.run(["compare", modes.path, golden.path])
        #expect(modeOutcome.status == 1)
        #expect(modeOutcome.stdout.contains("run hybrid@40, column abs_error: first drift at step 60, sine mode 3"),
                "\(modeOutcome.stdout)")
        #expect(modeOutcome.stdout.contains("expected \(change.old), got \(change.new)"))
    }

    /// A run with a column its golden lacks (the contract grew) passes and names the column as
    /// new; the golden checked against that run (a column missing from the run) is unusable.
    @Test func aNewColumnPassesAndIsNamed() throws {
        let golden = try Self.golden.get()
        let widened = try Self.copy(editing: "curves.csv") { lines in
            lines = lines.enumerated().map { $0.offset == 0 ? $0.element + ",e_low" : $0.element + ",0.25" }
        }
        defer { Self.remove(widened) }
        let outcome = try CLI.run(["compare", widened.path, golden.path])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("new, not compared (the golden has no such column): e_low"), "\(outcome.stdout)")
        #expect(outcome.stdout.hasSuffix("within tolerance\n"))
        let reversed = try CLI.run(["compare", golden.path, widened.path])
        #expect(reversed.status == 2, "\(reversed.stdout)\(reversed.stderr)")
    }

    /// `--rtol` widens the band; `--columns` restricts the comparison.
    @Test func rtolAndColumns() throws {
        let golden = try Self.golden.get()
        let perturbed = try Self.copy(editing: "curves.csv") {
            try Self.scale(&$0, row: "solver,solver,100,", column: "max_error", by: 1.01)
        }
        defer { Self.remove(perturbed) }
        #expect(try CLI.run(["compare", perturbed.path, golden.path, "--rtol", "0.02"]).status == 0)
        #expect(try CLI.run(["compare", perturbed.path, golden.path, "--rtol", "0.005"]).status == 1)
        #expect(try CLI.run(["compare", perturbed.path, golden.path, "--columns", "l2_error,abs_error"]).status == 0)
        #expect(try CLI.run(["compare", perturbed.path, golden.path, "--columns", "max_error"]).status == 1)
    }

    /// Wall time differs on every run: never compared unless named in --columns.
    @Test func secondsAreComparedOnlyWhenAsked() throws {
        let golden = try Self.golden.get()
        let slower = try Self.copy(editing: "curves.csv") {
            try Self.scale(&$0, row: "solver,solver,100,", column: "seconds", by: 3)
        }
        defer { Self.remove(slower) }
        #expect(try CLI.run(["compare", slower.path, golden.path]).status == 0)
        let asked = try CLI.run(["compare", slower.path, golden.path, "--columns", "seconds"])
        #expect(asked.status == 1)
        #expect(asked.stdout.contains("run solver, column seconds: first drift at step 100"), "\(asked.stdout)")
    }

    @Test func exitsTwoOnMissingFiles() throws {
        let golden = try Self.golden.get()
        let copy = try Self.copy()
        defer { Self.remove(copy) }
        try FileManager.default.removeItem(at: copy.appendingPathComponent("modes.csv"))
        let outcome = try CLI.run(["compare", copy.path, golden.path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("modes.csv: no such file"), "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)
        let nowhere = try CLI.run(["compare", golden.path, golden.path + "-nowhere"])
        #expect(nowhere.status == 2 && nowhere.stderr.contains("-nowhere/curves.csv"), "\(nowhere.stderr)")
    }

    @Test func exitsTwoOnDifferentRunsOrColumns() throws {
        let golden = try Self.golden.get()
        let fewerRuns = try Self.copy(editing: "curves.csv") { $0.removeAll { $0.hasPrefix("hybrid@100,") } }
        defer { Self.remove(fewerRuns) }
        let runs = try CLI.run(["compare", fewerRuns.path, golden.path])
        #expect(runs.status == 2)
        #expect(runs.stderr.contains("different runs") && runs.stderr.contains("only in GOLDEN_DIR: hybrid@100"),
                "\(runs.stderr)")

        let fewerColumns = try Self.copy(editing: "curves.csv") { lines in
            lines = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") }
        }
        defer { Self.remove(fewerColumns) }
        let columns = try CLI.run(["compare", fewerColumns.path, golden.path])
        #expect(columns.status == 2)
        #expect(columns.stderr.contains("different columns") && columns.stderr.contains("residual_max"), "\(columns.stderr)")

        let unknown = try CLI.run(["compare", golden.path, golden.path, "--columns", "max_eror"])
        #expect(unknown.status == 2 && unknown.stderr.contains("max_eror"))
        let badTolerance = try CLI.run(["compare", golden.path, golden.path, "--rtol=-1"])
        #expect(badTolerance.status == 2 && badTolerance.stderr.contains("relative tolerance"))
        let malformed = try Self.copy(editing: "modes.csv") { $0[3] += ",extra" }
        defer { Self.remove(malformed) }
        let table = try CLI.run(["compare", malformed.path, golden.path])
        #expect(table.status == 2 && table.stderr.contains("modes.csv:4:"), "\(table.stderr)")
    }

    /// The user's workflow end to end: a fresh run of a golden case (with `seconds`) against
    /// the stored golden (without) is within the default band.
    @Test func aFreshRunOfAGoldenCaseIsWithinItsGolden() throws {
        let golden = CLI.packageRoot.appendingPathComponent("Tests/RegressionTests/Goldens/hybrid")
        let output = try CLI.temporaryDirectory().appendingPathComponent("hybrid")
        defer { try? FileManager.default.removeItem(at: output.deletingLastPathComponent()) }
        let run = try CLI.run(["run", golden.appendingPathComponent("case.yaml").path, "--output", output.path,
                               "--quiet", "--no-figures"])
        #expect(run.status == 0, "\(run.stderr)")
        let outcome = try CLI.run(["compare", output.path, golden.path])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
    }
}
