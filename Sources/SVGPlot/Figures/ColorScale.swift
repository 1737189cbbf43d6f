import Foundation

/// The map from a heat map's values to colours, and the colour bar that explains it.
///
/// Linear: `t = (v − lo) / (hi − lo)`; log₁₀: `t = (log₁₀ v − log₁₀ lo) / (log₁₀ hi − log₁₀ lo)`;
/// the colour is `ramp.color(at: t)` with t clamped to [0, 1], so values beyond the range take
/// the end colours (on a log scale zero and negative values take the lowest colour — an error of
/// exactly 0 reads as "below the range"). NaN cells take `noDataColor`.
public struct ColorScale: Sendable, Equatable {
    /// Linear or log₁₀ mapping of values to the ramp.
    public var mapping: AxisScale
    /// The values at the two ends of the ramp. Finite, lower < upper, lower > 0 on a log scale.
    public var range: ClosedRange<Double>
    /// The colours.
    public var ramp: ColorRamp
    /// The quantity, drawn along the colour bar (e.g. `"Δ_F"`).
    public var label: String
    /// Its unit, drawn in parentheses; `nil` for none.
    public var unit: String?
    /// The colour of cells without a value (NaN). A neutral grey, outside the viridis ramp.
    public var noDataColor: RGBColor
    /// Decade labels of a log colour bar: 10⁻³ or `1e-3`.
    public var logLabelStyle: LogLabelStyle

    /// A colour scale (viridis, grey no-data colour unless told otherwise).
    public init(_ mapping: AxisScale = .linear, range: ClosedRange<Double>, label: String = "", unit: String? = nil,
                ramp: ColorRamp = .viridis, noDataColor: RGBColor = RGBColor(hex: 0xD0D0D0),
                logLabelStyle: LogLabelStyle = .superscript) {
        self.mapping = mapping
        self.range = range
        self.ramp = ramp
        self.label = label
        self.unit = unit
        self.noDataColor = noDataColor
        self.logLabelStyle = logLabelStyle
    }

    /// The label as drawn: `label (unit)`, or just the label.
    public var title: String {
        PlotAxis(label, unit: unit).title
    }

    /// The position of `value` along the ramp in [0, 1], or `nil` for NaN.
    public func fraction(of value: Double) -> Double? {
        if value.isNaN { return nil }
        let lo = range.lowerBound, hi = range.upperBound
        switch mapping {
        case .linear:
            if value == .infinity { return 1 }
            if value == -.infinity { return 0 }
            return ((value - lo) / (hi - lo)).clamped(to: 0...1)
        case .log10:
            if value <= 0 { return 0 }
            if value == .infinity { return 1 }
            return ((log10(value) - log10(lo)) / (log10(hi) - log10(lo))).clamped(to: 0...1)
        }
    }

    /// The colour of `value` (`noDataColor` for NaN).
    public func color(for value: Double) -> RGBColor {
        guard let t = fraction(of: value) else { return noDataColor }
        return ramp.color(at: t)
    }

    func validate() throws(PlotError) {
        guard range.lowerBound.isFinite, range.upperBound.isFinite, range.lowerBound < range.upperBound,
              mapping == .linear || range.lowerBound > 0 else {
            throw .invalidRange(axis: "colour", lower: range.lowerBound, upper: range.upperBound, scale: mapping)
        }
    }
}
