/// One curve of a `LinePlot`: points (xᵢ, yᵢ) joined in order, with a legend label.
///
/// Points whose x or y is not finite, or not positive on a log axis, are skipped and break the
/// line (the segments on either side are not joined).
public struct LineSeries: Sendable, Equatable {
    /// The legend text.
    public var label: String
    /// Abscissae, same length as `y`.
    public var x: [Double]
    /// Ordinates, same length as `x`.
    public var y: [Double]
    /// How the series is drawn; `nil` = `SeriesStyle.automatic(index:)` for its position in
    /// the plot's `series`.
    public var style: SeriesStyle?
    /// Whether the series gets a legend entry.
    public var showsInLegend: Bool

    /// A series from its points; `x` and `y` must have the same length (checked when rendering).
    public init(_ label: String, x: [Double], y: [Double], style: SeriesStyle? = nil, showsInLegend: Bool = true) {
        self.label = label
        self.x = x
        self.y = y
        self.style = style
        self.showsInLegend = showsInLegend
    }
}

/// A straight line across the whole plot area at a fixed data value: a vertical line at some x
/// (e.g. the step where a hybrid run switches) or a horizontal one at some y (e.g. a tolerance).
public struct ReferenceLine: Sendable, Equatable {
    /// Which way the line runs.
    public enum Orientation: Sendable, Equatable, Hashable {
        /// At a fixed x, from bottom to top.
        case vertical
        /// At a fixed y, from left to right.
        case horizontal
    }

    /// Direction of the line.
    public var orientation: Orientation
    /// The x (vertical) or y (horizontal) value in data units. Not drawn when outside the axis
    /// range or not showable on the axis scale; it does widen an automatic range to include it.
    public var value: Double
    /// A short label drawn beside the line inside the plot area, or `nil`.
    public var label: String?
    /// Stroke colour.
    public var color: RGBColor
    /// Dash pattern.
    public var dash: DashPattern

    /// A reference line (grey and dashed unless told otherwise).
    public init(_ orientation: Orientation, at value: Double, label: String? = nil,
                color: RGBColor = RGBColor(hex: 0x555555), dash: DashPattern = .dashed) {
        self.orientation = orientation
        self.value = value
        self.label = label
        self.color = color
        self.dash = dash
    }
}

/// A marker at one data point, drawn above the series (e.g. the tracked DFT peaks as black dots).
public struct PointAnnotation: Sendable, Equatable {
    /// Abscissa in data units.
    public var x: Double
    /// Ordinate in data units.
    public var y: Double
    /// The marker's shape.
    public var shape: MarkerShape
    /// The marker's colour.
    public var color: RGBColor
    /// Marker size in px.
    public var size: Double
    /// Text drawn up and to the right of the marker, or `nil`.
    public var label: String?

    /// An annotation (a black dot unless told otherwise).
    public init(x: Double, y: Double, shape: MarkerShape = .circle, color: RGBColor = .black,
                size: Double = 6, label: String? = nil) {
        self.x = x
        self.y = y
        self.shape = shape
        self.color = color
        self.size = size
        self.label = label
    }
}

/// Where a plot's legend goes. The legend sits outside the plot area so it never hides data.
public enum LegendPlacement: Sendable, Equatable, Hashable {
    /// A column right of the plot area (the figure keeps its width; the plot area narrows).
    case right
    /// Rows under the x axis (the plot area gets shorter).
    case below
    /// No legend.
    case hidden
}

/// Which corner of the main plot area holds an inset.
public enum InsetCorner: Sendable, Equatable, Hashable {
    /// The corner covering the fewest data points of the main plot (ties: top right, top left,
    /// bottom right, bottom left).
    case automatic
    /// Upper left.
    case topLeft
    /// Upper right.
    case topRight
    /// Lower left.
    case bottomLeft
    /// Lower right.
    case bottomRight
}

/// A small second plot drawn inside a `LinePlot`'s plot area, with its own axes, series and
/// annotations but no legend — e.g. the paper's Fig. 4(a) inset: |F[u]| against DFT index with
/// the tracked peaks marked as black dots.
public struct LinePlotInset: Sendable, Equatable {
    /// Small title drawn at the top of the inset ("" for none).
    public var title: String
    /// The inset's horizontal axis.
    public var xAxis: PlotAxis
    /// The inset's vertical axis.
    public var yAxis: PlotAxis
    /// The inset's curves (styled like the main plot's; no legend).
    public var series: [LineSeries]
    /// Markers drawn over the curves.
    public var annotations: [PointAnnotation]
    /// Which corner of the main plot area it occupies.
    public var corner: InsetCorner
    /// Width as a fraction of the main plot area's width, in (0, 1].
    public var widthFraction: Double
    /// Height as a fraction of the main plot area's height, in (0, 1].
    public var heightFraction: Double

    /// An inset; by default it takes 45 % × 45 % of the plot area in the emptiest corner.
    public init(title: String = "", xAxis: PlotAxis, yAxis: PlotAxis, series: [LineSeries],
                annotations: [PointAnnotation] = [], corner: InsetCorner = .automatic,
                widthFraction: Double = 0.45, heightFraction: Double = 0.45) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.series = series
        self.annotations = annotations
        self.corner = corner
        self.widthFraction = widthFraction
        self.heightFraction = heightFraction
    }
}
