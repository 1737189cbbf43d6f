/// A line plot: several curves y(x) on linear or log₁₀ axes, with title, axis titles, ticks, a
/// legend outside the plot area, optional reference lines, point annotations, an inset and a
/// status banner. Rendering is deterministic: the same value always gives the same bytes.
///
/// ```swift
/// var plot = LinePlot(title: "Max error against time",
///                     xAxis: PlotAxis("time", unit: "s"),
///                     yAxis: PlotAxis("max error", scale: .log10))
/// plot.series.append(LineSeries("solver", x: seconds, y: errors))
/// plot.series.append(LineSeries("dnn", x: dnnSeconds, y: dnnErrors,
///                               style: SeriesStyle(color: SeriesStyle.palette[2], drawsLine: false, marker: .star)))
/// plot.referenceLines.append(ReferenceLine(.horizontal, at: 1e-4, label: "tolerance"))
/// let svg = try plot.svg()
/// ```
///
/// Structure of the output (classes on `<g>` elements): `title` text, `status` (banner, when
/// set), `plot-area` (grid, `reference-lines`, one `series` per curve with `line`/`markers`
/// paths, `annotations`, `frame`), `axis x`, `axis y`, `inset` (its own axes), `legend` (one
/// `legend-entry` per listed series). Cost: O(total points + ticks).
public struct LinePlot: Sendable, Equatable {
    /// The title, drawn above the plot and used as the SVG `<title>`.
    public var title: String
    /// The horizontal axis.
    public var xAxis: PlotAxis
    /// The vertical axis.
    public var yAxis: PlotAxis
    /// The curves, drawn in order (later ones on top).
    public var series: [LineSeries]
    /// Vertical and horizontal lines across the plot area, drawn under the curves.
    public var referenceLines: [ReferenceLine]
    /// Markers at given points, drawn over the curves.
    public var annotations: [PointAnnotation]
    /// A small plot inside the plot area, or `nil`.
    public var inset: LinePlotInset?
    /// A notice for runs that did not complete, or `nil`.
    public var status: StatusBanner?
    /// Where the legend goes.
    public var legendPlacement: LegendPlacement
    /// Figure width in px (≥ 120).
    public var width: Double
    /// Figure height in px (≥ 120); grows when the legend needs more room (a tall legend on the
    /// right, or many rows below).
    public var height: Double
    /// The root `<svg>`'s `id`, or `nil`. The figure uses no other ids, so several figures can be
    /// inlined into one HTML page without clashes.
    public var identifier: String?

    /// A plot with the given title and axes; everything else can be set afterwards.
    public init(title: String, xAxis: PlotAxis, yAxis: PlotAxis, series: [LineSeries] = [],
                referenceLines: [ReferenceLine] = [], annotations: [PointAnnotation] = [],
                inset: LinePlotInset? = nil, status: StatusBanner? = nil,
                legendPlacement: LegendPlacement = .right, width: Double = 640, height: Double = 420,
                identifier: String? = nil) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.series = series
        self.referenceLines = referenceLines
        self.annotations = annotations
        self.inset = inset
        self.status = status
        self.legendPlacement = legendPlacement
        self.width = width
        self.height = height
        self.identifier = identifier
    }

    /// The figure as standalone SVG 1.1 text.
    /// - Throws: `PlotError` for an invalid size, axis range, series or inset.
    public func svg() throws(PlotError) -> String {
        try document().rendered()
    }

    /// The figure as a document tree (to embed or post-process).
    /// - Throws: `PlotError` for an invalid size, axis range, series or inset.
    public func document() throws(PlotError) -> SVGDocument {
        try validate()
        return LinePlotLayout(plot: self).document()
    }

    private func validate() throws(PlotError) {
        try validateSize(width: width, height: height)
        try xAxis.validate(name: "x")
        try yAxis.validate(name: "y")
        for s in series where s.x.count != s.y.count {
            throw .seriesLengthMismatch(series: s.label, xCount: s.x.count, yCount: s.y.count)
        }
        if let inset {
            try inset.xAxis.validate(name: "inset x")
            try inset.yAxis.validate(name: "inset y")
            for s in inset.series where s.x.count != s.y.count {
                throw .seriesLengthMismatch(series: s.label, xCount: s.x.count, yCount: s.y.count)
            }
            guard inset.widthFraction > 0, inset.widthFraction <= 1, inset.heightFraction > 0, inset.heightFraction <= 1 else {
                throw .invalidInsetSize(widthFraction: inset.widthFraction, heightFraction: inset.heightFraction)
            }
        }
    }
}

