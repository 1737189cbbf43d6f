import ArgumentParser
import CaseFiles
import Foundation
import Hybrid
import Reports
import Sweeps

/// Where sweep files are looked up: `$POISSON_HYBRID_SWEEPS` if set, else `Sweeps/` in the current folder.
func sweepsDirectory() -> String {
    ProcessInfo.processInfo.environment["POISSON_HYBRID_SWEEPS"] ?? "Sweeps"
}

/// This executable's absolute path (what point processes and SLURM tasks run).
func currentExecutable() -> String {
    URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
}

/// The sweep folder at `directory` and its `sweep.json` (exit 2 when it is not a sweep folder).
func openSweepFolder(_ directory: String) throws -> (SweepFolder, SweepRecord) {
    let folder = SweepFolder(root: URL(fileURLWithPath: directory))
    do { return (folder, try folder.readRecord()) } catch { throw failInput(error.description) }
}

/// `poisson-hybrid sweeps`: the sweep files in Sweeps/ with their descriptions.
struct SweepsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sweeps", abstract: "List the sweeps in Sweeps/ with their descriptions.")

    func run() throws {
        let sweeps: [(name: String, description: String, path: String)]
        do { sweeps = try SweepFileLoader.list(in: sweepsDirectory()) } catch { throw failInput("\(error)") }
        let width = sweeps.map(\.name.count).max() ?? 0
        for s in sweeps {
            let firstLine = s.description.split(separator: "\n").first.map(String.init) ?? ""
            print(s.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + firstLine)
        }
    }
}

/// `poisson-hybrid sweep run|submit|status|collect|point`.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a parameter sweep (Sweeps/*.yaml) locally or as a SLURM job array; see its status; collect its results.",
        discussion: """
            Output/<sweep>/ holds points/<id>/ (each an ordinary result folder; the id is derived from the \
            point's resolved case), sweep.json (every point's overrides, status and folder), sweep.csv \
            (one row per point and run: the swept values, the point id, then summary.csv's columns) and \
            sweep-report.html.

            Exit status of run: 0 every point complete, 1 some point failed, 2 bad input (nothing \
            written), 3 some point diverged, 4 writing the sweep's files failed, 130/143 interrupted.
            """,
        subcommands: [SweepRunCommand.self, SweepSubmitCommand.self, SweepStatusCommand.self, SweepCollectCommand.self,
                      SweepPointCommand.self])
}

/// Options shared by `sweep run` and `sweep submit`.
struct SweepPointOptions: ParsableArguments {
    @Argument(help: "A sweep file path, or a name in Sweeps/ (with or without .yaml).")
    var sweep: String

    @Option(help: "The sweep folder (default: Output/<sweep name>).")
    var output: String?

    @Option(help: "BLAS threads per point (default: OPENBLAS_NUM_THREADS, else 1).")
    var threads: Int?

    @Flag(help: "Points skip figures/*.svg and report.html (the sweep report is still written).")
    var noFigures = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    var threadCount: Int {
        threads ?? ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"].flatMap(Int.init).map { max(1, $0) } ?? 1
    }
}

/// A checked sweep and its folder, prepared before any point runs.
struct PreparedSweep {
    var plan: SweepPlan
    var folder: SweepFolder
    var record: SweepRecord

    /// Loads and checks the sweep and every point (exit 2 on any problem, nothing written).
    static func check(_ options: SweepPointOptions, jobs: Int) throws -> (SweepPlan, SweepFolder, String) {
        do {
            let path = try SweepFileLoader.resolvePath(options.sweep, sweepsDirectory: sweepsDirectory())
            let sweep = try SweepFileLoader.load(file: path, casesDirectory: casesDirectory())
            let folder = SweepFolder(root: URL(fileURLWithPath: options.output ?? "Output/\(sweep.name)"))
            try folder.checkUsable()
            let baseFile: String
            switch sweep.base {
            case .file(let file): baseFile = URL(fileURLWithPath: file).standardizedFileURL.path
            case .inline: baseFile = folder.inlineCaseFile.path
            }
            let plan = try SweepPlan.make(sweep, baseFile: baseFile, jobs: jobs) { definition, file in
                do { _ = try HybridSetup(case: definition, file: file) } catch {
                    throw CaseError(file: file, keyPath: "", message: inputErrorMessage(error, file: nil))
                }
            }
            return (plan, folder, baseFile)
        } catch {
            throw failInput(error.description)
        }
    }

