/// The data part shared by a `LinePlot` and its inset: axes, curves, annotations and reference
/// lines, with the computations both need (extents, ticks, drawing inside a plot rectangle).
struct PlotBody: Sendable {
    let xAxis: PlotAxis
    let yAxis: PlotAxis
    let series: [LineSeries]
    let annotations: [PointAnnotation]
    let referenceLines: [ReferenceLine]

    /// Style of series `index`.
    func style(of index: Int) -> SeriesStyle {
        series[index].style ?? .automatic(index: index)
    }

    /// Whether (x, y) is drawable on both scales.
    func canShow(_ x: Double, _ y: Double) -> Bool {
        xAxis.scale.canShow(x) && yAxis.scale.canShow(y)
    }

    /// Number of drawable series points.
    var drawablePointCount: Int {
        series.reduce(0) { count, s in
            count + zip(s.x, s.y).filter { canShow($0.0, $0.1) }.count
        }
    }

    /// Extents of the drawable data on each axis. The y extent counts only points whose x lies
    /// in an explicit x range (and vice versa), so zooming in rescales the other axis.
    func extents() -> (x: ClosedRange<Double>?, y: ClosedRange<Double>?) {
        var x = Extent(), y = Extent()
        func add(_ px: Double, _ py: Double) {
            guard canShow(px, py) else { return }
            if yAxis.range?.contains(py) ?? true { x.add(px) }
            if xAxis.range?.contains(px) ?? true { y.add(py) }
        }
        for s in series {
            for (px, py) in zip(s.x, s.y) { add(px, py) }
        }
        for a in annotations { add(a.x, a.y) }
        for line in referenceLines {
            switch line.orientation {
            case .vertical: if xAxis.scale.canShow(line.value) { x.add(line.value) }
            case .horizontal: if yAxis.scale.canShow(line.value) { y.add(line.value) }
            }
        }
        return (x.range, y.range)
    }

    /// Both axes with their ticks.
    func preparedAxes() -> (x: PreparedAxis, y: PreparedAxis) {
        let (xExtent, yExtent) = extents()
        return (PreparedAxis(options: xAxis, ticks: xAxis.ticks(dataExtent: xExtent)),
                PreparedAxis(options: yAxis, ticks: yAxis.ticks(dataExtent: yExtent)))
    }

    /// Pixel positions of every drawable point (for choosing an inset corner).
    func pixelPoints(xMap: ScaleMapping, yMap: ScaleMapping) -> [(Double, Double)] {
        var points: [(Double, Double)] = []
        for s in series {
            for (x, y) in zip(s.x, s.y) {
                if let px = xMap.position(of: x), let py = yMap.position(of: y) { points.append((px, py)) }
            }
        }
        return points
    }

    /// Reference lines, curves and annotations, clipped to `plot`, in painting order.
    func dataElements(plot: Rect, xMap: ScaleMapping, yMap: ScaleMapping, fontSize: Double) -> [SVGElement] {
        var elements: [SVGElement] = []
        if let lines = referenceLineGroup(plot: plot, xMap: xMap, yMap: yMap, fontSize: fontSize) {
            elements.append(lines)
        }
        for index in series.indices {
            elements.append(seriesGroup(index: index, plot: plot, xMap: xMap, yMap: yMap))
        }
        if let marks = annotationGroup(plot: plot, xMap: xMap, yMap: yMap, fontSize: fontSize) {
            elements.append(marks)
        }
        return elements
    }

    private func seriesGroup(index: Int, plot: Rect, xMap: ScaleMapping, yMap: ScaleMapping) -> SVGElement {
        let s = series[index], style = style(of: index)
        var group = SVGElement("g", ["class": "series"])
        group.append(SVGElement("title", text: s.label))
        let count = min(s.x.count, s.y.count)
        if style.drawsLine {
            var builder = ClippedPathBuilder(rect: plot)
            for i in 0..<count {
                if let px = xMap.position(of: s.x[i]), let py = yMap.position(of: s.y[i]) {
                    builder.add((px, py))
                } else {
                    builder.add(nil)
                }
            }
            if !builder.data.isEmpty {
                group.append(Self.linePath(builder.data, style: style))
            }
        }
        if let marker = style.marker {
            var d = ""
            var drawable = 0
            for i in 0..<count {
                guard let px = xMap.position(of: s.x[i]), let py = yMap.position(of: s.y[i]) else { continue }
                defer { drawable += 1 }
                guard drawable % style.markerStride == 0, plot.contains(px, py) else { continue }
                d += marker.pathData(x: px, y: py, size: style.markerSize)
            }
            if !d.isEmpty {
                group.append(Self.markerPath(d, shape: marker, color: style.color))
            }
        }
        return group
    }

