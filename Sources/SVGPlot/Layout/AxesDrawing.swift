/// Font sizes and tick length of one set of axes (a main plot or an inset), in px.
struct AxesFonts: Sendable {
    var title: Double
    var label: Double
    var tick: Double
    var tickLength: Double

    /// The main plot of a figure.
    static let main = AxesFonts(title: 15, label: 12.5, tick: 11, tickLength: 5)
    /// A small plot drawn inside another (an inset).
    static let inset = AxesFonts(title: 11, label: 10, tick: 9, tickLength: 3.5)
}

/// An axis ready to draw: its options and its computed ticks.
struct PreparedAxis: Sendable {
    let options: PlotAxis
    let ticks: AxisTicks
    /// Overrides the tick labels (heat-map rows named by text); values are positions.
    var categoricalTicks: [Tick]?

    var drawnTicks: [Tick] { categoricalTicks ?? ticks.major }

    /// Widest tick label in px.
    func maximumLabelWidth(fontSize: Double) -> Double {
        drawnTicks.compactMap(\.label).map { TextMetrics.width(of: $0, fontSize: fontSize) }.max() ?? 0
    }
}

/// Drawing of axes, grid and frame around a plot rectangle, shared by all figures.
enum AxesDrawing {
    /// Gap between tick marks and their labels, px.
    static let labelGap = 3.0

    /// Room needed left of the plot rectangle for the y tick labels and the y-axis title.
    static func leftMargin(y: PreparedAxis, fonts: AxesFonts) -> Double {
        var margin = fonts.tickLength + labelGap + y.maximumLabelWidth(fontSize: fonts.tick) + 4
        if !y.options.title.isEmpty { margin += 6 + 1.15 * fonts.label }
        return margin
    }

    /// Room needed below the plot rectangle for the x tick labels and the x-axis title.
    static func bottomMargin(x: PreparedAxis, fonts: AxesFonts) -> Double {
        var margin = fonts.tickLength + labelGap + 1.05 * fonts.tick + 4
        if !x.options.title.isEmpty { margin += 6 + 1.2 * fonts.label }
        return margin
    }

    /// Half the widths of the first and last x tick labels: how far they stick out left and
    /// right of the plot rectangle when centred on ticks at its ends.
    static func xLabelOverhang(x: PreparedAxis, mapping: (Double) -> Double?, plot: Rect, fonts: AxesFonts) -> (left: Double, right: Double) {
        var left = 0.0, right = 0.0
        for tick in x.drawnTicks {
            guard let label = tick.label, let px = mapping(tick.value) else { continue }
            let half = TextMetrics.width(of: label, fontSize: fonts.tick) / 2
            left = max(left, plot.minX - (px - half))
            right = max(right, (px + half) - plot.maxX)
        }
        return (left, right)
    }

    /// Light grid lines at the major ticks of both axes (drawn under the data).
    static func grid(plot: Rect, x: PreparedAxis, y: PreparedAxis, xMap: ScaleMapping?, yMap: ScaleMapping?) -> SVGElement? {
        var d = ""
        if x.options.gridLines, let xMap {
            for tick in x.drawnTicks where xMap.contains(tick.value) {
                guard let px = xMap.position(of: tick.value) else { continue }
                d += "M\(SVGNumber.format(px)) \(SVGNumber.format(plot.minY))V\(SVGNumber.format(plot.maxY))"
            }
        }
        if y.options.gridLines, let yMap {
            for tick in y.drawnTicks where yMap.contains(tick.value) {
                guard let py = yMap.position(of: tick.value) else { continue }
                d += "M\(SVGNumber.format(plot.minX)) \(SVGNumber.format(py))H\(SVGNumber.format(plot.maxX))"
            }
        }
        guard !d.isEmpty else { return nil }
        return SVGElement("path", ["class": "grid", "d": d, "fill": "none", "stroke": "#e3e3e3", "stroke-width": 0.8])
    }

