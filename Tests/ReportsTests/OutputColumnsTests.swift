import Foundation
import Hybrid
import Reports
import Testing

/// The output columns are declared once (`OutputColumns`); the tables, the documentation and
/// the contract checks follow from the declarations.
@Suite struct OutputColumnsTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Output/README.md")
    static let begin = "<!-- output columns: generated from OutputColumns; do not edit by hand -->\n"
    static let end = "<!-- end of output columns -->\n"

    /// DESIGN.md's public contract: these columns, in this order, open each file; the contract
    /// grows only by appending.
    @Test func declarationsExtendTheContract() {
        let contract: [(String, [String])] = [
            ("curves.csv", ["run", "phase", "step", "dnn_steps", "sweeps", "flops", "seconds", "loss", "max_error",
                            "l2_error", "residual_max"]),
            ("modes.csv", ["run", "step", "basis", "mode", "abs_error", "rel_error"]),
            ("summary.csv", ["run", "switch_at", "steps_to_tol", "flops_to_tol", "seconds_to_tol", "final_max_error"]),
            ("solution.csv", ["x", "exact", "discrete", "dnn"]),
        ]
        let declared = [OutputColumns.curves.map(\.name), OutputColumns.modes.map(\.name),
                        OutputColumns.summary.map(\.name), OutputColumns.solution.map(\.name)]
        for ((file, names), columns) in zip(contract, declared) {
            #expect(Array(columns.prefix(names.count)) == names, "\(file): \(columns)")
            #expect(Set(columns).count == columns.count, "\(file): a column is declared twice")
            #expect(columns.allSatisfy { $0.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" } }, "\(file)")
        }
        #expect(OutputColumns.curves.allSatisfy { !$0.meaning.isEmpty })
    }

    /// `Output/README.md`'s column tables are generated from the declarations. To regenerate
    /// after adding a column: `POISSON_HYBRID_RECORD_DOCS=1 swift test --filter OutputColumnsTests`
    /// (which rewrites the section and then fails, so that nobody records by accident).
    @Test func readmeTablesFollowTheDeclarations() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let start = try #require(text.range(of: Self.begin), "Output/README.md lacks the generated section")
        let stop = try #require(text.range(of: Self.end, range: start.upperBound..<text.endIndex))
        let section = String(text[start.upperBound..<stop.lowerBound])
        let expected = "\n" + OutputColumns.markdown + "\n"
        if ProcessInfo.processInfo.environment["POISSON_HYBRID_RECORD_DOCS"] != nil {
            try text.replacingCharacters(in: start.upperBound..<stop.lowerBound, with: expected)
                .write(to: Self.readme, atomically: true, encoding: .utf8)
            Issue.record("Output/README.md re-recorded; unset POISSON_HYBRID_RECORD_DOCS and run again")
            return
        }
        #expect(section == expected, "Output/README.md's column tables are stale; see this test's doc comment")
    }
}
