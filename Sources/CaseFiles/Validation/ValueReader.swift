import Foundation
import PoissonCore

/// Reads typed values out of `CaseNode`s and turns every problem into a `CaseError` naming the
/// file, the key path and the line (or "(from --set)" for overridden values).
struct ValueReader {
    let file: String
    /// Key paths whose value came from `--set`: errors at or under them say so.
    let overridden: Set<String>

    func error(_ path: String, _ message: String, line: Int?) -> CaseError {
        // The most specific override covering `path` (several may, e.g. `network` and `network.widths`).
        let covering = overridden.filter { path == $0 || path.hasPrefix($0 + ".") || path.hasPrefix($0 + "[") }
        if let origin = covering.max(by: { ($0.count, $1) < ($1.count, $0) }) {
            return CaseError(file: file, keyPath: path, message: message + " (from --set \(origin))", line: nil)
        }
        return CaseError(file: file, keyPath: path, message: message, line: line)
    }

    // MARK: Scalars

    /// A plain scalar's text, or an error saying a `what` was expected.
    private func plainScalar(_ node: CaseNode, _ path: String, expecting what: String) throws -> CaseNode.Scalar {
        guard case .scalar(let s) = node, !s.isQuoted, !s.isNull else {
            throw error(path, "must be \(what), got \(node.kindDescription)", line: node.line)
        }
        return s
    }

    /// YAML spellings of infinities and NaN, refused with "must be finite" rather than "not a number".
    private static let nonFiniteWords: Set<String> = [
        ".inf", "+.inf", "-.inf", ".Inf", "+.Inf", "-.Inf", ".INF", "+.INF", "-.INF",
        ".nan", ".NaN", ".NAN", "inf", "+inf", "-inf", "nan", "NaN", "infinity", "-infinity", "Infinity", "-Infinity",
    ]

