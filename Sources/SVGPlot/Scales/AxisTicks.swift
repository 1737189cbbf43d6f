import Foundation

/// One tick mark on an axis: a data value and its label (`nil` = a mark without label).
public struct Tick: Sendable, Equatable, Hashable {
    /// The data value where the tick sits.
    public var value: Double
    /// The label drawn beside the tick, or `nil`.
    public var label: RichText?

    /// A tick at `value` with an optional label.
    public init(value: Double, label: RichText?) {
        self.value = value
        self.label = label
    }
}

/// How decade labels on a log axis are written.
public enum LogLabelStyle: Sendable, Equatable, Hashable {
    /// `10` with a raised exponent: 10⁻³ (drawn with a `<tspan>`).
    case superscript
    /// Computer notation: `1e-3`.
    case exponent
}

/// The range and ticks of one axis.
///
/// Built by `linear(covering:…)` (nice 1-2-5 steps) or `logarithmic(covering:…)` (decades),
/// or through `AxisScale.ticks(covering:…)`. When asked to expand, the range grows outward to the
/// nearest tick (linear) or decade (log), so the data never touches an unlabelled end.
public struct AxisTicks: Sendable, Equatable {
    /// The axis range in data units (what the plot area spans).
    public var range: ClosedRange<Double>
    /// Major ticks, in increasing order; labelled ones carry their label.
    public var major: [Tick]
    /// Positions of minor (unlabelled, shorter) ticks, in increasing order.
    public var minor: [Double]
    /// For linear axes, the step between major ticks; for log axes, the step in decades between
    /// labelled decades (0 when the log axis fell back to linear-style labels).
    public var step: Double

    /// A tick set from its parts.
    public init(range: ClosedRange<Double>, major: [Tick], minor: [Double], step: Double) {
        self.range = range
        self.major = major
        self.minor = minor
        self.step = step
    }

    /// The labelled major ticks' values.
    public var labelledValues: [Double] { major.filter { $0.label != nil }.map(\.value) }

    /// The ticks' labels as plain text (`RichText.description`), for tests and `<desc>` text.
    public var labelTexts: [String] { major.compactMap { $0.label?.description } }

    // MARK: - Linear

    /// Nice linear ticks: the step is the smallest of 1, 2, 5 × 10ᵏ giving at most
    /// `maximumIntervals` intervals over `data`; ticks are the multiples of the step.
    ///
    /// - Parameters:
    ///   - data: the values to cover. A zero-width range is widened by ±10 % of its magnitude
    ///     (±1 at zero); a non-finite bound is replaced by 0…1.
    ///   - expand: true to grow the range outward to the enclosing ticks (automatic ranges);
    ///     false to keep `data` as the range and place ticks inside it (explicit ranges).
    ///   - maximumIntervals: upper bound on the number of step intervals (≥ 1).
    ///   - minorTicks: add minor ticks (5 per step for steps 1 and 5 × 10ᵏ, 4 for 2 × 10ᵏ).
    /// - Complexity: O(number of ticks).
    public static func linear(covering data: ClosedRange<Double>, expand: Bool = true,
                              maximumIntervals: Int = 6, minorTicks: Bool = false) -> AxisTicks {
        var lo = data.lowerBound, hi = data.upperBound
        if !lo.isFinite || !hi.isFinite { (lo, hi) = (0, 1) }
        if hi - lo <= 0 || hi - lo < 1e-12 * max(abs(lo), abs(hi)) {
            let pad = lo == 0 ? 1 : 0.1 * abs(lo)
            (lo, hi) = (lo - pad, hi + pad)
        }
        let intervals = Double(max(1, maximumIntervals))
        // Smallest nice step with at most `intervals` intervals (counted on the expanded range,
        // which is the larger one, so both modes respect the bound).
        var exponent = Int(floor(Foundation.log10((hi - lo) / intervals)))
        var step = 0.0, mantissa = 1.0
        search: while true {
            for m in [1.0, 2.0, 5.0] {
                let s = m * pow(10, Double(exponent))
                if (ceil(hi / s - 1e-9) - floor(lo / s + 1e-9)) <= intervals {
                    (step, mantissa) = (s, m)
                    break search
                }
            }
            exponent += 1
        }
        let first = Int(floor(lo / step + 1e-9)), last = Int(ceil(hi / step - 1e-9))
        // k × step, correctly rounded: k·m / 10^|e| for e < 0 (10^|e| is exact up to 10²²), so
        // 10 × 1e-6 gives 1e-05 and not 9.999999999999999e-06.
        func multiple(_ k: Int) -> Double {
            exponent < 0 && exponent >= -22 ? Double(k) * mantissa / exactPowerOfTen(-exponent) : Double(k) * step
        }
        let range = expand ? multiple(first)...multiple(last) : lo...hi
        let decimals = max(0, -exponent)
        let useScientific = step < 1e-4 || max(abs(range.lowerBound), abs(range.upperBound)) >= 1e6
        var major: [Tick] = []
        for k in first...last {
            let value = multiple(k)
            guard value >= range.lowerBound - 1e-9 * step, value <= range.upperBound + 1e-9 * step else { continue }
            let label = useScientific
                ? scientificLabel(Double(k) * mantissa, exponent: exponent, style: .superscript)
                : RichText(fixedLabel(value, decimals: decimals))
            major.append(Tick(value: k == 0 ? 0 : value, label: label))
        }
        var minor: [Double] = []
        if minorTicks {
            let parts = mantissa == 2 ? 4 : 5
            for k in (first * parts)...(last * parts) where k % parts != 0 {
                let value = multiple(k) / Double(parts)   // k/parts steps
                if value >= range.lowerBound && value <= range.upperBound { minor.append(value) }
            }
        }
        return AxisTicks(range: range, major: major, minor: minor, step: step)
    }

