import CaseFiles
import Foundation
import Yams

/// Reads and checks sweep files (`Sweeps/*.yaml`, see `SweepFile`).
///
/// Checks, in order, throwing the first problem as a `SweepError`: the file (readable, UTF-8,
/// at most 1 MB); YAML syntax; a mapping at the top with only `name`, `description`, `base`,
/// `case`, `axes`, `zip` (unknown keys get the nearest valid one as a suggestion); `name`
/// (a folder name that cannot escape `Output/`); exactly one of `base` and `case`; every axis
/// key a case key path (a misspelt component gets a suggestion), every list non-empty, no key
/// swept twice, the lists of a zip group of one length. A base file that does not exist is named
/// here too (a relative path is looked up beside the sweep file first, then as `run CASE` does);
/// the points' cases are checked by `SweepPlan`.
public enum SweepFileLoader {
    /// The keys of a sweep file.
    public static let topLevelKeys = ["name", "description", "base", "case", "axes", "zip"]

    /// Loads the sweep file at `path`; `casesDirectory` resolves a `base:` case name.
    public static func load(file path: String, casesDirectory: String) throws(SweepError) -> SweepFile {
        let text: String
        do {
            text = try readText(path)
        } catch let error as SweepError {
            throw error
        } catch {
            throw SweepError(file: path, keyPath: "", message: "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(yaml: text, file: path, casesDirectory: casesDirectory)
    }

    /// The sweep file a `SWEEP` argument names: an existing path, else `<directory>/<name>.yaml`
    /// (or `.yml`); an unknown name lists the sweeps there (or suggests the nearest).
    public static func resolvePath(_ argument: String, sweepsDirectory: String) throws(SweepError) -> String {
        if let found = CaseLoader.resolveYAMLFile(argument, in: sweepsDirectory, orWorkingDirectory: false) { return found }
        let available = (try? list(in: sweepsDirectory).map(\.name)) ?? []
        let message = CaseLoader.unknownNameMessage(argument, kind: "sweep", directory: sweepsDirectory, available: available)
        throw SweepError(file: argument, keyPath: "", message: message)
    }

    /// The sweep files of `directory` sorted by name, with their descriptions (a broken file is
    /// listed with its problem as the description).
    public static func list(in directory: String) throws(SweepError) -> [(name: String, description: String, path: String)] {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw SweepError(file: directory, keyPath: "", message: "cannot list the sweeps directory: \(error.localizedDescription)")
        }
        return files.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { file in
            let path = URL(fileURLWithPath: directory).appendingPathComponent(file).path
            let name = (file as NSString).deletingPathExtension
            do {
                let root = try mapping(try compose(try readText(path), file: path), file: path)
                let description = root.first { $0.key == "description" }.flatMap { scalarText($0.value) } ?? ""
                return (name, description, path)
            } catch let error as SweepError {
                return (name, "(invalid: \(error.message))", path)
            } catch {
                return (name, "(invalid: \(error))", path)
            }
        }
    }

    /// Checks the sweep in `yaml`; `file` names it in errors.
    public static func parse(yaml: String, file: String, casesDirectory: String) throws(SweepError) -> SweepFile {
        let root = try mapping(try compose(yaml, file: file), file: file)
        var seen: Set<String> = []
        for (key, value) in root {
            guard topLevelKeys.contains(key) else {
                var message = "unknown key '\(key)'"
                if let close = CaseLoader.closestName(to: key, among: topLevelKeys) {
                    message += " — did you mean '\(close)'?"
                } else {
                    message += " (valid keys: \(topLevelKeys.joined(separator: ", ")))"
                }
                if CaseLoader.keyPathProblem(key) == nil { message += "; case keys to sweep go under 'axes'" }
                throw SweepError(file: file, keyPath: key, message: message, line: value.mark?.line)
            }
            guard seen.insert(key).inserted else {
                throw SweepError(file: file, keyPath: key, message: "appears twice", line: value.mark?.line)
            }
        }
        func value(_ key: String) -> Node? { root.first { $0.key == key }?.value }

        guard let nameNode = value("name") else {
            throw SweepError(file: file, keyPath: "name", message: "missing: a sweep needs a name (its folder under Output/)")
        }
        guard let name = scalarText(nameNode) else {
            throw SweepError(file: file, keyPath: "name", message: "must be a word, got a \(kind(nameNode))", line: nameNode.mark?.line)
        }
        if let problem = folderNameProblem(name) {
            throw SweepError(file: file, keyPath: "name", message: "'\(name)' \(problem)", line: nameNode.mark?.line)
        }
        var description = ""
        if let node = value("description") {
            guard let text = scalarText(node) else {
                throw SweepError(file: file, keyPath: "description", message: "must be text, got a \(kind(node))", line: node.mark?.line)
            }
            description = text
        }

        let base: SweepBase
        switch (value("base"), value("case")) {
        case (nil, nil):
            throw SweepError(file: file, keyPath: "base", message: "missing: name the case to sweep (base: NAME or path), "
                             + "or write one inline under 'case:'")
        case (.some, .some):
            throw SweepError(file: file, keyPath: "case", message: "give either 'base' or 'case', not both",
                             line: value("case")?.mark?.line)
        case (.some(let node), nil):
            guard let text = scalarText(node), !text.isEmpty else {
                throw SweepError(file: file, keyPath: "base", message: "must be a case name or path, got a \(kind(node))",
                                 line: node.mark?.line)
            }
            do {
                // A path is taken relative to the sweep file's folder first, then as `run` would.
                let beside = URL(fileURLWithPath: text, relativeTo: URL(fileURLWithPath: file).deletingLastPathComponent()).path
                let isPath = text.contains("/") || text.hasSuffix(".yaml") || text.hasSuffix(".yml")
                var isDirectory: ObjCBool = false
                if isPath, !text.hasPrefix("/"), FileManager.default.fileExists(atPath: beside, isDirectory: &isDirectory),
                   !isDirectory.boolValue {
                    base = .file(path: beside)
                } else {
                    base = .file(path: try CaseLoader.resolveCasePath(text, casesDirectory: casesDirectory))
                }
            } catch {
                let detail = (error as? CaseError)?.message ?? "\(error)"
                throw SweepError(file: file, keyPath: "base", message: "'\(text)': \(detail)", line: node.mark?.line)
            }
        case (nil, .some(let node)):
            guard case .mapping = node else {
                throw SweepError(file: file, keyPath: "case", message: "must be a case (a mapping of keys), got a \(kind(node))",
                                 line: node.mark?.line)
            }
            do {
                base = .inline(yaml: try Yams.serialize(node: node))
            } catch {
                throw SweepError(file: file, keyPath: "case", message: "cannot be written back as YAML: \(error)", line: node.mark?.line)
            }
        }

        var dimensions: [SweepDimension] = []
        var swept: [String: String] = [:]
        func claim(_ key: String, at path: String, line: Int?) throws(SweepError) {
            if let (bad, message) = CaseLoader.keyPathProblem(key) {
                let where_ = bad == key ? "" : " (at '\(bad)')"
                throw SweepError(file: file, keyPath: path, message: "not a case key\(where_): \(message)", line: line)
            }
            if let earlier = swept[key] {
                throw SweepError(file: file, keyPath: path, message: "'\(key)' is swept twice (also in \(earlier))", line: line)
            }
            swept[key] = path
        }
        if let axes = value("axes") {
            guard case .mapping(let entries) = axes else {
                throw SweepError(file: file, keyPath: "axes", message: "must map case keys to lists of values, got a \(kind(axes))",
                                 line: axes.mark?.line)
            }
            for (keyNode, listNode) in entries {
                guard let key = scalarText(keyNode) else {
                    throw SweepError(file: file, keyPath: "axes", message: "keys must be case key paths", line: keyNode.mark?.line)
                }
                let path = "axes.\(key)"
                try claim(key, at: path, line: keyNode.mark?.line)
                let values = try list(listNode, path: path, file: file)
                dimensions.append(SweepDimension(keys: [key], values: values.map { [$0] }, origin: "axes"))
            }
        }
        if let zip = value("zip") {
            guard case .sequence(let groups) = zip else {
                throw SweepError(file: file, keyPath: "zip", message: "must be a list of groups ({key: [values], …}), got a \(kind(zip))",
                                 line: zip.mark?.line)
            }
            for (g, group) in groups.enumerated() {
                let origin = "zip[\(g)]"
                guard case .mapping(let entries) = group, entries.count > 0 else {
                    throw SweepError(file: file, keyPath: origin, message: "must map case keys to lists of one length",
                                     line: group.mark?.line)
                }
                var keys: [String] = [], columns: [[SweepValue]] = []
                for (keyNode, listNode) in entries {
                    guard let key = scalarText(keyNode) else {
                        throw SweepError(file: file, keyPath: origin, message: "keys must be case key paths", line: keyNode.mark?.line)
                    }
                    let path = "\(origin).\(key)"
                    try claim(key, at: path, line: keyNode.mark?.line)
                    let values = try list(listNode, path: path, file: file)
                    if let first = columns.first, first.count != values.count {
                        throw SweepError(file: file, keyPath: path, message: "has \(values.count) values but '\(keys[0])' has "
                                         + "\(first.count); the lists of a zip group are taken together and need one length",
                                         line: listNode.mark?.line)
                    }
                    keys.append(key)
                    columns.append(values)
                }
                let steps = (0..<columns[0].count).map { i in columns.map { $0[i] } }
                dimensions.append(SweepDimension(keys: keys, values: steps, origin: origin))
            }
        }
        guard !dimensions.isEmpty else {
            throw SweepError(file: file, keyPath: "axes", message: "missing: a sweep needs at least one axis (axes: {key: [values]}) or zip group")
        }
        return SweepFile(name: name, description: description, base: base, dimensions: dimensions, file: file)
    }

    /// Why `name` cannot be a folder under `Output/`, or nil: letters, digits, `-`, `_`, `.`
    /// only, not empty, not starting with `.` (so never `.`, `..` or hidden).
    public static func folderNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "is empty; the name is the sweep's folder under Output/" }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        if !name.allSatisfy(allowed.contains) || name.hasPrefix(".") {
            return "cannot be a folder name under Output/: use letters, digits, '-', '_' and '.' only, not starting with '.' "
                + "(so the sweep cannot write outside Output/)"
        }
        return nil
    }

    // MARK: Pieces

    static func readText(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SweepError(file: path, keyPath: "", message: "no such sweep file")
        }
        guard !isDirectory.boolValue else { throw SweepError(file: path, keyPath: "", message: "is a directory, not a sweep file") }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard data.count <= CaseLoader.maximumFileBytes else {
            throw SweepError(file: path, keyPath: "", message: "is larger than \(CaseLoader.maximumFileBytes) bytes; a sweep file is a page of YAML")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw SweepError(file: path, keyPath: "", message: "is not UTF-8 text") }
        return text
    }

    static func compose(_ yaml: String, file: String) throws(SweepError) -> Node {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch {
            throw SweepError(file: file, keyPath: "", message: "invalid YAML: \(error)")
        }
        guard let node else { throw SweepError(file: file, keyPath: "", message: "is empty; a sweep needs name, base and axes") }
        return node
    }

    static func mapping(_ node: Node, file: String) throws(SweepError) -> [(key: String, value: Node)] {
        guard case .mapping(let entries) = node else {
            throw SweepError(file: file, keyPath: "", message: "must be a mapping of keys (name, base, axes, …) at the top, got a \(kind(node))",
                             line: node.mark?.line)
        }
        var result: [(String, Node)] = []
        for (key, value) in entries {
            guard let text = scalarText(key) else {
                throw SweepError(file: file, keyPath: "", message: "keys must be plain words", line: key.mark?.line)
            }
            result.append((text, value))
        }
        return result
    }

    static func list(_ node: Node, path: String, file: String) throws(SweepError) -> [SweepValue] {
        guard case .sequence(let items) = node else {
            throw SweepError(file: file, keyPath: path, message: "must be a list of values, e.g. [1, 2, 3], got a \(kind(node))",
                             line: node.mark?.line)
        }
        guard items.count > 0 else {
            throw SweepError(file: file, keyPath: path, message: "is an empty list; an axis needs at least one value", line: node.mark?.line)
        }
        return items.map(sweepValue)
    }

    static func scalarText(_ node: Node) -> String? {
        if case .scalar(let s) = node { return s.string }
        return nil
    }

    static func kind(_ node: Node) -> String {
        switch node {
        case .scalar: return "scalar"
        case .mapping: return "mapping"
        case .sequence: return "list"
        case .alias: return "alias"
        }
    }

    /// A node as a one-line YAML value (`yaml`) and as table text (`text`).
    static func sweepValue(_ node: Node) -> SweepValue {
        switch node {
        case .scalar(let s):
            let quoted = s.style != .plain && s.style != .any
            let safe = !s.string.isEmpty && s.string.allSatisfy { $0.isLetter || $0.isNumber || "._+-".contains($0) }
            return SweepValue(yaml: quoted || !safe ? CaseLoader.quotedScalar(s.string) : s.string, text: s.string)
        case .sequence(let items):
            let parts = items.map(sweepValue)
            return SweepValue(yaml: "[" + parts.map(\.yaml).joined(separator: ", ") + "]",
                              text: "[" + parts.map(\.text).joined(separator: ", ") + "]")
        case .mapping(let entries):
            let parts = entries.map { (sweepValue($0.key), sweepValue($0.value)) }
            return SweepValue(yaml: "{" + parts.map { "\($0.0.yaml): \($0.1.yaml)" }.joined(separator: ", ") + "}",
                              text: "{" + parts.map { "\($0.0.text): \($0.1.text)" }.joined(separator: ", ") + "}")
        case .alias:
            return SweepValue(yaml: "null", text: "")
        }
    }
}
