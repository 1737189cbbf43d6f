import ArgumentParser
import Foundation
import Reports

/// `poisson-hybrid compare RUN_DIR GOLDEN_DIR`: a convergence-curve regression check of a result
/// folder against a golden one (`curves.csv` and `modes.csv`).
///
/// Exit status: 0 within tolerance, 1 drift (the report says where), 2 unusable input (a
/// missing file, different runs or columns, a malformed table, a bad tolerance).
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Check a run's convergence curves against golden ones; exit 1 on drift.",
        discussion: """
            Rows are aligned by (run, step) in curves.csv and by (run, step, basis, mode) in \
            modes.csv. A value agrees with the golden one when

              |log10|got| − log10|expected|| ≤ log10(1 + RTOL)
              or |got − expected| ≤ FLOOR × scale,

            where scale is the largest |expected| of that column in that run: the floor admits \
            round-off in quantities that have decayed to noise. Integers (step, flops, …) and text \
            must be equal; an empty cell matches only an empty cell. `seconds` (wall time) is \
            compared only when --columns names it.

            Exit status: 0 within tolerance, 1 drift (the report names run, column, first \
            diverging step, expected and got), 2 unusable input (missing files, different runs or \
            columns, a malformed table).
            """)

    @Argument(help: "The result folder to check (holds curves.csv and modes.csv).")
    var runDirectory: String

    @Argument(help: "The golden result folder (curves.csv and modes.csv; `seconds` may be absent).")
    var goldenDirectory: String

    @Option(help: "Relative tolerance in log10 space: |Δlog10| ≤ log10(1 + RTOL).")
    var rtol: Double = ToleranceBand.standard.relativeTolerance

    @Option(help: "Round-off floor, as a fraction of each column's largest golden |value| in each run.")
    var floor: Double = ToleranceBand.standard.floor

    @Option(help: ArgumentHelp("Compare only these columns (comma-separated), e.g. max_error,abs_error.",
                               valueName: "c1,c2,…"))
    var columns: String?

    func run() throws {
        let report: RegressionReport
        do {
            let band = try ToleranceBand(relativeTolerance: rtol, floor: floor)
            var selected: [String]?
            if let columns {
                let names = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }
                guard !names.isEmpty else { throw RegressionError.unknownColumns([columns]) }
                selected = names
            }
            report = try RegressionComparison.compareFolders(
                run: URL(fileURLWithPath: runDirectory), golden: URL(fileURLWithPath: goldenDirectory),
                options: ComparisonOptions(band: band, columns: selected))
        } catch {
            throw failInput("\(error)")
        }
        print(report.text, terminator: "")
        if !report.isWithinBand { throw ExitCode(1) }
    }
}