    /// A decimal literal: optional sign, digits with optional `_` separators, optional
    /// fraction, optional exponent; at least one digit before the exponent.
    static func isDecimalLiteral(_ text: String) -> Bool {
        var chars = Array(text.replacingOccurrences(of: "_", with: ""))
        if chars.first == "+" || chars.first == "-" { chars.removeFirst() }
        var i = 0, digits = 0
        while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1; digits += 1 }
        if i < chars.count, chars[i] == "." {
            i += 1
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1; digits += 1 }
        }
        guard digits > 0 else { return false }
        if i < chars.count, chars[i] == "e" || chars[i] == "E" {
            i += 1
            if i < chars.count, chars[i] == "+" || chars[i] == "-" { i += 1 }
            var exponentDigits = 0
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { return false }
        }
        return i == chars.count
    }

    static func isIntegerLiteral(_ text: String) -> Bool {
        var chars = Array(text.replacingOccurrences(of: "_", with: ""))
        if chars.first == "+" || chars.first == "-" { chars.removeFirst() }
        return !chars.isEmpty && chars.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// A finite real number.
    func double(_ node: CaseNode, _ path: String) throws -> Double {
        let s = try plainScalar(node, path, expecting: "a number")
        if Self.nonFiniteWords.contains(s.text) {
            throw error(path, "must be a finite number, got \(s.text)", line: s.line)
        }
        guard Self.isDecimalLiteral(s.text), let value = Double(s.text.replacingOccurrences(of: "_", with: "")) else {
            throw error(path, "must be a number, got \(node.kindDescription)", line: s.line)
        }
        guard value.isFinite else {
            throw error(path, "must be a finite number, got \(s.text) (beyond the range of a double, ±1.8e308)", line: s.line)
        }
        return value
    }

    /// A whole number that fits an `Int`; `1e6` and `1000.0` are accepted as 1000000 and 1000.
    func integer(_ node: CaseNode, _ path: String) throws -> Int {
        let s = try plainScalar(node, path, expecting: "a whole number")
        let text = s.text.replacingOccurrences(of: "_", with: "")
        if Self.isIntegerLiteral(s.text) {
            guard let value = Int(text) else {
                throw error(path, "must be a whole number between \(Int.min) and \(Int.max), got \(s.text)", line: s.line)
            }
            return value
        }
        if !Self.isDecimalLiteral(s.text) && !Self.nonFiniteWords.contains(s.text) {
            throw error(path, "must be a whole number, got \(node.kindDescription)", line: s.line)
        }
        let value = try double(node, path)
        guard value.rounded() == value else {
            throw error(path, "must be a whole number, got \(s.text)", line: s.line)
        }
        guard abs(value) <= 9.0e15 else {
            throw error(path, "must be a whole number below 9e15 when written with a fraction or exponent, got \(s.text)", line: s.line)
        }
        return Int(value)
    }

    /// A seed: a whole number in 0…2⁶⁴−1.
    func unsigned64(_ node: CaseNode, _ path: String) throws -> UInt64 {
        let s = try plainScalar(node, path, expecting: "a whole number")
        var text = s.text.replacingOccurrences(of: "_", with: "")
        if text.hasPrefix("+") { text.removeFirst() }
        if Self.isIntegerLiteral(s.text) {
            if text.hasPrefix("-") {
                throw error(path, "must be ≥ 0, got \(s.text)", line: s.line)
            }
            guard let value = UInt64(text) else {
                throw error(path, "must be a whole number between 0 and \(UInt64.max), got \(s.text)", line: s.line)
            }
            return value
        }
        let value = try integer(node, path)
        guard value >= 0 else { throw error(path, "must be ≥ 0, got \(s.text)", line: s.line) }
        return UInt64(value)
    }

    /// Text: any non-null scalar (a plain number reads as its digits).
    func string(_ node: CaseNode, _ path: String) throws -> String {
        guard case .scalar(let s) = node, !s.isNull else {
            throw error(path, "must be text, got \(node.kindDescription)", line: node.line)
        }
        return s.text
    }

    /// One of a keyword enum's spellings.
    func keyword<K: CaseKeyword>(_ node: CaseNode, _ path: String, as type: K.Type) throws -> K {
        let allowed = K.allowedSpellings.joined(separator: ", ")
        guard case .scalar(let s) = node, !s.isNull else {
            throw error(path, "must be one of \(allowed), got \(node.kindDescription)", line: node.line)
        }
        guard let value = K.matching(s.text) else {
            var message = "unknown value '\(s.text)' (allowed: \(allowed))"
            if let close = CaseSchema.closest(to: s.text, among: K.allowedSpellings) {
                message = "unknown value '\(s.text)' — did you mean '\(close)'? (allowed: \(allowed))"
            }
            throw error(path, message, line: s.line)
        }
        return value
    }

    /// A list, each entry read by `item` with the path `path[i]`.
    func list<T>(_ node: CaseNode, _ path: String, of what: String,
                 _ item: (CaseNode, String) throws -> T) throws -> [T] {
        guard case .sequence(let items, _) = node else {
            throw error(path, "must be a list of \(what), got \(node.kindDescription)", line: node.line)
        }
        return try items.enumerated().map { try item($0.element, "\(path)[\($0.offset)]") }
    }

    /// A parsed expression in `x`; parse errors name the column.
    func expression(_ node: CaseNode, _ path: String) throws -> String {
        let text = try string(node, path)
        do {
            _ = try PoissonCore.Expression(text)
        } catch let e as ExpressionError {
            let shown = text.count > 80 ? String(text.prefix(77)) + "..." : text
            throw error(path, "cannot parse the expression \"\(shown)\": column \(e.column): \(e.message)", line: node.line)
        }
        return text
    }

    /// A section's mapping; `nil` when absent or null.
    func section(_ node: CaseNode?, _ path: String) throws -> CaseNode.Mapping? {
        guard let node, !node.isNull else { return nil }
        guard case .mapping(let m) = node else {
            throw error(path, "must be a mapping of keys, got \(node.kindDescription)", line: node.line)
        }
        return m
    }
}

