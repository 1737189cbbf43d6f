import Foundation
import Testing
import TestSupport

/// Nothing a researcher types may crash the tool or touch a result folder: every broken case
/// of the corpus, through `validate` and `run`, gives exit status 2, one line on standard error
/// naming the file and the key path, and leaves every folder as it was — a previous complete
/// result at the output path included, byte for byte.
@Suite struct RobustnessBadInputTests {
    /// The shared corpus (`Tests/CaseFilesTests/BadCases`) and the cases only the whole tool can
    /// see (`Fixtures/BadCases`), as paths.
    static let corpus: [String] = (CLI.yamlFiles(in: CLI.badCasesDirectory) + CLI.yamlFiles(in: CLI.cliBadCasesDirectory))
        .map(\.path)

    @Test func corpusIsComplete() {
        // 141 library-level cases and 1 that only appears when the network is built.
        #expect(Self.corpus.count >= 142, "\(Self.corpus.count) bad cases")
    }

    /// Exit status 2 and exactly one line: `error: <file>: <key.path>: <message>`.
    static func expectRefusal(_ outcome: CLI.Outcome, file: String, _ expected: CaseCorpus.Expectation,
                              _ command: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let name = URL(fileURLWithPath: file).lastPathComponent
        #expect(outcome.status == 2, "\(command) \(name): status \(outcome.status), stderr: \(outcome.stderr)",
                sourceLocation: sourceLocation)
        let lines = outcome.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty && !outcome.stderr.contains("\r"),
                "\(command) \(name): not exactly one line: \(outcome.stderr.debugDescription)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.hasPrefix("error: \(file): "), "\(command) \(name): \(outcome.stderr)",
                sourceLocation: sourceLocation)
        if !expected.keyPath.isEmpty {
            #expect(outcome.stderr.contains(": \(expected.keyPath): "),
                    "\(command) \(name): key path '\(expected.keyPath)' missing from \(outcome.stderr)",
                    sourceLocation: sourceLocation)
        }
        #expect(outcome.stderr.contains(expected.fragment),
                "\(command) \(name): '\(expected.fragment)' missing from \(outcome.stderr)", sourceLocation: sourceLocation)
    }

    /// `validate`, `run` into a folder that does not exist yet, and `run` over a previous
    /// complete result; all from an empty working folder, which must stay empty.
    @Test(arguments: corpus)
    func badCaseIsRefusedAndWritesNothing(_ file: String) throws {
        let expected = try CLI.expectation(of: URL(fileURLWithPath: file))
        let sets = expected.overrides.flatMap { ["--set", $0] }
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let cwd = work.appendingPathComponent("cwd")
        try FileManager.default.createDirectory(at: cwd, withIntermediateDirectories: true)
        let previous = work.appendingPathComponent("previous/out")
        try CLI.placePreviousResult(at: previous)
        let before = try DirectorySnapshot(of: work)

        let validate = try CLI.run(["validate", file] + sets, in: cwd)
        Self.expectRefusal(validate, file: file, expected, "validate")
        #expect(validate.stdout.isEmpty, "validate printed: \(validate.stdout)")

        let fresh = work.appendingPathComponent("fresh/out")
        let run = try CLI.run(["run", file] + sets + ["--output", fresh.path, "--quiet"], in: cwd)
        Self.expectRefusal(run, file: file, expected, "run")

        let over = try CLI.run(["run", file] + sets + ["--output", previous.path], in: cwd)
        Self.expectRefusal(over, file: file, expected, "run over a previous result")

        let after = try DirectorySnapshot(of: work)
        #expect(after == before, "changed or created: \(before.differences(to: after))")
    }

    /// A missing case, a folder given as a case, an empty device: one line, status 2.
    @Test(arguments: ["/nonexistent/case.yaml", "/tmp", "/dev/null", "no-such-case-name"])
    func unusableCasePathIsRefused(_ argument: String) throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let outcome = try CLI.run(["run", argument, "--output", work.appendingPathComponent("out").path], in: work)
        #expect(outcome.status == 2, "\(outcome.stderr)")
        #expect(outcome.stderr.hasPrefix("error: \(argument): ") && outcome.stderr.filter { $0 == "\n" }.count == 1,
                "\(outcome.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty)
    }

    /// A mistyped command line is bad input too (status 2, not argument-parser's 64), with
    /// argument-parser's usage hint; nothing is written.
    @Test(arguments: [
        ["run", "SMALL", "--threads", "0"],
        ["run", "SMALL", "--seed", "abc"],
        ["run", "SMALL", "--seed", "-1"],
        ["run", "SMALL", "--set"],
        ["run", "SMALL", "--no-such-flag"],
        ["no-such-command"],
        ["validate"],
    ])
    func commandLineMistakeIsBadInput(_ arguments: [String]) throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let resolved = arguments.map { $0 == "SMALL" ? CLI.fixture("small.yaml").path : $0 }
            + (arguments.first == "run" ? ["--output", work.appendingPathComponent("out").path] : [])
        let outcome = try CLI.run(resolved, in: work)
        #expect(outcome.status == 2, "\(arguments): status \(outcome.status), \(outcome.stderr)")
        #expect(outcome.stderr.hasPrefix("Error: "), "\(outcome.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty)
    }

    /// A 30 000-term source (a flat chain of sums) is valid: it is sampled on the grid without
    /// a deep recursion (it used to crash the tool with a stack overflow).
    @Test func longSourceIsSampledWithoutCrashing() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let source = "1" + String(repeating: " + 0*x", count: 30_000)
        let file = work.appendingPathComponent("long-source.yaml")
        try """
            name: long-source
            problem:
              domain: [0, 1]
              source: "\(source)"
            grid:
              points: 11
            solver:
              method: jacobi
            """.write(to: file, atomically: true, encoding: .utf8)
        let outcome = try CLI.run(["validate", file.path])
        #expect(outcome.status == 0, "\(outcome.stderr.prefix(500))")
    }
}