/// The geometry of one rendered `LinePlot`.
private struct LinePlotLayout {
    let plot: LinePlot
    let body: PlotBody
    let fonts = AxesFonts.main
    let padding = 10.0

    init(plot: LinePlot) {
        self.plot = plot
        body = PlotBody(xAxis: plot.xAxis, yAxis: plot.yAxis, series: plot.series,
                        annotations: plot.annotations, referenceLines: plot.referenceLines)
    }

    /// Legend entries: series index, label, style.
    var legendEntries: [(index: Int, label: String, style: SeriesStyle)] {
        guard plot.legendPlacement != .hidden else { return [] }
        return plot.series.indices.filter { plot.series[$0].showsInLegend }
            .map { ($0, plot.series[$0].label, body.style(of: $0)) }
    }

    static let legendFont = 11.5
    static let legendRow = 18.0
    static let legendSample = 30.0

    func document() -> SVGDocument {
        let (xAxis, yAxis) = body.preparedAxes()
        let entries = legendEntries
        var width = plot.width, height = plot.height
        var content: [SVGElement] = []

        // Top: title, banner.
        var top = padding
        if !plot.title.isEmpty {
            content.append(AxesDrawing.title(plot.title, centreX: width / 2, baseline: top + 0.95 * fonts.title, fonts: fonts,
                                              maxWidth: width - 2 * padding))
            top += 1.2 * fonts.title + 6
        }
        if let status = plot.status {
            let bannerWidth = min(width - 2 * padding, max(AxesDrawing.bannerTextWidth(status), 0.6 * width))
            content.append(AxesDrawing.banner(status, x: (width - bannerWidth) / 2, top: top, width: bannerWidth))
            top += AxesDrawing.bannerHeight + 8
        }
        top += 0.6 * fonts.tick   // the top y tick label is centred on the frame

        // Legend size.
        let labelWidths = entries.map { TextMetrics.width(of: $0.label, fontSize: Self.legendFont) }
        let entryWidths = labelWidths.map { Self.legendSample + 6 + $0 }
        var legendBox: Rect?
        var right = padding, bottom = padding + AxesDrawing.bottomMargin(x: xAxis, fonts: fonts)
        let left = padding + AxesDrawing.leftMargin(y: yAxis, fonts: fonts)
        var legendRows: [[Int]] = []
        if !entries.isEmpty {
            switch plot.legendPlacement {
            case .right:
                // Never let the legend take more than 40 % of the width; long labels are cut.
                let boxWidth = min((entryWidths.max() ?? 0) + 16, 0.4 * width)
                let boxHeight = Double(entries.count) * Self.legendRow + 10
                right = padding + boxWidth + 14
                height = max(height, top + boxHeight + bottom)
                legendBox = Rect(x: width - padding - boxWidth, y: top, width: boxWidth, height: boxHeight)
            case .below:
                let available = width - 2 * padding - 16
                var row: [Int] = [], rowWidth = 0.0
                for (i, w) in entryWidths.enumerated() {
                    let needed = w + (row.isEmpty ? 0 : 18)
                    if !row.isEmpty && rowWidth + needed > available {
                        legendRows.append(row)
                        row = []
                        rowWidth = 0
                    }
                    rowWidth += row.isEmpty ? w : needed
                    row.append(i)
                }
                if !row.isEmpty { legendRows.append(row) }
                let boxHeight = Double(legendRows.count) * Self.legendRow + 10
                // Keep at least half the plot height (and 120 px) the figure had without the
                // legend: the figure grows taller rather than squeezing the data.
                let plotHeight = height - top - bottom
                bottom += boxHeight + 8
                height = max(height, top + bottom + max(0.5 * plotHeight, 120))
            case .hidden:
                break
            }
        }

        // Plot rectangle; shrink it if the end x tick labels stick out beyond the margins.
        var area = Rect(x: left, y: top, width: width - left - right, height: height - top - bottom)
        area.width = max(area.width, 20)
        area.height = max(area.height, 20)
        let overhang = AxesDrawing.xLabelOverhang(
            x: xAxis, mapping: ScaleMapping(scale: xAxis.options.scale, range: xAxis.ticks.range, start: area.minX, end: area.maxX).position(of:),
            plot: area, fonts: fonts)
        let rightRoom = plot.legendPlacement == .right && !entries.isEmpty ? 12.0 : right - 2
        if overhang.right > rightRoom { area.width -= overhang.right - rightRoom }
        if overhang.left > area.minX - 2 {
            let shift = overhang.left - (area.minX - 2)
            area.x += shift
            area.width -= shift
        }

        if plot.legendPlacement == .below, !legendRows.isEmpty {
            let boxHeight = Double(legendRows.count) * Self.legendRow + 10
            let rowWidths = legendRows.map { row in row.map { entryWidths[$0] }.reduce(0, +) + Double(row.count - 1) * 18 }
            let boxWidth = min((rowWidths.max() ?? 0) + 16, width - 2 * padding)
            legendBox = Rect(x: area.minX + (area.width - boxWidth) / 2, y: height - padding - boxHeight,
                             width: boxWidth, height: boxHeight)
        }

        let xMap = ScaleMapping(scale: xAxis.options.scale, range: xAxis.ticks.range, start: area.minX, end: area.maxX)
        let yMap = ScaleMapping(scale: yAxis.options.scale, range: yAxis.ticks.range, start: area.maxY, end: area.minY)

        // Plot area: grid, data, frame.
        var plotGroup = SVGElement("g", ["class": "plot-area"])
        if let grid = AxesDrawing.grid(plot: area, x: xAxis, y: yAxis, xMap: xMap, yMap: yMap) { plotGroup.append(grid) }
        plotGroup.append(contentsOf: body.dataElements(plot: area, xMap: xMap, yMap: yMap, fontSize: fonts.tick))
        if body.drawablePointCount == 0 {
            plotGroup.append(SVGElement("text", ["class": "no-data", "x": area.minX + area.width / 2,
                                                 "y": area.minY + area.height / 2, "text-anchor": "middle",
                                                 "font-size": 13, "fill": "#777777"], text: "no data"))
        }
        plotGroup.append(AxesDrawing.frame(plot: area))
        content.append(plotGroup)
        content.append(AxesDrawing.xAxis(plot: area, axis: xAxis, positionOf: xMap.position(of:), fonts: fonts))
        content.append(AxesDrawing.yAxis(plot: area, axis: yAxis, positionOf: yMap.position(of:), fonts: fonts))

        if let inset = plot.inset {
            content.append(insetGroup(inset, in: area, mainPoints: body.pixelPoints(xMap: xMap, yMap: yMap)))
        }
        if let legendBox {
            content.append(legend(entries: entries, box: legendBox, rows: plot.legendPlacement == .below ? legendRows : nil,
                                  entryWidths: entryWidths))
        }

        return SVGDocument(width: width, height: height, title: plot.title, description: description(xAxis, yAxis),
                           classes: ["svgplot", "line-plot"], identifier: plot.identifier, content: content)
    }

