import Foundation
import Testing

/// A result folder has one writer: a second `run` into the same folder is refused at once
/// (exit 2, naming the folder and the running process) while the first completes; a full disk
/// gives exit 4 naming the path and leaves nothing behind; a crashed writer's leftovers are
/// removed by the next one.
@Suite struct OutputOwnershipTests {
    @Test func aSecondWriterIsRefusedAtOnceAndTheFirstCompletes() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let output = work.appendingPathComponent("out")
        // The first writer: long enough to still be running when the second starts.
        let first = try CLI.start(["run", CLI.fixture("long.yaml").path, "--output", output.path,
                                   "--set", "training.steps=20000", "--set", "solver.max_sweeps=20000"], in: work)
        #expect(first.waitForStderr(containing: "dnn: 10%", timeout: 120), "stderr: \(first.stderr)")

        let started = Date()
        let second = try CLI.run(["run", CLI.fixture("small.yaml").path, "--output", output.path, "--quiet"], in: work)
        let seconds = Date().timeIntervalSince(started)
        #expect(second.status == 2, "status \(second.status): \(second.stderr)")
        #expect(second.stderr.contains("\(output.path) is being written by process \(first.process.processIdentifier)"),
                "\(second.stderr)")
        #expect(!second.stderr.contains("NSCocoaErrorDomain"), "\(second.stderr)")
        #expect(seconds < 10, "the refusal took \(seconds) s: it must come before any work")

        let outcome = try #require(first.waitForExit(timeout: 300), "the first run did not finish")
        #expect(outcome.status == 0, "first run: \(outcome.stderr)")
        let entries = try FileManager.default.contentsOfDirectory(atPath: work.path)
        #expect(entries == ["out"], "left behind: \(entries)")
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("manifest.json").path))
    }

    @Test func aCrashedWritersLeftoversAreRemovedByTheNextWriter() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let output = work.appendingPathComponent("out")
        let first = try CLI.start(["run", CLI.fixture("long.yaml").path, "--output", output.path], in: work)
        #expect(first.waitForStderr(containing: "dnn: 10%", timeout: 120), "stderr: \(first.stderr)")
        first.send(SIGKILL)
        _ = first.waitForExit(timeout: 30)
        let hidden = try FileManager.default.contentsOfDirectory(atPath: work.path)
        #expect(hidden.contains(".out.lock"), "the killed writer left \(hidden)")

        let second = try CLI.run(["run", CLI.fixture("small.yaml").path, "--output", output.path, "--quiet"], in: work)
        #expect(second.status == 0, "\(second.stderr)")
        let entries = try FileManager.default.contentsOfDirectory(atPath: work.path)
        #expect(entries == ["out"], "left behind: \(entries)")
    }

    /// A 64 kB tmpfs as the output's parent: the results do not fit. Needs root (mount); skipped
    /// with a message otherwise.
    @Test func aFullDiskGivesTheIOStatusAndThePathAndLeavesNothing() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let disk = work.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        let mount = try ShellCommand.run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.path])
        guard mount.status == 0 else {
            print("skipped: cannot mount a small tmpfs (\(mount.stderr.trimmingCharacters(in: .whitespacesAndNewlines))); "
                  + "the full-disk test needs root")
            return
        }
        defer { _ = try? ShellCommand.run("/bin/umount", [disk.path]) }
        let output = disk.appendingPathComponent("out")
        let outcome = try CLI.run(["run", CLI.fixture("small.yaml").path, "--output", output.path, "--quiet"], in: work)
        #expect(outcome.status == 4, "status \(outcome.status): \(outcome.stderr)")
        #expect(outcome.stderr.contains("writing results to \(output.path) failed"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("No space left on device"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains(disk.path + "/"), "the message names no path: \(outcome.stderr)")
        let entries = try FileManager.default.contentsOfDirectory(atPath: disk.path)
        #expect(entries.isEmpty, "left behind on the full disk: \(entries)")
    }
}

/// A system command (mount, umount, …) run to completion, output collected.
enum ShellCommand {
    static func run(_ executable: String, _ arguments: [String]) throws -> CLI.Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Outcome(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                           stderr: String(decoding: e, as: UTF8.self))
    }
}
