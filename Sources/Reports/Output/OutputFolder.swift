import Foundation

/// A result folder written atomically: files go into a hidden temporary folder beside the
/// destination, which is renamed into place only by `commit(complete:)`.
///
/// - A complete result replaces `<destination>` (the old folder is moved aside first and removed
///   after the rename, so a reader sees either the old or the new folder, never a mix).
/// - An incomplete one (interrupted) is renamed to `<destination>.partial` and the last
///   complete `<destination>` is left untouched.
/// - `discard()` (or a crash) leaves the destination untouched; a crashed writer's temporary
///   folder (`.<name>.tmp-<pid>`) and lock file (`.<name>.lock`) are removed by the next writer.
/// - One writer at a time: a second `OutputFolder` for the same destination is refused by
///   `init` (kind `.busy`) while the first exists.
/// - Only a result folder is ever replaced: `<destination>` and `<destination>.partial` must
///   not exist, be empty, or hold a `manifest.json`. Anything else (a file, the current folder
///   given as `--output .`, a folder of one's own) is refused by `init` before any work and
///   again by `commit`, so a mistyped output path can never delete someone's files.
public final class OutputFolder {
    /// Where the complete result ends up.
    public let destination: URL
    /// The temporary folder being written.
    public let staging: URL
    /// The claim on `destination` (and its `.partial`) held until `commit` or `discard`.
    private let owner: OwnerLock

