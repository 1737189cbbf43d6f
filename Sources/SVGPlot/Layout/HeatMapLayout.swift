/// The geometry of one rendered `HeatMap`.
struct HeatMapLayout {
    /// Cell boundaries along one axis, in the axis scale's transformed coordinates.
    struct Edges {
        /// Original indices of the positions kept (showable on the scale), in order.
        var kept: [Int]
        /// `kept.count + 1` boundaries, increasing (empty when nothing is kept).
        var edges: [Double]
    }

    /// Cell boundaries of `positions` on `scale`: midpoints between neighbours in transformed
    /// coordinates, the outer cells as wide as their inner halves; a single position gets a cell
    /// of width 1 in transformed coordinates (±0.5, or ±half a decade on a log axis).
    static func edges(of positions: [Double], scale: AxisScale, axis: String) throws(PlotError) -> Edges {
        var kept: [Int] = [], t: [Double] = []
        for (i, p) in positions.enumerated() {
            if let value = scale.transformed(p) {
                kept.append(i)
                t.append(value)
            }
        }
        for i in t.indices.dropFirst() where !(t[i] > t[i - 1]) {
            throw .positionsNotIncreasing(axis: axis)
        }
        switch t.count {
        case 0: return Edges(kept: [], edges: [])
        case 1: return Edges(kept: kept, edges: [t[0] - 0.5, t[0] + 0.5])
        default:
            var edges = [t[0] - (t[1] - t[0]) / 2]
            for i in 1..<t.count { edges.append((t[i - 1] + t[i]) / 2) }
            edges.append(t[t.count - 1] + (t[t.count - 1] - t[t.count - 2]) / 2)
            return Edges(kept: kept, edges: edges)
        }
    }

    let map: HeatMap
    let columnEdges: Edges
    let rowEdges: Edges
    let fonts = AxesFonts.main
    let padding = 10.0
    static let barWidth = 16.0
    static let barGap = 16.0

    var hasNoData: Bool {
        rowEdges.kept.contains { r in columnEdges.kept.contains { c in map.values[r][c].isNaN } }
    }

    private func preparedX() -> PreparedAxis {
        var options = map.xAxis
        options.gridLines = false
        let extent: ClosedRange<Double>? = columnEdges.edges.isEmpty ? nil
            : map.xAxis.scale.value(atTransformed: columnEdges.edges.first!)...map.xAxis.scale.value(atTransformed: columnEdges.edges.last!)
        let ticks = options.range.map { options.scale.ticks(covering: $0, expand: false, minorTicks: options.minorTicks, logLabelStyle: options.logLabelStyle) }
            ?? options.scale.ticks(covering: extent ?? (options.scale == .linear ? 0...1 : 1...10), expand: extent == nil,
                                   minorTicks: options.minorTicks, logLabelStyle: options.logLabelStyle)
        return PreparedAxis(options: options, ticks: ticks)
    }

    private func preparedY() -> PreparedAxis {
        var options = map.yAxis
        options.gridLines = false
        switch map.rows {
        case .labels(let labels):
            options.scale = .linear
            options.range = nil
            let n = Double(max(labels.count, 1))
            let ticks = AxisTicks(range: -0.5...(n - 0.5), major: [], minor: [], step: 1)
            return PreparedAxis(options: options, ticks: ticks,
                                categoricalTicks: labels.enumerated().map { Tick(value: Double($0.offset), label: RichText($0.element)) })
        case .positions:
            let extent: ClosedRange<Double>? = rowEdges.edges.isEmpty ? nil
                : options.scale.value(atTransformed: rowEdges.edges.first!)...options.scale.value(atTransformed: rowEdges.edges.last!)
            let ticks = options.range.map { options.scale.ticks(covering: $0, expand: false, minorTicks: options.minorTicks, logLabelStyle: options.logLabelStyle) }
                ?? options.scale.ticks(covering: extent ?? (options.scale == .linear ? 0...1 : 1...10), expand: extent == nil,
                                       minorTicks: options.minorTicks, logLabelStyle: options.logLabelStyle)
            // Up to 16 rows: label each row at its own position (mode numbers read directly).
            let positions: [Double]
            if case .positions(let all) = map.rows { positions = rowEdges.kept.map { all[$0] } } else { positions = [] }
            guard options.range == nil, !positions.isEmpty, positions.count <= 16 else {
                return PreparedAxis(options: options, ticks: ticks)
            }
            return PreparedAxis(options: options, ticks: ticks, categoricalTicks: positions.map {
                Tick(value: $0, label: RichText(AxisTicks.minusSign(SVGNumber.format($0, fractionDigits: 4))))
            })
        }
    }

    private var colorTicks: AxisTicks {
        map.colorScale.mapping.ticks(covering: map.colorScale.range, expand: false, logLabelStyle: map.colorScale.logLabelStyle)
    }

