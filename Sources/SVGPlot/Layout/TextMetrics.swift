/// Width estimates of text in the document's font, for layout (margins, legend boxes).
///
/// SVG offers no text measurement without a renderer, so widths come from the advance widths of
/// DejaVu Sans (Debian's default sans font, first in `SVGDocument.fontFamily`) for printable
/// ASCII; other characters count 0.7 em, a little wider than the DejaVu average, so layouts err on
/// the roomy side. A fallback font (Helvetica, Arial) is narrower than DejaVu Sans, so estimates
/// stay upper bounds there too. Bold text is ~9 % wider. O(length).
enum TextMetrics {
    /// Advance widths in em of U+0020…U+007E in DejaVu Sans Book (from the font's `hmtx` table).
    private static let asciiWidths: [Double] = [
        0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361,
        0.318, 0.337, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337,
        0.337, 0.838, 0.838, 0.838, 0.531, 1.0, 0.684, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775,
        0.752, 0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787, 0.603, 0.787, 0.695, 0.635, 0.611,
        0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.39, 0.337, 0.39, 0.838, 0.5, 0.5, 0.613, 0.635,
        0.55, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612,
        0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337,
        0.636, 0.838,
    ]

    /// Width in em of one character.
    static func emWidth(of scalar: Unicode.Scalar) -> Double {
        let v = Int(scalar.value)
        if v >= 0x20 && v <= 0x7E { return asciiWidths[v - 0x20] }
        switch scalar {
        case "\u{2212}", "\u{00D7}": return 0.838   // minus sign, multiplication sign
        case "\u{00B7}": return 0.318
        default: return 0.7
        }
    }

    /// Width in px of `text` at `fontSize` px.
    static func width(of text: String, fontSize: Double, bold: Bool = false) -> Double {
        let em = text.unicodeScalars.reduce(0.0) { $0 + emWidth(of: $1) }
        return em * fontSize * (bold ? 1.09 : 1.0)
    }

    /// Width in px of rich text: raised and lowered runs are drawn at 70 % size.
    static func width(of text: RichText, fontSize: Double, bold: Bool = false) -> Double {
        text.segments.reduce(0.0) { sum, segment in
            switch segment {
            case .plain(let t): sum + width(of: t, fontSize: fontSize, bold: bold)
            case .superscript(let t), .subscript(let t): sum + width(of: t, fontSize: 0.7 * fontSize, bold: bold)
            }
        }
    }

    /// `text` cut with an ellipsis so it fits `width` px at `fontSize` (legends, labels).
    static func truncated(_ text: String, toWidth width: Double, fontSize: Double, bold: Bool = false) -> String {
        if self.width(of: text, fontSize: fontSize, bold: bold) <= width { return text }
        var characters = Array(text)
        while !characters.isEmpty && self.width(of: String(characters) + "\u{2026}", fontSize: fontSize, bold: bold) > width {
            characters.removeLast()
        }
        return String(characters) + "\u{2026}"
    }

    /// `text` made to fit `width` px: the font shrinks down to 75 % of `fontSize`, then the text
    /// is cut with an ellipsis. Returns the text and font size to draw.
    static func fitted(_ text: String, width: Double, fontSize: Double, bold: Bool = false) -> (text: String, fontSize: Double) {
        let natural = self.width(of: text, fontSize: fontSize, bold: bold)
        if natural <= width || natural == 0 { return (text, fontSize) }
        let size = max(0.75 * fontSize, fontSize * width / natural)
        return (truncated(text, toWidth: width, fontSize: size, bold: bold), size)
    }
}
