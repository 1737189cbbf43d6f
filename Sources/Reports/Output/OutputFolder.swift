import Foundation

/// A result folder written atomically: files go into a hidden temporary folder beside the
/// destination, which is renamed into place only by `commit(complete:)`.
///
/// - A complete result replaces `<destination>` (the old folder is moved aside first and removed
///   after the rename, so a reader sees either the old or the new folder, never a mix).
/// - An incomplete one (interrupted) is renamed to `<destination>.partial` and the last
///   complete `<destination>` is left untouched.
/// - `discard()` (or a crash) leaves the destination untouched; a stale temporary folder is
///   named `.<name>.tmp-<pid>` and may be deleted.
public struct OutputFolder {
    /// Where the complete result ends up.
    public let destination: URL
    /// The temporary folder being written.
    public let staging: URL

    /// Creates the staging folder (and the parent of `destination` if needed).
    public init(destination: URL) throws {
        self.destination = destination.standardizedFileURL
        let parent = self.destination.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        staging = parent.appendingPathComponent(".\(self.destination.lastPathComponent).tmp-\(getpid())")
        if FileManager.default.fileExists(atPath: staging.path) { try FileManager.default.removeItem(at: staging) }
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
    }

    /// The folder where an incomplete result is kept: `<destination>.partial`.
    public var partialDestination: URL {
        destination.deletingLastPathComponent().appendingPathComponent(destination.lastPathComponent + ".partial")
    }

    /// Writes `text` (UTF-8) to `relativePath` inside the staging folder, creating subfolders.
    public func write(_ text: String, to relativePath: String) throws {
        let url = staging.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Moves the staging folder into place; returns where it went.
    @discardableResult
    public func commit(complete: Bool) throws -> URL {
        let fm = FileManager.default
        let target = complete ? destination : partialDestination
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
        if complete, fm.fileExists(atPath: partialDestination.path) {
            try? fm.removeItem(at: partialDestination)
        }
        return target
    }

    /// Removes the staging folder without touching the destination.
    public func discard() {
        try? FileManager.default.removeItem(at: staging)
    }
}
