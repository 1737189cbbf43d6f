import Foundation
import Reports

/// Where a point stands, read from its files (so `status` works from any process, and a
/// runner that crashed loses nothing).
public enum PointStatus: String, Sendable, Codable, CaseIterable {
    /// Not run yet.
    case pending
    /// A process is writing its result folder now (its lock is held).
    case running
    /// Its manifest says `complete`.
    case complete
    /// Its manifest says `diverged` (a finished result; not rerun).
    case diverged
    /// Stopped by SIGINT/SIGTERM: only `points/<id>.partial/` exists; rerun.
    case interrupted
    /// Its process failed (non-zero exit, killed by a signal): `logs/<id>.failed` says how; rerun.
    case failed

    /// A finished point that a rerun skips.
    public var isFinished: Bool { self == .complete || self == .diverged }
}

/// The contents of `sweep.json`: the sweep, every point's overrides, status and folder, the
/// options the points run with, and the SLURM job when submitted.
public struct SweepRecord: Codable, Sendable, Equatable {
    /// The sweep's name.
    public var sweep: String
    /// Its description.
    public var description: String
    /// The sweep file (absolute path).
    public var file: String
    /// The case file every point runs (absolute path; `case.yaml` here for an inline case).
    public var base: String
    /// The swept keys, in column order.
    public var keys: [String]
    /// How points run.
    public var options: Options
    /// The SLURM job array, when submitted.
    public var slurm: SlurmJob?
    /// When this file was last written (ISO 8601).
    public var updated: String
    /// Every point.
    public var points: [Entry]

    /// How every point of the sweep runs.
    public struct Options: Codable, Sendable, Equatable {
        /// BLAS threads per point (`run --threads`).
        public var threads: Int
        /// Whether points write figures and report.html.
        public var figures: Bool
        /// Options from their parts.
        public init(threads: Int, figures: Bool) { self.threads = threads; self.figures = figures }
    }

    /// A submitted job array.
    public struct SlurmJob: Codable, Sendable, Equatable {
        /// The job id `sbatch` printed.
        public var jobID: String
        /// Array tasks (`--array=0-(tasks-1)`).
        public var tasks: Int
        /// Points per task.
        public var perTask: Int
        /// When it was submitted.
        public var submitted: String
        enum CodingKeys: String, CodingKey {
            case jobID = "job_id", tasks, perTask = "per_task", submitted
        }
        /// A job from its parts.
        public init(jobID: String, tasks: Int, perTask: Int, submitted: String) {
            self.jobID = jobID; self.tasks = tasks; self.perTask = perTask; self.submitted = submitted
        }
    }

    /// A record from its parts (see the properties).
    public init(sweep: String, description: String, file: String, base: String, keys: [String], options: Options,
                slurm: SlurmJob?, updated: String, points: [Entry]) {
        self.sweep = sweep; self.description = description; self.file = file; self.base = base; self.keys = keys
        self.options = options; self.slurm = slurm; self.updated = updated; self.points = points
    }

    /// One point with where it stands.
    public struct Entry: Codable, Sendable, Equatable {
        /// The point's index (see `SweepPoint.index`).
        public var index: Int
        /// The point's id (see `SweepPoint.id`).
        public var id: String
        /// Its `KEY=VALUE` overrides.
        public var overrides: [String]
        /// Its swept values as shown in tables.
        public var values: [String]
        /// `points/<id>`, relative to the sweep folder.
        public var folder: String
        /// Where the point stands (as of `SweepRecord.updated`).
        public var status: PointStatus
        /// How a failed point failed, when known.
        public var detail: String?

        /// An entry from its parts (see the properties).
        public init(index: Int, id: String, overrides: [String], values: [String], folder: String, status: PointStatus,
                    detail: String?) {
            self.index = index; self.id = id; self.overrides = overrides; self.values = values; self.folder = folder
            self.status = status; self.detail = detail
        }

        /// The point this entry describes.
        public var point: SweepPoint { SweepPoint(index: index, id: id, overrides: overrides, values: values) }
    }

    /// Pretty JSON with sorted keys.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }
}

/// The layout of a sweep's folder `Output/<sweep>/`:
/// `sweep.json`, `points/<id>/` (each an ordinary result folder), `logs/<id>.log` (the point
/// process's output), `logs/<id>.failed` (how it failed), `sweep.csv`, `sweep-report.html`,
/// `figures/*.svg`, `case.yaml` (an inline base case), `slurm/` (the job script and task logs),
/// and `sweep.lock` while a `sweep run` holds the folder.
public struct SweepFolder: Sendable {
    /// The sweep folder.
    public let root: URL

    /// The folder at `root`.
    public init(root: URL) { self.root = root.standardizedFileURL }

