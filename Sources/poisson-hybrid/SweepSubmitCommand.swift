import ArgumentParser
import Foundation
import Reports
import Sweeps

/// `poisson-hybrid sweep submit SWEEP --slurm`: the sweep as a SLURM job array.
struct SweepSubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit a sweep as a SLURM job array (sbatch); each task runs --per-task points.",
        discussion: """
            Checks the sweep as `sweep run` does, writes sweep.json and the job script slurm/array.sh \
            into the sweep folder and submits it with sbatch --array=0-(K-1)%THROTTLE. Tasks find their \
            points by index in sweep.json; `sweep status DIR` shows progress, `sweep collect DIR` \
            merges the results (done at the end with --wait).
            """)

    @OptionGroup var options: SweepPointOptions

    /// The batch systems a sweep can be submitted to.
    enum Scheduler: String, EnumerableFlag {
        /// SLURM job arrays (`sbatch --array`).
        case slurm

        static func help(for value: Scheduler) -> ArgumentHelp? {
            switch value {
            case .slurm: return "Submit to SLURM as a job array (the one scheduler supported; required)."
            }
        }
    }

    @Flag var scheduler: Scheduler?

    @Option(help: "SLURM partition (default: the cluster's default).")
    var partition: String?

    @Option(help: "At most this many array tasks at once (sbatch --array=…%K).")
    var throttle: Int?

    @Option(help: "Time limit per task (sbatch --time), e.g. 30:00 or 1-00:00:00.")
    var time: String?

    @Option(help: "Points each array task runs, one after another.")
    var perTask: Int = 1

    @Flag(help: "Wait until the array has finished (sbatch --wait), then collect.")
    var wait = false

    func validate() throws {
        guard scheduler != nil else { throw ValidationError("choose a scheduler: --slurm (SLURM job arrays) is the one supported") }
        if perTask < 1 { throw ValidationError("--per-task must be at least 1") }
        if let throttle, throttle < 1 { throw ValidationError("--throttle must be at least 1") }
    }

    func run() throws {
        let (plan, folder, baseFile) = try PreparedSweep.check(options, jobs: 1)
        guard let sbatch = SlurmTools.find("sbatch") else {
            throw failInput("sbatch is not on PATH: `sweep submit --slurm` needs SLURM's client tools (Debian: slurm-client) "
                            + "and a cluster to submit to; `poisson-hybrid sweep run` runs the sweep on this machine")
        }
        do {
            try FileManager.default.createDirectory(at: folder.slurmDirectory, withIntermediateDirectories: true)
        } catch {
            throw failOutput(OutputFolderError(path: folder.slurmDirectory.path, reason: "cannot be created: \(error.localizedDescription)", kind: .io))
        }
        let lock: OwnerLock
        do { lock = try OwnerLock(path: folder.lockFile.path) } catch {
            throw failInput("\(folder.root.path): \(error); a `sweep run` is using the folder")
        }
        defer { lock.release() }
        var record: SweepRecord
        let script = folder.slurmDirectory.appendingPathComponent("array.sh")
        do {
            record = try PreparedSweep.create(plan: plan, folder: folder, baseFile: baseFile,
                                              options: .init(threads: options.threadCount, figures: !options.noFigures))
            try folder.writeAtomically(Data(SlurmArrayScript.text.utf8), to: script)
            chmod(script.path, 0o755)
        } catch {
            throw failOutput(error, doing: "preparing \(folder.root.path) failed")
        }
        let tasks = (record.points.count + perTask - 1) / perTask
        let arguments = SlurmArrayScript.sbatchArguments(
            script: script.path, folder: folder.root.path, executable: currentExecutable(), tasks: tasks, perTask: perTask,
            throttle: throttle, partition: partition, time: time, threads: options.threadCount,
            logDirectory: folder.slurmDirectory.path, wait: false)
        let submitted = SlurmTools.run(sbatch, arguments)
        guard submitted.status == 0, let jobID = submitted.stdout.split(separator: "\n").last?
            .split(separator: ";").first.map(String.init), !jobID.isEmpty else {
            FileHandle.standardError.write(Data("error: sbatch failed (exit \(submitted.status)): \(submitted.stderr.trimmingCharacters(in: .whitespacesAndNewlines))\n".utf8))
            throw ExitCode(1)
        }
        record.slurm = SweepRecord.SlurmJob(jobID: jobID, tasks: tasks, perTask: perTask, submitted: SweepClock.now())
        do { try folder.writeRecord(record) } catch { throw failOutput(error) }
        print("submitted SLURM job \(jobID): \(tasks) array tasks of \(perTask) point\(perTask == 1 ? "" : "s") "
              + "(\(record.points.count) points); `poisson-hybrid sweep status \(folder.root.path)` shows progress")
        guard wait else { return }
        lock.release()
        SlurmQueue.waitUntilDone(jobID: jobID)
        let final = try PreparedSweep.collect(folder, record: record)
        let totals = Dictionary(grouping: final.points, by: \.status).mapValues(\.count)
        print("job \(jobID) finished: " + PointStatus.allCases.compactMap { s in totals[s].map { "\($0) \(s.rawValue)" } }
            .joined(separator: ", ") + "; collected into \(folder.tableFile.path)")
        if (totals[.complete] ?? 0) + (totals[.diverged] ?? 0) < final.points.count { throw ExitCode(1) }
    }
}
