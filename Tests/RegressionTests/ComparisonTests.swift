import Foundation
import Reports
import Testing
import TestSupport

/// The comparison code behind the golden tests and `poisson-hybrid compare`: the band's
/// arithmetic and exact cases, table reading, row alignment, and the report's contents.
@Suite struct ToleranceBandTests {
    @Test func logWidthAndDistance() throws {
        let band = try ToleranceBand(relativeTolerance: 1e-6)
        expectClose(band.logWidth, log10(1 + 1e-6), relative: 1e-9)
        #expect(abs(ToleranceBand.logDistance(got: 1.01, expected: 1) - log10(1.01)) <= 1e-16)
        #expect(ToleranceBand.logDistance(got: 1, expected: 1.01) == ToleranceBand.logDistance(got: 1.01, expected: 1))
        // Negative values compare by magnitude; a sign change or zero against non-zero is ∞.
        #expect(abs(ToleranceBand.logDistance(got: -2e-3, expected: -1e-3) - log10(2)) <= 1e-15)
        #expect(ToleranceBand.logDistance(got: -1, expected: 1) == .infinity)
        #expect(ToleranceBand.logDistance(got: 0, expected: 1e-300) == .infinity)
        #expect(ToleranceBand.logDistance(got: 0, expected: -0.0) == 0)
        // Accurate for ratios near 1 (log1p): 1 + 1e-12 is 1e-12/ln 10 away, not 0 or 1.1e-12.
        expectClose(ToleranceBand.logDistance(got: 1 + 1e-12, expected: 1), 1e-12 / log(10), relative: 1e-3)
    }

    @Test(arguments: [-1.0, .nan, .infinity])
    func rejectsBadTolerances(value: Double) {
        #expect(throws: RegressionError.self) { try ToleranceBand(relativeTolerance: value) }
        #expect(throws: RegressionError.self) { try ToleranceBand(relativeTolerance: 1e-6, floor: value) }
    }

    @Test func exactCases() throws {
        let band = try ToleranceBand(relativeTolerance: 1e-6, floor: 1e-12)
        // Empty matches only empty.
        #expect(band.compare(got: "", expected: "", scale: 1).isWithinBand)
        #expect(!band.compare(got: "0.5", expected: "", scale: 1).isWithinBand)
        #expect(!band.compare(got: "", expected: "0.5", scale: 1).isWithinBand)
        #expect(band.compare(got: "", expected: "0.5", scale: 1).logDistance == .infinity)
        // Integers are counts: exact, however loose the band.
        let loose = try ToleranceBand(relativeTolerance: 1, floor: 1)
        #expect(!loose.compare(got: "1000001", expected: "1000000", scale: 1e6).isWithinBand)
        #expect(loose.compare(got: "1000000", expected: "1000000", scale: 1e6).isWithinBand)
        // Text must be equal.
        #expect(!loose.compare(got: "dnn", expected: "solver", scale: 0).isWithinBand)
        #expect(!loose.compare(got: "abc", expected: "0.5", scale: 1).isWithinBand)
        // Zeros: 0 matches 0 and -0; 0 against a value is outside the relative test.
        #expect(band.compare(got: "-0.0", expected: "0", scale: 1).isWithinBand)
        #expect(!ToleranceBand.exact.compare(got: "1e-300", expected: "0", scale: 1).isWithinBand)
    }

    @Test func relativeTestAtEveryHeight() throws {
        let band = try ToleranceBand(relativeTolerance: 1e-6, floor: 0)
        for height in [1e-12, 1e-3, 1.0, 1e8] {
            let inside = String(height * (1 + 0.9e-6)), outside = String(height * (1 + 1.1e-6))
            #expect(band.compare(got: inside, expected: String(height), scale: 1e8).isWithinBand, "\(height)")
            #expect(!band.compare(got: outside, expected: String(height), scale: 1e8).isWithinBand, "\(height)")
            #expect(!band.compare(got: String(-height), expected: String(height), scale: 1e8).isWithinBand)
        }
    }

