import Foundation
import Testing

/// SIGINT/SIGTERM sent to a real run: it stops after the current step, writes what it recorded
/// to `<output>.partial/` with the manifest marked `interrupted`, leaves a previous complete
/// result at `<output>` byte for byte, and exits 130/143. Waits are bounded: the run is watched
/// through its progress lines (stderr is a pipe, so it prints a line per 10 %).
@Suite struct RobustnessInterruptionTests {
    struct Interrupted {
        var outcome: CLI.Outcome
        var work: URL
        var output: URL
        var partial: URL { output.deletingLastPathComponent().appendingPathComponent("out.partial") }
    }

    /// Runs `long.yaml` over a previous complete result, waits for `marker` on stderr, sends
    /// `signal`, and checks what every interruption must leave behind.
    static func interrupt(with signal: Int32, after marker: String, overrides: [String] = [],
                          stalePartial: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) throws -> Interrupted {
        let work = try CLI.temporaryDirectory()
        let output = work.appendingPathComponent("out")
        try CLI.placePreviousResult(at: output)
        let previous = try DirectorySnapshot(of: output)
        let stale = work.appendingPathComponent("out.partial/stale.txt")
        if stalePartial {
            // A result folder (it has a manifest) from an earlier interruption, marked by one extra file.
            try CLI.placePreviousResult(at: stale.deletingLastPathComponent())
            try "from an earlier interruption".write(to: stale, atomically: true, encoding: .utf8)
        }

        let process = try CLI.start(["run", CLI.fixture("long.yaml").path, "--output", output.path]
                                    + overrides.flatMap { ["--set", $0] }, in: work)
        let running = process.waitForStderr(containing: marker, timeout: 120)
        process.send(signal)
        let ended = process.waitForExit(timeout: 60)
        try #require(running, "'\(marker)' never appeared; stderr: \(process.stderr)", sourceLocation: sourceLocation)
        let outcome = try #require(ended, "the run did not stop within 60 s of the signal", sourceLocation: sourceLocation)
        let result = Interrupted(outcome: outcome, work: work, output: output)

        #expect(outcome.status == (signal == SIGTERM ? 143 : 130), "status \(outcome.status): \(outcome.stderr)",
                sourceLocation: sourceLocation)
        #expect(outcome.stderr.contains("interrupted: results in \(result.partial.path)"), "\(outcome.stderr)",
                sourceLocation: sourceLocation)
        let after = try DirectorySnapshot(of: output)
        #expect(after == previous, "the previous result changed: \(previous.differences(to: after))",
                sourceLocation: sourceLocation)
        let entries = try FileManager.default.contentsOfDirectory(atPath: work.path)
        #expect(Set(entries) == ["out", "out.partial"], "left behind: \(entries)", sourceLocation: sourceLocation)
        let (status, _) = try RobustnessDivergenceTests.runs(in: result.partial)
        #expect(status == "interrupted", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: stale.path), "the stale partial result was not replaced",
                sourceLocation: sourceLocation)
        return result
    }

    /// SIGINT during training (after at least 10 % = 10 000 steps): the network's curves run
    /// to the step where it stopped; the solver runs never started.
    @Test func sigintDuringTrainingKeepsTheCurves() throws {
        let result = try Self.interrupt(with: SIGINT, after: "dnn: 10%")
        defer { try? FileManager.default.removeItem(at: result.work) }
        let (_, runs) = try RobustnessDivergenceTests.runs(in: result.partial)
        let dnn = try #require(runs["dnn"])
        #expect(dnn["status"] as? String == "interrupted")
        let last = try #require(dnn["last_step"] as? Int)
        #expect(last >= 10_000 && last < 100_000, "stopped at step \(last)")
        try RobustnessDivergenceTests.expectRecordedUpTo(last, run: "dnn", in: result.partial)
        try RobustnessDivergenceTests.expectFiguresShow("interrupted", in: result.partial,
                                                        figures: ["hybrid.svg", "modes-dnn.svg"])
    }

    /// SIGTERM during the solver-only run (after its first progress line, at 10⁵ sweeps), with
    /// a stale `out.partial/` from an earlier interruption, which is replaced: the finished
    /// network run is kept complete, the solver run is interrupted with its curves.
    @Test func sigtermDuringTheSolverKeepsBothRuns() throws {
        let result = try Self.interrupt(with: SIGTERM, after: "solver: 0%", overrides: ["training.steps=200"],
                                        stalePartial: true)
        defer { try? FileManager.default.removeItem(at: result.work) }
        let (_, runs) = try RobustnessDivergenceTests.runs(in: result.partial)
        let dnn = try #require(runs["dnn"])
        #expect(dnn["status"] as? String == "complete" && dnn["last_step"] as? Int == 200)
        try RobustnessDivergenceTests.expectRecordedUpTo(200, run: "dnn", in: result.partial)
        let solver = try #require(runs["solver"])
        #expect(solver["status"] as? String == "interrupted")
        let last = try #require(solver["last_step"] as? Int)
        #expect(last >= 100_000 && last < 10_000_000, "stopped at sweep \(last)")
        try RobustnessDivergenceTests.expectRecordedUpTo(last, run: "solver", in: result.partial)
        try RobustnessDivergenceTests.expectFiguresShow("interrupted", in: result.partial,
                                                        figures: ["hybrid.svg", "modes-solver.svg"])
    }
}
