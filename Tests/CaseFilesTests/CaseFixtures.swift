import Foundation
import Testing
import TestSupport
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
    static func yamlFiles(in directory: URL) -> [URL] { CaseCorpus.yamlFiles(in: directory) }

    static var repositoryCases: [String] { yamlFiles(in: URL(fileURLWithPath: casesDirectory)).map(\.lastPathComponent) }
    static var goodCases: [String] { yamlFiles(in: resourceDirectory("GoodCases")).map(\.lastPathComponent) }
    static var badCases: [String] { yamlFiles(in: resourceDirectory("BadCases")).map(\.lastPathComponent) }

    /// What a bad case must produce (its `# expect:` and `# set:` header lines).
    static func expectation(of url: URL) throws -> CaseCorpus.Expectation { try CaseCorpus.expectation(of: url) }

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
