import Foundation
import Sweeps

/// A sweep's progress on standard error: one live line (done / failed / running, ETA) on a
/// terminal; otherwise a line as each point starts (with its pid) and ends. Nothing with `--quiet`.
final class SweepProgress {
    private let total: Int
    private let quiet: Bool
    private let interactive: Bool
    private let jobs: Int
    private let started = Date()
    private var finished = 0, failed = 0, running = 0, seconds = 0.0

    init(total: Int, quiet: Bool, jobs: Int) {
        self.total = total
        self.quiet = quiet
        self.jobs = jobs
        self.interactive = isatty(STDERR_FILENO) != 0
    }

    func show(_ event: SweepEvent) {
        switch event {
        case .started(let point, let pid):
            running += 1
            if !interactive && !quiet {
                say("point \(point.index + 1)/\(total) \(point.id) (\(point.label)) started, pid \(pid)\n")
            }
        case .finished(let point, let status, let detail, let took):
            running -= 1
            finished += 1
            seconds += took
            if status == .failed { failed += 1 }
            if !interactive && !quiet {
                say(String(format: "point %d/%d %@ (%@): %@ in %.1f s", point.index + 1, total, point.id, point.label,
                           status.rawValue, took) + (detail.map { " — \($0)" } ?? "") + "\n")
            }
        }
        if interactive && !quiet {
            var line = "\r\(finished)/\(total) points done (\(failed) failed), \(running) running"
            if finished > 0 {
                let remaining = Double(max(0, total - finished)) * (seconds / Double(finished)) / Double(jobs)
                line += String(format: ", ETA %.0f s", remaining)
            }
            say(line + "\u{1B}[K")
        }
    }

    func finish() {
        if interactive && !quiet { say("\r\u{1B}[K") }
    }

    private func say(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
