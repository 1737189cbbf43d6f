import Foundation
import Testing
@testable import SVGPlot

/// Pins the structure of two small figures: element names, classes, ids and text, in document
/// order (coordinates are left out, so layout tweaks do not churn the snapshot but a missing,
/// renamed or reordered part does). Snapshots live in `Snapshots/` beside this file.
///
/// `RECORD_SNAPSHOTS=1 swift test --filter SVGPlotTests.SnapshotTests` rewrites them — and fails,
/// so a recording run is never mistaken for a passing one.
@Suite struct SnapshotTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func smallLinePlot() -> LinePlot {
        LinePlot(title: "Error & work", xAxis: PlotAxis("work", unit: "flop", scale: .log10),
                 yAxis: PlotAxis("max error", scale: .log10),
                 series: [LineSeries("solver", x: [1e3, 1e4, 1e5], y: [1, 0.1, 0.01]),
                          LineSeries("dnn", x: [1e3, 1e4, 1e5], y: [0.5, 0.02, .nan],
                                     style: SeriesStyle(color: SeriesStyle.palette[2], drawsLine: false, marker: .star))],
                 referenceLines: [ReferenceLine(.horizontal, at: 0.05, label: "tolerance")],
                 annotations: [PointAnnotation(x: 1e4, y: 0.1, label: "switch")],
                 status: StatusBanner("interrupted", severity: .warning), width: 400, height: 300, identifier: "fig-small")
    }

    static func smallHeatMap() -> HeatMap {
        HeatMap(title: "ΔF", values: [[1, 0.5, .nan], [0.25, 0.1, 0]], columns: [10, 100, 1000],
                rows: .labels(["peak 1", "peak 3"]), xAxis: PlotAxis("step", scale: .log10), yAxis: PlotAxis("peak"),
                colorScale: ColorScale(range: 0...1, label: "ΔF"), width: 400, height: 260)
    }

    @Test(arguments: ["line-plot", "heat-map"])
    func structureMatchesSnapshot(name: String) throws {
        let svg = name == "line-plot" ? try Self.smallLinePlot().svg() : try Self.smallHeatMap().svg()
        let digest = try parseSVG(svg).structure() + "\n"
        let file = Self.folder.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try digest.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("Recorded \(file.path); unset RECORD_SNAPSHOTS and run again to compare.")
            return
        }
        let expected = try? String(contentsOf: file, encoding: .utf8)
        guard let expected else {
            Issue.record("No snapshot at \(file.path); run with RECORD_SNAPSHOTS=1 to record one.")
            return
        }
        if digest != expected {
            let a = digest.split(separator: "\n", omittingEmptySubsequences: false)
            let b = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            Issue.record("""
                Structure of \(name) differs from \(file.lastPathComponent) at line \(line + 1):
                  got:      \(line < a.count ? String(a[line]) : "<end>")
                  expected: \(line < b.count ? String(b[line]) : "<end>")
                """)
        }
    }
}