    // MARK: - Logarithmic

    /// Decade ticks for a log₁₀ axis.
    ///
    /// Every decade 10ᵈ in range gets a major tick; decades are labelled every `k`-th (k the
    /// smallest of 1, 2, 3, 4, 5, 10, 20, … giving at most `maximumLabels` labels, labelled
    /// decades are multiples of k, so 10⁰ is always among them). Axes spanning at most about one
    /// decade also label 2 × and 5 × 10ᵈ; if that still leaves fewer than two labels (a range
    /// inside one decade), the ticks fall back to nice linear values placed on the log scale.
    ///
    /// - Parameters:
    ///   - data: the positive values to cover. Non-positive or non-finite bounds are replaced:
    ///     an unusable lower bound by upper / 10, an unusable range by 1…10.
    ///   - expand: true to grow the range outward to whole decades (3e-4…2 → 1e-4…1e1), or, for
    ///     data spanning under one decade, to the enclosing 1, 2, 5 × 10ᵈ (0.31…0.42 → 0.2…0.5);
    ///     false to keep `data` as the range (explicit ranges).
    ///   - maximumLabels: the most labelled decades (≥ 2).
    ///   - minorTicks: add minor ticks at 2…9 × 10ᵈ when the axis spans at most 6 decades.
    ///   - labelStyle: 10⁻³ or 1e-3.
    /// - Complexity: O(number of decades).
    public static func logarithmic(covering data: ClosedRange<Double>, expand: Bool = true,
                                   maximumLabels: Int = 8, minorTicks: Bool = false,
                                   labelStyle: LogLabelStyle = .superscript) -> AxisTicks {
        var lo = data.lowerBound, hi = data.upperBound
        if !(hi.isFinite && hi > 0) { (lo, hi) = (1, 10) }
        if !(lo.isFinite && lo > 0) { lo = hi / 10 }
        var tlo = Foundation.log10(lo), thi = Foundation.log10(hi)
        if thi - tlo < 1e-12 {   // a single value: one decade around it
            tlo -= 0.5
            thi += 0.5
        }
        if expand && thi - tlo < 1 - 1e-9 {
            // Under a decade of data: grow only to the enclosing 1, 2, 5 × 10ᵈ values, so the
            // data is not squeezed into a corner of a whole decade.
            tlo = Foundation.log10(niceBound(pow(10, tlo), up: false))
            thi = Foundation.log10(niceBound(pow(10, thi), up: true))
        } else if expand {
            tlo = floor(tlo + 1e-9)
            thi = ceil(thi - 1e-9)
            if thi <= tlo { thi = tlo + 1 }
        }
        // Keep an explicit range's bounds exactly (10^log10(v) need not round-trip); expanded
        // bounds are decades or 1, 2, 5 × 10ᵈ, rebuilt from their decimal form.
        let range = expand || thi - tlo < 1e-12 || data.lowerBound <= 0
            ? roundedPower(tlo)...roundedPower(thi) : lo...hi
        let firstDecade = Int(ceil(tlo - 1e-9)), lastDecade = Int(floor(thi + 1e-9))
        let decadeCount = max(0, lastDecade - firstDecade + 1)
        var labelEvery = 1
        for k in [1, 2, 3, 4, 5, 10, 20, 25, 50, 100] {
            labelEvery = k
            let labelled = decadeCount == 0 ? 0 : (firstDecade...lastDecade).filter { $0 % k == 0 }.count
            if labelled <= max(2, maximumLabels) { break }
        }
        var major: [Tick] = []
        if decadeCount > 0 {
            for d in firstDecade...lastDecade {
                let labelled = d % labelEvery == 0
                guard labelled || decadeCount <= 40 else { continue }
                major.append(Tick(value: exactPowerOfTen(d), label: labelled ? decadeLabel(d, style: labelStyle) : nil))
            }
        }
        let contains: (Double) -> Bool = { v in
            let t = Foundation.log10(v)
            return t >= tlo - 1e-9 && t <= thi + 1e-9
        }
        var step = Double(labelEvery)
        if major.filter({ $0.label != nil }).count < 3 && thi - tlo <= 2.5 {
            // Two decades or less with few labels: label 2 × and 5 × 10ᵈ as well, and write the
            // decades in the same (plain decimal where short) style.
            major = major.map { tick in
                let d = Int(Foundation.log10(tick.value).rounded())
                return Tick(value: tick.value, label: tick.label == nil ? nil : multipleLabel(1, decade: d, style: labelStyle))
            }
            for d in (firstDecade - 1)...(lastDecade) {
                for m in [2.0, 5.0] {
                    let v = m * exactPowerOfTen(d)
                    if contains(v) { major.append(Tick(value: v, label: multipleLabel(m, decade: d, style: labelStyle))) }
                }
            }
            major.sort { $0.value < $1.value }
        }
        if major.filter({ $0.label != nil }).count < 2 {
            // Inside one decade: nice linear values, placed logarithmically.
            let linear = AxisTicks.linear(covering: range, expand: false, maximumIntervals: 4)
            major = linear.major.filter { $0.value > 0 && contains($0.value) }
            step = 0
        }
        var minor: [Double] = []
        if minorTicks && thi - tlo <= 6 + 1e-9 && step != 0 {
            let majorValues = Set(major.map(\.value))
            for d in (firstDecade - 1)...lastDecade {
                for m in 2...9 {
                    let v = Double(m) * exactPowerOfTen(d)
                    if contains(v) && !majorValues.contains(v) { minor.append(v) }
                }
            }
        }
        return AxisTicks(range: range, major: major, minor: minor, step: step)
    }

