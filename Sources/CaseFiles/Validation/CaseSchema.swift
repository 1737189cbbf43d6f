import Foundation

/// Unknown keys and the key that was meant: the messages and suggestions for keys, values and
/// names that are not in `CaseKeyTable` (or a keyword's spellings, or a directory's cases).
enum CaseSchema {
    /// The message for an unknown `key` among `valid` keys of the section at `sectionPath`:
    /// the closest valid key by edit distance, else the same key elsewhere in the schema, else
    /// the list of valid keys.
    static func unknownKeyMessage(_ key: String, valid: [String], sectionPath: String) -> String {
        let head = "unknown key '\(key)'"
        if let close = closest(to: key, among: valid) {
            return "\(head) — did you mean '\(close)'?"
        }
        let normalized = normalize(key)
        if let elsewhere = CaseKeyTable.allPaths.first(where: { normalize($0.key) == normalized && $0.path != joined(sectionPath, $0.key) }) {
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
