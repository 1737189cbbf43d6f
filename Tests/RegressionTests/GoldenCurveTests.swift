import Foundation
import NeuralRitz
import Reports
import Testing

/// Golden convergence curves: every golden case in `Goldens/` is run in this process through
/// the library (case file → `HybridSetup` → `HybridDriver` → `ResultTables`), and its
/// `curves.csv` (without `seconds`) and `modes.csv` are compared with the stored ones by the
/// same code as `poisson-hybrid compare`, within the case's bands (BANDS.md).
///
/// `RECORD_GOLDEN=1 swift test --filter RegressionTests` (or `RECORD_GOLDEN=1 make test`)
/// rewrites the goldens in the source tree — and fails, so a recording run is never mistaken for
/// a passing one.
///
/// The BLAS thread count is left alone (it is process-wide, and other suites set it): the golden
/// networks' products are far below OpenBLAS's threading threshold, so one and two threads give
/// the same bits (checked with `poisson-hybrid run --threads 1` and `--threads 2`), and a
/// thread split would move the curves by ~1e-14 anyway, far inside the training band.
@Suite struct GoldenCurveTests {
    static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" }

    @Test(arguments: GoldenCase.all)
    func curvesMatchTheGolden(_ golden: GoldenCase) throws {
        let (curves, modes) = try InProcessRun.tables(caseFile: golden.caseFile)
        let curvesFile = golden.folder.appendingPathComponent("curves.csv")
        let modesFile = golden.folder.appendingPathComponent("modes.csv")
        if Self.recording {
            try curves.write(to: curvesFile, atomically: true, encoding: .utf8)
            try modes.write(to: modesFile, atomically: true, encoding: .utf8)
            Issue.record("Recorded the golden \(golden.folder.path); unset RECORD_GOLDEN and run again to compare.")
            return
        }
        guard FileManager.default.fileExists(atPath: curvesFile.path),
              FileManager.default.fileExists(atPath: modesFile.path) else {
            Issue.record("No golden curves in \(golden.folder.path); run with RECORD_GOLDEN=1 to record them.")
            return
        }
        let tables = [
            (try RegressionTable(text: curves, kind: .curves, source: "run of \(golden.name)/case.yaml"),
             try RegressionTable(contentsOf: curvesFile, kind: .curves)),
            (try RegressionTable(text: modes, kind: .modes, source: "run of \(golden.name)/case.yaml"),
             try RegressionTable(contentsOf: modesFile, kind: .modes)),
        ]
        for (run, stored) in tables {
            let report = try RegressionComparison.compare(run, golden: stored, options: golden.options)
            if !report.isWithinBand {
                Issue.record("golden \(golden.name) (\(golden.family) band):\n\(report.text)")
            }
            #expect(report.comparedRows == stored.rows.count && report.comparedRows > 0)
        }
    }

    /// Every golden case's folder holds a case file and both tables, and every folder in
    /// `Goldens/` is a listed case (a golden nobody checks is worse than none).
    @Test func everyGoldenFolderIsChecked() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: GoldenCase.goldens.path)
            .filter { var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: GoldenCase.goldens.appendingPathComponent($0).path,
                                                      isDirectory: &isDirectory) && isDirectory.boolValue }
        #expect(Set(folders) == Set(GoldenCase.all.map(\.name)))
        for golden in GoldenCase.all {
            for file in ["case.yaml", "curves.csv", "modes.csv"] {
                #expect(FileManager.default.fileExists(atPath: golden.folder.appendingPathComponent(file).path),
                        "\(golden.name)/\(file) missing")
            }
        }
        #expect(FileManager.default.fileExists(atPath: GoldenCase.goldens.appendingPathComponent("BANDS.md").path))
    }

    /// The goldens cover what the issue asks for: every classical method, all three cycles,
    /// both losses, both optimizers, and a hybrid with all four kinds of run.
    @Test func goldensCoverEverySolverKindAndLoss() throws {
        var text = ""
        for golden in GoldenCase.all {
            text += try String(contentsOf: golden.caseFile, encoding: .utf8) + "\n"
        }
        for needle in ["method: jacobi", "method: weighted-jacobi", "storage: dense", "method: gauss-seidel",
                       "method: red-black", "cycle: V", "cycle: W", "cycle: F", "loss: ritz", "loss: fit",
                       "name: adam", "name: gradient-descent", "switch_at: [0, 40, 100]"] {
            #expect(text.contains(needle), "no golden case has '\(needle)'")
        }
        let hybrid = try RegressionTable(contentsOf: GoldenCase.goldens.appendingPathComponent("hybrid/curves.csv"),
                                         kind: .curves)
        #expect(hybrid.runs == ["dnn", "solver", "hybrid@40", "hybrid@100"])
        #expect(hybrid.column("seconds") == nil)
    }
}
