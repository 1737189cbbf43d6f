/// An axis-aligned rectangle in px, y growing downward (SVG user space).
struct Rect: Sendable, Equatable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var minX: Double { x }
    var maxX: Double { x + width }
    var minY: Double { y }
    var maxY: Double { y + height }

    func contains(_ px: Double, _ py: Double) -> Bool {
        px >= minX && px <= maxX && py >= minY && py <= maxY
    }

    /// `<rect>` attributes x, y, width, height.
    func element(_ extra: KeyValuePairs<String, any SVGAttributeValue>) -> SVGElement {
        var element = SVGElement("rect", ["x": x, "y": y, "width": width, "height": height])
        for (name, value) in extra { element.setAttribute(name, value.svgAttributeText) }
        return element
    }
}

/// Liang–Barsky clipping of the segment p→q to `rect`: the visible part as parameters
/// (t0, t1) with 0 ≤ t0 ≤ t1 ≤ 1, or `nil` when no part is inside.
func clipSegment(_ p: (Double, Double), _ q: (Double, Double), to rect: Rect) -> (Double, Double)? {
    let dx = q.0 - p.0, dy = q.1 - p.1
    var t0 = 0.0, t1 = 1.0
    for (pk, qk) in [(-dx, p.0 - rect.minX), (dx, rect.maxX - p.0), (-dy, p.1 - rect.minY), (dy, rect.maxY - p.1)] {
        if pk == 0 {
            if qk < 0 { return nil }
        } else {
            let r = qk / pk
            if pk < 0 {
                if r > t1 { return nil }
                if r > t0 { t0 = r }
            } else {
                if r < t0 { return nil }
                if r < t1 { t1 = r }
            }
        }
    }
    return (t0, t1)
}

/// Builds SVG path data for polylines with gaps, clipped to a rectangle.
///
/// Feed points in order with `add(_:)` (`nil` = a gap: the line breaks there); segments are
/// clipped to `rect`, so lines leaving the plot area stop at its edge and resume where they
/// re-enter. Points that round to the previous one (0.01 px) are skipped.
struct ClippedPathBuilder {
    let rect: Rect
    private(set) var data = ""
    private var previous: (Double, Double)?
    private var penDown = false
    private var lastWritten = ""

    init(rect: Rect) {
        self.rect = rect
    }

    mutating func add(_ point: (Double, Double)?) {
        guard let q = point, q.0.isFinite, q.1.isFinite else {
            previous = nil
            penDown = false
            return
        }
        defer { previous = q }
        guard let p = previous else { return }
        guard let (t0, t1) = clipSegment(p, q, to: rect) else {
            penDown = false
            return
        }
        let a = (p.0 + t0 * (q.0 - p.0), p.1 + t0 * (q.1 - p.1))
        let b = (p.0 + t1 * (q.0 - p.0), p.1 + t1 * (q.1 - p.1))
        if !penDown || t0 > 0 {
            move(to: a)
        }
        line(to: b)
        penDown = t1 >= 1
    }

    private mutating func move(to point: (Double, Double)) {
        let text = "M\(SVGNumber.format(point.0)) \(SVGNumber.format(point.1))"
        data += text
        lastWritten = text.dropFirst().description
    }

    private mutating func line(to point: (Double, Double)) {
        let coordinates = "\(SVGNumber.format(point.0)) \(SVGNumber.format(point.1))"
        if coordinates == lastWritten { return }
        data += "L" + coordinates
        lastWritten = coordinates
    }
}
