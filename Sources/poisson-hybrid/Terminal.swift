import Foundation
import Hybrid
import Synchronization

/// SIGINT/SIGTERM turned into a flag the driver polls between steps, so a run stops after the
/// current step and still writes what it recorded.
final class StopSignal: Sendable {
    private static let received = Atomic<Int32>(0)

    /// True once SIGINT or SIGTERM arrived.
    var requested: Bool { StopSignal.received.load(ordering: .relaxed) != 0 }
    /// The signal that arrived (0 if none).
    var signal: Int32 { StopSignal.received.load(ordering: .relaxed) }

    /// Installs the handlers (idempotent) and unblocks both signals: a blocked mask is inherited
    /// through fork and exec (from a parent's worker thread, a supervisor, a test runner), and
    /// with SIGINT/SIGTERM blocked the handlers would never run and the run could not be stopped.
    static func install() -> StopSignal {
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for sig in [SIGINT, SIGTERM] {
            _ = Foundation.signal(sig) { number in
                StopSignal.received.store(number, ordering: .relaxed)
            }
            sigaddset(&unblock, sig)
        }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        return StopSignal()
    }
}

/// Progress on standard error: a live line on a terminal, a line per 10 % otherwise; nothing
/// with `--quiet`.
final class ProgressPrinter {
    private let quiet: Bool
    private let interactive: Bool
    private var lastDecile: [String: Int] = [:]
    private var lastDraw = 0.0
    private var drewLine = false

    init(quiet: Bool) {
        self.quiet = quiet
        self.interactive = isatty(STDERR_FILENO) != 0
    }

    func show(_ event: ProgressEvent) {
        guard !quiet, event.total > 0 else { return }
        let fraction = Double(event.done) / Double(event.total)
        if interactive {
            let now = Date().timeIntervalSince1970
            guard now - lastDraw > 0.1 || event.done == event.total else { return }
            lastDraw = now
            let line = String(format: "\r%-12@ %5.1f%%  step %d/%d  max_error %.3e\u{1B}[K",
                              event.run as NSString, 100 * fraction, event.done, event.total, event.maxError)
            FileHandle.standardError.write(Data(line.utf8))
            drewLine = true
        } else {
            let decile = Int(fraction * 10)
            if decile > (lastDecile[event.run] ?? -1) {
                lastDecile[event.run] = decile
                FileHandle.standardError.write(Data(String(format: "%@: %d%% (step %d of at most %d, max_error %.3e)\n",
                    event.run as NSString, decile * 10, event.done, event.total, event.maxError).utf8))
            }
        }
    }

    func finish() {
        if drewLine { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