    /// `<desc>` text: what the figure shows, for screen readers and text search.
    private func description(_ x: PreparedAxis, _ y: PreparedAxis) -> String {
        func axisText(_ axis: PreparedAxis) -> String {
            (axis.options.title.isEmpty ? "(untitled)" : axis.options.title) + (axis.options.scale == .log10 ? ", log scale" : "")
        }
        var text = "Line plot of \(plot.series.count) series"
        if !plot.series.isEmpty { text += " (" + plot.series.map(\.label).joined(separator: "; ") + ")" }
        text += ". x: \(axisText(x)). y: \(axisText(y))."
        if let status = plot.status { text += " Status: \(status.text)." }
        return text
    }

    // MARK: Legend

    private func legend(entries: [(index: Int, label: String, style: SeriesStyle)], box: Rect, rows: [[Int]]?,
                        entryWidths: [Double]) -> SVGElement {
        var group = SVGElement("g", ["class": "legend"])
        group.append(box.element(["fill": "#ffffff", "stroke": "#bbbbbb", "stroke-width": 1, "rx": 2]))
        let positions: [(Double, Double)]   // left end of the sample, row centre
        if let rows {
            var list = [(Double, Double)](repeating: (0, 0), count: entries.count)
            for (r, row) in rows.enumerated() {
                var x = box.minX + 8
                for i in row {
                    list[i] = (x, box.minY + 5 + (Double(r) + 0.5) * Self.legendRow)
                    x += entryWidths[i] + 18
                }
            }
            positions = list
        } else {
            positions = entries.indices.map { (box.minX + 8, box.minY + 5 + (Double($0) + 0.5) * Self.legendRow) }
        }
        let maxLabelWidth = box.width - 16 - Self.legendSample - 6
        for (i, entry) in entries.enumerated() {
            let (x, y) = positions[i]
            var item = SVGElement("g", ["class": "legend-entry"])
            if entry.style.drawsLine {
                item.append(PlotBody.linePath("M\(SVGNumber.format(x)) \(SVGNumber.format(y))h\(SVGNumber.format(Self.legendSample))",
                                              style: entry.style))
            }
            if let marker = entry.style.marker {
                item.append(PlotBody.markerPath(marker.pathData(x: x + Self.legendSample / 2, y: y, size: entry.style.markerSize),
                                                shape: marker, color: entry.style.color))
            }
            item.append(SVGElement("text", ["x": x + Self.legendSample + 6, "y": y + 0.36 * Self.legendFont,
                                            "font-size": Self.legendFont],
                                   text: TextMetrics.truncated(entry.label, toWidth: maxLabelWidth, fontSize: Self.legendFont)))
            group.append(item)
        }
        return group
    }

