/// A continuous colour map: anchor colours at equal spacing on [0, 1], interpolated linearly in
/// sRGB between neighbours.
public struct ColorRamp: Sendable, Equatable, Hashable {
    /// Anchor colours; anchor i sits at t = i / (count − 1). At least two.
    public var anchors: [RGBColor]

    /// A ramp through the given anchors; fewer than two anchors repeat the one given (or black).
    public init(anchors: [RGBColor]) {
        switch anchors.count {
        case 0: self.anchors = [.black, .black]
        case 1: self.anchors = [anchors[0], anchors[0]]
        default: self.anchors = anchors
        }
    }

    /// The colour at `t` ∈ [0, 1] (clamped; NaN maps to 0).
    public func color(at t: Double) -> RGBColor {
        let t = t.isNaN ? 0 : t.clamped(to: 0...1)
        let scaled = t * Double(anchors.count - 1)
        let i = min(Int(scaled), anchors.count - 2)
        return anchors[i].mixed(with: anchors[i + 1], fraction: scaled - Double(i))
    }

    /// A viridis-like ramp (dark purple → blue → green → yellow): perceptually near-uniform and
    /// monotone in lightness, so it reads in greyscale too. Nine anchors sampled from viridis.
    public static let viridis = ColorRamp(anchors: [
        RGBColor(hex: 0x440154), RGBColor(hex: 0x472D7B), RGBColor(hex: 0x3B528B), RGBColor(hex: 0x2C728E),
        RGBColor(hex: 0x21918C), RGBColor(hex: 0x28AE80), RGBColor(hex: 0x5EC962), RGBColor(hex: 0xADDC30),
        RGBColor(hex: 0xFDE725),
    ])

    /// Black to white, for greyscale figures.
    public static let greys = ColorRamp(anchors: [RGBColor(hex: 0x000000), RGBColor(hex: 0xFFFFFF)])
}
