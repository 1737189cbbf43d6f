import Foundation
import Yams

extension CaseLoader {
    /// The file a `CASE` argument names.
    ///
    /// - `nil` → `<casesDirectory>/default.yaml`.
    /// - A path (it contains `/` or ends in `.yaml`/`.yml`) that is an existing file → itself.
    /// - Otherwise a name in `casesDirectory`: `<dir>/<name>` if it ends in `.yaml`/`.yml`,
    ///   else `<dir>/<name>.yaml`, then `<dir>/<name>.yml`.
    /// - Finally a bare file name in the working directory.
    ///
    /// Throws a `CaseError` (file = the argument) listing the available case names when none exists.
    public static func resolveCasePath(_ nameOrPath: String?, casesDirectory: String) throws -> String {
        let directory = URL(fileURLWithPath: casesDirectory)
        guard let argument = nameOrPath, !argument.isEmpty else {
            let path = directory.appendingPathComponent("default.yaml").path
            guard isFile(path) else {
                throw CaseError(file: path, keyPath: "", message: "no CASE given and no default case in \(casesDirectory)")
            }
            return path
        }
        if let found = resolveYAMLFile(argument, in: casesDirectory, orWorkingDirectory: true) { return found }
        let names = (try? listCases(in: casesDirectory).map(\.name)) ?? []
        let message = unknownNameMessage(argument, kind: "case", directory: casesDirectory, available: names)
        throw CaseError(file: argument, keyPath: "", message: message)
    }

    /// The cases in `directory`: every `*.yaml`/`*.yml` file, sorted by name, with the name to
    /// pass as `CASE` (the file name without extension), its `description` and its path. The
    /// description is read without validating the case; an unreadable file is listed with its
    /// problem as the description, so one broken file does not hide the others.
    /// Throws a `CaseError` when the directory cannot be listed.
    public static func listCases(in directory: String) throws -> [(name: String, description: String, path: String)] {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw CaseError(file: directory, keyPath: "", message: "cannot list the cases directory: \(error.localizedDescription)")
        }
        let base = URL(fileURLWithPath: directory)
        return files.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().compactMap { file in
            let path = base.appendingPathComponent(file).path
            guard isFile(path) else { return nil }
            let name = (file as NSString).deletingPathExtension
            let description: String
            do {
                let root = try compose(try readFile(path), file: path)
                if case .scalar(let s)? = root["description"], !s.isNull {
                    description = s.text
                } else {
                    description = ""
                }
            } catch let error as CaseError {
                description = "(invalid: \(error.message))"
            } catch {
                description = "(invalid: \(error))"
            }
            return (name, description, path)
        }
    }

    /// The YAML file a name-or-path argument names in a folder of them (`Cases/`, `Sweeps/`): an
    /// existing path (it contains `/` or ends in `.yaml`/`.yml`) → itself; else a name in
    /// `directory`: `<dir>/<name>` if it ends in `.yaml`/`.yml`, else `<dir>/<name>.yaml`, then
    /// `<dir>/<name>.yml`; finally, with `orWorkingDirectory`, a bare file name in the working
    /// directory. `nil` when none is a file.
    public static func resolveYAMLFile(_ argument: String, in directory: String, orWorkingDirectory: Bool) -> String? {
        let folder = URL(fileURLWithPath: directory)
        let hasYAMLSuffix = argument.hasSuffix(".yaml") || argument.hasSuffix(".yml")
        if (argument.contains("/") || hasYAMLSuffix) && isFile(argument) { return argument }
        var candidates: [String] = []
        if !argument.contains("/") {
            let names = hasYAMLSuffix ? [argument] : [argument + ".yaml", argument + ".yml"]
            candidates += names.map { folder.appendingPathComponent($0).path }
        }
        if orWorkingDirectory { candidates.append(argument) }
        return candidates.first(where: isFile)
    }

    /// The message for a name that is no file of `directory`: the nearest of `available`, else
    /// their list.
    public static func unknownNameMessage(_ argument: String, kind: String, directory: String,
                                          available: [String]) -> String {
        var message = "no such \(kind): not a file, and not a \(kind) name in \(directory)"
        if let close = CaseSchema.closest(to: argument, among: available) {
            message += " — did you mean '\(close)'?"
        } else if !available.isEmpty {
            message += " (available: \(available.joined(separator: ", ")))"
        }
        return message
    }

    static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
