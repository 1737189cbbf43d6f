import Foundation

/// How data values map to positions along an axis.
public enum AxisScale: Sendable, Equatable, Hashable {
    /// Position proportional to the value.
    case linear
    /// Position proportional to log₁₀ of the value; only positive values can be shown, so
    /// zero, negative and non-finite values are dropped (a line breaks there).
    case log10

    /// The coordinate in which the axis is uniform: `v` (linear) or `log₁₀ v` (log). `nil` for
    /// values this scale cannot show (non-finite; non-positive on a log scale).
    public func transformed(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch self {
        case .linear: return value
        case .log10: return value > 0 ? Foundation.log10(value) : nil
        }
    }

    /// Inverse of `transformed(_:)`.
    public func value(atTransformed t: Double) -> Double {
        switch self {
        case .linear: t
        case .log10: pow(10, t)
        }
    }

    /// Whether `value` can be drawn on this scale.
    public func canShow(_ value: Double) -> Bool {
        transformed(value) != nil
    }
}

/// A linear map from an axis range (in data units, through its `AxisScale`) to a pixel interval.
///
/// `position(of:)` = `start + (s(v) − s(lo)) / (s(hi) − s(lo)) × (end − start)`, where `s` is
/// the scale's transform; `end < start` is allowed (y axes grow upward on screen).
struct ScaleMapping: Sendable {
    let scale: AxisScale
    let range: ClosedRange<Double>
    let start: Double
    let end: Double
    private let t0: Double
    private let t1: Double

    init(scale: AxisScale, range: ClosedRange<Double>, start: Double, end: Double) {
        self.scale = scale
        self.range = range
        self.start = start
        self.end = end
        t0 = scale.transformed(range.lowerBound) ?? 0
        t1 = scale.transformed(range.upperBound) ?? 1
    }

    /// Pixel position of `value`, or `nil` if the scale cannot show it. Values outside the range
    /// map outside [start, end] (callers clip).
    func position(of value: Double) -> Double? {
        guard let t = scale.transformed(value) else { return nil }
        return position(ofTransformed: t)
    }

    /// Pixel position of a transformed coordinate.
    func position(ofTransformed t: Double) -> Double {
        let span = t1 - t0
        let f = span == 0 ? 0.5 : (t - t0) / span
        return start + f * (end - start)
    }

    /// Whether `value` lies in the axis range (with a relative slack of 1e-9 of the span, so tick
    /// values computed in floating point at the ends count as inside).
    func contains(_ value: Double) -> Bool {
        guard let t = scale.transformed(value) else { return false }
        let slack = 1e-9 * abs(t1 - t0)
        return t >= min(t0, t1) - slack && t <= max(t0, t1) + slack
    }
}
