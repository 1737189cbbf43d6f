/// A short line of text with superscript and subscript runs, drawn as one SVG `<text>` with
/// `<tspan>` children — e.g. the decade label 10⁻³ is `[.plain("10"), .superscript("−3")]`.
public struct RichText: Sendable, Equatable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// One run of text on the baseline, raised, or lowered.
    public enum Segment: Sendable, Equatable, Hashable {
        /// Text on the baseline at the element's font size.
        case plain(String)
        /// Raised text at 70 % size (exponents).
        case superscript(String)
        /// Lowered text at 70 % size (indices).
        case `subscript`(String)

        /// The segment's characters.
        public var text: String {
            switch self {
            case .plain(let t), .superscript(let t), .subscript(let t): t
            }
        }
    }

    /// The runs in reading order.
    public var segments: [Segment]

    /// Text made of the given runs.
    public init(_ segments: [Segment]) {
        self.segments = segments
    }

    /// Plain text.
    public init(_ text: String) {
        self.segments = text.isEmpty ? [] : [.plain(text)]
    }

    /// Plain text from a literal.
    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The text with raised runs written as `^(…)` and lowered ones as `_(…)`, e.g. `10^(−3)`;
    /// single characters go without parentheses (`10^3`). Used for `<title>` text and tests.
    public var description: String {
        segments.map { segment in
            switch segment {
            case .plain(let t): t
            case .superscript(let t): t.count == 1 ? "^" + t : "^(" + t + ")"
            case .subscript(let t): t.count == 1 ? "_" + t : "_(" + t + ")"
            }
        }.joined()
    }

    /// True when there is no character to draw.
    public var isEmpty: Bool { segments.allSatisfy { $0.text.isEmpty } }

    /// This text followed by `other`.
    public static func + (lhs: RichText, rhs: RichText) -> RichText {
        RichText(lhs.segments + rhs.segments)
    }

    /// The children of a `<text>` element of font size `fontSize` (px) showing this text.
    ///
    /// Raised and lowered runs are `<tspan>`s at 70 % size shifted by `dy` = ∓0.4 × `fontSize`;
    /// the run after one is shifted back, so text continues on the baseline. `dy` is used
    /// rather than `baseline-shift` because every SVG 1.1 renderer honours it.
    func nodes(fontSize: Double) -> [SVGNode] {
        var nodes: [SVGNode] = []
        var offset = 0.0   // current baseline shift, px (negative = raised)
        let shift = 0.4 * fontSize
        for segment in segments where !segment.text.isEmpty {
            let target: Double
            switch segment {
            case .plain: target = 0
            case .superscript: target = -shift
            case .subscript: target = shift * 0.75
            }
            if case .plain(let t) = segment, offset == 0 {
                nodes.append(.text(t))
                continue
            }
            var attributes: [SVGAttribute] = []
            if target != offset { attributes.append(SVGAttribute("dy", SVGNumber.format(target - offset))) }
            if target != 0 { attributes.append(SVGAttribute("font-size", SVGNumber.format(0.7 * fontSize))) }
            nodes.append(.element(SVGElement("tspan", attributes: attributes, children: [.text(segment.text)])))
            offset = target
        }
        return nodes
    }
}
