extension CaseLoader {
    /// Checks a dotted key path such as `training.steps` against the case schema, as `--set`
    /// does, without a file: `nil` when every component is a known key (the last may be a
    /// value or a whole section), else the message for the first unknown component — with the
    /// closest valid key as a suggestion ("unknown key 'pionts' — did you mean 'points'?") —
    /// and the path up to it.
    public static func keyPathProblem(_ keyPath: String) -> (keyPath: String, message: String)? {
        let components = keyPath.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !keyPath.isEmpty, components.allSatisfy({ !$0.isEmpty }) else {
            return (keyPath, "a key must be a dotted path such as training.steps")
        }
        var level = CaseKeyTable.root
        for (depth, component) in components.enumerated() {
            let here = components[...depth].joined(separator: ".")
            guard let field = level.first(where: { $0.name == component }) else {
                let section = components[..<depth].joined(separator: ".")
                return (here, CaseSchema.unknownKeyMessage(component, valid: level.map(\.name), sectionPath: section))
            }
            if depth < components.count - 1 {
                guard let children = field.children else { return (here, "'\(component)' holds a value, not keys") }
                level = children
            }
        }
        return nil
    }

    /// The nearest of `candidates` to `word` (the same rule as unknown-key suggestions), or nil.
    public static func closestName(to word: String, among candidates: [String]) -> String? {
        CaseSchema.closest(to: word, among: candidates)
    }
}

extension CaseLoader {
    /// `text` as a double-quoted scalar valid in both YAML and JSON (the form the resolved case
    /// uses), so it reads back as exactly this string whatever it holds.
    public static func quotedScalar(_ text: String) -> String { ResolvedValue.quoted(text) }
}
