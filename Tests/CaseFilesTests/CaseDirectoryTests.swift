import Foundation
import Testing
@testable import CaseFiles

/// `CASE` resolution and the `cases` listing, on a temporary directory.
@Suite struct CaseDirectoryTests {
    /// A fresh directory with `default.yaml`, `alpha.yaml` and a broken `broken.yaml`.
    func makeDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cases-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "name: default\ndescription: The default\n".write(to: directory.appendingPathComponent("default.yaml"), atomically: true, encoding: .utf8)
        try "name: alpha\ndescription: First\n".write(to: directory.appendingPathComponent("alpha.yaml"), atomically: true, encoding: .utf8)
        try "name: [\n".write(to: directory.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        try "not a case".write(to: directory.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        return directory
    }

    @Test func resolvesNamesPathsAndTheDefault() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let dir = directory.path
        #expect(try CaseLoader.resolveCasePath(nil, casesDirectory: dir) == dir + "/default.yaml")
        #expect(try CaseLoader.resolveCasePath("alpha", casesDirectory: dir) == dir + "/alpha.yaml")
        #expect(try CaseLoader.resolveCasePath("alpha.yaml", casesDirectory: dir) == dir + "/alpha.yaml")
        let explicit = dir + "/alpha.yaml"
        #expect(try CaseLoader.resolveCasePath(explicit, casesDirectory: "/nonexistent") == explicit)
        let error = try #require(throws: CaseError.self) { _ = try CaseLoader.resolveCasePath("alpah", casesDirectory: dir) }
        #expect(error.file == "alpah" && error.message.contains("did you mean 'alpha'"), "\(error)")
        let none = try #require(throws: CaseError.self) { _ = try CaseLoader.resolveCasePath("zzzzzzzz", casesDirectory: dir) }
        #expect(none.message.contains("available: alpha, broken, default"), "\(none)")
    }

    @Test func listsCasesWithDescriptions() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases = try CaseLoader.listCases(in: directory.path)
        #expect(cases.map(\.name) == ["alpha", "broken", "default"])
        #expect(cases[0].description == "First" && cases[2].description == "The default")
        #expect(cases[1].description.hasPrefix("(invalid: invalid YAML"))
        #expect(cases[0].path == directory.path + "/alpha.yaml")
    }

    @Test func repositoryCasesAreListed() throws {
        let cases = try CaseLoader.listCases(in: CaseFixtures.casesDirectory)
        #expect(cases.contains { $0.name == "default" && !$0.description.isEmpty })
    }

    @Test func missingDirectoryAndFile() throws {
        #expect(throws: CaseError.self) { _ = try CaseLoader.listCases(in: "/nonexistent-\(UUID().uuidString)") }
        let error = try #require(throws: CaseError.self) { _ = try CaseLoader.load(file: "/nonexistent/x.yaml") }
        #expect(error.description == "/nonexistent/x.yaml: no such case file")
    }
}