/// The resource guard: a case beyond the machine's memory is refused through the CLI before
/// anything is allocated or written, with the estimate in the message.
@Suite struct RobustnessResourceGuardTests {
    /// (overrides on small.yaml, key path that must be blamed)
    @Test(arguments: [
        // p ≈ 10¹² parameters: 8·(4 + 2 snapshots)·p ≈ 48 TB.
        (["network.widths=[1000000, 1000000]"], "network.widths"),
        // Dense Jacobi at N ≈ 2·10⁶: 8N² ≈ 32 TB.
        (["solver.storage=dense", "grid.points=2000001"], "solver.storage"),
        // 10¹² grid points: 8·16·n·4 ≈ 5·10¹⁴ B of grid vectors.
        (["grid.points=1000000000000"], "grid.points"),
    ])
    func oversizedCaseIsRefusedWithTheEstimate(overrides: [String], keyPath: String) throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let previous = work.appendingPathComponent("out")
        try CLI.placePreviousResult(at: previous)
        let before = try DirectorySnapshot(of: work)
        let sets = overrides.flatMap { ["--set", $0] }
        let small = CLI.fixture("small.yaml").path
        for arguments in [["validate", small] + sets, ["run", small] + sets + ["--output", previous.path]] {
            let outcome = try CLI.run(arguments, in: work)
            #expect(outcome.status == 2, "\(outcome.stderr)")
            #expect(outcome.stderr.hasPrefix("error: \(small): \(keyPath): "), "\(outcome.stderr)")
            #expect(outcome.stderr.filter { $0 == "\n" }.count == 1, "\(outcome.stderr)")
            // The estimate with its unit, and what is available.
            #expect(outcome.stderr.range(of: #"[0-9.]+ (TB|PB|EB)"#, options: .regularExpression) != nil, "\(outcome.stderr)")
            #expect(outcome.stderr.contains("available"), "\(outcome.stderr)")
        }
        #expect(try DirectorySnapshot(of: work) == before)
    }
}

/// An output path that is not a result folder is never replaced: the current folder (`""`,
/// `.`), a file, a folder of one's own, or such a folder at `<output>.partial`. Each is refused
/// before any work with status 2 and one line, and nothing changes.
@Suite struct RobustnessOutputPathTests {
    @Test(arguments: ["", ".", "notes.txt", "mine", "out"])
    func nonResultOutputIsRefused(_ output: String) throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        try "a researcher's notes".write(to: work.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: work.appendingPathComponent("mine"), withIntermediateDirectories: true)
        try "own work".write(to: work.appendingPathComponent("mine/data.txt"), atomically: true, encoding: .utf8)
        // For "out": a previous result, but a folder of one's own where the partial result would go.
        try CLI.placePreviousResult(at: work.appendingPathComponent("out"))
        try FileManager.default.createDirectory(at: work.appendingPathComponent("out.partial/mine"),
                                                withIntermediateDirectories: true)
        let before = try DirectorySnapshot(of: work)
        let outcome = try CLI.run(["run", CLI.fixture("small.yaml").path, "--output", output, "--quiet"], in: work)
        #expect(outcome.status == 2, "\(outcome.stderr)")
        #expect(outcome.stderr.hasPrefix("error: ") && outcome.stderr.contains("never replaced")
                && outcome.stderr.filter { $0 == "\n" }.count == 1, "\(outcome.stderr)")
        let after = try DirectorySnapshot(of: work)
        #expect(after == before, "changed: \(before.differences(to: after))")
    }

    /// An empty folder made beforehand is fine: the result takes its place.
    @Test func emptyFolderIsReplaced() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let output = work.appendingPathComponent("made-beforehand")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let outcome = try CLI.run(["run", CLI.fixture("small.yaml").path, "--output", output.path, "--quiet"], in: work)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("manifest.json").path))
    }
}