    /// `sweep.json`.
    public var recordFile: URL { root.appendingPathComponent("sweep.json") }
    /// `points/`: one result folder per point.
    public var pointsDirectory: URL { root.appendingPathComponent("points") }
    /// `logs/`: each point process's output and failure notes.
    public var logsDirectory: URL { root.appendingPathComponent("logs") }
    /// `slurm/`: the job-array script and the task logs.
    public var slurmDirectory: URL { root.appendingPathComponent("slurm") }
    /// `sweep.lock`, held by a running `sweep run` (or `submit` while it prepares).
    public var lockFile: URL { root.appendingPathComponent("sweep.lock") }
    /// `sweep.csv`.
    public var tableFile: URL { root.appendingPathComponent("sweep.csv") }
    /// `sweep-report.html`.
    public var reportFile: URL { root.appendingPathComponent("sweep-report.html") }
    /// `case.yaml`: the base case of a sweep that writes it inline.
    public var inlineCaseFile: URL { root.appendingPathComponent("case.yaml") }

    /// `points/<id>`.
    public func pointFolder(_ id: String) -> URL { pointsDirectory.appendingPathComponent(id) }
    /// `logs/<id>.log`.
    public func logFile(_ id: String) -> URL { logsDirectory.appendingPathComponent("\(id).log") }
    /// `logs/<id>.failed`.
    public func failureFile(_ id: String) -> URL { logsDirectory.appendingPathComponent("\(id).failed") }

    /// Throws unless `root` may hold this sweep: it does not exist, is empty, or holds a
    /// `sweep.json` (an earlier run of a sweep). Anything else is never written into.
    public func checkUsable() throws(SweepError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw SweepError(file: root.path, keyPath: "", message: "is a file, not a sweep folder; choose another --output")
        }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        guard contents.isEmpty || contents.contains("sweep.json") else {
            throw SweepError(file: root.path, keyPath: "", message: "is a folder that holds no sweep.json, so not a sweep folder; "
                             + "it is never written into (choose another --output or remove it)")
        }
    }

    /// Reads `sweep.json`.
    public func readRecord() throws(SweepError) -> SweepRecord {
        do {
            let data = try Data(contentsOf: recordFile)
            return try JSONDecoder().decode(SweepRecord.self, from: data)
        } catch {
            let reason = FileManager.default.fileExists(atPath: recordFile.path) ? "cannot be read: \(error)" : "does not exist: not a sweep folder"
            throw SweepError(file: recordFile.path, keyPath: "", message: reason)
        }
    }

    /// Writes `sweep.json` atomically (a temporary file renamed over it).
    public func writeRecord(_ record: SweepRecord) throws(OutputFolderError) {
        try writeAtomically(try encoded(record), to: recordFile)
    }

    /// Writes `data` to `url` through a temporary file in the same folder renamed over it.
    public func writeAtomically(_ data: Data, to url: URL) throws(OutputFolderError) {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw OutputFolderError(path: url.path, reason: reason, kind: .io)
            }
        } catch let error as OutputFolderError {
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            let ns = error as NSError
            let posix = (ns.userInfo[NSUnderlyingErrorKey] as? NSError).map { String(cString: strerror(Int32($0.code))) }
            throw OutputFolderError(path: url.path, reason: posix ?? ns.localizedDescription, kind: .io)
        }
    }

    private func encoded(_ record: SweepRecord) throws(OutputFolderError) -> Data {
        do { return try record.json() } catch {
            throw OutputFolderError(path: recordFile.path, reason: "cannot be encoded: \(error)", kind: .io)
        }
    }

    /// Where `id` stands, from its files: a manifest (`complete`/`diverged`), a held lock
    /// (`running`), a failure note (`failed`, with its text), a `.partial` folder
    /// (`interrupted`), else `pending`.
    public func status(of id: String) -> (status: PointStatus, detail: String?) {
        let folder = pointFolder(id)
        if let data = try? Data(contentsOf: folder.appendingPathComponent("manifest.json")),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let status = object["status"] as? String {
            if status == "complete" { return (.complete, nil) }
            if status == "diverged" { return (.diverged, nil) }
        }
        if OwnerLock.holder(of: OutputFolder.lockPath(of: folder)) != nil { return (.running, nil) }
        if let note = try? String(contentsOf: failureFile(id), encoding: .utf8) {
            return (.failed, note.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if FileManager.default.fileExists(atPath: folder.path + ".partial") { return (.interrupted, nil) }
        return (.pending, nil)
    }

    /// The record's entries with statuses read afresh from the points' files.
    public func refreshed(_ record: SweepRecord) -> SweepRecord {
        var copy = record
        for i in copy.points.indices {
            let (status, detail) = self.status(of: copy.points[i].id)
            copy.points[i].status = status
            copy.points[i].detail = detail
        }
        copy.updated = SweepClock.now()
        return copy
    }
}

/// ISO 8601 time stamps for sweep files.
public enum SweepClock {
    /// Now, ISO 8601 with fractional seconds.
    public static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }
}