    /// The largest (`up` false) or smallest (`up` true) value of the form 1, 2, 5 × 10ᵈ that is
    /// ≤ or ≥ `value` (> 0), within a relative slack of 1e-9.
    static func niceBound(_ value: Double, up: Bool) -> Double {
        let d = Int(floor(Foundation.log10(value)))
        let candidates = ((d - 1)...(d + 1)).flatMap { e in [1.0, 2.0, 5.0].map { $0 * exactPowerOfTen(e) } }
        if up { return candidates.first { $0 >= value * (1 - 1e-9) } ?? exactPowerOfTen(d + 1) }
        return candidates.last { $0 <= value * (1 + 1e-9) } ?? exactPowerOfTen(d)
    }

    /// 10ᵗ, snapped to the exact decimal m × 10ᵈ (m ∈ 1…9) when t is within 1e-9 of one.
    static func roundedPower(_ t: Double) -> Double {
        let d = Int(floor(t + 1e-9))
        let m = pow(10, t - Double(d))
        let nearest = m.rounded()
        return abs(m - nearest) < 1e-8 ? nearest * exactPowerOfTen(d) : pow(10, t)
    }

    // MARK: - Labels

    /// 10ᵈ as the nearest double (exact for 0 ≤ d ≤ 22; the literal's rounding otherwise).
    static func exactPowerOfTen(_ d: Int) -> Double {
        Double("1e\(d)") ?? pow(10, Double(d))
    }

