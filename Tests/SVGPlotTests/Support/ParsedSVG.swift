import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An SVG document parsed back with Foundation's `XMLParser`: the tests' independent check that
/// the output is well-formed XML, and a tree to query for structure.
final class ParsedElement {
    let name: String
    let attributes: [String: String]
    var children: [ParsedElement] = []
    var text = ""
    weak var parent: ParsedElement?

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }

    /// All elements below this one, depth first, in document order.
    var descendants: [ParsedElement] {
        children.flatMap { [$0] + $0.descendants }
    }

    /// Descendants carrying every class in `classList` (e.g. "axis x").
    func all(class classList: String) -> [ParsedElement] {
        let wanted = classList.split(separator: " ").map(String.init)
        return descendants.filter { element in wanted.allSatisfy(element.classes.contains) }
    }

    /// Descendants with the given element name.
    func all(named name: String) -> [ParsedElement] {
        descendants.filter { $0.name == name }
    }

    /// All character data inside this element, concatenated.
    /// (Whitespace-only runs between child elements — the serializer's line breaks — are left out.)
    var allText: String {
        (text.allSatisfy(\.isWhitespace) && !children.isEmpty ? "" : text) + children.map(\.allText).joined()
    }

    /// Element names, classes and ids in document order, one per line, indented by depth:
    /// the structural digest the snapshot tests pin.
    func structure(depth: Int = 0) -> String {
        var line = String(repeating: "  ", count: depth) + name
        if let id = attributes["id"] { line += "#" + id }
        if !classes.isEmpty { line += "." + classes.joined(separator: ".") }
        if name == "text" || name == "title" { line += " \"" + allText + "\"" }
        return ([line] + children.map { $0.structure(depth: depth + 1) }).joined(separator: "\n")
    }
}

enum ParseFailure: Error, CustomStringConvertible {
    case notWellFormed(String)
    var description: String {
        switch self {
        case .notWellFormed(let message): "not well-formed XML: \(message)"
        }
    }
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
    var root: ParsedElement?
    var current: ParsedElement?
    var namespaceOfRoot: String?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let element = ParsedElement(name: elementName, attributes: attributeDict)
        if let current {
            element.parent = current
            current.children.append(element)
        } else {
            root = element
        }
        current = element
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        current = current?.parent
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        current?.text += string
    }
}

/// Parses `svg` with `XMLParser`; throws when it is not well-formed.
func parseSVG(_ svg: String) throws -> ParsedElement {
    let parser = XMLParser(data: Data(svg.utf8))
    let builder = TreeBuilder()
    parser.delegate = builder
    guard parser.parse(), let root = builder.root else {
        throw ParseFailure.notWellFormed(parser.parserError.map { "\($0)" } ?? "unknown error")
    }
    return root
}