    // MARK: Inset

    private func insetGroup(_ inset: LinePlotInset, in area: Rect, mainPoints: [(Double, Double)]) -> SVGElement {
        let insetFonts = AxesFonts.inset
        let margin = 8.0
        let boxWidth = max(area.width * inset.widthFraction - margin, 60)
        let boxHeight = max(area.height * inset.heightFraction - margin, 50)
        func box(_ corner: InsetCorner) -> Rect {
            let leftX = area.minX + margin, rightX = area.maxX - margin - boxWidth
            let topY = area.minY + margin, bottomY = area.maxY - margin - boxHeight
            switch corner {
            case .topLeft: return Rect(x: leftX, y: topY, width: boxWidth, height: boxHeight)
            case .bottomLeft: return Rect(x: leftX, y: bottomY, width: boxWidth, height: boxHeight)
            case .bottomRight: return Rect(x: rightX, y: bottomY, width: boxWidth, height: boxHeight)
            case .topRight, .automatic: return Rect(x: rightX, y: topY, width: boxWidth, height: boxHeight)
            }
        }
        var chosen = inset.corner
        if chosen == .automatic {
            let candidates: [InsetCorner] = [.topRight, .topLeft, .bottomRight, .bottomLeft]
            let counts = candidates.map { corner in
                let r = box(corner)
                return mainPoints.filter { r.contains($0.0, $0.1) }.count
            }
            chosen = candidates[counts.indices.min { counts[$0] < counts[$1] } ?? 0]
        }
        let outer = box(chosen)

        let body = PlotBody(xAxis: inset.xAxis, yAxis: inset.yAxis, series: inset.series,
                            annotations: inset.annotations, referenceLines: [])
        let (xAxis, yAxis) = body.preparedAxes()
        var group = SVGElement("g", ["class": "inset"])
        group.append(outer.element(["class": "inset-background", "fill": "#ffffff", "stroke": "#999999", "stroke-width": 0.8]))
        var top = outer.minY + 5
        if !inset.title.isEmpty {
            group.append(AxesDrawing.title(inset.title, centreX: outer.minX + outer.width / 2,
                                           baseline: top + 0.9 * insetFonts.title, fonts: insetFonts, className: "inset-title",
                                           maxWidth: outer.width - 8))
            top += 1.2 * insetFonts.title + 3
        }
        top += 0.6 * insetFonts.tick
        let left = outer.minX + 4 + AxesDrawing.leftMargin(y: yAxis, fonts: insetFonts)
        let bottom = outer.maxY - 4 - AxesDrawing.bottomMargin(x: xAxis, fonts: insetFonts)
        var inner = Rect(x: left, y: top, width: max(outer.maxX - 8 - left, 10), height: max(bottom - top, 10))
        let overhang = AxesDrawing.xLabelOverhang(
            x: xAxis, mapping: ScaleMapping(scale: xAxis.options.scale, range: xAxis.ticks.range, start: inner.minX, end: inner.maxX).position(of:),
            plot: inner, fonts: insetFonts)
        if overhang.right > 6 { inner.width = max(inner.width - (overhang.right - 6), 10) }
        let xMap = ScaleMapping(scale: xAxis.options.scale, range: xAxis.ticks.range, start: inner.minX, end: inner.maxX)
        let yMap = ScaleMapping(scale: yAxis.options.scale, range: yAxis.ticks.range, start: inner.maxY, end: inner.minY)
        if let grid = AxesDrawing.grid(plot: inner, x: xAxis, y: yAxis, xMap: xMap, yMap: yMap) { group.append(grid) }
        group.append(contentsOf: body.dataElements(plot: inner, xMap: xMap, yMap: yMap, fontSize: insetFonts.tick))
        group.append(AxesDrawing.frame(plot: inner))
        group.append(AxesDrawing.xAxis(plot: inner, axis: xAxis, positionOf: xMap.position(of:), fonts: insetFonts))
        group.append(AxesDrawing.yAxis(plot: inner, axis: yAxis, positionOf: yMap.position(of:), fonts: insetFonts))
        return group
    }
}
