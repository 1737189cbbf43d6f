import Yams

/// The YAML document as the validator sees it: mappings keep their key order and every node
/// keeps its 1-based line (`nil` for values that came from `--set`). Built from Yams' composed
/// node tree, so tags are not interpreted here — the decoder types each scalar by the key it
/// belongs to.
indirect enum CaseNode {
    case scalar(Scalar)
    case mapping(Mapping)
    case sequence(items: [CaseNode], line: Int?)

    /// A scalar's text and whether it was written as a string (quoted or a block scalar), which
    /// makes it a string even when it looks like a number.
    struct Scalar {
        var text: String
        var isQuoted: Bool
        var line: Int?

        /// Plain `~`, `null`, `Null`, `NULL` or nothing: YAML's null, read as "key not given".
        var isNull: Bool { !isQuoted && ["", "~", "null", "Null", "NULL"].contains(text) }
    }

    /// A mapping with string keys in document order.
    struct Mapping {
        struct Entry {
            var key: String
            var line: Int?
            var value: CaseNode
        }
        var entries: [Entry]
        var line: Int?

        /// The value at `key`, or `nil` when absent.
        subscript(key: String) -> CaseNode? {
            entries.first { $0.key == key }?.value
        }
        /// The line of `key` itself.
        func line(of key: String) -> Int? { entries.first { $0.key == key }?.line }

        /// Replaces the value at `key`, appending the key when absent.
        mutating func set(_ key: String, to value: CaseNode) {
            if let i = entries.firstIndex(where: { $0.key == key }) {
                entries[i].value = value
            } else {
                entries.append(Entry(key: key, line: nil, value: value))
            }
        }
    }

    var line: Int? {
        switch self {
        case .scalar(let s): return s.line
        case .mapping(let m): return m.line
        case .sequence(_, let line): return line
        }
    }

    /// True for YAML null (which stands for an absent optional key).
    var isNull: Bool {
        if case .scalar(let s) = self { return s.isNull }
        return false
    }

    /// How the node reads in an error message: "a list", "a mapping", "nothing", "'abc'",
    /// "the quoted string \"3\"".
    var kindDescription: String {
        switch self {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let s):
            if s.isNull { return "nothing (null)" }
            let shown = s.text.count > 60 ? String(s.text.prefix(57)) + "..." : s.text
            return s.isQuoted ? "the quoted string \"\(shown)\"" : "'\(shown)'"
        }
    }

    /// The same tree with every line removed (for values given with `--set`, whose Yams marks
    /// count lines of the override text, not of the file).
    var withoutLines: CaseNode {
        switch self {
        case .scalar(var s): s.line = nil; return .scalar(s)
        case .sequence(let items, _): return .sequence(items: items.map(\.withoutLines), line: nil)
        case .mapping(var m):
            m.line = nil
            m.entries = m.entries.map { Mapping.Entry(key: $0.key, line: nil, value: $0.value.withoutLines) }
            return .mapping(m)
        }
    }
}

extension CaseNode {
    /// Problems converting Yams' tree; `path` is where the bad key sits.
    enum ConversionProblem: Error {
        case nonScalarKey(path: String, line: Int?)
        case alias(path: String, line: Int?)
        case tooLarge(path: String, line: Int?)
    }

    /// Most nodes a case may expand to. Yams expands aliases by reference, so a few lines of
    /// nested aliases ("billion laughs") describe billions of nodes; a real case has a few
    /// hundred, and conversion stops here instead of running out of time and memory.
    static let maximumNodeCount = 100_000

    /// Converts a composed Yams node. Keys must be scalars; aliases are already expanded by
    /// Yams' composer (an `.alias` node only occurs in hand-built trees and is refused).
    init(_ node: Node) throws {
        var budget = CaseNode.maximumNodeCount
        try self.init(node, path: "", budget: &budget)
    }

    private init(_ node: Node, path: String, budget: inout Int) throws {
        budget -= 1
        guard budget >= 0 else {
            // Name the key holding the expansion, not an index deep inside it.
            let key = path.split(separator: "[", maxSplits: 1).first.map(String.init) ?? path
            throw ConversionProblem.tooLarge(path: key, line: node.mark?.line)
        }
        switch node {
        case .scalar(let s):
            let quoted = [.singleQuoted, .doubleQuoted, .literal, .folded].contains(s.style)
            self = .scalar(Scalar(text: s.string, isQuoted: quoted, line: s.mark?.line))
        case .sequence(let seq):
            var items: [CaseNode] = []
            for (i, item) in seq.enumerated() { items.append(try CaseNode(item, path: "\(path)[\(i)]", budget: &budget)) }
            self = .sequence(items: items, line: seq.mark?.line)
        case .mapping(let map):
            var entries: [Mapping.Entry] = []
            for (key, value) in map {
                guard case .scalar(let k) = key else {
                    throw ConversionProblem.nonScalarKey(path: path, line: key.mark?.line)
                }
                let childPath = path.isEmpty ? k.string : "\(path).\(k.string)"
                entries.append(.init(key: k.string, line: k.mark?.line, value: try CaseNode(value, path: childPath, budget: &budget)))
            }
            self = .mapping(Mapping(entries: entries, line: map.mark?.line))
        case .alias(let a):
            throw ConversionProblem.alias(path: path, line: a.mark?.line)
        }
    }
}
