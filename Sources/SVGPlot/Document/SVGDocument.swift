/// A standalone SVG 1.1 document: the root `<svg>` with `xmlns`, size, `viewBox`, an accessible
/// `<title>` (first child, as SVG 1.1 recommends) and an optional `<desc>`, then the drawing.
///
/// The document sets one font family and size on the root so every `<text>` inherits them, and
/// a white background rectangle so figures read the same on dark pages. Rendering is a pure
/// function of the value: the same document always gives the same bytes.
public struct SVGDocument: Sendable, Equatable {
    /// Width of the figure in CSS pixels (also the `viewBox` width).
    public var width: Double
    /// Height of the figure in CSS pixels (also the `viewBox` height).
    public var height: Double
    /// Text of the `<title>` element (the figure's accessible name).
    public var title: String
    /// Text of the `<desc>` element, omitted when `nil`.
    public var description: String?
    /// Class names on the root element (e.g. `["svgplot", "line-plot"]`).
    public var classes: [String]
    /// The root element's `id`, omitted when `nil`.
    public var identifier: String?
    /// The drawing, in painting order, after the background.
    public var content: [SVGElement]

    /// The font stack set on the root. DejaVu Sans first: it is what Debian's renderers use and
    /// what the text-width estimates in this module are calibrated for.
    public static let fontFamily = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif"

    /// Base font size in px set on the root.
    public static let fontSize = 12.0

    /// A document of the given size and title with no drawing yet.
    public init(width: Double, height: Double, title: String, description: String? = nil,
                classes: [String] = ["svgplot"], identifier: String? = nil, content: [SVGElement] = []) {
        self.width = width
        self.height = height
        self.title = title
        self.description = description
        self.classes = classes
        self.identifier = identifier
        self.content = content
    }

    /// The root `<svg>` element.
    public var root: SVGElement {
        var attributes: [SVGAttribute] = [
            SVGAttribute("xmlns", "http://www.w3.org/2000/svg"),
            SVGAttribute("version", "1.1"),
        ]
        if let identifier { attributes.append(SVGAttribute("id", identifier)) }
        attributes += [
            SVGAttribute("class", classes.joined(separator: " ")),
            SVGAttribute("width", SVGNumber.format(width)),
            SVGAttribute("height", SVGNumber.format(height)),
            SVGAttribute("viewBox", "0 0 \(SVGNumber.format(width)) \(SVGNumber.format(height))"),
            SVGAttribute("font-family", Self.fontFamily),
            SVGAttribute("font-size", SVGNumber.format(Self.fontSize)),
        ]
        var root = SVGElement("svg", attributes: attributes)
        root.append(SVGElement("title", text: title))
        if let description { root.append(SVGElement("desc", text: description)) }
        root.append(SVGElement("rect", ["class": "background", "x": 0, "y": 0, "width": width,
                                        "height": height, "fill": "#ffffff"]))
        root.append(contentsOf: content)
        return root
    }

    /// The document as SVG text (no XML declaration, so it can also be inlined in HTML; UTF-8 is
    /// XML's default encoding, so a file holding exactly this string is a valid SVG file).
    public func rendered() -> String {
        root.rendered() + "\n"
    }
}