    /// The frame around the plot area.
    static func frame(plot: Rect) -> SVGElement {
        plot.element(["class": "frame", "fill": "none", "stroke": "#333333", "stroke-width": 1])
    }

    /// `<g class="axis x">`: tick marks below the plot, their labels, and the axis title.
    /// `positionOf` maps a tick value to its x pixel (nil = not drawable).
    static func xAxis(plot: Rect, axis: PreparedAxis, positionOf: (Double) -> Double?, fonts: AxesFonts) -> SVGElement {
        var group = SVGElement("g", ["class": "axis x"])
        var marks = "", minorMarks = ""
        var labels: [SVGElement] = []
        let labelBaseline = plot.maxY + fonts.tickLength + labelGap + 0.95 * fonts.tick
        var lastRight = -Double.infinity
        for tick in axis.drawnTicks {
            guard let px = positionOf(tick.value), px >= plot.minX - 0.01, px <= plot.maxX + 0.01 else { continue }
            marks += "M\(SVGNumber.format(px)) \(SVGNumber.format(plot.maxY))v\(SVGNumber.format(fonts.tickLength))"
            if let label = tick.label {
                // Skip a label that would collide with the previous one drawn (narrow plots).
                let half = TextMetrics.width(of: label, fontSize: fonts.tick) / 2
                guard px - half >= lastRight + 0.4 * fonts.tick else { continue }
                lastRight = px + half
                labels.append(SVGElement("text", ["class": "tick-label", "x": px, "y": labelBaseline,
                                                  "text-anchor": "middle", "font-size": fonts.tick],
                                         children: label.nodes(fontSize: fonts.tick)))
            }
        }
        for value in axis.ticks.minor where axis.categoricalTicks == nil {
            guard let px = positionOf(value), px >= plot.minX - 0.01, px <= plot.maxX + 0.01 else { continue }
            minorMarks += "M\(SVGNumber.format(px)) \(SVGNumber.format(plot.maxY))v\(SVGNumber.format(fonts.tickLength * 0.6))"
        }
        group.append(SVGElement("path", ["class": "ticks", "d": marks.isEmpty ? "M0 0" : marks, "stroke": "#333333", "stroke-width": 1]))
        if !minorMarks.isEmpty {
            group.append(SVGElement("path", ["class": "minor-ticks", "d": minorMarks, "stroke": "#333333", "stroke-width": 0.8]))
        }
        group.append(contentsOf: labels)
        if !axis.options.title.isEmpty {
            let baseline = labelBaseline + 6 + 1.1 * fonts.label
            let fit = TextMetrics.fitted(axis.options.title, width: plot.width, fontSize: fonts.label)
            group.append(SVGElement("text", ["class": "axis-label", "x": plot.minX + plot.width / 2, "y": baseline,
                                             "text-anchor": "middle", "font-size": fit.fontSize],
                                    text: fit.text))
        }
        return group
    }