    /// Creates the folder (and `case.yaml` for an inline base) and writes `sweep.json` with the
    /// points' current statuses; `slurm` is kept from an earlier record unless given.
    static func create(plan: SweepPlan, folder: SweepFolder, baseFile: String, options: SweepRecord.Options,
                       slurm: SweepRecord.SlurmJob? = nil) throws(OutputFolderError) -> SweepRecord {
        if case .inline(let yaml) = plan.sweep.base {
            try folder.writeAtomically(Data(yaml.utf8), to: folder.inlineCaseFile)
        }
        let previous = try? folder.readRecord()
        let entries = plan.points.map { point in
            SweepRecord.Entry(index: point.index, id: point.id, overrides: point.overrides, values: point.values,
                              folder: "points/\(point.id)", status: .pending, detail: nil)
        }
        var record = SweepRecord(sweep: plan.sweep.name, description: plan.sweep.description,
                                 file: URL(fileURLWithPath: plan.sweep.file).standardizedFileURL.path, base: baseFile,
                                 keys: plan.sweep.keys, options: options, slurm: slurm ?? previous?.slurm,
                                 updated: SweepClock.now(), points: entries)
        record = folder.refreshed(record)
        for directory in [folder.pointsDirectory, folder.logsDirectory] {
            do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
                throw OutputFolderError(path: directory.path, reason: "cannot be created: \(error.localizedDescription)", kind: .io)
            }
        }
        try folder.writeRecord(record)
        return record
    }

    /// Refreshes the statuses, writes sweep.json, sweep.csv and the report; returns the record.
    @discardableResult
    static func collect(_ folder: SweepFolder, record: SweepRecord) throws -> SweepRecord {
        let fresh = folder.refreshed(record)
        do {
            try folder.writeRecord(fresh)
            let table = try SweepTable(record: fresh, folder: folder)
            try folder.writeAtomically(Data(table.table.text.utf8), to: folder.tableFile)
            try SweepReportWriter.write(record: fresh, table: table, folder: folder)
        } catch let error as SweepError {
            throw failInput(error.description)
        } catch {
            throw failOutput(error, doing: "writing the sweep's files in \(folder.root.path) failed")
        }
        return fresh
    }
}

/// `poisson-hybrid sweep run SWEEP`: every point as its own `poisson-hybrid run` process.
struct SweepRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every unfinished point of a sweep on this machine, --jobs at a time.",
        discussion: """
            Each point is its own `poisson-hybrid run` process (its output in logs/<id>.log), so a \
            crash or a kill of one point takes nothing else down. Resumable: complete and diverged \
            points are skipped, failed and interrupted ones rerun. SIGINT/SIGTERM stop the running \
            points (they keep what they recorded) and exit 130/143. One `sweep run` per folder at a \
            time (sweep.lock).
            """)

    @OptionGroup var options: SweepPointOptions

    @Option(help: "Points run at once (default: the cores divided by the BLAS threads per point).")
    var jobs: Int?

    @Flag(help: "No progress on standard error (the final summary line is still printed).")
    var quiet = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let jobCount = jobs ?? max(1, ProcessInfo.processInfo.activeProcessorCount / options.threadCount)
        let (plan, folder, baseFile) = try PreparedSweep.check(options, jobs: jobCount)

        // The folder is ours while we run.
        do {
            try FileManager.default.createDirectory(at: folder.root, withIntermediateDirectories: true)
        } catch {
            throw failOutput(OutputFolderError(path: folder.root.path, reason: "cannot be created: \(error.localizedDescription)", kind: .io))
        }
        let lock: OwnerLock
        do {
            lock = try OwnerLock(path: folder.lockFile.path)
        } catch {
            switch error {
            case .held(_, let owner):
                throw failInput("\(folder.root.path) is being run by \(owner ?? "another process"); wait for it to finish "
                                + "(`poisson-hybrid sweep status \(folder.root.path)` shows its progress)")
            case .io(let path, let reason):
                throw failOutput(OutputFolderError(path: path, reason: reason, kind: .io))
            }
        }
        defer { lock.release() }
        let record: SweepRecord
        do {
            record = try PreparedSweep.create(plan: plan, folder: folder, baseFile: baseFile,
                                              options: .init(threads: options.threadCount, figures: !options.noFigures))
        } catch {
            throw failOutput(error, doing: "writing \(folder.recordFile.path) failed")
        }

        let stop = StopSignal.install()
        let progress = SweepProgress(total: record.points.count, quiet: quiet, jobs: jobCount)
        let runner = SweepRunner(folder: folder, record: record, executable: currentExecutable(), jobs: jobCount)
        let tally = runner.run(stopSignal: { stop.signal }) { progress.show($0) }
        progress.finish()
        let final = try PreparedSweep.collect(folder, record: record)

        let totals = Dictionary(grouping: final.points, by: \.status).mapValues(\.count)
        let left = (totals[.failed] ?? 0) + (totals[.interrupted] ?? 0) + (totals[.pending] ?? 0)
        var line = "sweep \(record.sweep): \(tally.summary) — results in \(folder.root.path)"
        if left > 0 { line += "; \(left) of \(final.points.count) points unfinished: rerun to resume" }
        FileHandle.standardError.write(Data((line + "\n").utf8))
        if stop.signal != 0 { throw ExitCode(stop.signal == SIGTERM ? 143 : 130) }
        if tally.failed > 0 || (totals[.failed] ?? 0) > 0 { throw ExitCode(1) }
        if (totals[.diverged] ?? 0) > 0 { throw ExitCode(3) }
    }
}

