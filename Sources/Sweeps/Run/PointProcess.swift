import Foundation

/// How a point's process ended.
public enum PointExit: Sendable, Equatable {
    /// It exited with this status.
    case exited(Int32)
    /// A signal ended it (`kill -9` gives `.signaled(9)`).
    case signaled(Int32)

    /// The point's status after this exit: 0 complete, 3 diverged, 130/143 or ended by
    /// SIGINT/SIGTERM (before its handlers were installed) interrupted, anything else failed.
    public var status: PointStatus {
        switch self {
        case .exited(0): return .complete
        case .exited(3): return .diverged
        case .exited(130), .exited(143), .signaled(SIGINT), .signaled(SIGTERM): return .interrupted
        default: return .failed
        }
    }

    /// "exit status 2", "killed by signal 9 (SIGKILL)".
    public var text: String {
        switch self {
        case .exited(let code): return "exit status \(code)"
        case .signaled(let signal):
            let name = [SIGKILL: "SIGKILL", SIGTERM: "SIGTERM", SIGINT: "SIGINT", SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT",
                        SIGBUS: "SIGBUS", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP"][signal]
            return "killed by signal \(signal)" + (name.map { " (\($0))" } ?? "")
        }
    }
}

/// A point's `poisson-hybrid run` as a child process started with `posix_spawn` (an argument
/// vector, never a shell, so no sweep value is ever parsed as a command), its standard input
/// empty and its output appended to a log file.
public final class PointProcess {
    /// The child's process id.
    public let pid: pid_t
    /// The point it runs.
    public let point: SweepPoint
    /// When it started.
    public let started: Date

    /// The arguments of `poisson-hybrid` that run `point` of the sweep in `record`.
    public static func arguments(for point: SweepPoint, record: SweepRecord, folder: SweepFolder) -> [String] {
        var arguments = ["run", record.base, "--output", folder.pointFolder(point.id).path, "--quiet",
                         "--threads", String(record.options.threads)]
        if !record.options.figures { arguments.append("--no-figures") }
        for override in point.overrides { arguments += ["--set", override] }
        return arguments
    }

    /// Starts `executable` with `arguments`; standard output and error go to `log` (truncated).
    /// SIGINT and SIGTERM are unblocked and at their defaults in the child; `OPENBLAS_NUM_THREADS`
    /// is set to `threads`.
    public init(point: SweepPoint, executable: String, arguments: [String], log: URL, threads: Int) throws(PointLaunchError) {
        self.point = point
        try? FileManager.default.createDirectory(at: log.deletingLastPathComponent(), withIntermediateDirectories: true)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = String(threads)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw PointLaunchError(path: executable, reason: "cannot start: \(String(cString: strerror(result)))")
        }
        pid = child
        started = Date()
    }

    /// The exit once the child has ended (reaping it), `nil` while it runs. Only this child is
    /// waited for, never another of the process's children.
    public func poll() -> PointExit? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return nil }
        return PointProcess.decode(status)
    }

    /// Blocks until the child ends.
    public func wait() -> PointExit {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return PointProcess.decode(status)
    }

    /// Sends `signal` to the child.
    public func send(_ signal: Int32) { kill(pid, signal) }

    static func decode(_ status: Int32) -> PointExit {
        let low = status & 0x7f
        if low == 0 { return .exited((status >> 8) & 0xff) }
        return .signaled(low)
    }
}

/// A child that could not be started: the executable and why.
public struct PointLaunchError: Error, CustomStringConvertible, Sendable {
    /// The executable.
    public var path: String
    /// What `posix_spawn` reported.
    public var reason: String
    /// `<path>: <reason>`.
    public var description: String { "\(path): \(reason)" }
}
