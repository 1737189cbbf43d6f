import Foundation

/// A stroke dash pattern: alternating dash and gap lengths in px (SVG `stroke-dasharray`);
/// empty = solid line.
public struct DashPattern: Sendable, Equatable, Hashable {
    /// Dash, gap, dash, gap, … lengths in px. Empty for a solid line.
    public var lengths: [Double]

    /// A pattern of the given dash/gap lengths in px.
    public init(_ lengths: [Double]) {
        self.lengths = lengths
    }

    /// A continuous line.
    public static let solid = DashPattern([])
    /// Medium dashes, the usual "dashed".
    public static let dashed = DashPattern([7, 4])
    /// Dots (drawn with round caps).
    public static let dotted = DashPattern([1.5, 3])
    /// Dash, dot.
    public static let dashDot = DashPattern([9, 3.5, 1.5, 3.5])
    /// Long dashes.
    public static let longDash = DashPattern([16, 5])
    /// Dash, dot, dot.
    public static let dashDotDot = DashPattern([9, 3, 1.5, 3, 1.5, 3])
    /// Short dashes.
    public static let shortDash = DashPattern([3.5, 3])
    /// Long dash, short dash.
    public static let longShort = DashPattern([16, 4, 5, 4])

    /// Eight patterns that stay distinguishable in greyscale, in the order automatic styles use.
    public static let sequence: [DashPattern] = [
        .solid, .dashed, .dotted, .dashDot, .longDash, .dashDotDot, .shortDash, .longShort,
    ]

    /// The `stroke-dasharray` value, or `nil` for a solid line.
    var attributeValue: String? {
        lengths.isEmpty ? nil : SVGNumber.list(lengths)
    }
}

/// The shape drawn at data points or annotated points.
public enum MarkerShape: Sendable, Equatable, Hashable, CaseIterable {
    /// Filled circle.
    case circle
    /// Filled square.
    case square
    /// Filled upward triangle.
    case triangle
    /// Filled diamond.
    case diamond
    /// Filled five-pointed star (the paper's "Train" curve).
    case star
    /// Diagonal cross (stroked).
    case cross
    /// Upright plus (stroked).
    case plus

    /// True for shapes drawn by stroking lines rather than filling an area.
    var isStroked: Bool { self == .cross || self == .plus }

    /// SVG path data of this marker centred at (`x`, `y`) with overall size `size` px (the
    /// diameter of the circle that encloses it). Closed shapes end with `Z`.
    func pathData(x: Double, y: Double, size: Double) -> String {
        let r = size / 2
        func point(_ px: Double, _ py: Double) -> String { "\(SVGNumber.format(px)) \(SVGNumber.format(py))" }
        func polygon(_ points: [(Double, Double)]) -> String {
            "M" + points.map { point(x + $0.0, y + $0.1) }.joined(separator: "L") + "Z"
        }
        switch self {
        case .circle:
            // Two half-circle arcs.
            return "M\(point(x - r, y))a\(SVGNumber.format(r)) \(SVGNumber.format(r)) 0 1 0 \(SVGNumber.format(2 * r)) 0"
                + "a\(SVGNumber.format(r)) \(SVGNumber.format(r)) 0 1 0 \(SVGNumber.format(-2 * r)) 0Z"
        case .square:
            let s = r * 0.8
            return polygon([(-s, -s), (s, -s), (s, s), (-s, s)])
        case .triangle:
            return polygon([(0, -r), (0.866 * r, 0.5 * r), (-0.866 * r, 0.5 * r)])
        case .diamond:
            return polygon([(0, -r), (0.75 * r, 0), (0, r), (-0.75 * r, 0)])
        case .star:
            // Outer radius 1.25 r (a star covers less area than its circle), inner 0.45 of that,
            // first point straight up.
            let points = (0..<10).map { i -> (Double, Double) in
                let angle = Double(i) * Double.pi / 5 - Double.pi / 2
                let radius = i.isMultiple(of: 2) ? 1.25 * r : 0.56 * r
                return (radius * cos(angle), radius * sin(angle))
            }
            return polygon(points)
        case .cross:
            let s = r * 0.75
            return "M\(point(x - s, y - s))L\(point(x + s, y + s))M\(point(x - s, y + s))L\(point(x + s, y - s))"
        case .plus:
            return "M\(point(x - r, y))L\(point(x + r, y))M\(point(x, y - r))L\(point(x, y + r))"
        }
    }
}

/// How one line series is drawn: colour, dash pattern, width and optional markers.
///
/// `automatic(index:)` gives series i the i-th colour of `palette` *and* the i-th dash pattern of
/// `DashPattern.sequence`, so up to eight series differ both in colour and in greyscale.
public struct SeriesStyle: Sendable, Equatable, Hashable {
    /// Stroke and marker colour.
    public var color: RGBColor
    /// Dash pattern of the line.
    public var dash: DashPattern
    /// Stroke width in px.
    public var lineWidth: Double
    /// Whether the points are joined by a line (false: markers only, like a scatter plot).
    public var drawsLine: Bool
    /// Marker drawn at data points, or `nil` for none.
    public var marker: MarkerShape?
    /// Marker size in px (diameter of the enclosing circle).
    public var markerSize: Double
    /// Draw a marker at every `markerStride`-th finite point (1 = every point); keeps long
    /// series legible.
    public var markerStride: Int

    /// A style from its parts.
    public init(color: RGBColor, dash: DashPattern = .solid, lineWidth: Double = 1.6, drawsLine: Bool = true,
                marker: MarkerShape? = nil, markerSize: Double = 8, markerStride: Int = 1) {
        self.color = color
        self.dash = dash
        self.lineWidth = lineWidth
        self.drawsLine = drawsLine
        self.marker = marker
        self.markerSize = markerSize
        self.markerStride = max(1, markerStride)
    }

    /// Eight colours that stay apart for colour-blind readers (after Okabe & Ito, with the pale
    /// yellow replaced by a brown that shows on white): blue, vermillion, green, reddish purple,
    /// orange, sky blue, black, brown.
    public static let palette: [RGBColor] = [
        RGBColor(hex: 0x0072B2), RGBColor(hex: 0xD55E00), RGBColor(hex: 0x009E73), RGBColor(hex: 0xCC79A7),
        RGBColor(hex: 0xE69F00), RGBColor(hex: 0x56B4E9), RGBColor(hex: 0x000000), RGBColor(hex: 0x8C564B),
    ]

    /// The default style of the `index`-th series (0-based): colour and dash pattern cycle
    /// through the eight of `palette` and `DashPattern.sequence`; solid line, no markers.
    public static func automatic(index: Int) -> SeriesStyle {
        let i = ((index % 8) + 8) % 8
        return SeriesStyle(color: palette[i], dash: DashPattern.sequence[i])
    }
}