    /// The floor admits round-off of a quantity that decayed to noise (zero against 1e-17, a
    /// sign change at 1e-16) relative to the column's scale — and nothing above it.
    @Test func floorAdmitsRoundOffOnly() throws {
        let band = try ToleranceBand(relativeTolerance: 1e-10, floor: 1e-12)
        #expect(band.compare(got: "0", expected: "1.0842021724855044e-17", scale: 4.7).isWithinBand)
        #expect(band.compare(got: "-3e-16", expected: "2e-16", scale: 1).isWithinBand)
        #expect(band.compare(got: "8.673617379884035e-19", expected: "2.168404344971009e-19", scale: 4.7).isWithinBand)
        #expect(!band.compare(got: "3e-12", expected: "1e-12", scale: 1).isWithinBand)
        #expect(!band.compare(got: "1e-17", expected: "0", scale: 0).isWithinBand)
        let noFloor = try ToleranceBand(relativeTolerance: 1e-10, floor: 0)
        #expect(!noFloor.compare(got: "0", expected: "1.0842021724855044e-17", scale: 4.7).isWithinBand)
    }
}

@Suite struct RegressionTableTests {
    @Test func readsQuotedCellsAndCRLFAndWritesBackTheSameBytes() throws {
        let text = "run,step,note,value\r\ndnn,0,\"a, \"\"b\"\"\",1.5\r\n\"dnn\",10,,2\r\n"
        let table = try RegressionTable(text: text, kind: .curves, source: "t")
        #expect(table.rows == [["dnn", "0", "a, \"b\"", "1.5"], ["dnn", "10", "", "2"]])
        #expect(table.keys == [RowKey(run: "dnn", step: 0), RowKey(run: "dnn", step: 10)])
        #expect(table.text == "run,step,note,value\ndnn,0,\"a, \"\"b\"\"\",1.5\ndnn,10,,2\n")
        let plain = "run,step,basis,mode,abs_error,rel_error\nsolver,0,sine,1,0.5,\nsolver,0,dft,3,0.25,1e-05\n"
        #expect(try RegressionTable(text: plain, kind: .modes, source: "m").text == plain)
    }

    @Test func removingColumnsKeepsTheKeys() throws {
        let table = try RegressionTable(text: "run,step,seconds,loss\ndnn,0,0.1,3\n", kind: .curves, source: "t")
        let stripped = table.removingColumns(["seconds", "step", "absent"])
        #expect(stripped.header == ["run", "step", "loss"])
        #expect(stripped.text == "run,step,loss\ndnn,0,3\n")
    }

    @Test(arguments: [
        ("", nil as Int?, "no header"),
        ("run,value\ndnn,1\n", 1, "no 'step' column"),
        ("run,step,value\ndnn,0,1\ndnn,1\n", 3, "2 cells, the header has 3"),
        ("run,step,value\ndnn,zero,1\n", 2, "step 'zero' is not an integer"),
        ("run,step,value\ndnn,0,1\nsolver,0,1\ndnn,0,2\n", 4, "already appeared on line 2"),
        ("run,step,value\ndnn,0,\"1\n", 2, "unterminated"),
        ("run,step,step\ndnn,0,0\n", 1, "appears twice"),
    ])
    func refusesMalformedTables(text: String, line: Int?, message: String) {
        do {
            _ = try RegressionTable(text: text, kind: .curves, source: "bad.csv")
            Issue.record("accepted: \(text)")
        } catch let error as RegressionError {
            guard case .malformedTable(let source, let l, let m) = error else {
                Issue.record("wrong error \(error)"); return
            }
            #expect(source == "bad.csv" && l == line && m.contains(message), "\(error)")
        } catch {
            Issue.record("wrong error \(error)")
        }
    }

