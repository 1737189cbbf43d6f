import Foundation
import TestSupport
import Testing

/// Runs the built `poisson-hybrid` executable (through `ToolProcess`) with one OpenBLAS thread,
/// and finds this target's fixtures.
enum CLI {
    static var executable: URL { ToolProcess.executable }
    static var packageRoot: URL { ToolProcess.packageRoot }

    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    }

    typealias Outcome = ToolProcess.Outcome

    /// Runs the tool with `arguments` in `directory`; never inherits a terminal.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Outcome {
        try ToolProcess.run(arguments, in: directory,
                            environment: ["OPENBLAS_NUM_THREADS": "1"].merging(environment) { $1 })
    }

    /// A fresh temporary folder.
    static func temporaryDirectory() throws -> URL { try ToolProcess.temporaryDirectory() }
}

/// A CSV file read into a header and rows of string cells (no quoting needed for our files).
struct CSVFile {
    var header: [String]
    var rows: [[String]]

    init(contentsOf url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) ?? []
        rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// Rows as dictionaries keyed by column name.
    var records: [[String: String]] {
        rows.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }
}

// MARK: - Robustness helpers: bad-case corpus, running processes, folder snapshots

extension CLI {
    /// The corpus of broken case files shared with the CaseFiles tests (`Tests/CaseFilesTests/BadCases`).
    static var badCasesDirectory: URL {
        packageRoot.appendingPathComponent("Tests/CaseFilesTests/BadCases")
    }

    /// Broken cases only the whole tool can see (found when the case's objects are built).
    static var cliBadCasesDirectory: URL { fixture("BadCases") }

    /// The `.yaml` files of `directory`, sorted by name.
    static func yamlFiles(in directory: URL) -> [URL] { CaseCorpus.yamlFiles(in: directory) }

    /// What a bad case must produce (its `# expect:` and `# set:` header lines).
    static func expectation(of url: URL) throws -> CaseCorpus.Expectation { try CaseCorpus.expectation(of: url) }

    /// Starts the tool without waiting for it; standard output and error are collected as they come.
    static func start(_ arguments: [String], in directory: URL? = nil) throws -> RunningProcess {
        try RunningProcess(arguments: arguments, directory: directory)
    }

    /// A previous complete result of `small.yaml`, made once per test process and copied where needed.
    static let previousResult: Result<URL, any Error> = Result {
        let output = try temporaryDirectory().appendingPathComponent("previous")
        let outcome = try run(["run", fixture("small.yaml").path, "--output", output.path, "--quiet"])
        guard outcome.status == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "small.yaml failed: \(outcome.stderr)"])
        }
        return output
    }

    /// Copies the previous complete result to `destination` (whose parent is created).
    static func placePreviousResult(at destination: URL) throws {
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: previousResult.get(), to: destination)
    }
}

/// The tool running in the background: its output so far, signals, and a bounded wait.
final class RunningProcess: @unchecked Sendable {
    let process: Process
    private let lock = NSLock()
    private var collectedOut = Data()
    private var collectedErr = Data()
    private let readers = DispatchGroup()

    init(arguments: [String], directory: URL?) throws {
        process = ToolProcess.makeProcess(arguments, in: directory, environment: ["OPENBLAS_NUM_THREADS": "1"])
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        collect(from: out.fileHandleForReading, isError: false)
        collect(from: err.fileHandleForReading, isError: true)
    }

    /// Reads `handle` on its own thread until end of file.
    private func collect(from handle: FileHandle, isError: Bool) {
        readers.enter()
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.lock()
                if isError { collectedErr.append(chunk) } else { collectedOut.append(chunk) }
                lock.unlock()
            }
            readers.leave()
        }
    }

    /// Standard error so far.
    var stderr: String {
        lock.lock(); defer { lock.unlock() }
        return String(decoding: collectedErr, as: UTF8.self)
    }

    var stdout: String {
        lock.lock(); defer { lock.unlock() }
        return String(decoding: collectedOut, as: UTF8.self)
    }

    /// Waits until standard error contains `text`; false after `timeout` seconds or if the
    /// process ended without printing it.
    func waitForStderr(containing text: String, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if stderr.contains(text) { return true }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        _ = readers.wait(timeout: .now() + 1)
        return stderr.contains(text)
    }

    /// Sends `signal` (SIGINT, SIGTERM, …) to the process if it still runs (once it has been
    /// reaped its pid may belong to someone else).
    func send(_ signal: Int32) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, signal)
    }

    /// Waits at most `timeout` seconds for the process to end. On time-out it is killed
    /// (SIGKILL) and the result is nil.
    func waitForExit(timeout: Double) -> CLI.Outcome? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        process.waitUntilExit()
        _ = readers.wait(timeout: .now() + 5)
        return CLI.Outcome(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }
}

/// Every file and folder under a folder (hidden ones included) with the bytes of each file,
/// to show that a command changed nothing.
struct DirectorySnapshot: Equatable {
    /// Relative path → file contents (nil for a folder).
    var entries: [String: Data?]

    init(of root: URL) throws {
        entries = [:]
        let base = root.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey]) else { return }
        for case let url as URL in enumerator {
            let path = url.standardizedFileURL.path
            let relative = path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
            let isDirectory = try url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory ?? false
            entries[relative] = isDirectory ? .some(nil) : .some(try Data(contentsOf: url))
        }
    }

    /// The paths added, removed or changed between `self` and `other`, for messages.
    func differences(to other: DirectorySnapshot) -> [String] {
        Set(entries.keys).union(other.entries.keys).sorted().filter { entries[$0] != other.entries[$0] }
    }
}
