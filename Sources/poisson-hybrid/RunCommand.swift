import ArgumentParser
import CaseBinding
import CaseFiles
import Foundation
import Hybrid
import NeuralRitz
import PoissonCore
import Reports

/// `poisson-hybrid run [CASE]`: run a case and write its results atomically.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a case: the network alone, the solver alone and the hybrids; write curves, modes, figures and a report.")

    @Argument(help: "A case file path, or a name in Cases/ (with or without .yaml). Default: Cases/default.yaml.")
    var caseName: String?

    @Option(help: "Output folder (default: Output/<case name>).")
    var output: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a key: --set training.steps=200", valueName: "KEY=VALUE"))
    var overrides: [String] = []

    @Option(help: "Seed of the run's random generator (overrides network.seed).")
    var seed: UInt64?

    @Option(help: "Threads for training (default: OPENBLAS_NUM_THREADS, else every processor available). Results do not depend on it.")
    var threads: Int?

    @Flag(help: "No progress on standard error.")
    var quiet = false

    @Flag(help: "Skip figures/*.svg and report.html.")
    var noFigures = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let started = Date()
        // 1. Everything that can be wrong with the input is found before any work or output.
        let path: String, definition: CaseDefinition, setup: HybridSetup
        var resolved: String?
        let threadCount: Int
        do {
            threadCount = try Self.threadCount(option: threads, environment: ProcessInfo.processInfo.environment)
            try BLASLibrary.load()
        } catch {
            throw failInput("\(error)")
        }
        // Training parallelises over fixed chunks of points with one-thread BLAS calls, so the
        // results are the same for every thread count.
        BLASRuntime.setThreadCount(1)
        do {
            path = try CaseLoader.resolveCasePath(caseName, casesDirectory: casesDirectory())
            resolved = path
            var all = overrides
            if let seed { all.append("network.seed=\(seed)") }
            definition = try CaseLoader.load(file: path, overrides: all)
            setup = try HybridSetup(case: definition, file: path, threads: threadCount)
        } catch let error as ExitCode {
            throw error
        } catch {
            throw failInput(inputErrorMessage(error, file: resolved))
        }

        let destination = URL(fileURLWithPath: output ?? "Output/\(definition.name)")
        let folder: OutputFolder
        do {
            folder = try OutputFolder(destination: destination)
        } catch {
            throw failOutput(error)
        }

        // 2. Run, observed; SIGINT/SIGTERM stop it after the current step.
        let stop = StopSignal.install()
        let progress = ProgressPrinter(quiet: quiet)
        let result: HybridResult
        do {
            result = try HybridDriver(setup: setup).run(progress: { progress.show($0) }, shouldStop: { stop.requested })
        } catch {
            folder.discard()
            throw failInput("\(error)")
        }
        progress.finish()

        // 3. Write everything into the staging folder, then move it into place.
        let anyDiverged = result.runs.contains { if case .diverged = $0.status { return true } else { return false } }
        let status = result.interrupted ? "interrupted" : (anyDiverged ? "diverged" : "complete")
        let ended = Date()
        var manifest = Manifest(
            version: PackageInfo.version, gitCommit: gitCommit(), caseName: definition.name, caseFile: path,
            resolvedCase: definition.resolvedYAML, overrides: overrides, seed: definition.network?.seed,
            threads: threadCount, blasCore: BLASRuntime.coreName, startTime: iso8601(started),
            endTime: iso8601(ended), wallSeconds: ended.timeIntervalSince(started), status: status,
            runs: Manifest.entries(for: result), peaks: result.peaks)
        manifest.blasCoreSource = BLASRuntime.coreSource.rawValue
        manifest.blasThreads = BLASRuntime.threadCount
        manifest.trainingChunks = setup.network?.trainer.parallelism.chunkCount
        if case .fourier(let features) = setup.network?.trainer.network.architecture.family {
            manifest.fourierFrequencies = features.frequencies
        }
        let written: URL
        do {
            try ResultFiles(result: result, manifest: manifest, title: definition.name,
                            description: definition.description, figures: !noFigures).write(into: folder)
        } catch {
            folder.discard()
            throw failOutput(error, doing: "writing results to \(destination.path) failed")
        }
        do {
            written = try folder.commit(complete: !result.interrupted)
        } catch {
            // Everything is written: keep it where it is rather than lose the run.
            throw failOutput(error, doing: "could not move the results into place (they are kept in \(folder.staging.path))")
        }

        // 4. Say what happened.
        if !quiet { printSummary(result) }
        FileHandle.standardError.write(Data("\(status): results in \(written.path)\n".utf8))
        if result.interrupted { throw ExitCode(stop.signal == SIGTERM ? 143 : 130) }
        if anyDiverged {
            for run in result.runs { if case .diverged(let step, let q) = run.status {
                FileHandle.standardError.write(Data("run \(run.kind.name) diverged at step \(step): \(q)\n".utf8)) } }
            throw ExitCode(3)
        }
    }

    /// Training threads: `--threads`, else `OPENBLAS_NUM_THREADS`, else every processor this
    /// process may use. Throws `ValidationError` naming the option or variable for a value
    /// that is not a positive integer.
    static func threadCount(option: Int?, environment: [String: String]) throws -> Int {
        if let option {
            guard option >= 1 else { throw ValidationError("--threads must be at least 1 (got \(option))") }
            return option
        }
        if let text = environment["OPENBLAS_NUM_THREADS"] {
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= 1 else {
                throw ValidationError("OPENBLAS_NUM_THREADS must be a positive integer (got '\(text)')")
            }
            return value
        }
        return BLASRuntime.availableProcessorCount
    }

    private func printSummary(_ result: HybridResult) {
        print("run            steps_to_tol        flops_to_tol   seconds_to_tol   final_max_error  status")
        for run in result.runs {
            let hit = run.toleranceHit
            var steps = hit.map { String($0.step) } ?? "—"
            var flops = hit.map { String(format: "%.3e", Double($0.flops)) } ?? "—"
            var seconds = hit.map { String(format: "%.4f", $0.seconds) } ?? "—"
            if hit == nil, let ex = run.extrapolation?.estimate {
                steps = "~\(ex.step)*"; flops = String(format: "~%.3e*", Double(ex.flops)); seconds = String(format: "~%.4f*", ex.seconds)
            }
            let pad = { (s: String, w: Int) in s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }
            print(run.kind.name.padding(toLength: 12, withPad: " ", startingAt: 0)
                  + pad(steps, 14) + pad(flops, 20) + pad(seconds, 17)
                  + pad(String(format: "%.3e", run.finalMaxError), 18) + "  " + run.status.word)
        }
        if result.runs.contains(where: { $0.toleranceHit == nil && $0.extrapolation != nil }) {
            print("* extrapolated from the measured asymptotic rate (the run stopped at max_sweeps)")
        }
        print("tolerance: max_error ≤ \(result.tolerance)")
    }
}

func iso8601(_ date: Date) -> String {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return f.string(from: date)
}

/// The git commit of the working folder, when it is a git checkout and git is installed.
func gitCommit() -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "rev-parse", "HEAD"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    return text.isEmpty ? nil : text
}
