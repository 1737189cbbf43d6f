import Foundation
import Testing
@testable import SVGPlot

@Suite struct LinePlotTests {
    private func linePaths(_ root: ParsedElement) -> [ParsedElement] {
        root.all(class: "plot-area").first.map { $0.all(class: "series").flatMap { $0.all(class: "line") } } ?? []
    }

    private func frame(_ root: ParsedElement) throws -> (x: Double, y: Double, width: Double, height: Double) {
        let rect = try #require(root.all(class: "plot-area").first?.all(class: "frame").first)
        return (Double(rect.attributes["x"]!)!, Double(rect.attributes["y"]!)!,
                Double(rect.attributes["width"]!)!, Double(rect.attributes["height"]!)!)
    }

    /// NaN and ±∞ are skipped and break the line: [1, 2] and [4, 5] are two pieces; 7 stands
    /// alone (no segment). Nothing non-finite reaches the output.
    @Test func nonFinitePointsBreakTheLine() throws {
        let plot = LinePlot(title: "t", xAxis: PlotAxis("x"), yAxis: PlotAxis("y"),
                            series: [LineSeries("s", x: [0, 1, 2, 3, 4, 5, 6], y: [1, 2, .nan, 4, 5, .infinity, 7])])
        let svg = try plot.svg()
        #expect(!svg.lowercased().contains("nan") && !svg.lowercased().contains("inf"))
        let paths = linePaths(try parseSVG(svg))
        #expect(paths.count == 1)
        let d = try #require(paths.first?.attributes["d"])
        #expect(PathData.subpathCount(d) == 2)
        #expect(PathData.points(d).count == 4)
    }

    /// On a log axis zero and negative values are dropped (breaking the line) and do not pull
    /// the automatic range: 1, 10, 100 give decades 10⁰…10².
    @Test func logAxisDropsNonPositivePoints() throws {
        let plot = LinePlot(title: "t", xAxis: PlotAxis("x"), yAxis: PlotAxis("y", scale: .log10),
                            series: [LineSeries("s", x: [0, 1, 2, 3, 4], y: [1, 0, -1, 10, 100])])
        let root = try parseSVG(try plot.svg())
        let d = try #require(linePaths(root).first?.attributes["d"])
        #expect(PathData.subpathCount(d) == 1)   // only 10 → 100 is a segment
        let labels = try #require(root.all(class: "axis y").first).all(class: "tick-label").map(\.allText)
        #expect(labels == ["100", "101", "102"])   // "10" + superscript "0", "1", "2"
        let tspans = try #require(root.all(class: "axis y").first).all(named: "tspan")
        #expect(tspans.map(\.allText) == ["0", "1", "2"])
    }

    /// Eight automatic series differ pairwise in dash pattern (greyscale) and in colour, and each
    /// legend sample is drawn exactly like its line.
    @Test func eightSeriesAreDistinguishableInGreyscale() throws {
        let series = (0..<8).map { i in LineSeries("series \(i)", x: [0, 1], y: [Double(i), Double(i) + 1]) }
        let root = try parseSVG(try LinePlot(title: "t", xAxis: PlotAxis("x"), yAxis: PlotAxis("y"), series: series).svg())
        let lines = linePaths(root)
        #expect(lines.count == 8)
        let dashes = lines.map { $0.attributes["stroke-dasharray"] ?? "solid" }
        #expect(Set(dashes).count == 8, "dash patterns: \(dashes)")
        #expect(Set(lines.map { $0.attributes["stroke"] ?? "" }).count == 8)
        let samples = try #require(root.all(class: "legend").first).all(class: "line")
        #expect(samples.map { $0.attributes["stroke-dasharray"] ?? "solid" } == dashes)
        #expect(samples.map { $0.attributes["stroke"] } == lines.map { $0.attributes["stroke"] })
        #expect(Set(DashPattern.sequence).count == 8)
    }

