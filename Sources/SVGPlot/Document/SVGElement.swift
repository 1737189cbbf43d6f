/// A value that can stand as an XML attribute value: strings verbatim, numbers through
/// `SVGNumber.format(_:)` (compact, at most two decimals — 0.01 px is far below what a screen
/// or printer resolves).
public protocol SVGAttributeValue: Sendable {
    /// The unescaped attribute text.
    var svgAttributeText: String { get }
}

extension String: SVGAttributeValue {
    /// The string itself; escaping happens when the element is written.
    public var svgAttributeText: String { self }
}

extension Double: SVGAttributeValue {
    /// `SVGNumber.format(self)`.
    public var svgAttributeText: String { SVGNumber.format(self) }
}

extension Int: SVGAttributeValue {
    /// The decimal digits of the integer.
    public var svgAttributeText: String { String(self) }
}

/// One `name="value"` pair of an element, kept in the order given so output is deterministic.
public struct SVGAttribute: Sendable, Equatable {
    /// The attribute name (an XML name such as `stroke-dasharray`); written as is.
    public var name: String
    /// The unescaped value; `SVGElement.write(into:)` escapes it.
    public var value: String

    /// An attribute with the given name and unescaped value.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A child of an element: another element, or character data (escaped when written).
public enum SVGNode: Sendable, Equatable {
    /// A nested element.
    case element(SVGElement)
    /// Character data, stored unescaped.
    case text(String)
}

/// An XML element of an SVG tree: name, ordered attributes and children.
///
/// The tree is a plain value; `rendered()` writes it as XML text with every attribute value and
/// text node escaped (`XMLEscaping`). Elements whose children are all elements are written one
/// child per line (no indentation, so the output stays compact); an element holding any text is
/// written on one line, so whitespace never leaks into `<text>` content.
/// Writing is O(size of the output).
public struct SVGElement: Sendable, Equatable {
    /// The element name, e.g. `path`, `g`, `text`.
    public var name: String
    /// Attributes in output order.
    public var attributes: [SVGAttribute]
    /// Child nodes in document order.
    public var children: [SVGNode]

    /// An element with attributes given as an ordered literal, e.g.
    /// `SVGElement("rect", ["x": 1.5, "width": 20, "fill": "none"])`.
    public init(_ name: String, _ attributes: KeyValuePairs<String, any SVGAttributeValue> = [:],
                children: [SVGNode] = []) {
        self.name = name
        self.attributes = attributes.map { SVGAttribute($0.key, $0.value.svgAttributeText) }
        self.children = children
    }

    /// An element with an attribute array (for attributes built conditionally).
    public init(_ name: String, attributes: [SVGAttribute], children: [SVGNode] = []) {
        self.name = name
        self.attributes = attributes
        self.children = children
    }

    /// A `<text>`-like element with one text child.
    public init(_ name: String, _ attributes: KeyValuePairs<String, any SVGAttributeValue> = [:], text: String) {
        self.init(name, attributes, children: [.text(text)])
    }

    /// Sets attribute `name` to `value`: replaces the value in place when the attribute exists
    /// (keeping its position), appends it otherwise.
    public mutating func setAttribute(_ name: String, _ value: some SVGAttributeValue) {
        if let i = attributes.firstIndex(where: { $0.name == name }) {
            attributes[i].value = value.svgAttributeText
        } else {
            attributes.append(SVGAttribute(name, value.svgAttributeText))
        }
    }

    /// Appends a child element.
    public mutating func append(_ element: SVGElement) {
        children.append(.element(element))
    }

    /// Appends every element of `elements`.
    public mutating func append(contentsOf elements: [SVGElement]) {
        children.append(contentsOf: elements.map { .element($0) })
    }

    /// The element written as XML text.
    public func rendered() -> String {
        var output = ""
        write(into: &output)
        return output
    }

    /// Writes the element as XML text to the end of `output`.
    public func write(into output: inout String) {
        output += "<"
        output += name
        for attribute in attributes {
            output += " "
            output += attribute.name
            output += "=\""
            output += XMLEscaping.escapeAttribute(attribute.value)
            output += "\""
        }
        if children.isEmpty {
            output += "/>"
            return
        }
        output += ">"
        let elementsOnly = children.allSatisfy { if case .element = $0 { true } else { false } }
        for child in children {
            if elementsOnly { output += "\n" }
            switch child {
            case .element(let element): element.write(into: &output)
            case .text(let text): output += XMLEscaping.escapeText(text)
            }
        }
        if elementsOnly { output += "\n" }
        output += "</"
        output += name
        output += ">"
    }
}
