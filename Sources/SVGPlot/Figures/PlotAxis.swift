/// The options of one plot axis: its title (quantity and unit), scale, range and ticks.
public struct PlotAxis: Sendable, Equatable {
    /// The quantity shown, e.g. `"max error"` or `"time"`.
    public var label: String
    /// The unit, drawn in parentheses after the label (`"time (s)"`); `nil` for none.
    public var unit: String?
    /// Linear or log₁₀. On a log axis non-positive values are not drawn.
    public var scale: AxisScale
    /// An explicit range in data units; `nil` = from the data, grown outward to nice ticks
    /// (linear) or whole decades (log). Must be finite with lower < upper (and lower > 0 on a
    /// log axis), else rendering throws `PlotError.invalidRange`.
    public var range: ClosedRange<Double>?
    /// Draw minor ticks (linear: 4–5 per step; log: 2…9 × 10ᵈ when ≤ 6 decades).
    public var minorTicks: Bool
    /// Decade labels as 10⁻³ (`.superscript`) or `1e-3` (`.exponent`).
    public var logLabelStyle: LogLabelStyle
    /// Draw light grid lines at the major ticks.
    public var gridLines: Bool

    /// An axis; every option but the label has a default (linear, automatic range, no minor
    /// ticks, 10ⁿ labels, grid lines on).
    public init(_ label: String = "", unit: String? = nil, scale: AxisScale = .linear,
                range: ClosedRange<Double>? = nil, minorTicks: Bool = false,
                logLabelStyle: LogLabelStyle = .superscript, gridLines: Bool = true) {
        self.label = label
        self.unit = unit
        self.scale = scale
        self.range = range
        self.minorTicks = minorTicks
        self.logLabelStyle = logLabelStyle
        self.gridLines = gridLines
    }

    /// The axis title as drawn: `label (unit)`, or just the label.
    public var title: String {
        guard let unit, !unit.isEmpty else { return label }
        return label.isEmpty ? "(\(unit))" : "\(label) (\(unit))"
    }

    /// Checks the explicit range, naming the axis (`"x"`, `"y"`, `"inset x"`…) in the error.
    func validate(name: String) throws(PlotError) {
        guard let range else { return }
        guard range.lowerBound.isFinite, range.upperBound.isFinite, range.lowerBound < range.upperBound,
              scale == .linear || range.lowerBound > 0 else {
            throw .invalidRange(axis: name, lower: range.lowerBound, upper: range.upperBound, scale: scale)
        }
    }

    /// The ticks for this axis given the extent of the drawable data (`nil` = no data).
    func ticks(dataExtent: ClosedRange<Double>?) -> AxisTicks {
        if let range {
            return scale.ticks(covering: range, expand: false, minorTicks: minorTicks, logLabelStyle: logLabelStyle)
        }
        let extent = dataExtent ?? (scale == .linear ? 0...1 : 1...10)
        return scale.ticks(covering: extent, expand: true, minorTicks: minorTicks, logLabelStyle: logLabelStyle)
    }
}

/// A prominent notice across the top of a figure, for runs that did not complete
/// ("diverged at step 1234", "interrupted"), so a partial figure is never mistaken for a result.
public struct StatusBanner: Sendable, Equatable {
    /// How alarming the notice is; sets its colours.
    public enum Severity: Sendable, Equatable, Hashable {
        /// Red: the run failed (diverged).
        case failure
        /// Amber: the run is partial (interrupted, stopped early).
        case warning
        /// Blue: a neutral note.
        case information
    }

    /// The text shown, e.g. `"diverged at step 1234"`.
    public var text: String
    /// Colours of the banner.
    public var severity: Severity

    /// A banner with the given text (`.failure` unless told otherwise).
    public init(_ text: String, severity: Severity = .failure) {
        self.text = text
        self.severity = severity
    }
}

/// A figure's description cannot be drawn; the message names the offending part.
public enum PlotError: Error, Equatable, CustomStringConvertible {
    /// Width or height not finite or below the 120 px needed for axes and labels.
    case invalidSize(width: Double, height: Double)
    /// An explicit axis or colour range that is not finite, empty, reversed, or not positive on a
    /// log scale.
    case invalidRange(axis: String, lower: Double, upper: Double, scale: AxisScale)
    /// A series whose x and y arrays differ in length.
    case seriesLengthMismatch(series: String, xCount: Int, yCount: Int)
    /// A heat-map row whose length differs from the number of columns.
    case rowLengthMismatch(row: Int, expected: Int, actual: Int)
    /// Heat-map row labels/positions whose count differs from the number of value rows.
    case rowCountMismatch(expected: Int, actual: Int)
    /// Heat-map column or numeric row positions that are not strictly increasing (after dropping
    /// positions a log axis cannot show).
    case positionsNotIncreasing(axis: String)
    /// An inset whose size fractions are outside (0, 1].
    case invalidInsetSize(widthFraction: Double, heightFraction: Double)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case let .invalidSize(width, height):
            "figure size \(width) × \(height) px is invalid: both must be finite and at least 120 px"
        case let .invalidRange(axis, lower, upper, scale):
            "\(axis) range \(lower)…\(upper) is invalid: bounds must be finite with lower < upper"
                + (scale == .log10 ? " and lower > 0 on a log scale" : "")
        case let .seriesLengthMismatch(series, xCount, yCount):
            "series \"\(series)\" has \(xCount) x values but \(yCount) y values"
        case let .rowLengthMismatch(row, expected, actual):
            "heat-map row \(row) has \(actual) values but there are \(expected) columns"
        case let .rowCountMismatch(expected, actual):
            "heat map has \(expected) rows of values but \(actual) row labels or positions"
        case let .positionsNotIncreasing(axis):
            "heat-map \(axis) positions must be strictly increasing"
        case let .invalidInsetSize(widthFraction, heightFraction):
            "inset size fractions \(widthFraction) × \(heightFraction) must lie in (0, 1]"
        }
    }
}

/// Checks a figure size.
func validateSize(width: Double, height: Double) throws(PlotError) {
    guard width.isFinite, height.isFinite, width >= 120, height >= 120 else {
        throw .invalidSize(width: width, height: height)
    }
}
