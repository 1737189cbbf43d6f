import Foundation

/// An exclusive, advisory claim on a path held by one process: a lock file holding the owner's
/// process id, locked with `flock(2)` for as long as the owner keeps it.
///
/// - The kernel drops a `flock` when its process ends (even by `kill -9`), so a lock file left
///   behind by a crash is *stale*, not held: the next owner simply takes it over.
/// - `release()` unlinks the file while still holding the lock, and `acquire` checks after
///   locking that the file it locked is still the one at the path (same inode), so an owner
///   that raced with a release never shares the claim.
/// - The file's text is `pid <n>\n<command line>\n`, for the refusal message of the next writer.
public final class OwnerLock {
    /// The lock file.
    public let path: String
    private var descriptor: Int32

    /// Takes the lock at `path`, creating the file.
    /// - Throws: `OwnerLockError.held` naming the owner when another process holds it;
    ///   `OwnerLockError.io` naming the path when the file cannot be created or written.
    public init(path: String) throws(OwnerLockError) {
        self.path = path
        while true {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let reason = errno
                let owner = OwnerLock.readOwner(fd)
                close(fd)
                if reason == EWOULDBLOCK { throw .held(path: path, owner: owner) }
                throw .io(path: path, reason: String(cString: strerror(reason)))
            }
            // The file locked must still be the one at `path` (a previous owner may have unlinked it).
            var opened = stat(), current = stat()
            if fstat(fd, &opened) == 0, stat(path, &current) == 0, opened.st_ino == current.st_ino,
               opened.st_dev == current.st_dev {
                descriptor = fd
                break
            }
            close(fd)
        }
        let text = "pid \(getpid())\n" + CommandLine.arguments.joined(separator: " ") + "\n"
        let bytes = Array(text.utf8)
        let written = ftruncate(descriptor, 0) == 0 ? bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) } : -1
        if written != bytes.count {
            let reason = written < 0 ? String(cString: strerror(errno)) : "short write"
            unlink(path)
            close(descriptor)
            throw .io(path: path, reason: reason)
        }
    }

    /// Removes the lock file and drops the lock (idempotent).
    public func release() {
        guard descriptor >= 0 else { return }
        unlink(path)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }

    /// The owner recorded in the lock file at `path` when some process holds it, else `nil`
    /// (no file, or a stale one left by a process that ended).
    public static func holder(of path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil
        }
        return readOwner(fd) ?? "another process"
    }

    /// `pid <n> (<command>)` from an open lock file, or nil when it holds nothing readable yet.
    private static func readOwner(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let lines = String(decoding: buffer[0..<count], as: UTF8.self).split(separator: "\n", maxSplits: 1)
        guard let first = lines.first, first.hasPrefix("pid ") else { return nil }
        let command = lines.count > 1 ? " (\(lines[1].trimmingCharacters(in: .whitespacesAndNewlines)))" : ""
        return "process \(first.dropFirst(4))" + command
    }
}

/// Why an `OwnerLock` could not be taken.
public enum OwnerLockError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Another live process holds the lock; `owner` is what its lock file says (pid and command).
    case held(path: String, owner: String?)
    /// The lock file could not be created, locked or written.
    case io(path: String, reason: String)

    /// One line naming the lock file and the owner or the reason.
    public var description: String {
        switch self {
        case .held(let path, let owner): return "\(path) is held by \(owner ?? "another process")"
        case .io(let path, let reason): return "\(path): \(reason)"
        }
    }
}
