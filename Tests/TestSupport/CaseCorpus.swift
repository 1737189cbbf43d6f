import Foundation

/// The bad-case corpus convention, shared by the case-file and the CLI tests: the YAML files of a
/// folder, and what a bad case must produce, read from its header comments.
public enum CaseCorpus {
    /// The YAML files of a directory, sorted by name (none if it cannot be read).
    public static func yamlFiles(in directory: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { directory.appendingPathComponent($0) }
    }

    /// What a bad case must produce: `# expect: <key.path or (file)>: <message fragment>` and
    /// any number of `# set: KEY=VALUE`, in the comment lines that open the file.
    public struct Expectation: Sendable, Equatable {
        /// The key path the error names; `""` for whole-file problems (`(file)` in the header).
        public var keyPath: String
        /// A fragment the message must contain.
        public var fragment: String
        /// `--set` overrides to apply before loading.
        public var overrides: [String]
    }

    /// A corpus file without its `# expect:` line.
    public struct MissingExpectation: Error, CustomStringConvertible {
        public let file: String
        public var description: String { "\(file): corpus file has no '# expect:' line" }
    }

    /// Reads the header of the corpus file at `url`. Header lines are ASCII/UTF-8 even in the
    /// corpus file that is deliberately not UTF-8, so the bytes are split before decoding.
    public static func expectation(of url: URL) throws -> Expectation {
        let data = try Data(contentsOf: url)
        var keyPath: String?, fragment = "", overrides: [String] = []
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            guard line.first == UInt8(ascii: "#") else { break }
            let text = String(decoding: line, as: UTF8.self)
            if text.hasPrefix("# expect: ") {
                let parts = text.dropFirst("# expect: ".count).split(separator: ":", maxSplits: 1)
                keyPath = parts.isEmpty || parts[0] == "(file)" ? "" : String(parts[0])
                fragment = parts.count > 1 ? String(parts[1].dropFirst()) : ""
            } else if text.hasPrefix("# set: ") {
                overrides.append(String(text.dropFirst("# set: ".count)))
            }
        }
        guard let keyPath else { throw MissingExpectation(file: url.path) }
        return Expectation(keyPath: keyPath, fragment: fragment, overrides: overrides)
    }
}
