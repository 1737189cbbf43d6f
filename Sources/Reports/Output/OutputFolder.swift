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
/// - Only a result folder is ever replaced: `<destination>` and `<destination>.partial` must
///   not exist, be empty, or hold a `manifest.json`. Anything else (a file, the current folder
///   given as `--output .`, a folder of one's own) is refused by `init` before any work and
///   again by `commit`, so a mistyped output path can never delete someone's files.
public struct OutputFolder {
    /// Where the complete result ends up.
    public let destination: URL
    /// The temporary folder being written.
    public let staging: URL

    /// Creates the staging folder (and the parent of `destination` if needed).
    public init(destination: URL) throws {
        self.destination = destination.standardizedFileURL
        try OutputFolder.checkReplaceable(self.destination)
        try OutputFolder.checkReplaceable(OutputFolder.partial(of: self.destination))
        let parent = self.destination.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        staging = parent.appendingPathComponent(".\(self.destination.lastPathComponent).tmp-\(getpid())")
        if FileManager.default.fileExists(atPath: staging.path) { try FileManager.default.removeItem(at: staging) }
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
    }

    /// The folder where an incomplete result is kept: `<destination>.partial`.
    public var partialDestination: URL { OutputFolder.partial(of: destination) }

    private static func partial(of destination: URL) -> URL {
        destination.deletingLastPathComponent().appendingPathComponent(destination.lastPathComponent + ".partial")
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
        try OutputFolder.checkReplaceable(target)
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
        if complete, fm.fileExists(atPath: partialDestination.path),
           (try? OutputFolder.checkReplaceable(partialDestination)) != nil {
            try? fm.removeItem(at: partialDestination)
        }
        return target
    }

    /// Removes the staging folder without touching the destination.
    public func discard() {
        try? FileManager.default.removeItem(at: staging)
    }
}

/// An output path that must not be replaced by a result (see `OutputFolder`).
public struct OutputFolderError: Error, CustomStringConvertible, Sendable {
    /// The refused path.
    public var path: String
    /// Why it is refused.
    public var reason: String

    /// `<path> <reason>`, one line.
    public var description: String { "\(path) \(reason)" }
}
