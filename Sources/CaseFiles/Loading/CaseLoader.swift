import Foundation
import PoissonCore
import Yams

/// Reads, overrides and validates case files (DESIGN.md, "Case file").
///
/// Everything is checked before any work, and exactly one `CaseError` — the first problem — is
/// thrown. The check order is:
/// 1. the file: readable, UTF-8, at most 1 MB;
/// 2. YAML syntax (with the line Yams reports), one document, a mapping at the top, string keys;
/// 3. `--set` overrides, in the order given: `KEY=VALUE` form, every path component a known key;
/// 4. unknown keys anywhere in the tree, depth-first in document order (with the closest valid
///    key as a suggestion);
/// 5. the keys in schema order — `name`, `description`, `problem` (domain, source, exact,
///    boundary), `grid`, `network` (widths, activation, init, seed), `training` (pairing with
///    `network`, points, loss, penalty, optimizer, steps), `solver` (method, multigrid, omega,
///    storage, max_sweeps, tolerance; defaulted when there is no network), `hybrid` (needs network, training,
///    solver; switch_at), `tracking` (every, reference, peaks, modes). For each key: missing,
///    then type (expressions are parsed here, errors naming the column), then range, then
///    consistency with keys before it in this order;
/// 6. the memory guard (`ResourceEstimate` against `ResourceLimit`);
/// 7. the expressions sampled on the grid and the training sample (non-finite values name the
///    key and the x), and `problem.exact` against the boundary values.
public enum CaseLoader {
    /// Case files larger than this are refused before parsing: a case is a page of YAML.
    public static let maximumFileBytes = 1 << 20

    /// Loads, overrides and validates the case file at `path`.
    /// - Parameters:
    ///   - path: the case file (YAML).
    ///   - overrides: `"key.path=value"` strings from `--set`, applied in order before decoding.
    ///   - limit: the memory a run may use (default: this machine's available memory).
    public static func load(file path: String, overrides: [String] = [],
                            limit: ResourceLimit = .machine) throws -> CaseDefinition {
        let text = try readFile(path)
        return try parse(yaml: text, file: path, overrides: overrides, limit: limit)
    }

    /// Validates the case in `yaml`; `file` names it in errors.
    public static func parse(yaml: String, file: String, overrides: [String] = [],
                             limit: ResourceLimit = .machine) throws -> CaseDefinition {
        var root = try compose(yaml, file: file)
        var overridden: [String] = []
        for argument in overrides {
            overridden.append(try apply(override: argument, to: &root, file: file))
        }
        let reader = ValueReader(file: file, overridden: Set(overridden))
        let decoder = CaseDecoder(reader: reader)
        let definition = try decoder.decode(root)
        try decoder.checkResources(definition, limit: limit)
        let problem = root["problem"].flatMap { node -> CaseNode.Mapping? in
            if case .mapping(let m) = node { return m } else { return nil }
        }
        try decoder.checkSampling(definition, lines: (problem?["source"]?.line, problem?["exact"]?.line))
        return definition
    }

    // MARK: Reading and composing