    /// `−` (U+2212) for negative numbers, as typeset mathematics uses.
    static func minusSign(_ text: String) -> String {
        text.hasPrefix("-") ? "\u{2212}" + text.dropFirst() : text
    }

    /// The label of decade 10ᵈ.
    static func decadeLabel(_ d: Int, style: LogLabelStyle) -> RichText {
        switch style {
        case .superscript: RichText([.plain("10"), .superscript(minusSign(String(d)))])
        case .exponent: RichText("1e\(d)")
        }
    }

    /// The label of m × 10ᵈ: a plain decimal when 10⁻³ ≤ value < 10⁴, else scientific.
    static func multipleLabel(_ m: Double, decade d: Int, style: LogLabelStyle) -> RichText {
        if d >= -3 && d <= 3 {
            return RichText(fixedLabel(m * exactPowerOfTen(d), decimals: max(0, -d)))
        }
        return scientificLabel(m, exponent: d, style: style)
    }

    /// `m × 10ᵉ` (or `me<e>`), with `m` an integer-valued multiple of the step mantissa; `0` for m = 0.
    static func scientificLabel(_ m: Double, exponent e: Int, style: LogLabelStyle) -> RichText {
        if m == 0 { return "0" }
        // Normalise the mantissa to one digit before the point where it is a power of ten.
        var mantissa = m, exponent = e
        while abs(mantissa) >= 10 && mantissa.truncatingRemainder(dividingBy: 10) == 0 {
            mantissa /= 10
            exponent += 1
        }
        let mText = minusSign(SVGNumber.format(mantissa, fractionDigits: 6))
        switch style {
        case .superscript:
            return RichText([.plain(mText + "\u{00D7}10"), .superscript(minusSign(String(exponent)))])
        case .exponent:
            return RichText(SVGNumber.format(mantissa, fractionDigits: 6) + "e\(exponent)")
        }
    }

    /// `value` with exactly the given number of decimals (rounded), `−` for negatives.
    static func fixedLabel(_ value: Double, decimals: Int) -> String {
        let text = SVGNumber.format(value, fractionDigits: min(decimals, 6))
        // SVGNumber strips trailing zeros; tick labels keep them so a column of labels aligns.
        var result = text
        if decimals > 0 {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            let fraction = parts.count > 1 ? String(parts[1]) : ""
            result = String(parts[0]) + "." + fraction + String(repeating: "0", count: max(0, decimals - fraction.count))
        }
        return minusSign(result)
    }
}

extension AxisScale {
    /// The ticks of an axis with this scale over `data`: `AxisTicks.linear` or
    /// `AxisTicks.logarithmic` (see there), expanding the range unless `expand` is false.
    public func ticks(covering data: ClosedRange<Double>, expand: Bool = true, minorTicks: Bool = false,
                      logLabelStyle: LogLabelStyle = .superscript) -> AxisTicks {
        switch self {
        case .linear: AxisTicks.linear(covering: data, expand: expand, minorTicks: minorTicks)
        case .log10: AxisTicks.logarithmic(covering: data, expand: expand, minorTicks: minorTicks, labelStyle: logLabelStyle)
        }
    }
}
