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
/// re-enter. A vertex closer than `tolerance` px to the last one written is held back and
/// written only if the subpath ends there, so dense series (many points per pixel) shrink to
/// about one vertex per `tolerance` px of drawn line while no drawn point moves by more than
/// `tolerance` — invisible at 0.2 px.
struct ClippedPathBuilder {
    let rect: Rect
    let tolerance: Double
    private var written = ""
    private var previous: (Double, Double)?
    private var penDown = false
    private var lastWritten: (Double, Double)?
    private var pending: (Double, Double)?

    init(rect: Rect, tolerance: Double = 0.2) {
        self.rect = rect
        self.tolerance = tolerance
    }

    /// The path data so far (including a held-back final vertex).
    var data: String {
        guard let pending else { return written }
        return written + "L" + Self.coordinates(pending)
    }

    mutating func add(_ point: (Double, Double)?) {
        guard let q = point, q.0.isFinite, q.1.isFinite else {
            flushPending()
            previous = nil
            penDown = false
            return
        }
        defer { previous = q }
        guard let p = previous else { return }
        guard let (t0, t1) = clipSegment(p, q, to: rect) else {
            flushPending()
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
        if !penDown { flushPending() }
    }

    private static func coordinates(_ point: (Double, Double)) -> String {
        "\(SVGNumber.format(point.0)) \(SVGNumber.format(point.1))"
    }

    private mutating func flushPending() {
        if let point = pending {
            written += "L" + Self.coordinates(point)
            lastWritten = point
            pending = nil
        }
    }

    private mutating func move(to point: (Double, Double)) {
        flushPending()
        written += "M" + Self.coordinates(point)
        lastWritten = point
    }

    private mutating func line(to point: (Double, Double)) {
        if let last = lastWritten, abs(point.0 - last.0) < tolerance && abs(point.1 - last.1) < tolerance
            && (point.0 - last.0) * (point.0 - last.0) + (point.1 - last.1) * (point.1 - last.1) < tolerance * tolerance {
            pending = point
            return
        }
        pending = nil
        written += "L" + Self.coordinates(point)
        lastWritten = point
    }
}
