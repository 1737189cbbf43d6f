import Foundation

/// What `squeue` says about a submitted job array, when SLURM's tools are on this machine.
public enum SlurmQueue {
    /// "SLURM job 42 (8 tasks of 2 points): 3 RUNNING, 5 PENDING" from `squeue`, or the job
    /// alone when `squeue` is missing or knows nothing of it (finished jobs leave the queue).
    public static func describe(_ job: SweepRecord.SlurmJob) -> String {
        let head = "SLURM job \(job.jobID) (\(job.tasks) tasks of \(job.perTask) points, submitted \(job.submitted))"
        guard let squeue = SlurmTools.find("squeue"),
              let output = SlurmTools.capture(squeue, ["-h", "-r", "-j", job.jobID, "-o", "%T"]), !output.isEmpty else {
            return head + ": not in the queue"
        }
        let states = Dictionary(grouping: output.split(separator: "\n").map(String.init), by: { $0 }).mapValues(\.count)
        return head + ": " + states.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }
}

/// Finding and running SLURM's command-line tools (argument vectors, never a shell).
public enum SlurmTools {
    /// The executable `name` on `PATH`, or nil.
    public static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `executable` with `arguments`; its standard output, or nil when it fails.
    public static func capture(_ executable: String, _ arguments: [String]) -> String? {
        let result = run(executable, arguments)
        return result.status == 0 ? result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }

    /// Runs `executable` with `arguments` to completion: exit status, output and error text.
    public static func run(_ executable: String, _ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { return (-1, "", "\(error)") }
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}

extension SlurmQueue {
    /// Blocks until `squeue` no longer lists any task of `jobID` (polling four times a second).
    public static func waitUntilDone(jobID: String) {
        guard let squeue = SlurmTools.find("squeue") else { return }
        while true {
            let result = SlurmTools.run(squeue, ["-h", "-r", "-j", jobID, "-o", "%T"])
            let listed = result.stdout.split(separator: "\n").contains { !$0.isEmpty }
            // squeue fails with "Invalid job id" once the job has left the controller's memory.
            if !listed { return }
            usleep(250_000)
        }
    }
}
