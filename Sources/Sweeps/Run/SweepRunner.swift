import Foundation

/// What a runner tells its caller as points start and end.
public enum SweepEvent: Sendable {
    /// A point's process started.
    case started(SweepPoint, pid: Int32)
    /// A point's process ended; `status` is what it left (complete, diverged, interrupted, failed).
    case finished(SweepPoint, status: PointStatus, detail: String?, seconds: Double)
}

/// Totals of one `sweep run` (or one SLURM task).
public struct SweepTally: Sendable, Equatable {
    /// Points already finished before this run (skipped).
    public var skipped = 0
    /// Points that completed in this run.
    public var complete = 0
    /// Points whose run diverged (a finished result).
    public var diverged = 0
    /// Points whose process failed.
    public var failed = 0
    /// Points stopped by SIGINT/SIGTERM.
    public var interrupted = 0
    /// Points not started because the run was stopped.
    public var notStarted = 0

    /// All zero.
    public init() {}

    /// "14 complete, 1 diverged, 1 failed (2 skipped, already finished)".
    public var summary: String {
        var parts = ["\(complete) complete"]
        if diverged > 0 { parts.append("\(diverged) diverged") }
        if failed > 0 { parts.append("\(failed) failed") }
        if interrupted > 0 { parts.append("\(interrupted) interrupted") }
        if notStarted > 0 { parts.append("\(notStarted) not started") }
        var text = parts.joined(separator: ", ")
        if skipped > 0 { text += " (\(skipped) skipped, already finished)" }
        return text
    }
}

/// Runs the unfinished points of a sweep folder, each as its own `poisson-hybrid run` process,
/// at most `jobs` at a time.
///
/// A point's exit decides its status (`PointExit.status`); a failed point gets
/// `logs/<id>.failed` with how it failed, and a point that finishes has that note removed.
/// When `stopSignal()` turns non-zero, the signal is forwarded to every running point, no
/// further point starts, and `run` returns once they have ended.
public struct SweepRunner {
    /// The sweep folder.
    public var folder: SweepFolder
    /// The sweep's record (base, points, options).
    public var record: SweepRecord
    /// The `poisson-hybrid` executable the points run.
    public var executable: String
    /// Points at once (≥ 1).
    public var jobs: Int

    /// A runner for `record` in `folder`.
    public init(folder: SweepFolder, record: SweepRecord, executable: String, jobs: Int) {
        self.folder = folder; self.record = record; self.executable = executable; self.jobs = max(1, jobs)
    }

    /// Runs `points` (default: every point of the record) that are not finished, in order.
    /// - Parameters:
    ///   - selection: the points to consider (`nil`: every point of the record).
    ///   - stopSignal: polled every 10 ms (as are the children, so a free slot is refilled within 10 ms); non-zero is the signal to forward and stop on.
    ///   - events: told of every start and end.
    public func run(points selection: [SweepPoint]? = nil, stopSignal: () -> Int32,
                    events: (SweepEvent) -> Void) -> SweepTally {
        var tally = SweepTally()
        var queue: [SweepPoint] = []
        for point in selection ?? record.points.map(\.point) {
            let (status, _) = folder.status(of: point.id)
            if status.isFinished { tally.skipped += 1 } else { queue.append(point) }
        }
        var running: [PointProcess] = []
        var forwarded: Int32 = 0
        while !queue.isEmpty || !running.isEmpty {
            let signal = stopSignal()
            if signal != 0 && forwarded == 0 {
                forwarded = signal
                running.forEach { $0.send(signal) }
                tally.notStarted += queue.count
                queue.removeAll()
            }
            while running.count < jobs, !queue.isEmpty {
                let point = queue.removeFirst()
                do {
                    let process = try PointProcess(point: point, executable: executable,
                                                   arguments: PointProcess.arguments(for: point, record: record, folder: folder),
                                                   log: folder.logFile(point.id), threads: record.options.threads)
                    running.append(process)
                    events(.started(point, pid: process.pid))
                } catch {
                    let detail = "could not start: \(error)"
                    note(failure: detail, for: point)
                    tally.failed += 1
                    events(.finished(point, status: .failed, detail: detail, seconds: 0))
                }
            }
            var i = 0
            while i < running.count {
                if let exit = running[i].poll() {
                    let process = running.remove(at: i)
                    let (status, detail) = settle(process.point, exit: exit)
                    switch status {
                    case .complete: tally.complete += 1
                    case .diverged: tally.diverged += 1
                    case .interrupted: tally.interrupted += 1
                    default: tally.failed += 1
                    }
                    events(.finished(process.point, status: status, detail: detail,
                                     seconds: Date().timeIntervalSince(process.started)))
                } else {
                    i += 1
                }
            }
            if !running.isEmpty || !queue.isEmpty { usleep(10_000) }
        }
        return tally
    }

    /// Runs one point in the foreground (a SLURM task's `sweep point`), forwarding
    /// `stopSignal()` to it; returns its status.
    public func runOne(_ point: SweepPoint, stopSignal: () -> Int32) -> (PointStatus, String?) {
        let process: PointProcess
        do {
            process = try PointProcess(point: point, executable: executable,
                                       arguments: PointProcess.arguments(for: point, record: record, folder: folder),
                                       log: folder.logFile(point.id), threads: record.options.threads)
        } catch {
            let detail = "could not start: \(error)"
            note(failure: detail, for: point)
            return (.failed, detail)
        }
        var forwarded = false
        while true {
            if let exit = process.poll() { return settle(point, exit: exit) }
            if !forwarded, case let signal = stopSignal(), signal != 0 {
                process.send(signal)
                forwarded = true
            }
            usleep(10_000)
        }
    }

    /// Records a point's end in its files: the failure note written or removed.
    func settle(_ point: SweepPoint, exit: PointExit) -> (PointStatus, String?) {
        var status = exit.status
        // A run that exits 0 or 3 has committed its folder; trust the folder over the code.
        if status.isFinished, !folder.status(of: point.id).status.isFinished { status = .failed }
        switch status {
        case .complete, .diverged, .interrupted:
            try? FileManager.default.removeItem(at: folder.failureFile(point.id))
            return (status, nil)
        default:
            let last = lastLine(of: folder.logFile(point.id))
            let detail = exit.text + (last.map { ": \($0)" } ?? "") + " (log: logs/\(point.id).log)"
            note(failure: detail, for: point)
            return (.failed, detail)
        }
    }

    func note(failure detail: String, for point: SweepPoint) {
        try? FileManager.default.createDirectory(at: folder.logsDirectory, withIntermediateDirectories: true)
        try? Data((detail + "\n").utf8).write(to: folder.failureFile(point.id))
    }

    func lastLine(of url: URL) -> String? {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { String($0.prefix(300)) }
    }
}