    func document() -> SVGDocument {
        let xAxis = preparedX(), yAxis = preparedY()
        let width = map.width, height = map.height
        var content: [SVGElement] = []

        var top = padding
        if !map.title.isEmpty {
            content.append(AxesDrawing.title(map.title, centreX: width / 2, baseline: top + 0.95 * fonts.title, fonts: fonts,
                                              maxWidth: width - 2 * padding))
            top += 1.2 * fonts.title + 6
        }
        if let status = map.status {
            let bannerWidth = min(width - 2 * padding, max(AxesDrawing.bannerTextWidth(status), 0.6 * width))
            content.append(AxesDrawing.banner(status, x: (width - bannerWidth) / 2, top: top, width: bannerWidth))
            top += AxesDrawing.bannerHeight + 8
        }
        top += 0.6 * fonts.tick

        // Right margin: the colour bar, its tick labels, its title, the no-data swatch label.
        let ticks = colorTicks
        let tickLabelWidth = ticks.major.compactMap(\.label).map { TextMetrics.width(of: $0, fontSize: fonts.tick) }.max() ?? 0
        let noData = hasNoData
        let labelColumn = max(tickLabelWidth, noData ? TextMetrics.width(of: "no data", fontSize: fonts.tick) : 0)
        var right = padding + Self.barGap + Self.barWidth + fonts.tickLength + AxesDrawing.labelGap + labelColumn
        if !map.colorScale.title.isEmpty { right += 8 + 1.15 * fonts.label }
        let left = padding + AxesDrawing.leftMargin(y: yAxis, fonts: fonts)
        let bottom = padding + AxesDrawing.bottomMargin(x: xAxis, fonts: fonts)
        var area = Rect(x: left, y: top, width: max(width - left - right, 20), height: max(height - top - bottom, 20))
        let overhang = AxesDrawing.xLabelOverhang(
            x: xAxis, mapping: ScaleMapping(scale: xAxis.options.scale, range: xAxis.ticks.range, start: area.minX, end: area.maxX).position(of:),
            plot: area, fonts: fonts)
        if overhang.right > Self.barGap - 2 { area.width -= overhang.right - (Self.barGap - 2) }
        if overhang.left > area.minX - 2 {
            let shift = overhang.left - (area.minX - 2)
            area.x += shift
            area.width -= shift
        }

        let xMap = ScaleMapping(scale: xAxis.options.scale, range: xAxis.ticks.range, start: area.minX, end: area.maxX)
        let yMap = ScaleMapping(scale: yAxis.options.scale, range: yAxis.ticks.range, start: area.maxY, end: area.minY)

        var plotGroup = SVGElement("g", ["class": "plot-area"])
        plotGroup.append(area.element(["class": "plot-background", "fill": "#ffffff"]))
        let cells = cellGroup(area: area, xMap: xMap, yMap: yMap)
        if cells.children.isEmpty {
            plotGroup.append(SVGElement("text", ["class": "no-data", "x": area.minX + area.width / 2,
                                                 "y": area.minY + area.height / 2, "text-anchor": "middle",
                                                 "font-size": 13, "fill": "#777777"], text: "no data"))
        }
        plotGroup.append(cells)
        if !map.columnMarks.isEmpty {
            var marks = SVGElement("g", ["class": "column-marks", "stroke": "#000000", "stroke-width": 1])
            for mark in map.columnMarks where mark.isFinite && xAxis.ticks.range.contains(mark)
                && (xAxis.options.scale != .log10 || mark > 0) {
                guard let x = xMap.position(of: mark) else { continue }
                marks.append(SVGElement("line", ["x1": x, "y1": area.minY, "x2": x, "y2": area.minY + 6]))
            }
            plotGroup.append(marks)
        }
        plotGroup.append(AxesDrawing.frame(plot: area))
        content.append(plotGroup)
        content.append(AxesDrawing.xAxis(plot: area, axis: xAxis, positionOf: xMap.position(of:), fonts: fonts))
        content.append(AxesDrawing.yAxis(plot: area, axis: yAxis, positionOf: yMap.position(of:), fonts: fonts))
        content.append(colorBar(area: area, ticks: ticks, tickLabelWidth: tickLabelWidth, labelColumn: labelColumn, noData: noData))

        return SVGDocument(width: width, height: height, title: map.title, description: description(),
                           classes: ["svgplot", "heat-map"], identifier: map.identifier, content: content)
    }

    private func description() -> String {
        var text = "Heat map of \(map.values.count) rows × \(map.columns.count) columns."
        if !map.xAxis.title.isEmpty { text += " x: \(map.xAxis.title)\(map.xAxis.scale == .log10 ? ", log scale" : "")." }
        if !map.yAxis.title.isEmpty { text += " y: \(map.yAxis.title)." }
        let scale = map.colorScale
        text += " Colour: \(scale.title.isEmpty ? "value" : scale.title) from \(scale.range.lowerBound) to \(scale.range.upperBound)"
            + (scale.mapping == .log10 ? " (log scale)." : ".")
        if let status = map.status { text += " Status: \(status.text)." }
        return text
    }