    @Test func modesNeedIntegerModes() {
        #expect(throws: RegressionError.self) {
            try RegressionTable(text: "run,step,basis,mode,abs_error\ndnn,0,sine,one,1\n", kind: .modes, source: "m")
        }
    }
}

@Suite struct TableComparisonTests {
    static let golden = """
        run,phase,step,flops,seconds,loss,max_error
        dnn,dnn,0,100,0,5.5,2
        dnn,dnn,10,1100,0.01,-0.25,0.5
        dnn,dnn,20,2100,0.02,-0.5,0.25
        solver,solver,0,0,0,,2
        solver,solver,10,300,0.001,,1
        solver,solver,20,600,0.002,,0.5
        solver,solver,30,900,0.003,,0.25

        """

    static func table(_ text: String, _ source: String = "run") throws -> RegressionTable {
        try RegressionTable(text: text, kind: .curves, source: source)
    }

    static func edited(_ edits: [(String, String)], in text: String = golden) -> String {
        var out = text
        for (a, b) in edits {
            precondition(out.contains(a), "no \(a)")
            out = out.replacingOccurrences(of: a, with: b)
        }
        return out
    }

    @Test func aTableIsWithinBandOfItselfAndOfAShuffledCopy() throws {
        let golden = try Self.table(Self.golden, "golden")
        let report = try RegressionComparison.compare(try Self.table(Self.golden), golden: golden)
        #expect(report.isWithinBand)
        #expect(report.comparedRows == 7 && report.columns == ["phase", "flops", "loss", "max_error"])
        var lines = Self.golden.split(separator: "\n").map(String.init)
        lines = [lines[0]] + lines.dropFirst().reversed()
        let shuffled = try RegressionComparison.compare(try Self.table(lines.joined(separator: "\n")), golden: golden)
        #expect(shuffled.isWithinBand)
        #expect(report.text.contains("within the band"))
    }

    /// A drift is reported at its run, column and first diverging step, with the expected and
    /// the got value, how far off, the count and the worst row.
    @Test func reportsTheFirstDivergingStepOfEachRunAndColumn() throws {
        let run = Self.edited([("solver,solver,20,600,0.002,,0.5", "solver,solver,20,600,0.002,,0.505"),
                               ("solver,solver,30,900,0.003,,0.25", "solver,solver,30,900,0.003,,0.3")])
        let report = try RegressionComparison.compare(try Self.table(run), golden: try Self.table(Self.golden, "golden"))
        #expect(!report.isWithinBand)
        let drift = try #require(report.columnDrifts.first)
        #expect(report.columnDrifts.count == 1)
        #expect(drift.run == "solver" && drift.column == "max_error")
        #expect(drift.first.key == RowKey(run: "solver", step: 20))
        #expect(drift.first.expected == "0.5" && drift.first.got == "0.505")
        expectClose(drift.first.comparison.logDistance, log10(1.01), relative: 1e-12)
        #expect(drift.worst.key.step == 30)
        #expect(drift.driftingRows == 2 && drift.comparedRows == 4)
        #expect(drift.scale == 2)
        let text = report.text
        for needle in ["DRIFT", "run solver, column max_error: first drift at step 20", "expected 0.5, got 0.505",
                       "|Δlog10| 0.0043", "relative difference +0.01", "2 of 4 rows out of band", "worst at step 30"] {
            #expect(text.contains(needle), "report lacks '\(needle)':\n\(text)")
        }
    }

    @Test func emptyAgainstAValueSignChangesAndCountsAreDrifts() throws {
        let run = Self.edited([("solver,solver,10,300,0.001,,1", "solver,solver,10,300,0.001,0.5,1"),
                               ("dnn,dnn,10,1100,0.01,-0.25,0.5", "dnn,dnn,10,1101,0.01,0.25,0.5")])
        let report = try RegressionComparison.compare(try Self.table(run), golden: try Self.table(Self.golden))
        let drifts = report.columnDrifts.map { "\($0.run)/\($0.column)@\($0.first.key.step)" }
        #expect(drifts == ["dnn/flops@10", "dnn/loss@10", "solver/loss@10"])
        #expect(report.text.contains("expected (empty), got 0.5"))
    }

