import Foundation
import Testing

/// `poisson-hybrid sweep …` through the real binary: a small sweep end to end, resuming, faults
/// (kill -9 of one point, SIGINT to the runner, a second runner), bad sweep files, and shell
/// metacharacters that must stay data.
@Suite struct SweepCommandTests {
    static func sweep(_ name: String) -> String { CLI.fixture("Sweeps/\(name).yaml").path }

    /// The sweep folder's `sweep.json` points as (index, id, status).
    static func statuses(_ folder: URL) throws -> [(index: Int, id: String, status: String)] {
        let data = try Data(contentsOf: folder.appendingPathComponent("sweep.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let points = try #require(object["points"] as? [[String: Any]])
        return points.map { ($0["index"] as? Int ?? -1, $0["id"] as? String ?? "", $0["status"] as? String ?? "") }
    }

    @Test func aSmallSweepRunsEveryPointAndMergesTheSummaries() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let outcome = try CLI.run(["sweep", "run", Self.sweep("tiny"), "--jobs", "2", "--no-figures"], in: work)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let folder = work.appendingPathComponent("Output/tiny")
        let points = try Self.statuses(folder)
        #expect(points.map(\.status) == ["complete", "complete", "complete", "complete"])
        #expect(Set(points.map(\.id)).count == 4 && points.allSatisfy { $0.id.count == 16 })
        for point in points {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("points/\(point.id)/manifest.json").path))
        }
        let csv = try CSVFile(contentsOf: folder.appendingPathComponent("sweep.csv"))
        #expect(Array(csv.header.prefix(5)) == ["grid.points", "network.seed", "point", "run", "switch_at"])
        #expect(csv.rows.count == 4 * 4, "one row per point and run (dnn, solver, two hybrids)")
        #expect(Set(csv.records.map { "\($0["grid.points"]!)/\($0["network.seed"]!)" }) == ["65/1", "65/2", "129/1", "129/2"])
        let report = try String(contentsOf: folder.appendingPathComponent("sweep-report.html"), encoding: .utf8)
        #expect(report.contains("<svg") && report.contains("Verdict"))
        #expect(!report.contains("<script"), "the report must work offline without scripts")