    /// `<g class="cells">`: one `<rect>` per run of equal colour along each row, clipped to `area`.
    private func cellGroup(area: Rect, xMap: ScaleMapping, yMap: ScaleMapping) -> SVGElement {
        var group = SVGElement("g", ["class": "cells", "shape-rendering": "crispEdges"])
        let xs = columnEdges.edges.map { xMap.position(ofTransformed: $0).clamped(to: area.minX...area.maxX) }
        for (k, r) in rowEdges.kept.enumerated() {
            let y0 = yMap.position(ofTransformed: rowEdges.edges[k]).clamped(to: area.minY...area.maxY)
            let y1 = yMap.position(ofTransformed: rowEdges.edges[k + 1]).clamped(to: area.minY...area.maxY)
            let cellTop = min(y0, y1), cellHeight = abs(y1 - y0)
            guard cellHeight > 0 else { continue }
            // Each cell reaches 0.5 px into its right and upper neighbours, which are painted
            // later and cover the overlap: no hairline seams where renderers round edges apart.
            let top = max(cellTop - 0.5, area.minY), height = cellTop + cellHeight - top
            var runStart = 0.0, runEnd = 0.0, runColor: String?
            func flush() {
                if let color = runColor, runEnd > runStart {
                    let right = min(runEnd + 0.5, area.maxX)
                    group.append(Rect(x: runStart, y: top, width: right - runStart, height: height)
                        .element(["fill": color]))
                }
                runColor = nil
            }
            for (j, c) in columnEdges.kept.enumerated() {
                let x0 = xs[j], x1 = xs[j + 1]
                guard x1 > x0 else { continue }
                let color = map.colorScale.color(for: map.values[r][c]).description
                if color == runColor && abs(x0 - runEnd) < 1e-9 {
                    runEnd = x1
                } else {
                    flush()
                    (runStart, runEnd, runColor) = (x0, x1, color)
                }
            }
            flush()
        }
        return group
    }

    /// `<g class="colorbar">`: the ramp, its frame, ticks, labels, title and no-data swatch.
    private func colorBar(area: Rect, ticks: AxisTicks, tickLabelWidth: Double, labelColumn: Double, noData: Bool) -> SVGElement {
        let scale = map.colorScale
        let swatchHeight = 12.0
        let barHeight = noData ? max(area.height - swatchHeight - 10, 20) : area.height
        let bar = Rect(x: area.maxX + Self.barGap, y: area.minY, width: Self.barWidth, height: barHeight)
        var group = SVGElement("g", ["class": "colorbar"])
        var ramp = SVGElement("g", ["class": "colorbar-ramp", "shape-rendering": "crispEdges"])
        let steps = 64
        for k in 0..<steps {
            // Step k covers t ∈ [k/steps, (k+1)/steps] from the bottom, coloured at its middle.
            let y0 = bar.maxY - Double(k + 1) / Double(steps) * bar.height
            let y1 = bar.maxY - Double(k) / Double(steps) * bar.height
            let top = k == steps - 1 ? y0 : y0 - 0.5   // overlap the next step up (painted later)
            ramp.append(Rect(x: bar.minX, y: top, width: bar.width, height: y1 - top)
                .element(["fill": scale.ramp.color(at: (Double(k) + 0.5) / Double(steps)).description]))
        }
        group.append(ramp)
        group.append(bar.element(["class": "frame", "fill": "none", "stroke": "#333333", "stroke-width": 1]))
        let map = ScaleMapping(scale: scale.mapping, range: scale.range, start: bar.maxY, end: bar.minY)
        var marks = ""
        let labelX = bar.maxX + fonts.tickLength + AxesDrawing.labelGap
        for tick in ticks.major {
            guard map.contains(tick.value), let py = map.position(of: tick.value) else { continue }
            marks += "M\(SVGNumber.format(bar.maxX)) \(SVGNumber.format(py))h\(SVGNumber.format(fonts.tickLength))"
            if let label = tick.label {
                group.append(SVGElement("text", ["class": "tick-label", "x": labelX, "y": py + 0.36 * fonts.tick,
                                                 "font-size": fonts.tick], children: label.nodes(fontSize: fonts.tick)))
            }
        }
        group.append(SVGElement("path", ["class": "ticks", "d": marks.isEmpty ? "M0 0" : marks, "stroke": "#333333", "stroke-width": 1]))
        if !scale.title.isEmpty {
            let x = labelX + labelColumn + 8 + 0.85 * fonts.label
            let y = bar.minY + bar.height / 2
            let fit = TextMetrics.fitted(scale.title, width: max(bar.height, area.height), fontSize: fonts.label)
            group.append(SVGElement("text", ["class": "axis-label", "x": x, "y": y, "text-anchor": "middle",
                                             "font-size": fit.fontSize,
                                             "transform": "rotate(-90 \(SVGNumber.format(x)) \(SVGNumber.format(y)))"],
                                    text: fit.text))
        }
        if noData {
            let swatch = Rect(x: bar.minX, y: area.maxY - swatchHeight, width: bar.width, height: swatchHeight)
            var item = SVGElement("g", ["class": "no-data-swatch"])
            item.append(swatch.element(["fill": scale.noDataColor.description, "stroke": "#333333", "stroke-width": 1]))
            item.append(SVGElement("text", ["x": labelX, "y": swatch.minY + swatchHeight / 2 + 0.36 * fonts.tick,
                                            "font-size": fonts.tick], text: "no data"))
            group.append(item)
        }
        return group
    }
}
