import Foundation
import Testing
@testable import CaseFiles

/// Where the test data lives: the repository's `Cases/` (found from this file's path) and the
/// `BadCases/` and `GoodCases/` resources of this target.
enum CaseFixtures {
    /// `<repository>/Cases`.
    static let casesDirectory: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Cases").path

    static func resourceDirectory(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent(name)
    }

    /// The YAML files of a directory, sorted by name.
    static func yamlFiles(in directory: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { directory.appendingPathComponent($0) }
    }

    static var repositoryCases: [String] { yamlFiles(in: URL(fileURLWithPath: casesDirectory)).map(\.lastPathComponent) }
    static var goodCases: [String] { yamlFiles(in: resourceDirectory("GoodCases")).map(\.lastPathComponent) }
    static var badCases: [String] { yamlFiles(in: resourceDirectory("BadCases")).map(\.lastPathComponent) }

    /// What a bad case must produce, read from its header comments:
    /// `# expect: <key.path or (file)>: <message fragment>` and any number of `# set: KEY=VALUE`.
    struct Expectation {
        var keyPath: String
        var fragment: String
        var overrides: [String]
    }

    static func expectation(of url: URL) throws -> Expectation {
        let data = try Data(contentsOf: url)
        // Header lines are ASCII/UTF-8 even in the corpus file that is deliberately not UTF-8.
        let header = String(decoding: data.prefix(while: { $0 != 0xFF }), as: UTF8.self)
        var keyPath: String?, fragment = "", overrides: [String] = []
        for line in header.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("#") else { break }
            if line.hasPrefix("# expect: ") {
                let rest = line.dropFirst("# expect: ".count)
                let parts = rest.split(separator: ":", maxSplits: 1)
                keyPath = parts[0] == "(file)" ? "" : String(parts[0])
                fragment = parts.count > 1 ? String(parts[1].dropFirst()) : ""
            } else if line.hasPrefix("# set: ") {
                overrides.append(String(line.dropFirst("# set: ".count)))
            }
        }
        guard let keyPath else { throw CaseError(file: url.path, keyPath: "", message: "corpus file has no '# expect:' line") }
        return Expectation(keyPath: keyPath, fragment: fragment, overrides: overrides)
    }

    /// A small valid case to vary in tests.
    static let small = """
        name: small
        problem:
          domain: [0, 1]
          source: "pi^2*sin(pi*x)"
          exact: "sin(pi*x)"
        grid:
          points: 17
        network:
          widths: [8, 8]
        training:
          steps: 100
        solver:
          method: jacobi
        hybrid:
          switch_at: [0, 50]
        """
}