    /// Claims `destination` for this process and creates the staging folder (and the parent
    /// of `destination` if needed).
    ///
    /// One writer per result folder: the claim is an `OwnerLock` on `<parent>/.<name>.lock`,
    /// so a second writer is refused here, before any work, with an error of kind `.busy`
    /// naming the folder and the process that holds it. The owner removes what a crashed
    /// writer left (`.<name>.tmp-*`, `.<name>.old-*`); `commit` and `discard` remove the lock
    /// file, so a finished writer leaves nothing hidden behind.
    /// - Throws: `OutputFolderError` of kind `.notAResultFolder`, `.busy` or `.io`.
    public init(destination: URL) throws(OutputFolderError) {
        self.destination = destination.standardizedFileURL
        let fm = FileManager.default
        do {
            try OutputFolder.checkReplaceable(self.destination)
            try OutputFolder.checkReplaceable(OutputFolder.partial(of: self.destination))
        } catch let error as OutputFolderError {
            throw error
        } catch {
            throw OutputFolderError(path: self.destination.path, reason: "cannot be read: \(error.localizedDescription)", kind: .io)
        }
        let parent = self.destination.deletingLastPathComponent()
        let name = self.destination.lastPathComponent
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw OutputFolderError(path: parent.path, reason: "cannot be created: \(OutputFolder.reason(error))", kind: .io)
        }
        let lockPath = parent.appendingPathComponent(".\(name).lock").path
        do {
            owner = try OwnerLock(path: lockPath)
        } catch {
            switch error {
            case .held(_, let holder):
                throw OutputFolderError(path: self.destination.path, reason: "is being written by \(holder ?? "another process"); "
                                        + "wait for it to finish or choose another --output", kind: .busy)
            case .io(let path, let reason):
                throw OutputFolderError(path: path, reason: "cannot create the folder's lock file: \(reason)", kind: .io)
            }
        }
        // We own the folder: what a crashed writer left beside it is ours to remove.
        for entry in (try? fm.contentsOfDirectory(atPath: parent.path)) ?? []
        where entry.hasPrefix(".\(name).tmp-") || entry.hasPrefix(".\(name).partial.old-") || entry.hasPrefix(".\(name).old-") {
            try? fm.removeItem(at: parent.appendingPathComponent(entry))
        }
        staging = parent.appendingPathComponent(".\(name).tmp-\(getpid())")
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            owner.release()
            throw OutputFolderError(path: staging.path, reason: "cannot be created: \(OutputFolder.reason(error))", kind: .io)
        }
    }

    /// The folder where an incomplete result is kept: `<destination>.partial`.
    public var partialDestination: URL { OutputFolder.partial(of: destination) }

    private static func partial(of destination: URL) -> URL {
        destination.deletingLastPathComponent().appendingPathComponent(destination.lastPathComponent + ".partial")
    }

    /// The lock file that marks `destination` as being written (see `init`).
    public static func lockPath(of destination: URL) -> String {
        let url = destination.standardizedFileURL
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).lock").path
    }

    /// Throws unless `url` may be replaced by a result: it does not exist, is an empty folder,
    /// or is a folder holding `manifest.json` (a previous result).
    public static func checkReplaceable(_ url: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw OutputFolderError(path: url.path, reason: "is a file, not a result folder; it is never replaced")
        }
        let contents = try FileManager.default.contentsOfDirectory(atPath: url.path)
        guard contents.isEmpty || contents.contains("manifest.json") else {
            throw OutputFolderError(path: url.path, reason: "is a folder that holds no manifest.json, so not a result "
                                    + "folder; it is never replaced (choose another --output or remove it)")
        }
    }

    /// Writes `text` (UTF-8) to `relativePath` inside the staging folder, creating subfolders.
    /// - Throws: `OutputFolderError` of kind `.io` naming the file (a full disk: "No space left on device").
    public func write(_ text: String, to relativePath: String) throws(OutputFolderError) {
        let url = staging.appendingPathComponent(relativePath)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw OutputFolderError(path: url.deletingLastPathComponent().path,
                                    reason: "cannot be created: \(OutputFolder.reason(error))", kind: .io)
        }
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputFolderError(path: url.path, reason: String(cString: strerror(errno)), kind: .io) }
        var failure: Int32 = 0
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure != 0 { throw OutputFolderError(path: url.path, reason: String(cString: strerror(failure)), kind: .io) }
    }

    /// Moves the staging folder into place, releases the claim; returns where it went.
    /// - Throws: `OutputFolderError` (`.notAResultFolder` if the target changed meanwhile,
    ///   `.io` when a rename fails); the staging folder is then kept, and the claim released.
    @discardableResult
    public func commit(complete: Bool) throws(OutputFolderError) -> URL {
        defer { owner.release() }
        let fm = FileManager.default
        let target = complete ? destination : partialDestination
        do {
            try OutputFolder.checkReplaceable(target)
        } catch let error as OutputFolderError {
            throw error
        } catch {
            throw OutputFolderError(path: target.path, reason: "cannot be read: \(OutputFolder.reason(error))", kind: .io)
        }
        do {
            if fm.fileExists(atPath: target.path) {
                let aside = target.deletingLastPathComponent()
                    .appendingPathComponent(".\(target.lastPathComponent).old-\(getpid())")
                if fm.fileExists(atPath: aside.path) { try fm.removeItem(at: aside) }
                try fm.moveItem(at: target, to: aside)
                try fm.moveItem(at: staging, to: target)
                try? fm.removeItem(at: aside)
            } else {
                try fm.moveItem(at: staging, to: target)
            }
        } catch {
            throw OutputFolderError(path: target.path, reason: "cannot be moved into place: \(OutputFolder.reason(error))",
                                    kind: .io)
        }
        if complete, fm.fileExists(atPath: partialDestination.path),
           (try? OutputFolder.checkReplaceable(partialDestination)) != nil {
            try? fm.removeItem(at: partialDestination)
        }
        return target
    }

    /// Removes the staging folder without touching the destination, and releases the claim.
    public func discard() {
        try? FileManager.default.removeItem(at: staging)
        owner.release()
    }

    /// The operating system's words for a Foundation file error ("No space left on device").
    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }
}

/// An output path that must not be replaced by a result (see `OutputFolder`).
public struct OutputFolderError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, for the exit status.
    public enum Kind: Sendable, Equatable {
        /// The path exists and is not a result folder (never replaced): bad input.
        case notAResultFolder
        /// Another process is writing this result folder.
        case busy
        /// Reading, writing, creating or renaming failed (a full disk, permissions).
        case io
    }

    /// The refused path, or the one that could not be written.
    public var path: String
    /// Why it is refused.
    public var reason: String
    /// What went wrong.
    public var kind: Kind

    /// An error at `path`; `kind` defaults to a refused non-result folder.
    public init(path: String, reason: String, kind: Kind = .notAResultFolder) {
        self.path = path; self.reason = reason; self.kind = kind
    }

    /// `<path> <reason>` for a refused folder, `<path>: <reason>` for an I/O failure; one line.
    public var description: String { kind == .io ? "\(path): \(reason)" : "\(path) \(reason)" }
}
