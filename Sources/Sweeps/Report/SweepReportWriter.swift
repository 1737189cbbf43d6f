import Foundation
import Reports

/// Writes `sweep-report.html` and its figures (`figures/*.svg`) into the sweep folder.
public enum SweepReportWriter {
    /// Renders the report of `record` (statuses as given) and `table`, and writes it atomically.
    public static func write(record: SweepRecord, table: SweepTable, folder: SweepFolder) throws {
        let report = SweepReport(record: record, table: table)
        let figures = try report.figures()
        for figure in figures {
            try folder.writeAtomically(Data(figure.svg.utf8), to: folder.root.appendingPathComponent("figures/\(figure.name)"))
        }
        try folder.writeAtomically(Data(report.html(figures: figures).utf8), to: folder.reportFile)
    }
}