/// One section being decoded: looks up keys (null = absent), builds child paths, and reads
/// optional values with their defaults.
struct SectionReader {
    let reader: ValueReader
    let path: String
    let mapping: CaseNode.Mapping?
    /// Line of the section (or of its key), for "missing key" errors.
    let line: Int?

    init(_ reader: ValueReader, path: String, mapping: CaseNode.Mapping?, line: Int?) {
        self.reader = reader
        self.path = path
        self.mapping = mapping
        self.line = mapping?.line ?? line
    }

    func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value at `key`, `nil` when absent or null.
    func node(_ key: String) -> CaseNode? {
        guard let n = mapping?[key], !n.isNull else { return nil }
        return n
    }

    func required(_ key: String, _ what: String) throws -> CaseNode {
        guard let n = node(key) else {
            let place = path.isEmpty ? "" : " in '\(path)'"
            throw reader.error(childPath(key), "missing required key '\(key)'\(place) (\(what))", line: line)
        }
        return n
    }

    func section(_ key: String) throws -> SectionReader {
        let child = try reader.section(node(key), childPath(key))
        return SectionReader(reader, path: childPath(key), mapping: child, line: mapping?.line(of: key) ?? line)
    }

    func fail(_ key: String, _ message: String) -> CaseError {
        reader.error(childPath(key), message, line: node(key)?.line ?? mapping?.line(of: key) ?? line)
    }

    // MARK: Keys read through the table

    /// The `CaseKeyTable` entry of `key` in this section; a key missing from the table is a
    /// programming error (the decoder reads only declared keys).
    func entry(_ key: String) -> CaseKey {
        guard let entry = CaseKeyTable.entry(at: childPath(key)) else {
            preconditionFailure("CaseKeyTable has no key '\(childPath(key))'")
        }
        return entry
    }

    /// The value at `key`, or the "missing required key" error when the entry has no default.
    func required(_ key: String) throws -> CaseNode {
        guard case .required(let what) = entry(key).defaultValue else {
            preconditionFailure("'\(childPath(key))' is not a required key in CaseKeyTable")
        }
        return try required(key, what)
    }

    /// The node at `key` when given; `nil` when absent and the entry has a default (or is
    /// absent by default); the "missing" error when it is required.
    private func given(_ key: String) throws -> CaseNode? {
        if case .required = entry(key).defaultValue { return try required(key) }
        return node(key)
    }

    /// The entry's default value of `key` as `T`; a mismatch is a programming error.
    private func tableDefault<T>(_ key: String, _ read: (ResolvedValue) -> T?) -> T {
        guard case .value(let value) = entry(key).defaultValue, let typed = read(value) else {
            preconditionFailure("CaseKeyTable: '\(childPath(key))' has no default of type \(T.self)")
        }
        return typed
    }

    /// Fails at `path` (the key, or one of its items at `line`) when `violation` is not `nil`.
    func checkRange(_ violation: String?, at path: String, line: Int?) throws {
        if let violation { throw reader.error(path, violation, line: line) }
    }

    /// The whole number at `key` (or the table's default), in the table's range.
    func integer(_ key: String) throws -> Int {
        guard let value = try optionalInteger(key) else { return tableDefault(key, \.integerValue) }
        return value
    }

    /// The whole number at `key` in the table's range, `nil` when left out.
    func optionalInteger(_ key: String) throws -> Int? {
        guard let n = try given(key) else { return nil }
        let value = try reader.integer(n, childPath(key))
        try checkRange(entry(key).range?.violation(of: value), at: childPath(key), line: n.line)
        return value
    }

    /// The number at `key` (or the table's default), in the table's range.
    func double(_ key: String) throws -> Double {
        try double(key, default: tableDefault(key, \.numberValue))
    }