    /// The legend sits outside the plot area: right of the frame, or below the x-axis title.
    @Test func legendDoesNotOverlapThePlotArea() throws {
        var plot = Gallery.hybrid()
        for placement in [LegendPlacement.right, .below] {
            plot.legendPlacement = placement
            let root = try parseSVG(try plot.svg())
            let area = try frame(root)
            let box = try #require(root.all(class: "legend").first?.children.first)
            let x = Double(box.attributes["x"]!)!, y = Double(box.attributes["y"]!)!
            let width = Double(box.attributes["width"]!)!, height = Double(box.attributes["height"]!)!
            let svgWidth = Double(root.attributes["width"]!)!, svgHeight = Double(root.attributes["height"]!)!
            switch placement {
            case .right: #expect(x > area.x + area.width + 5)
            default:
                let axisLabel = try #require(root.all(class: "axis x").first?.all(class: "axis-label").first)
                #expect(y > Double(axisLabel.attributes["y"]!)!)
            }
            #expect(x >= 0 && y >= 0 && x + width <= svgWidth && y + height <= svgHeight, "legend inside the figure")
        }
        plot.legendPlacement = .hidden
        #expect(try parseSVG(try plot.svg()).all(class: "legend").isEmpty)
    }

    /// Explicit ranges crop: every line vertex lies on or inside the frame.
    @Test func linesAreClippedToThePlotArea() throws {
        let x = (0...200).map { Double($0) / 100 }
        let plot = LinePlot(title: "t", xAxis: PlotAxis("x", range: 0.5...1.5), yAxis: PlotAxis("y", range: -0.5...0.5),
                            series: [LineSeries("sin", x: x, y: x.map { sin(8 * $0) })])
        let root = try parseSVG(try plot.svg())
        let area = try frame(root)
        let d = try #require(linePaths(root).first?.attributes["d"])
        #expect(PathData.subpathCount(d) > 1, "the curve leaves and re-enters the y range")
        for (px, py) in PathData.points(d) {
            #expect(px >= area.x - 0.01 && px <= area.x + area.width + 0.01)
            #expect(py >= area.y - 0.01 && py <= area.y + area.height + 0.01)
        }
    }

    @Test func insetHasItsOwnAxesAndMarkedPeaks() throws {
        let root = try parseSVG(try Gallery.solution().svg())
        let inset = try #require(root.all(class: "inset").first)
        #expect(inset.all(class: "axis x").count == 1 && inset.all(class: "axis y").count == 1)
        #expect(inset.all(class: "inset-title").first?.allText == "|F[u]|")
        let marks = try #require(inset.all(class: "annotations").first).all(class: "markers")
        #expect(marks.count == 3 && marks.allSatisfy { $0.attributes["fill"] == "#000000" })
        // The inset lies inside the main plot area.
        let area = try frame(root)
        let box = try #require(inset.all(class: "inset-background").first)
        let bx = Double(box.attributes["x"]!)!, by = Double(box.attributes["y"]!)!
        #expect(bx > area.x && by > area.y)
        #expect(bx + Double(box.attributes["width"]!)! < area.x + area.width)
        #expect(by + Double(box.attributes["height"]!)! < area.y + area.height)
    }

    @Test func markersOnlySeriesDrawStarsAndNoLine() throws {
        let root = try parseSVG(try Gallery.hybrid().svg())
        let dnn = try #require(root.all(class: "plot-area").first?.all(class: "series").first)
        #expect(dnn.all(class: "line").isEmpty)
        let stars = try #require(dnn.all(class: "markers").first?.attributes["d"])
        // 121 points, every 4th marked → 31 stars of 10 vertices each.
        #expect(PathData.subpathCount(stars) == 31)
    }

    @Test func statusBannerIsShownForIncompleteRuns() throws {
        let root = try parseSVG(try Gallery.diverged().svg())
        #expect(root.all(class: "status").first?.allText.contains("diverged at step 40") == true)
        #expect(root.all(named: "desc").first?.allText.contains("Status: diverged at step 40.") == true)
        let empty = try parseSVG(try Gallery.empty().svg())
        #expect(empty.all(class: "no-data").count == 1)
        #expect(empty.all(class: "status").first?.allText.contains("interrupted") == true)
        #expect(try parseSVG(try Gallery.solution().svg()).all(class: "status").isEmpty)
    }

