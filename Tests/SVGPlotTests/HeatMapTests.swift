import Foundation
import Testing
@testable import SVGPlot

@Suite struct HeatMapTests {
    private func cells(_ root: ParsedElement) -> [ParsedElement] {
        root.all(class: "cells").first?.all(named: "rect") ?? []
    }

    @Test func colourBarHasTicksLabelAndRamp() throws {
        let root = try parseSVG(try Gallery.peaks().svg())
        let bar = try #require(root.all(class: "colorbar").first)
        #expect(bar.all(class: "tick-label").map(\.allText) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(bar.all(class: "axis-label").first?.allText == "\u{0394}F")
        let ramp = try #require(bar.all(class: "colorbar-ramp").first).all(named: "rect")
        #expect(ramp.count == 64)
        #expect(ramp.first?.attributes["fill"] == ColorRamp.viridis.color(at: 0.5 / 64).description, "bottom first = low values")
        let rows = try #require(root.all(class: "axis y").first).all(class: "tick-label").map(\.allText)
        #expect(rows == ["peak 1", "peak 3", "peak 8"])
    }

    @Test func logColourScaleLabelsDecades() throws {
        let root = try parseSVG(try Gallery.modes().svg())
        let labels = try #require(root.all(class: "colorbar").first).all(class: "tick-label").map(\.allText)
        #expect(labels == ["10−12", "10−10", "10−8", "10−6", "10−4", "10−2", "100"])
        // ≤ 16 numeric rows are labelled at their own positions.
        let rows = try #require(root.all(class: "axis y").first).all(class: "tick-label").map(\.allText)
        #expect(rows == ["1", "2", "4", "8", "16", "32", "64", "128", "256", "512"])
    }

    @Test func nanCellsUseTheNoDataColourAndGetASwatch() throws {
        let map = HeatMap(title: "t", values: [[0, .nan, 1]], columns: [1, 2, 3], rows: .labels(["a"]),
                          colorScale: ColorScale(range: 0...1))
        let root = try parseSVG(try map.svg())
        let fills = cells(root).map { $0.attributes["fill"] ?? "" }
        #expect(fills == ["#440154", "#d0d0d0", "#fde725"])
        #expect(root.all(class: "no-data-swatch").count == 1)
        let complete = HeatMap(title: "t", values: [[0, 1]], columns: [1, 2], rows: .labels(["a"]),
                               colorScale: ColorScale(range: 0...1))
        #expect(try parseSVG(try complete.svg()).all(class: "no-data-swatch").isEmpty)
    }

    /// Equal neighbours merge into one rectangle per row; the row still spans the whole width.
    @Test func equalColoursMergeAlongARow() throws {
        let map = HeatMap(title: "t", values: [[0.5, 0.5, 0.5, 0.5], [0, 0, 1, 1]], columns: [0, 1, 2, 3],
                          rows: .labels(["a", "b"]), colorScale: ColorScale(range: 0...1))
        let rects = cells(try parseSVG(try map.svg()))
        #expect(rects.count == 3)
        let left = rects.map { Double($0.attributes["x"]!)! }
        let right = rects.map { Double($0.attributes["x"]!)! + Double($0.attributes["width"]!)! }
        #expect(left[0] == left[1] && abs(right[0] - right[2]) < 0.02, "both rows span the same width")
        #expect(right[1] > left[2], "cells overlap their right neighbour (no seams)")
    }

    /// On a log x axis a column at step 0 cannot be shown and is dropped with its values.
    @Test func logColumnsDropNonPositivePositions() throws {
        let map = HeatMap(title: "t", values: [[0, 0.5, 1]], columns: [0, 10, 100], rows: .labels(["a"]),
                          xAxis: PlotAxis("step", scale: .log10), colorScale: ColorScale(range: 0...1))
        let fills = cells(try parseSVG(try map.svg())).map { $0.attributes["fill"] ?? "" }
        #expect(fills == [ColorRamp.viridis.color(at: 0.5).description, "#fde725"])
    }

