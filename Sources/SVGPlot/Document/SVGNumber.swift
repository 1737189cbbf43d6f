/// Compact, locale-free decimal formatting of coordinates and lengths.
public enum SVGNumber {
    /// `value` rounded half away from zero to `fractionDigits` decimals (0…6), trailing zeros and
    /// a trailing point removed, `-0` written as `0`: `12.5 → "12.5"`, `3.0 → "3"`,
    /// `-0.001 → "0"`, `1/3 → "0.33"`.
    ///
    /// Deterministic on every platform (integer arithmetic, no `printf`, no locale). Non-finite
    /// input is written as `"0"` — figures filter non-finite data before drawing, so this only
    /// keeps the XML valid. Magnitudes beyond 1e15 fall back to Swift's shortest round-trip
    /// representation (they never occur as pixel coordinates).
    public static func format(_ value: Double, fractionDigits: Int = 2) -> String {
        guard value.isFinite else { return "0" }
        let digits = min(max(fractionDigits, 0), 6)
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = (value * Double(scale)).rounded(.toNearestOrAwayFromZero)
        guard abs(scaled) < 9e15 else { return "\(value)" }
        let integer = Int64(scaled)
        if integer == 0 { return "0" }
        let magnitude = integer.magnitude
        let whole = magnitude / UInt64(scale)
        var fraction = magnitude % UInt64(scale)
        var result = integer < 0 ? "-" : ""
        result += String(whole)
        if fraction != 0 {
            var width = digits
            while fraction % 10 == 0 {   // strip trailing zeros
                fraction /= 10
                width -= 1
            }
            let text = String(fraction)
            result += "."
            result += String(repeating: "0", count: width - text.count)
            result += text
        }
        return result
    }

    /// A list of numbers separated by single spaces (for `stroke-dasharray`, `points`, …).
    public static func list(_ values: [Double], fractionDigits: Int = 2) -> String {
        values.map { format($0, fractionDigits: fractionDigits) }.joined(separator: " ")
    }
}