    /// The number at `key` in the table's range, or `computed` (a default the table states as a rule).
    func double(_ key: String, default computed: Double) throws -> Double {
        guard let n = try given(key) else { return computed }
        let value = try reader.double(n, childPath(key))
        try checkRange(entry(key).range?.violation(of: value), at: childPath(key), line: n.line)
        return value
    }

    /// The seed at `key` (0…2⁶⁴−1), or the table's default.
    func seed(_ key: String) throws -> UInt64 {
        guard let n = try given(key) else { return tableDefault(key, \.unsignedValue) }
        return try reader.unsigned64(n, childPath(key))
    }

    /// The keyword at `key`, or the table's default.
    func keyword<K: CaseKeyword>(_ key: String, as type: K.Type = K.self) throws -> K {
        guard let n = try given(key) else { return tableDefault(key) { $0.wordValue.flatMap(K.matching) } }
        return try reader.keyword(n, childPath(key), as: K.self)
    }

    /// The text at `key`, or the table's default.
    func text(_ key: String) throws -> String {
        guard let n = try given(key) else { return tableDefault(key, \.textValue) }
        return try reader.string(n, childPath(key))
    }

    /// The parsed expression at `key`; `nil` when left out and not required.
    func expression(_ key: String) throws -> String? {
        try given(key).map { try reader.expression($0, childPath(key)) }
    }

    /// The list at `key` (or the table's default), items read by `item`, each in the table's range.
    func list<T: Comparable>(_ key: String, _ item: (CaseNode, String) throws -> T,
                             range: (ValueRange, T) -> String?) throws -> [T]? {
        guard let n = try given(key) else { return nil }
        guard case .list(of: let what) = entry(key).kind else {
            preconditionFailure("CaseKeyTable: '\(childPath(key))' is not a list")
        }
        let values = try reader.list(n, childPath(key), of: what, item)
        if let r = entry(key).range {
            for (i, v) in values.enumerated() {
                try checkRange(range(r, v), at: childPath(key) + "[\(i)]", line: CaseDecoder.itemLine(n, i))
            }
        }
        return values
    }

    /// The list of whole numbers at `key`, each in the table's range; the table's default
    /// when left out, `nil` when that is absent or computed.
    func integers(_ key: String) throws -> [Int]? {
        try list(key, reader.integer) { $0.violation(of: $1) } ?? defaultList(key) { $0.integerValue }
    }

    /// The list of numbers at `key`, each in the table's range, or the table's default.
    func doubles(_ key: String) throws -> [Double]? {
        try list(key, reader.double) { $0.violation(of: $1) } ?? defaultList(key) { $0.numberValue }
    }

    private func defaultList<T>(_ key: String, _ read: (ResolvedValue) -> T?) -> [T]? {
        guard case .value(.list(let items)) = entry(key).defaultValue else { return nil }
        return items.map { item in
            guard let v = read(item) else { preconditionFailure("CaseKeyTable: '\(childPath(key))' default item type") }
            return v
        }
    }

    /// Refuses the first key given in this section whose table condition does not hold (a key
    /// read only under another value of a sibling keyword), naming it and the keyword.
    func refuseInapplicableKeys() throws {
        guard let mapping, let keys = CaseKeyTable.children(at: path.isEmpty ? [] : path.split(separator: ".").map(String.init))
        else { return }
        for entry in mapping.entries {
            guard let c = keys.first(where: { $0.name == entry.key })?.condition else { continue }
            let actual = try node(c.key).map { try reader.string($0, childPath(c.key)) }
                ?? CaseKeyTable.entry(at: childPath(c.key))?.shownValue ?? ""
            if actual.lowercased() != c.value.lowercased() {
                throw fail(entry.key, "is for \(c.key) '\(c.value)', not '\(actual)'; remove it or set \(c.key): \(c.value)")
            }
        }
    }

    /// Fails at `key` unless `condition` holds.
    func check(_ condition: Bool, _ key: String, _ message: @autoclosure () -> String) throws {
        if !condition { throw fail(key, message()) }
    }
}