    @Test func colourScaleMapsClampsAndFlagsMissingValues() {
        let linear = ColorScale(.linear, range: 0...1)
        #expect(linear.fraction(of: 0.25) == 0.25)
        #expect(linear.fraction(of: -3) == 0 && linear.fraction(of: 7) == 1)
        #expect(linear.fraction(of: .nan) == nil)
        #expect(linear.color(for: .nan) == linear.noDataColor)
        let log = ColorScale(.log10, range: 1e-12...1)
        #expect(abs(log.fraction(of: 1e-6)! - 0.5) < 1e-12)
        #expect(log.fraction(of: 0) == 0, "an error of exactly zero reads as below the range")
        #expect(ColorRamp.viridis.color(at: 0) == RGBColor(hex: 0x440154))
        #expect(ColorRamp.viridis.color(at: 1) == RGBColor(hex: 0xFDE725))
        // Viridis grows lighter monotonically, so it reads in greyscale as well.
        let greys = (0...20).map { ColorRamp.viridis.color(at: Double($0) / 20).greyLevel }
        #expect(zip(greys, greys.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func invalidShapesThrowTypedErrors() {
        let scale = ColorScale(range: 0...1)
        #expect(throws: PlotError.rowLengthMismatch(row: 1, expected: 2, actual: 1)) {
            try HeatMap(title: "t", values: [[0, 1], [0]], columns: [0, 1], rows: .labels(["a", "b"]), colorScale: scale).svg()
        }
        #expect(throws: PlotError.rowCountMismatch(expected: 1, actual: 2)) {
            try HeatMap(title: "t", values: [[0, 1]], columns: [0, 1], rows: .labels(["a", "b"]), colorScale: scale).svg()
        }
        #expect(throws: PlotError.positionsNotIncreasing(axis: "column")) {
            try HeatMap(title: "t", values: [[0, 1]], columns: [1, 1], rows: .labels(["a"]), colorScale: scale).svg()
        }
        #expect(throws: PlotError.invalidRange(axis: "colour", lower: 0, upper: 1, scale: .log10)) {
            try HeatMap(title: "t", values: [[0]], columns: [1], rows: .labels(["a"]), colorScale: ColorScale(.log10, range: 0...1)).svg()
        }
    }

    @Test func emptyHeatMapStillRendersAxesAndBar() throws {
        let map = HeatMap(title: "nothing yet", values: [], columns: [], rows: .labels([]),
                          colorScale: ColorScale(range: 0...1), status: StatusBanner("interrupted", severity: .warning))
        let root = try parseSVG(try map.svg())
        #expect(root.all(class: "no-data").count == 1)
        #expect(root.all(class: "colorbar").count == 1 && root.all(class: "axis x").count == 1)
    }

    /// Column marks are ticks on the top edge at their columns' x positions, ordered as the
    /// columns; marks outside the x range are left out.
    @Test func columnMarksAreTicksOnTheTopEdge() throws {
        var map = HeatMap(title: "t", values: [[0, 1, 0.5, 0.2]], columns: [0, 1, 2, 3], rows: .labels(["a"]),
                          colorScale: ColorScale(range: 0...1))
        #expect(try parseSVG(try map.svg()).all(class: "column-marks").isEmpty)
        map.columnMarks = [1, 2, 99]
        let root = try parseSVG(try map.svg())
        let groups = root.all(class: "column-marks")
        #expect(groups.count == 1)
        let ticks = groups.first?.children ?? []
        #expect(ticks.count == 2, "the mark at 99 lies outside the columns")
        let xs = ticks.compactMap { Double($0.attributes["x1"] ?? "") }
        #expect(xs.count == 2 && xs[0] < xs[1])
        #expect(ticks.allSatisfy { $0.attributes["x1"] == $0.attributes["x2"] })
    }
}