    @Test func invalidDescriptionsThrowTypedErrors() {
        let axes = (PlotAxis("x"), PlotAxis("y"))
        #expect(throws: PlotError.seriesLengthMismatch(series: "s", xCount: 2, yCount: 1)) {
            try LinePlot(title: "t", xAxis: axes.0, yAxis: axes.1, series: [LineSeries("s", x: [0, 1], y: [0])]).svg()
        }
        #expect(throws: PlotError.invalidRange(axis: "y", lower: 0, upper: 1, scale: .log10)) {
            try LinePlot(title: "t", xAxis: axes.0, yAxis: PlotAxis("y", scale: .log10, range: 0...1)).svg()
        }
        #expect(throws: PlotError.invalidSize(width: 50, height: 400)) {
            try LinePlot(title: "t", xAxis: axes.0, yAxis: axes.1, width: 50, height: 400).svg()
        }
        var plot = Gallery.solution()
        plot.inset?.widthFraction = 1.5
        #expect(throws: PlotError.invalidInsetSize(widthFraction: 1.5, heightFraction: 0.45)) { try plot.svg() }
        #expect(PlotError.invalidSize(width: 50, height: 400).description.contains("120 px"))
    }

    /// A vertical reference line sits at its x, across the whole plot area, with its label.
    @Test func referenceLinesSpanThePlotArea() throws {
        let plot = LinePlot(title: "t", xAxis: PlotAxis("x", range: 0...10), yAxis: PlotAxis("y"),
                            series: [LineSeries("s", x: [0, 10], y: [0, 1])],
                            referenceLines: [ReferenceLine(.vertical, at: 5, label: "switch"),
                                             ReferenceLine(.vertical, at: 50, label: "outside")])
        let root = try parseSVG(try plot.svg())
        let area = try frame(root)
        let group = try #require(root.all(class: "reference-lines").first)
        let paths = group.all(named: "path")
        #expect(paths.count == 1, "the line outside the explicit range is not drawn")
        let d = try #require(paths[0].attributes["d"])
        let start = try #require(PathData.points(d).first)
        #expect(abs(start.0 - (area.x + area.width / 2)) < 0.02)
        #expect(abs(start.1 - area.y) < 0.02)
        let end = try #require(d.split(separator: "V").last.flatMap { Double($0) })
        #expect(abs(end - (area.y + area.height)) < 0.02)
        #expect(group.allText == "switch")
    }
}

@Suite struct DenseSeriesTests {
    /// 20 000 points over ~450 px: vertices closer than 0.2 px to the last one written are held
    /// back, so far fewer remain (this curve is ~1,600 px long: at most ~8,000 vertices); the
    /// line still starts and ends at the data's ends.
    @Test func denseSeriesAreThinnedButKeepTheirEnds() throws {
        let n = 20_000
        let x = (0..<n).map { Double($0) / Double(n - 1) }
        let plot = LinePlot(title: "dense", xAxis: PlotAxis("x", range: 0...1), yAxis: PlotAxis("y", range: -1...1),
                            series: [LineSeries("sin", x: x, y: x.map { sin(20 * $0) })])
        let root = try parseSVG(try plot.svg())
        let d = try #require(root.all(class: "line").first?.attributes["d"])
        let points = PathData.points(d)
        #expect(points.count < n / 2, "\(points.count) vertices kept")
        // Consecutive written vertices are ≥ 0.2 px apart (less 0.01 px output rounding); only
        // the held-back final vertex may be closer.
        for i in 1..<(points.count - 1) {
            let gap = hypot(points[i].0 - points[i - 1].0, points[i].1 - points[i - 1].1)
            #expect(gap >= 0.19, "vertices \(i - 1) and \(i) are \(gap) px apart")
        }
        let frame = try #require(root.all(class: "frame").first)
        let left = Double(frame.attributes["x"]!)!, width = Double(frame.attributes["width"]!)!
        let top = Double(frame.attributes["y"]!)!, height = Double(frame.attributes["height"]!)!
        #expect(abs(points.first!.0 - left) < 0.02 && abs(points.last!.0 - (left + width)) < 0.02)
        let yEnd = top + height / 2 - sin(20) * height / 2
        #expect(abs(points.last!.1 - yEnd) < 0.02)
    }
}