    @Test func missingAndExtraRowsAreDriftsPerRun() throws {
        let run = Self.edited([("solver,solver,30,900,0.003,,0.25\n", ""),
                               ("dnn,dnn,20,2100,0.02,-0.5,0.25\n", "dnn,dnn,20,2100,0.02,-0.5,0.25\ndnn,dnn,25,2600,0.03,-0.6,0.2\n")])
        let report = try RegressionComparison.compare(try Self.table(run), golden: try Self.table(Self.golden))
        #expect(report.columnDrifts.isEmpty)
        #expect(report.rowSetDrifts == [
            RowSetDrift(run: "dnn", missing: [], extra: [RowKey(run: "dnn", step: 25)]),
            RowSetDrift(run: "solver", missing: [RowKey(run: "solver", step: 30)], extra: []),
        ])
        #expect(!report.isWithinBand)
        #expect(report.text.contains("run solver: 1 golden row missing from the run (first at step 30)"))
        #expect(report.text.contains("run dnn: 1 row not in the golden (first at step 25)"))
    }

    @Test func differentRunsOrColumnsAreUnusable() throws {
        let golden = try Self.table(Self.golden)
        let renamed = Self.edited([("solver,solver", "hybrid@5,solver")])
        #expect(throws: RegressionError.differentRuns(file: "curves.csv", onlyInRun: ["hybrid@5"], onlyInGolden: ["solver"])) {
            try RegressionComparison.compare(try Self.table(renamed), golden: golden)
        }
        let noLoss = try Self.table(Self.golden).removingColumns(["loss"])
        #expect(throws: RegressionError.differentColumns(file: "curves.csv", onlyInRun: [], onlyInGolden: ["loss"])) {
            try RegressionComparison.compare(noLoss, golden: golden)
        }
    }

    /// `seconds` differs on every run: ignored unless asked for, and then compared like any
    /// column (and required on both sides).
    @Test func secondsAreComparedOnlyOnRequest() throws {
        let golden = try Self.table(Self.golden)
        let slower = Self.edited([("0.002,,0.5", "0.004,,0.5")])
        #expect(try RegressionComparison.compare(try Self.table(slower), golden: golden).isWithinBand)
        let withoutSeconds = golden.removingColumns(["seconds"])
        #expect(try RegressionComparison.compare(try Self.table(slower), golden: withoutSeconds).isWithinBand)
        let asked = ComparisonOptions(columns: ["seconds"])
        let report = try RegressionComparison.compare(try Self.table(slower), golden: golden, options: asked)
        #expect(report.columns == ["seconds"])
        #expect(report.columnDrifts.map(\.first.key) == [RowKey(run: "solver", step: 20)])
        let unmatched = try RegressionComparison.compare(try Self.table(slower), golden: withoutSeconds, options: asked)
        #expect(unmatched.columns.isEmpty && unmatched.newColumns == ["seconds"] && unmatched.isWithinBand,
                "asked for a column the golden lacks: new, not compared")
    }

    /// The contract grows by adding columns: a column only the run has is reported as new and
    /// not compared, whatever its values; a column only the golden has still fails.
    @Test func aNewColumnIsReportedNotCompared() throws {
        let golden = try Self.table(Self.golden)
        let lines = Self.golden.split(separator: "\n", omittingEmptySubsequences: true)
        let widened = lines.enumerated().map { $0.offset == 0 ? $0.element + ",e_low" : $0.element + ",\($0.offset)" }
            .joined(separator: "\n") + "\n"
        let report = try RegressionComparison.compare(try Self.table(widened), golden: golden)
        #expect(report.isWithinBand)
        #expect(report.newColumns == ["e_low"] && !report.columns.contains("e_low"))
        #expect(report.text.contains("new, not compared (the golden has no such column): e_low"))
        #expect(throws: RegressionError.differentColumns(file: "curves.csv", onlyInRun: [], onlyInGolden: ["e_low"])) {
            try RegressionComparison.compare(golden, golden: try Self.table(widened))
        }
    }

    @Test func columnSelectionAndPerColumnBands() throws {
        let golden = try Self.table(Self.golden)
        let run = try Self.table(Self.edited([("dnn,dnn,20,2100,0.02,-0.5,0.25", "dnn,dnn,20,2100,0.02,-0.5001,0.2501")]))
        let onlyLoss = try RegressionComparison.compare(run, golden: golden, options: ComparisonOptions(columns: ["run", "loss"]))
        #expect(onlyLoss.columns == ["loss"] && onlyLoss.columnDrifts.map(\.column) == ["loss"])
        let looseMaxError = ComparisonOptions(band: .standard, columnBands: ["max_error": try ToleranceBand(relativeTolerance: 1e-3)])
        let report = try RegressionComparison.compare(run, golden: golden, options: looseMaxError)
        #expect(report.columnDrifts.map(\.column) == ["loss"])
        #expect(report.columnDrifts.first?.band == .standard)
    }

    @Test func modeRowsAreAlignedByBasisAndMode() throws {
        let golden = """
            run,step,basis,mode,abs_error,rel_error
            solver,0,sine,1,0.5,1
            solver,0,sine,3,0.25,1
            solver,0,dft,3,0.125,1
            solver,20,sine,1,0.4,0.8
            solver,20,sine,3,0.05,0.2
            solver,20,dft,3,0.1,0.8

            """
        let run = golden.replacingOccurrences(of: "solver,20,sine,3,0.05,0.2", with: "solver,20,sine,3,0.06,0.24")
        let report = try RegressionComparison.compare(try RegressionTable(text: run, kind: .modes, source: "r"),
                                                      golden: try RegressionTable(text: golden, kind: .modes, source: "g"))
        #expect(report.columnDrifts.map(\.column) == ["abs_error", "rel_error"])
        #expect(report.columnDrifts.allSatisfy { $0.first.key == RowKey(run: "solver", step: 20, basis: "sine", mode: 3) })
        #expect(report.text.contains("first drift at step 20, sine mode 3"))
    }
}