    /// `<g class="axis y">`: tick marks left of the plot, their labels, and the rotated title.
    static func yAxis(plot: Rect, axis: PreparedAxis, positionOf: (Double) -> Double?, fonts: AxesFonts) -> SVGElement {
        var group = SVGElement("g", ["class": "axis y"])
        var marks = "", minorMarks = ""
        var labels: [SVGElement] = []
        let labelRight = plot.minX - fonts.tickLength - labelGap
        var lastTop = Double.infinity
        for tick in axis.drawnTicks {
            guard let py = positionOf(tick.value), py >= plot.minY - 0.01, py <= plot.maxY + 0.01 else { continue }
            marks += "M\(SVGNumber.format(plot.minX)) \(SVGNumber.format(py))h\(SVGNumber.format(-fonts.tickLength))"
            if let label = tick.label {
                // Ticks come bottom-up (increasing values); skip a label overlapping the last one drawn.
                guard py <= lastTop - 1.1 * fonts.tick else { continue }
                lastTop = py
                labels.append(SVGElement("text", ["class": "tick-label", "x": labelRight, "y": py + 0.36 * fonts.tick,
                                                  "text-anchor": "end", "font-size": fonts.tick],
                                         children: label.nodes(fontSize: fonts.tick)))
            }
        }
        for value in axis.ticks.minor where axis.categoricalTicks == nil {
            guard let py = positionOf(value), py >= plot.minY - 0.01, py <= plot.maxY + 0.01 else { continue }
            minorMarks += "M\(SVGNumber.format(plot.minX)) \(SVGNumber.format(py))h\(SVGNumber.format(-fonts.tickLength * 0.6))"
        }
        group.append(SVGElement("path", ["class": "ticks", "d": marks.isEmpty ? "M0 0" : marks, "stroke": "#333333", "stroke-width": 1]))
        if !minorMarks.isEmpty {
            group.append(SVGElement("path", ["class": "minor-ticks", "d": minorMarks, "stroke": "#333333", "stroke-width": 0.8]))
        }
        group.append(contentsOf: labels)
        if !axis.options.title.isEmpty {
            // Rotated text: its baseline is a vertical line; descenders reach ~0.25 em right of it.
            let x = labelRight - axis.maximumLabelWidth(fontSize: fonts.tick) - 6 - 0.25 * fonts.label
            let y = plot.minY + plot.height / 2
            let fit = TextMetrics.fitted(axis.options.title, width: plot.height, fontSize: fonts.label)
            group.append(SVGElement("text", ["class": "axis-label", "x": x, "y": y, "text-anchor": "middle",
                                             "font-size": fit.fontSize,
                                             "transform": "rotate(-90 \(SVGNumber.format(x)) \(SVGNumber.format(y)))"],
                                    text: fit.text))
        }
        return group
    }

    /// A bold title centred at `centreX`, baseline at `baseline`, shrunk or cut to `maxWidth`.
    static func title(_ text: String, centreX: Double, baseline: Double, fonts: AxesFonts, className: String = "title",
                      maxWidth: Double) -> SVGElement {
        let fit = TextMetrics.fitted(text, width: maxWidth, fontSize: fonts.title, bold: true)
        return SVGElement("text", ["class": className, "x": centreX, "y": baseline, "text-anchor": "middle",
                                   "font-size": fit.fontSize, "font-weight": "bold"], text: fit.text)
    }

    /// Height of the status banner band, px.
    static let bannerHeight = 26.0

    /// `<g class="status">`: a coloured band with bold text across `width` at `top`.
    static func banner(_ banner: StatusBanner, x: Double, top: Double, width: Double) -> SVGElement {
        let (fill, stroke, ink): (String, String, String) = switch banner.severity {
        case .failure: ("#fde2e1", "#b3261e", "#8c1d18")
        case .warning: ("#fff1d6", "#c77700", "#7a4a00")
        case .information: ("#e3eefc", "#1f5fae", "#123d73")
        }
        let fit = TextMetrics.fitted(banner.severity == .information ? banner.text : "\u{26A0} " + banner.text,
                                     width: width - 16, fontSize: 13, bold: true)
        let fontSize = fit.fontSize, label = fit.text
        var group = SVGElement("g", ["class": "status"])
        group.append(Rect(x: x, y: top, width: width, height: bannerHeight)
            .element(["fill": fill, "stroke": stroke, "stroke-width": 1.5, "rx": 3]))
        group.append(SVGElement("text", ["x": x + width / 2, "y": top + bannerHeight / 2 + 0.36 * fontSize,
                                         "text-anchor": "middle", "font-size": fontSize, "font-weight": "bold",
                                         "fill": ink], text: label))
        return group
    }

    /// Width a banner's text needs, px.
    static func bannerTextWidth(_ banner: StatusBanner) -> Double {
        TextMetrics.width(of: "\u{26A0} " + banner.text, fontSize: 13, bold: true) + 24
    }
}
