import Foundation
import NeuralRitz
import Reports
import Testing

/// Bit-for-bit reproducibility: the same case and seed give byte-identical `curves.csv` (apart
/// from `seconds`) and `modes.csv` — in this process through the library, and through the
/// `poisson-hybrid` executable — with 1, 2 and 3 training threads alike. The fixture's 257
/// Ritz points make 2 training chunks, so 2 threads really share the work out.
///
/// In-process runs set the process-wide BLAS thread count, so they run in child processes.
@Suite struct ReproducibilityTests {
    static let fixture = Tool.fixture("reproducibility.yaml")

    /// Two in-process runs through the library. Each thread count runs in a child process of
    /// its own (an exit test): the BLAS thread count is process-wide, and a suite elsewhere in
    /// this test process may set it while these runs train — which does change the bits here
    /// (1 and 2 threads differ by ~1e-14), so sharing the process would make this test flaky.
    @Test(arguments: [1, 2])
    func inProcessRunsAreByteIdentical(threads: Int) async throws {
        await #expect(processExitsWith: .success) { [threads = threads as Int, fixture = Self.fixture.path as String] in
            let caseFile = URL(fileURLWithPath: fixture)
            let first = try InProcessRun.tables(caseFile: caseFile, threads: threads)
            #expect(BLASRuntime.threadCount == 1)
            let second = try InProcessRun.tables(caseFile: caseFile, threads: threads)
            #expect(first.curves == second.curves, "curves.csv differs between two runs with \(threads) thread(s)")
            #expect(first.modes == second.modes, "modes.csv differs between two runs with \(threads) thread(s)")
            // The tables are the real thing: all runs, training and solver rows, every mode.
            let curves = try RegressionTable(text: first.curves, kind: .curves, source: "run")
            #expect(curves.runs == ["dnn", "solver", "hybrid@20"])
            #expect(curves.column("seconds") == nil && curves.column("loss") != nil)
            #expect(first.modes.split(separator: "\n").count > 10_000)
        }
    }

    @Test(arguments: [1, 2])
    func executableRunsAreByteIdenticalAndTheManifestSufficesToReproduce(threads: Int) throws {
        let directory = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func run(_ caseFile: URL, into name: String, threads: Int) throws -> URL {
            let output = directory.appendingPathComponent(name)
            let outcome = try Tool.run(["run", caseFile.path, "--output", output.path, "--threads", String(threads),
                                        "--quiet", "--no-figures"])
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            return output
        }
        let first = try run(Self.fixture, into: "first", threads: threads)
        let second = try run(Self.fixture, into: "second", threads: threads)
        try expectSameBytes(first, second, "two runs with \(threads) thread(s)")

        // The manifest records what reproducing needs: package version, git commit (in a git
        // checkout), seed, threads, BLAS kernels, and the resolved case.
        let data = try Data(contentsOf: first.appendingPathComponent("manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((manifest["version"] as? String)?.isEmpty == false)
        #expect(manifest["seed"] as? Int == 2024)
        #expect(manifest["threads"] as? Int == threads)
        #expect((manifest["blas_core"] as? String)?.isEmpty == false)
        if FileManager.default.fileExists(atPath: Tool.packageRoot.appendingPathComponent(".git").path) {
            let commit = manifest["git_commit"] as? String ?? ""
            #expect(commit.count == 40 && commit.allSatisfy(\.isHexDigit), "git_commit: \(commit)")
        }
        let resolved = try #require(manifest["resolved_case"] as? String)

        // The resolved case and the recorded thread count alone give the same bytes again.
        let replay = directory.appendingPathComponent("replay.yaml")
        try resolved.write(to: replay, atomically: true, encoding: .utf8)
        let third = try run(replay, into: "replay", threads: try #require(manifest["threads"] as? Int))
        try expectSameBytes(first, third, "a run of the manifest's resolved case")
    }

    /// The thread count changes nothing: `--threads 1`, `2` and `3` give the same bytes, and
    /// the manifest records the threads, one-thread BLAS and the 2 chunks.
    @Test func threadCountDoesNotChangeTheBits() throws {
        let directory = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var outputs: [URL] = []
        for threads in [1, 2, 3] {
            let output = directory.appendingPathComponent("t\(threads)")
            let outcome = try Tool.run(["run", Self.fixture.path, "--output", output.path, "--threads", String(threads),
                                        "--quiet", "--no-figures"])
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            let data = try Data(contentsOf: output.appendingPathComponent("manifest.json"))
            let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(manifest["threads"] as? Int == threads)
            #expect(manifest["blas_threads"] as? Int == 1)
            #expect(manifest["training_chunks"] as? Int == 2)
            outputs.append(output)
        }
        try expectSameBytes(outputs[0], outputs[1], "--threads 1 and 2")
        try expectSameBytes(outputs[0], outputs[2], "--threads 1 and 3")
    }

    /// `curves.csv` without `seconds`, `modes.csv` and `solution.csv` are byte-identical.
    private func expectSameBytes(_ a: URL, _ b: URL, _ what: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        func curves(_ folder: URL) throws -> String {
            try RegressionTable(contentsOf: folder.appendingPathComponent("curves.csv"), kind: .curves)
                .removingColumns(["seconds"]).text
        }
        let curvesA = try curves(a), curvesB = try curves(b)
        #expect(curvesA == curvesB, "curves.csv differs: \(what)", sourceLocation: sourceLocation)
        #expect(curvesA.split(separator: "\n").count > 50, sourceLocation: sourceLocation)
        for file in ["modes.csv", "solution.csv"] {
            let x = try Data(contentsOf: a.appendingPathComponent(file))
            let y = try Data(contentsOf: b.appendingPathComponent(file))
            #expect(x == y, "\(file) differs: \(what)", sourceLocation: sourceLocation)
        }
        // `seconds` is the only column allowed to differ, and it is really there to strip.
        let raw = try RegressionTable(contentsOf: a.appendingPathComponent("curves.csv"), kind: .curves)
        #expect(raw.column("seconds") != nil, sourceLocation: sourceLocation)
    }
}