@Suite struct FolderComparisonTests {
    static func folder(curves: String?, modes: String?) throws -> URL {
        let url = try Tool.temporaryDirectory()
        if let curves { try curves.write(to: url.appendingPathComponent("curves.csv"), atomically: true, encoding: .utf8) }
        if let modes { try modes.write(to: url.appendingPathComponent("modes.csv"), atomically: true, encoding: .utf8) }
        return url
    }

    static let modes = "run,step,basis,mode,abs_error,rel_error\ndnn,0,sine,1,0.5,1\ndnn,10,sine,1,0.25,0.5\n"

    @Test func comparesBothTablesAndNamesMissingFiles() throws {
        let golden = try Self.folder(curves: TableComparisonTests.golden, modes: Self.modes)
        let run = try Self.folder(curves: TableComparisonTests.golden, modes: Self.modes)
        defer { for f in [golden, run] { try? FileManager.default.removeItem(at: f) } }
        let report = try RegressionComparison.compareFolders(run: run, golden: golden)
        #expect(report.isWithinBand && report.tables.map(\.kind) == [.curves, .modes])
        #expect(report.text.hasSuffix("within tolerance\n"))

        try FileManager.default.removeItem(at: run.appendingPathComponent("modes.csv"))
        #expect(throws: RegressionError.missingFile(path: run.appendingPathComponent("modes.csv").path)) {
            try RegressionComparison.compareFolders(run: run, golden: golden)
        }
        #expect(throws: RegressionError.unknownColumns(["max_eror"])) {
            try RegressionComparison.compareFolders(run: golden, golden: golden,
                                                    options: ComparisonOptions(columns: ["max_error", "max_eror"]))
        }
    }
}
