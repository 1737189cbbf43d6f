import Foundation

/// A resolved case as an ordered tree of values, keys in schema order: the one source of the
/// YAML printed by `validate`, the JSON stored in `manifest.json` and the `Encodable` form.
/// Reading `resolvedYAML` back gives the same case (tested).
enum ResolvedValue: Encodable, Sendable {
    case integer(Int)
    case unsigned(UInt64)
    case number(Double)
    /// Free text: quoted in YAML.
    case text(String)
    /// A keyword (enum spelling, `all`): plain in YAML.
    case word(String)
    case list([ResolvedValue])
    case mapping([(String, ResolvedValue)])

    /// A list of whole numbers.
    static func integers(_ values: [Int]) -> ResolvedValue { .list(values.map(ResolvedValue.integer)) }

    /// The value of `.integer`, else `nil`.
    var integerValue: Int? { if case .integer(let v) = self { return v } else { return nil } }
    /// The value of `.number`, else `nil`.
    var numberValue: Double? { if case .number(let v) = self { return v } else { return nil } }
    /// The value of `.unsigned`, else `nil`.
    var unsignedValue: UInt64? { if case .unsigned(let v) = self { return v } else { return nil } }
    /// The value of `.word`, else `nil`.
    var wordValue: String? { if case .word(let v) = self { return v } else { return nil } }
    /// The value of `.text`, else `nil`.
    var textValue: String? { if case .text(let v) = self { return v } else { return nil } }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: Encoder) throws {
        switch self {
        case .integer(let v): var c = encoder.singleValueContainer(); try c.encode(v)
        case .unsigned(let v): var c = encoder.singleValueContainer(); try c.encode(v)
        case .number(let v): var c = encoder.singleValueContainer(); try c.encode(v)
        case .text(let v), .word(let v): var c = encoder.singleValueContainer(); try c.encode(v)
        case .list(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .mapping(let entries):
            var c = encoder.container(keyedBy: Key.self)
            for (key, value) in entries { try c.encode(value, forKey: Key(stringValue: key)) }
        }
    }

    /// A scalar or a list of scalars, written on one line.
    var inline: String? {
        switch self {
        case .integer(let v): return String(v)
        case .unsigned(let v): return String(v)
        case .number(let v): return ResolvedValue.format(v)
        case .text(let v): return ResolvedValue.quoted(v)
        case .word(let v): return v
        case .list(let items):
            let parts = items.compactMap(\.inline)
            return parts.count == items.count ? "[" + parts.joined(separator: ", ") + "]" : nil
        case .mapping: return nil
        }
    }

    /// The shortest decimal that reads back as the same double ("0.0001", "1e-08", "1000.0").
    static func format(_ v: Double) -> String { "\(v)" }

    /// A double-quoted string valid in both YAML and JSON.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Block-style YAML at `indent` spaces (mappings only nest; lists are inline).
    func yamlLines(indent: Int) -> [String] {
        guard case .mapping(let entries) = self else { return [] }
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        for (key, value) in entries {
            if let inline = value.inline {
                lines.append("\(pad)\(key): \(inline)")
            } else {
                lines.append("\(pad)\(key):")
                lines += value.yamlLines(indent: indent + 2)
            }
        }
        return lines
    }

    /// Pretty JSON at `indent` spaces, keys in tree order.
    func json(indent: Int) -> String {
        let pad = String(repeating: " ", count: indent + 2), close = String(repeating: " ", count: indent)
        switch self {
        case .list(let items):
            if items.isEmpty { return "[]" }
            if items.allSatisfy({ if case .mapping = $0 { return false } else { return true } }) {
                return "[" + items.map { $0.json(indent: indent) }.joined(separator: ", ") + "]"
            }
            return "[\n" + items.map { pad + $0.json(indent: indent + 2) }.joined(separator: ",\n") + "\n\(close)]"
        case .mapping(let entries):
            if entries.isEmpty { return "{}" }
            return "{\n" + entries.map { pad + ResolvedValue.quoted($0.0) + ": " + $0.1.json(indent: indent + 2) }
                .joined(separator: ",\n") + "\n\(close)}"
        case .word(let v): return ResolvedValue.quoted(v)
        default: return inline!
        }
    }
}

extension CaseDefinition: Encodable {
    /// The resolved tree, keys in `CaseKeyTable` order, each from its entry's `resolve`: a key
    /// the case leaves out (`problem.exact`, Adam's constants for gradient descent, …) is not
    /// written, and a section is written when any of its keys is.
    var resolvedTree: ResolvedValue {
        func resolve(_ keys: [CaseKey]) -> [(String, ResolvedValue)] {
            keys.compactMap { key in
                if let children = key.children {
                    let entries = resolve(children)
                    return entries.isEmpty ? nil : (key.name, .mapping(entries))
                }
                return key.resolve?(self).map { (key.name, $0) }
            }
        }
        return .mapping(resolve(CaseKeyTable.root))
    }

    /// The fully resolved case as YAML: every default filled in, keys in schema order, lists
    /// inline, text double-quoted; `training.points` is written out even when it defaults to
    /// the grid. Deterministic, ends with a newline; `CaseLoader.parse` reads it back to the same case.
    public var resolvedYAML: String {
        resolvedTree.yamlLines(indent: 0).joined(separator: "\n") + "\n"
    }

    /// The same tree as pretty-printed JSON with keys in schema order (for `manifest.json`;
    /// `Encodable` gives the same object through any encoder, key order up to the encoder).
    public var resolvedJSON: String { resolvedTree.json(indent: 0) }

    /// Encodes the resolved tree: a keyed container with the YAML key names (snake_case),
    /// enum values as their YAML spellings, `tracking.peaks` a number or a list,
    /// `tracking.modes` `"all"` or a list.
    public func encode(to encoder: Encoder) throws { try resolvedTree.encode(to: encoder) }
}