    /// `<path class="line">` with the style's stroke.
    static func linePath(_ d: String, style: SeriesStyle) -> SVGElement {
        var path = SVGElement("path", ["class": "line", "d": d, "fill": "none", "stroke": style.color.description,
                                       "stroke-width": style.lineWidth, "stroke-linejoin": "round"])
        if let dash = style.dash.attributeValue { path.setAttribute("stroke-dasharray", dash) }
        return path
    }

    /// `<path class="markers">`: filled shapes with a thin white rim (visible over lines), or
    /// stroked crosses.
    static func markerPath(_ d: String, shape: MarkerShape, color: RGBColor) -> SVGElement {
        if shape.isStroked {
            return SVGElement("path", ["class": "markers", "d": d, "fill": "none", "stroke": color.description,
                                       "stroke-width": 1.5])
        }
        return SVGElement("path", ["class": "markers", "d": d, "fill": color.description, "stroke": "#ffffff",
                                   "stroke-width": 0.6])
    }

    private func referenceLineGroup(plot: Rect, xMap: ScaleMapping, yMap: ScaleMapping, fontSize: Double) -> SVGElement? {
        var group = SVGElement("g", ["class": "reference-lines"])
        let labelSize = fontSize * 0.85
        for line in referenceLines {
            var path: SVGElement
            var label: SVGElement?
            switch line.orientation {
            case .vertical:
                guard xMap.contains(line.value), let px = xMap.position(of: line.value) else { continue }
                path = SVGElement("path", ["d": "M\(SVGNumber.format(px)) \(SVGNumber.format(plot.minY))V\(SVGNumber.format(plot.maxY))"])
                if let text = line.label, !text.isEmpty {
                    let width = TextMetrics.width(of: text, fontSize: labelSize)
                    let fitsRight = px + 3 + width <= plot.maxX - 2
                    label = SVGElement("text", ["x": fitsRight ? px + 3 : px - 3, "y": plot.minY + labelSize + 2,
                                                "text-anchor": fitsRight ? "start" : "end", "font-size": labelSize,
                                                "fill": line.color.description], text: text)
                }
            case .horizontal:
                guard yMap.contains(line.value), let py = yMap.position(of: line.value) else { continue }
                path = SVGElement("path", ["d": "M\(SVGNumber.format(plot.minX)) \(SVGNumber.format(py))H\(SVGNumber.format(plot.maxX))"])
                if let text = line.label, !text.isEmpty {
                    let above = py - labelSize - 3 >= plot.minY
                    label = SVGElement("text", ["x": plot.maxX - 3, "y": above ? py - 3 : py + labelSize + 1,
                                                "text-anchor": "end", "font-size": labelSize,
                                                "fill": line.color.description], text: text)
                }
            }
            path.setAttribute("fill", "none")
            path.setAttribute("stroke", line.color.description)
            path.setAttribute("stroke-width", 1.0)
            if let dash = line.dash.attributeValue { path.setAttribute("stroke-dasharray", dash) }
            group.append(path)
            if let label { group.append(label) }
        }
        return group.children.isEmpty ? nil : group
    }

    private func annotationGroup(plot: Rect, xMap: ScaleMapping, yMap: ScaleMapping, fontSize: Double) -> SVGElement? {
        var group = SVGElement("g", ["class": "annotations"])
        let labelSize = fontSize * 0.85
        for a in annotations {
            guard let px = xMap.position(of: a.x), let py = yMap.position(of: a.y), plot.contains(px, py) else { continue }
            group.append(Self.markerPath(a.shape.pathData(x: px, y: py, size: a.size), shape: a.shape, color: a.color))
            if let text = a.label, !text.isEmpty {
                let width = TextMetrics.width(of: text, fontSize: labelSize)
                let fitsRight = px + a.size / 2 + 2 + width <= plot.maxX
                group.append(SVGElement("text", ["x": fitsRight ? px + a.size / 2 + 2 : px - a.size / 2 - 2,
                                                 "y": max(py - a.size / 2 - 1, plot.minY + labelSize),
                                                 "text-anchor": fitsRight ? "start" : "end",
                                                 "font-size": labelSize, "fill": a.color.description], text: text))
            }
        }
        return group.children.isEmpty ? nil : group
    }
}

/// Running minimum and maximum of a set of values.
struct Extent {
    private(set) var lower = Double.infinity
    private(set) var upper = -Double.infinity

    mutating func add(_ value: Double) {
        lower = min(lower, value)
        upper = max(upper, value)
    }

    var range: ClosedRange<Double>? { lower <= upper ? lower...upper : nil }
}