        // A rerun finds every point by its id and runs nothing.
        let again = try CLI.run(["sweep", "run", Self.sweep("tiny"), "--no-figures"], in: work)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("0 complete (4 skipped, already finished)"), "\(again.stderr)")
        #expect(try Self.statuses(folder).map(\.id) == points.map(\.id), "ids changed between runs")

        let status = try CLI.run(["sweep", "status", folder.path], in: work)
        #expect(status.status == 0 && status.stdout.contains("4 complete (of 4)"), "\(status.stdout)\(status.stderr)")
        // collect rebuilds the merged table from the point folders alone.
        let merged = try Data(contentsOf: folder.appendingPathComponent("sweep.csv"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("sweep.csv"))
        let collect = try CLI.run(["sweep", "collect", folder.path], in: work)
        #expect(collect.status == 0, "\(collect.stderr)")
        #expect(try Data(contentsOf: folder.appendingPathComponent("sweep.csv")) == merged)
        let listing = try CLI.run(["sweeps"], in: work, environment: ["POISSON_HYBRID_SWEEPS": CLI.fixture("Sweeps").path])
        #expect(listing.stdout.contains("tiny") && listing.stdout.contains("faults"), "\(listing.stdout)")
    }

    @Test func anInlineBaseCaseIsWrittenIntoTheSweepFolderAndRun() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let outcome = try CLI.run(["sweep", "run", Self.sweep("inline"), "--no-figures", "--quiet"], in: work)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let folder = work.appendingPathComponent("Output/inline")
        let base = try String(contentsOf: folder.appendingPathComponent("case.yaml"), encoding: .utf8)
        #expect(base.contains("name: inline-base") && base.contains("gauss-seidel"), "\(base)")
        let csv = try CSVFile(contentsOf: folder.appendingPathComponent("sweep.csv"))
        #expect(csv.records.map { $0["grid.points"]! + ":" + $0["run"]! } == ["17:solver", "33:solver"])
        #expect(csv.records.allSatisfy { !($0["steps_to_tol"] ?? "").isEmpty }, "\(csv.rows)")
    }

    @Test func aKilledPointFailsAloneAndARerunCompletesOnlyIt() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let runner = try CLI.start(["sweep", "run", Self.sweep("faults"), "--jobs", "2", "--no-figures"], in: work)
        #expect(runner.waitForStderr(containing: "(training.steps=40000) started, pid ", timeout: 60), "\(runner.stderr)")
        let line = try #require(runner.stderr.split(separator: "\n").first { $0.contains("(training.steps=40000) started") })
        let pid = try #require(Int32(line.split(separator: " ").last!), "no pid in \(line)")
        kill(pid, SIGKILL)
        let outcome = try #require(runner.waitForExit(timeout: 120), "the sweep did not finish")
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let summary = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("sweep faults:") }
        #expect(summary.count == 1 && summary[0].contains("2 complete, 1 failed"), "\(outcome.stderr)")
        let folder = work.appendingPathComponent("Output/faults")
        let points = try Self.statuses(folder)
        #expect(points.map(\.status) == ["complete", "complete", "failed"], "\(points)")
        let status = try CLI.run(["sweep", "status", folder.path], in: work)
        #expect(status.stdout.contains("killed by signal 9 (SIGKILL)"), "\(status.stdout)")
        let finished = try points.prefix(2).map { try DirectorySnapshot(of: folder.appendingPathComponent("points/\($0.id)")) }

        let rerun = try CLI.run(["sweep", "run", Self.sweep("faults"), "--no-figures"], in: work)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("1 complete (2 skipped, already finished)"), "\(rerun.stderr)")
        #expect(try Self.statuses(folder).map(\.status) == ["complete", "complete", "complete"])
        for (point, before) in zip(points.prefix(2), finished) {
            #expect(try DirectorySnapshot(of: folder.appendingPathComponent("points/\(point.id)")) == before,
                    "a finished point was rerun")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("points").path)
        #expect(Set(left) == Set(points.map(\.id)), "left behind in points/: \(left)")
    }

    @Test func sigintStopsTheSweepKeepsFinishedPointsAndARerunResumes() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let runner = try CLI.start(["sweep", "run", Self.sweep("interrupt"), "--jobs", "1", "--no-figures"], in: work)
        #expect(runner.waitForStderr(containing: ": complete in", timeout: 120), "\(runner.stderr)")
        #expect(runner.waitForStderr(containing: "point 2/4", timeout: 30), "\(runner.stderr)")
        runner.send(SIGINT)
        let outcome = try #require(runner.waitForExit(timeout: 60), "the sweep did not stop")
        #expect(outcome.status == 130, "\(outcome.stderr)")
        let folder = work.appendingPathComponent("Output/interrupt")
        let statuses = try Self.statuses(folder).map(\.status)
        #expect(statuses.first == "complete" && !statuses.contains("failed") && statuses.contains { $0 != "complete" },
                "\(statuses)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).contains("sweep.lock") == false)

        let rerun = try CLI.run(["sweep", "run", Self.sweep("interrupt"), "--no-figures"], in: work)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let skipped = statuses.filter { $0 == "complete" }.count
        #expect(rerun.stderr.contains("\(4 - skipped) complete (\(skipped) skipped, already finished)"), "\(rerun.stderr)")
        #expect(try Self.statuses(folder).map(\.status) == Array(repeating: "complete", count: 4))
    }

    @Test func aSecondSweepRunOnTheSameFolderIsRefused() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let first = try CLI.start(["sweep", "run", Self.sweep("interrupt"), "--jobs", "1", "--no-figures"], in: work)
        #expect(first.waitForStderr(containing: "started, pid", timeout: 60), "\(first.stderr)")
        // The point takes its folder's lock once its case is checked: poll a little.
        var status = try CLI.run(["sweep", "status", work.appendingPathComponent("Output/interrupt").path], in: work)
        for _ in 0..<100 where !status.stdout.contains("1 running") {
            Thread.sleep(forTimeInterval: 0.05)
            status = try CLI.run(["sweep", "status", work.appendingPathComponent("Output/interrupt").path], in: work)
        }
        #expect(status.stdout.contains("1 running") && status.stdout.contains("a sweep run is in progress: process "
                                                                                + "\(first.process.processIdentifier)"),
                "\(status.stdout)")
        let second = try CLI.run(["sweep", "run", Self.sweep("interrupt"), "--no-figures"], in: work)
        #expect(second.status == 2, "\(second.stderr)")
        #expect(second.stderr.contains("is being run by process \(first.process.processIdentifier)"), "\(second.stderr)")
        first.send(SIGTERM)
        let outcome = try #require(first.waitForExit(timeout: 60))
        #expect(outcome.status == 143, "\(outcome.stderr)")
    }

    @Test func shellMetacharactersInSweepValuesRunNothing() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let outcome = try CLI.run(["sweep", "run", Self.sweep("metachar"), "--no-figures"], in: work)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let made = try FileManager.default.contentsOfDirectory(atPath: work.path)
        #expect(made == ["Output"], "something ran: \(made)")
        let csv = try CSVFile(contentsOf: work.appendingPathComponent("Output/metachar/sweep.csv"))
        #expect(Set(try SweepCommandTests.statuses(work.appendingPathComponent("Output/metachar")).map(\.status)) == ["complete"])
        #expect(csv.header.first == "description")
        let manifests = try Self.statuses(work.appendingPathComponent("Output/metachar")).map {
            try String(contentsOf: work.appendingPathComponent("Output/metachar/points/\($0.id)/manifest.json"), encoding: .utf8)
        }
        #expect(manifests.contains { $0.contains("$(touch pwned-axis)") }, "the value did not reach the case verbatim")
        #expect(manifests.contains { $0.contains("`touch pwned-backtick-axis`") })
    }

    @Test func submittingWithoutSLURMNamesWhatIsMissingAndWritesNothing() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let outcome = try CLI.run(["sweep", "submit", Self.sweep("tiny"), "--slurm"], in: work,
                                  environment: ["PATH": work.appendingPathComponent("no-bin").path])
        #expect(outcome.status == 2, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("sbatch is not on PATH") && outcome.stderr.contains("slurm-client"), "\(outcome.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty, "written without SLURM")
        let noScheduler = try CLI.run(["sweep", "submit", Self.sweep("tiny")], in: work)
        #expect(noScheduler.status == 2 && noScheduler.stderr.contains("--slurm"), "\(noScheduler.stderr)")
    }

    /// Every file in Fixtures/BadSweeps: exit 2, a one-line message naming the file and the
    /// expected key or point (from its `# expect:` header), and nothing written.
    @Test(arguments: CLI.yamlFiles(in: CLI.fixture("BadSweeps")))
    func badSweepFilesAreRefusedBeforeAnyWork(_ file: URL) throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let header = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").first.map(String.init) ?? ""
        // `# expect: <key path or point>: <message fragment>`
        let expected = header.dropFirst("# expect: ".count).components(separatedBy: ": ")
        let place = expected[0] == "(file)" ? "" : expected[0] + ": ", fragment = expected.dropFirst().joined(separator: ": ")
        let before = try DirectorySnapshot(of: work)
        for command in [["sweep", "run"], ["sweep", "submit", "--slurm"]] {
            let outcome = try CLI.run(command + [file.path], in: work)
            #expect(outcome.status == 2, "\(command) \(file.lastPathComponent): status \(outcome.status): \(outcome.stderr)")
            #expect(outcome.stderr.hasPrefix("error: \(file.path): "), "\(outcome.stderr)")
            #expect((place.isEmpty || outcome.stderr.contains(place)) && outcome.stderr.contains(fragment),
                    "expected '\(place)' and '\(fragment)' in: \(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "not one line: \(outcome.stderr)")
            let after = try DirectorySnapshot(of: work)
            #expect(after == before, "written: \(before.differences(to: after))")
        }
    }
}
