import Foundation

/// The key structure of a case file (DESIGN.md, "Case file"): which keys exist at each level
/// and which hold sections. Values are typed by `CaseDecoder`; this only finds unknown keys and
/// proposes the key that was meant.
enum CaseSchema {
    /// A key: a value, or a section holding `children`.
    struct Field: Sendable {
        var name: String
        var children: [Field]?

        static func value(_ name: String) -> Field { Field(name: name, children: nil) }
        static func section(_ name: String, _ children: [Field]) -> Field { Field(name: name, children: children) }
    }

    static let root: [Field] = [
        .value("name"),
        .value("description"),
        .section("problem", [.value("domain"), .value("source"), .value("exact"), .value("boundary")]),
        .section("grid", [.value("points")]),
        .section("network", [
            .value("widths"), .value("activation"),
            .section("init", [.value("weight_std"), .value("bias_std")]),
            .value("seed"), .value("precision"),
            .value("architecture"), .value("scales"),
            .section("features", [.value("count"), .value("scale"), .value("seed")]),
        ]),
        .section("training", [
            .value("points"), .value("loss"), .value("penalty"),
            .section("optimizer", [
                .value("name"), .value("learning_rate"), .value("beta1"), .value("beta2"), .value("epsilon"),
            ]),
            .value("steps"),
        ]),
        .section("solver", [
            .value("method"), .value("omega"), .value("storage"),
            .section("multigrid", [
                .value("cycle"), .value("pre_smooth"), .value("post_smooth"), .value("smoother"),
            ]),
            .value("max_sweeps"), .value("tolerance"),
        ]),
        .section("hybrid", [.value("switch_at")]),
        .section("tracking", [
            .value("every"), .value("reference"), .value("peaks"), .value("modes"), .value("per_decade"),
            .section("filter", [.value("delta")]),
        ]),
    ]

    /// Every key path of the schema with its last component, for "it belongs elsewhere" hints.
    static let allPaths: [(path: String, key: String)] = {
        var paths: [(String, String)] = []
        func walk(_ fields: [Field], _ prefix: String) {
            for field in fields {
                let path = prefix.isEmpty ? field.name : "\(prefix).\(field.name)"
                paths.append((path, field.name))
                if let children = field.children { walk(children, path) }
            }
        }
        walk(root, "")
        return paths
    }()

    /// The children of the section at `path` (`[]` = root), or `nil` when `path` is not a section.
    static func children(at path: [String]) -> [Field]? {
        var level = root
        for component in path {
            guard let children = level.first(where: { $0.name == component })?.children else { return nil }
            level = children
        }
        return level
    }

    /// The message for an unknown `key` among `valid` keys of the section at `sectionPath`:
    /// the closest valid key by edit distance, else the same key elsewhere in the schema, else
    /// the list of valid keys.
    static func unknownKeyMessage(_ key: String, valid: [String], sectionPath: String) -> String {
        let head = "unknown key '\(key)'"
        if let close = closest(to: key, among: valid) {
            return "\(head) — did you mean '\(close)'?"
        }
        let normalized = normalize(key)
        if let elsewhere = allPaths.first(where: { normalize($0.key) == normalized && $0.path != joined(sectionPath, $0.key) }) {
            return "\(head) — did you mean '\(elsewhere.path)'?"
        }
        let place = sectionPath.isEmpty ? "at the top level" : "in '\(sectionPath)'"
        return "\(head) (valid keys \(place): \(valid.joined(separator: ", ")))"
    }

    static func joined(_ prefix: String, _ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }

    static func normalize(_ s: String) -> String { s.lowercased().replacingOccurrences(of: "-", with: "_") }

    /// The candidate nearest to `word` by optimal-string-alignment distance (a transposition
    /// counts 1), compared case-insensitively with `-` ≡ `_`; `nil` when even the nearest needs
    /// more edits than 1 (words of ≤ 3 letters), 2 (≤ 8 letters) or 3. Ties go to the earlier
    /// candidate.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let w = Array(normalize(word))
        let limit = w.count <= 3 ? 1 : (w.count <= 8 ? 2 : 3)
        var best: (String, Int)?
        for candidate in candidates {
            let d = editDistance(w, Array(normalize(candidate)))
            if d <= limit, best == nil || d < best!.1 { best = (candidate, d) }
        }
        return best?.0
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent
    /// transpositions, each costing 1. O(|a|·|b|) time and memory.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