    static func readFile(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CaseError(file: path, keyPath: "", message: "no such case file")
        }
        guard !isDirectory.boolValue else {
            throw CaseError(file: path, keyPath: "", message: "is a directory, not a case file")
        }
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            data = try handle.read(upToCount: maximumFileBytes + 1) ?? Data()
        } catch {
            throw CaseError(file: path, keyPath: "", message: "cannot read the file: \(error.localizedDescription)")
        }
        guard data.count <= maximumFileBytes else {
            throw CaseError(file: path, keyPath: "", message: "is larger than \(maximumFileBytes) bytes; a case file is a short YAML document")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CaseError(file: path, keyPath: "", message: "is not UTF-8 text")
        }
        return text
    }

    /// The document's top-level mapping, or the syntax error with its line.
    static func compose(_ yaml: String, file: String) throws -> CaseNode.Mapping {
        guard yaml.utf8.count <= maximumFileBytes else {
            throw CaseError(file: file, keyPath: "", message: "is larger than \(maximumFileBytes) bytes; a case file is a short YAML document")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw CaseError(file: file, keyPath: "", message: "invalid YAML: \(error)")
        }
        guard let node else {
            throw CaseError(file: file, keyPath: "", message: "is empty; a case needs at least name, problem and grid")
        }
        let tree: CaseNode
        do {
            tree = try CaseNode(node)
        } catch CaseNode.ConversionProblem.nonScalarKey(let path, let line) {
            throw CaseError(file: file, keyPath: path, message: "keys must be plain words, not lists or mappings", line: line)
        } catch CaseNode.ConversionProblem.alias(let path, let line) {
            throw CaseError(file: file, keyPath: path, message: "YAML aliases are not supported here", line: line)
        } catch CaseNode.ConversionProblem.tooLarge(let path, let line) {
            throw CaseError(file: file, keyPath: path, message: "the document expands to more than \(CaseNode.maximumNodeCount) "
                            + "values (nested aliases?); a case is a page of keys", line: line)
        }
        guard case .mapping(let mapping) = tree else {
            throw CaseError(file: file, keyPath: "", message: "must be a mapping of keys (name, problem, grid, …) at the top, "
                            + "got \(tree.kindDescription)", line: tree.line)
        }
        return mapping
    }

    /// One line for a Yams error: the problem, its context and the line.
    static func syntaxError(_ error: YamlError, file: String) -> CaseError {
        func make(_ problem: String, _ context: YamlError.Context?, _ mark: Mark?) -> CaseError {
            if problem.hasPrefix("but found another document") {
                return CaseError(file: file, keyPath: "", message: "invalid YAML: the file holds more than one document "
                                 + "(a second '---'); a case is one mapping", line: mark?.line)
            }
            var message = "invalid YAML: \(problem)"
            if let context, !context.text.isEmpty { message += " (\(context.text) at line \(context.mark.line))" }
            return CaseError(file: file, keyPath: "", message: message, line: mark?.line)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _): return make(problem, context, mark)
        case .parser(let context, let problem, let mark, _): return make(problem, context, mark)
        case .composer(let context, let problem, let mark, _): return make(problem, context, mark)
        case .reader(let problem, let offset, _, let yaml):
            let line = offset.map { o in yaml.prefix(o).filter { $0 == "\n" }.count + 1 }
            return CaseError(file: file, keyPath: "", message: "invalid YAML: \(problem)", line: line)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return CaseError(file: file, keyPath: "", message: "invalid YAML: key \(keys) appears twice in one mapping",
                             line: context.mark.line)
        default:
            return CaseError(file: file, keyPath: "", message: "invalid YAML: \(error)")
        }
    }

    // MARK: Overrides

    /// Applies one `KEY=VALUE` override and returns the key path it set. `VALUE` is read as a
    /// YAML node, so `[0, 100]` is a list and `{weight_std: 0.5}` a mapping (replacing the whole
    /// section); for the text keys (`name`, `description`, `problem.source`, `problem.exact`) a
    /// value that does not read as a single scalar is taken verbatim. Missing sections on the
    /// way are created; `null` removes an optional key.
    static func apply(override argument: String, to root: inout CaseNode.Mapping, file: String) throws -> String {
        guard let equals = argument.firstIndex(of: "=") else {
            throw CaseError(file: file, keyPath: "", message: "--set \(argument): expected KEY=VALUE, e.g. --set training.steps=200")
        }
        let key = String(argument[..<equals]).trimmingCharacters(in: .whitespaces)
        let valueText = String(argument[argument.index(after: equals)...])
        let components = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !key.isEmpty, components.allSatisfy({ !$0.isEmpty }) else {
            throw CaseError(file: file, keyPath: key, message: "--set \(argument): the key must be a dotted path such as training.steps")
        }
        // Check every component against the schema first, so the error names the first unknown one.
        if let problem = keyPathProblem(key) {
            throw CaseError(file: file, keyPath: problem.keyPath, message: "--set \(argument): \(problem.message)")
        }
        let value = try overrideValue(valueText, key: key, argument: argument, file: file)
        try set(value, at: components[...], prefix: "", in: &root, file: file, argument: argument)
        return key
    }

    static func overrideValue(_ text: String, key: String, argument: String, file: String) throws -> CaseNode {
        let verbatim = CaseNode.scalar(.init(text: text, isQuoted: true, line: nil))
        let parsed: CaseNode?
        do {
            parsed = try Yams.compose(yaml: text).map { try CaseNode($0) }?.withoutLines
        } catch {
            if CaseKeyTable.textPaths.contains(key) { return verbatim }
            throw CaseError(file: file, keyPath: key, message: "--set \(argument): the value is not valid YAML")
        }
        guard let parsed else { return .scalar(.init(text: "", isQuoted: false, line: nil)) }
        if CaseKeyTable.textPaths.contains(key) {
            if case .scalar = parsed { return parsed }
            return verbatim
        }
        return parsed
    }

    static func set(_ value: CaseNode, at path: ArraySlice<String>, prefix: String, in mapping: inout CaseNode.Mapping,
                    file: String, argument: String) throws {
        let key = path.first!
        let keyPath = CaseSchema.joined(prefix, key)
        if path.count == 1 {
            mapping.set(key, to: value)
            return
        }
        var child: CaseNode.Mapping
        switch mapping[key] {
        case .none: child = CaseNode.Mapping(entries: [], line: nil)
        case .some(.mapping(let m)): child = m
        case .some(let other) where other.isNull: child = CaseNode.Mapping(entries: [], line: other.line)
        case .some(let other):
            throw CaseError(file: file, keyPath: keyPath, message: "--set \(argument): '\(keyPath)' is \(other.kindDescription) in the file, "
                            + "not a mapping of keys", line: other.line)
        }
        try set(value, at: path.dropFirst(), prefix: keyPath, in: &child, file: file, argument: argument)
        mapping.set(key, to: .mapping(child))
    }
}
