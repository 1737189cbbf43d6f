/// An sRGB colour with 8-bit channels, written as `#rrggbb`.
public struct RGBColor: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Red channel, 0…255.
    public var red: UInt8
    /// Green channel, 0…255.
    public var green: UInt8
    /// Blue channel, 0…255.
    public var blue: UInt8

    /// A colour from its channels.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A colour from a 24-bit value `0xRRGGBB`, e.g. `RGBColor(hex: 0x0072B2)`.
    public init(hex: UInt32) {
        self.init(red: UInt8((hex >> 16) & 0xFF), green: UInt8((hex >> 8) & 0xFF), blue: UInt8(hex & 0xFF))
    }

    /// `#rrggbb`, lower-case.
    public var description: String {
        let digits = Array("0123456789abcdef")
        var text = "#"
        for channel in [red, green, blue] {
            text.append(digits[Int(channel >> 4)])
            text.append(digits[Int(channel & 0xF)])
        }
        return text
    }

    /// Relative luminance-like grey level in 0…1: `(0.2126 R + 0.7152 G + 0.0722 B) / 255` on
    /// the stored (gamma-encoded) channels — what a greyscale printout shows, to first order.
    public var greyLevel: Double {
        (0.2126 * Double(red) + 0.7152 * Double(green) + 0.0722 * Double(blue)) / 255
    }

    /// The colour a fraction `t` ∈ [0, 1] of the way from `self` to `other`, interpolated per
    /// channel in sRGB and rounded to the nearest integer.
    public func mixed(with other: RGBColor, fraction t: Double) -> RGBColor {
        let t = t.isNaN ? 0 : t.clamped(to: 0...1)
        func channel(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded().clamped(to: 0...255))
        }
        return RGBColor(red: channel(red, other.red), green: channel(green, other.green), blue: channel(blue, other.blue))
    }

    /// Black.
    public static let black = RGBColor(hex: 0x000000)
    /// White.
    public static let white = RGBColor(hex: 0xFFFFFF)
}

extension Comparable {
    /// `self` limited to `range`.
    func clamped(to range: ClosedRange<Self>) -> Self {
        min(max(self, range.lowerBound), range.upperBound)
    }
}