/// `poisson-hybrid sweep point DIR INDEX`: run point INDEX of the sweep in DIR (what a SLURM
/// task runs; the points are found by index in sweep.json, never passed through a shell).
struct SweepPointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "point",
        abstract: "Run one point of a prepared sweep folder by its index (used by SLURM array tasks).")

    @Argument(help: "The sweep folder (holds sweep.json).")
    var directory: String

    @Argument(help: "The point's index (0-based); an index past the last point does nothing.")
    var index: Int

    func run() throws {
        let (folder, record) = try openSweepFolder(directory)
        guard index >= 0 else { throw failInput("point index \(index) is negative") }
        guard let entry = record.points.first(where: { $0.index == index }) else { return }
        let point = entry.point
        if folder.status(of: point.id).status.isFinished {
            print("point \(index) \(point.id) (\(point.label)): already finished")
            return
        }
        let stop = StopSignal.install()
        let runner = SweepRunner(folder: folder, record: record, executable: currentExecutable(), jobs: 1)
        let started = Date()
        let (status, detail) = runner.runOne(point) { stop.signal }
        print(String(format: "point %d %@ (%@): %@ in %.1f s", index, point.id, point.label, status.rawValue,
                     Date().timeIntervalSince(started)) + (detail.map { " — \($0)" } ?? ""))
        switch status {
        case .complete: return
        case .diverged: throw ExitCode(3)
        case .interrupted: throw ExitCode(stop.signal == SIGTERM ? 143 : 130)
        default: throw ExitCode(1)
        }
    }
}

/// `poisson-hybrid sweep status DIR`: every point's status, read from its files.
struct SweepStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show every point of a sweep folder: pending, running, complete, diverged, interrupted or failed.")

    @Argument(help: "The sweep folder (holds sweep.json).")
    var directory: String

    func run() throws {
        let (folder, stored) = try openSweepFolder(directory)
        let record = folder.refreshed(stored)
        for entry in record.points {
            var line = String(format: "%4d  %@  %-11@  %@", entry.index, entry.id, entry.status.rawValue as NSString,
                              entry.overrides.joined(separator: " "))
            if let detail = entry.detail { line += "  — \(detail)" }
            print(line)
        }
        let totals = Dictionary(grouping: record.points, by: \.status).mapValues(\.count)
        print(PointStatus.allCases.compactMap { s in totals[s].map { "\($0) \(s.rawValue)" } }.joined(separator: ", ")
              + " (of \(record.points.count))")
        if let holder = OwnerLock.holder(of: folder.lockFile.path) { print("a sweep run is in progress: \(holder)") }
        if let job = record.slurm { print(SlurmQueue.describe(job)) }
    }
}

/// `poisson-hybrid sweep collect DIR`: merge finished points into sweep.csv and the report.
struct SweepCollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect", abstract: "Merge a sweep's finished points into sweep.csv, sweep.json and sweep-report.html.")

    @Argument(help: "The sweep folder (holds sweep.json).")
    var directory: String

    func run() throws {
        let (folder, record) = try openSweepFolder(directory)
        let final = try PreparedSweep.collect(folder, record: record)
        let totals = Dictionary(grouping: final.points, by: \.status).mapValues(\.count)
        print("collected \(totals[.complete] ?? 0) complete and \(totals[.diverged] ?? 0) diverged of \(final.points.count) points "
              + "into \(folder.tableFile.path) and \(folder.reportFile.path)")
    }
}
