import CaseFiles
import Foundation

/// One point of a sweep: its position, the `--set` overrides that make it, and its id.
public struct SweepPoint: Sendable, Equatable, Codable {
    /// Position in the sweep (0-based, last dimension fastest): how a SLURM task finds it.
    public var index: Int
    /// Stable id: 16 hex digits of a 64-bit FNV-1a hash of the point's resolved case, so the
    /// same case always lands in the same folder whatever the sweep file's order.
    public var id: String
    /// `KEY=VALUE` overrides, one per swept key, in dimension order.
    public var overrides: [String]
    /// The swept keys' values as shown in tables, in the same order as `SweepFile.keys`.
    public var values: [String]

    /// A point from its parts.
    public init(index: Int, id: String, overrides: [String], values: [String]) {
        self.index = index; self.id = id; self.overrides = overrides; self.values = values
    }

    /// The overrides for messages: `grid.points=1001, network.seed=2`.
    public var label: String { overrides.joined(separator: ", ") }
}

/// A checked sweep: the file, its base case file and every point with its resolved case.
///
/// `make` checks each point's case as `poisson-hybrid run` would — a problem names the point,
/// its overrides and the case's key path — plus `checkPoint` (the tool's own build of a case's
/// objects), then the memory of the largest point times `jobs` against `limit`.
public struct SweepPlan: Sendable {
    /// The sweep file.
    public var sweep: SweepFile
    /// The points in order.
    public var points: [SweepPoint]
    /// The resolved cases, parallel to `points`.
    public var cases: [CaseDefinition]

    /// Expands and checks every point.
    /// - Parameters:
    ///   - sweep: the parsed sweep file.
    ///   - baseFile: the base case file (for `.inline`, where it will be written; the text is parsed from the sweep).
    ///   - checkPoint: a further check of a point's case (throw to refuse), given the case and its file.
    ///   - jobs: points run at once (the memory check multiplies the largest point by this).
    ///   - limit: the memory the points may use together (default: this machine's available memory).
    public static func make(_ sweep: SweepFile, baseFile: String, jobs: Int, limit: ResourceLimit = .machine,
                            checkPoint: (CaseDefinition, String) throws -> Void = { _, _ in }) throws(SweepError) -> SweepPlan {
        let combos = expand(sweep)
        var points: [SweepPoint] = [], cases: [CaseDefinition] = []
        var byID: [String: Int] = [:]
        for (index, combo) in combos.enumerated() {
            let overrides = zip(sweep.keys, combo).map { "\($0)=\($1.yaml)" }
            let label = "point \(index + 1) of \(combos.count) (\(overrides.joined(separator: ", ")))"
            let definition: CaseDefinition
            do {
                switch sweep.base {
                case .file(let path):
                    definition = try CaseLoader.load(file: path, overrides: overrides, limit: .unlimited)
                case .inline(let yaml):
                    definition = try CaseLoader.parse(yaml: yaml, file: "\(sweep.file): case", overrides: overrides, limit: .unlimited)
                }
                try checkPoint(definition, baseFile)
            } catch {
                throw SweepError(file: sweep.file, keyPath: "", message: "\(label): \(pointMessage(error))")
            }
            let id = pointID(definition.resolvedYAML)
            if let earlier = byID[id] {
                throw SweepError(file: sweep.file, keyPath: "", message: "\(label) resolves to the same case as point \(earlier + 1) "
                                 + "(\(points[earlier].label)); every point must differ")
            }
            byID[id] = index
            points.append(SweepPoint(index: index, id: id, overrides: overrides, values: combo.map(\.text)))
            cases.append(definition)
        }
        let plan = SweepPlan(sweep: sweep, points: points, cases: cases)
        try plan.checkMemory(jobs: jobs, limit: limit)
        return plan
    }

    /// Throws unless the largest point's memory estimate times `jobs` fits in `limit`.
    public func checkMemory(jobs: Int, limit: ResourceLimit) throws(SweepError) {
        guard let largest = cases.indices.max(by: { ResourceEstimate(for: cases[$0]).totalBytes < ResourceEstimate(for: cases[$1]).totalBytes })
        else { return }
        let bytes = ResourceEstimate(for: cases[largest]).totalBytes
        if bytes * Double(jobs) > limit.memoryBytes {
            let fit = max(0, Int(limit.memoryBytes / max(bytes, 1)))
            throw SweepError(file: sweep.file, keyPath: "", message: "point \(largest + 1) (\(points[largest].label)) needs about "
                             + "\(ResourceEstimate.format(bytes: bytes)); \(jobs) at once need "
                             + "\(ResourceEstimate.format(bytes: bytes * Double(jobs))), more than the "
                             + "\(ResourceEstimate.format(bytes: limit.memoryBytes)) available (\(limit.source)); "
                             + (fit >= 1 ? "use --jobs \(fit) or fewer" : "shrink the largest point"))
        }
    }

    /// Every combination of the dimensions' steps, last dimension fastest; each combination lists
    /// one value per key in `sweep.keys` order.
    public static func expand(_ sweep: SweepFile) -> [[SweepValue]] {
        var combos: [[SweepValue]] = [[]]
        for dimension in sweep.dimensions {
            combos = combos.flatMap { prefix in dimension.values.map { prefix + $0 } }
        }
        return combos
    }

    /// 16 lowercase hex digits of the 64-bit FNV-1a hash of `text`'s UTF-8 bytes.
    public static func pointID(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// A case error without its `--set` prefix noise, on one line.
    static func pointMessage(_ error: any Error) -> String {
        String(describing: error).replacingOccurrences(of: "\n", with: "\\n")
    }
}
