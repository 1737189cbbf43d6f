import Foundation

/// Memory and work a case needs, estimated from its sizes before anything is allocated. The
/// loader refuses a case whose `totalBytes` exceed a `ResourceLimit`; the driver may print the
/// work figures. Estimates are deliberately generous (upper bounds of what a reasonable
/// implementation holds), in bytes of `Double` (8 bytes each).
///
/// With `P` training points, `n` grid points, `N = n − 2`, hidden widths `w_l`, `S = Σ w_l`,
/// `p` parameters and `s` hybrid snapshots:
/// - `networkBytes = b·(8·P·S + 2·n·S + (3 + C + s)·p)` with `b` = 8 bytes (float64) or 4
///   (float32, `network.precision`) and `C ≤ 8` training chunks: per training point and hidden
///   unit the pre-activation, activation, their input tangents and the four adjoints of the
///   backward pass; the forward pass and tangent on the grid at a hand-over; parameters, one
///   gradient per chunk, Adam's two moments and one snapshot per switch point. `loss: pinn`
///   carries a second tangent stream (`12·P·S` instead of `8·P·S`), and a `fourier` network
///   keeps its embedding and its tangents, `3·P·(2K + 1)` more scalars for `K` features.
/// - `denseMatrixBytes = 8·N²` for `solver.storage: dense` (one assembled matrix), else 0.
/// - `gridBytes = 8·16·n·(s + 2)`: sixteen grid vectors (iterate, right-hand side, residual,
///   references, transform buffers, multigrid levels) for each of the `s + 1` solver runs
///   plus the shared ones.
public struct ResourceEstimate: Sendable, Equatable {
    /// Network activations, tangents, gradients, parameters, optimizer state and snapshots (0 without a network).
    public var networkBytes: Double
    /// The assembled Jacobi matrix, `8N²` (0 unless `solver.storage: dense`).
    public var denseMatrixBytes: Double
    /// Grid vectors of all solver runs.
    public var gridBytes: Double
    /// The recorded history, held until the runs end and then written as CSV text: at most
    /// `budget/every + 2` records per run (`training.steps` for `dnn`, `solver.max_sweeps` for
    /// `solver`, `n + max_sweeps` for `hybrid@n`), each a curve row (≈ 300 bytes with its CSV
    /// text) and one row per tracked sine mode and DFT peak (≈ 200 bytes each). An upper bound:
    /// a run that meets its tolerance early records less.
    public var historyBytes: Double
    /// Sum of the parts.
    public var totalBytes: Double { networkBytes + denseMatrixBytes + gridBytes + historyBytes }
    /// Rough flops of one training step, `8·P·p` (forward and input tangent ≈ 2·P·p each, their
    /// backward passes ≈ 4·P·p); the exact count is the trainer's `flopsPerStep`.
    public var trainingFlopsPerStep: Double
    /// Flops of one sweep: `2·N²` dense, about `6·N` for a stencil sweep (more for multigrid).
    public var solverFlopsPerSweep: Double

    /// Estimates for a decoded case (validation of ranges already done).
    public init(for definition: CaseDefinition) {
        let n = Double(definition.grid.points)
        let interior = n - 2
        let snapshots = Double(definition.hybrid?.switchAt.filter { $0 > 0 }.count ?? 0)
        if let network = definition.network {
            let trainingPoints = Double(definition.training?.points ?? definition.grid.points)
            let units = network.widths.reduce(0.0) { $0 + Double($1) }
            let parameters = network.parameterCount
            let scalarBytes = network.precision == .float32 ? 4.0 : 8.0
            let chunks = 8.0   // TrainingParallelism.maximumDefaultChunks (NeuralRitz), an upper bound
            let perUnit = definition.training?.loss == .pinn ? 12.0 : 8.0
            let embedding = 3 * trainingPoints * Double(2 * (network.features?.count ?? 0) + 1)
            networkBytes = scalarBytes * (perUnit * trainingPoints * units + 2 * n * units
                                          + (3 + chunks + snapshots) * parameters + (network.features == nil ? 0 : embedding))
            trainingFlopsPerStep = 8 * trainingPoints * parameters
        } else {
            networkBytes = 0
            trainingFlopsPerStep = 0
        }
        if let solver = definition.solver {
            denseMatrixBytes = solver.storage == .dense ? 8 * interior * interior : 0
            solverFlopsPerSweep = solver.storage == .dense ? 2 * interior * interior : 6 * interior
        } else {
            denseMatrixBytes = 0
            solverFlopsPerSweep = 0
        }
        gridBytes = 8 * 16 * n * (snapshots + 2)
        historyBytes = Self.historyBytes(for: definition)
    }

    /// See `historyBytes`.
    static func historyBytes(for definition: CaseDefinition) -> Double {
        let every = Double(max(1, definition.tracking.every))
        let sineModes: Double
        switch definition.tracking.modes {
        case .all: sineModes = Double(definition.grid.interiorCount)
        case .list(let modes): sineModes = Double(modes.count)
        }
        let peaks: Double
        switch definition.tracking.peaks {
        case .count(let p): peaks = Double(p)
        case .indices(let list): peaks = Double(list.count)
        }
        var budgets: [Double] = []
        let steps = Double(definition.training?.steps ?? 0)
        if definition.network != nil { budgets.append(steps) }
        if let solver = definition.solver {
            let sweeps = Double(solver.maxSweeps)
            budgets.append(sweeps)
            if definition.network != nil {
                budgets += (definition.hybrid?.switchAt ?? []).filter { $0 > 0 }.map { Double($0) + sweeps }
            }
        }
        let perDecade = Double(definition.tracking.perDecade)
        let records = budgets.reduce(0) { $0 + $1 / every + 2 + perDecade * (log10(max($1, 1)) + 1) }
        return records * (300 + 200 * (sineModes + peaks))
    }

    /// `bytes` with a decimal unit and three significant digits: "1.23 GB".
    public static func format(bytes: Double) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
        var value = bytes, unit = 0
        while value >= 1000, unit < units.count - 1 { value /= 1000; unit += 1 }
        if unit == units.count - 1 && value >= 1000 { return String(format: "%.3g EB", value) }
        return String(format: unit == 0 ? "%.0f %@" : "%.3g %@", value, units[unit])
    }
}

/// The most memory a case may need before the loader refuses it.
public struct ResourceLimit: Sendable, Equatable {
    /// Bytes available to one run.
    public var memoryBytes: Double
    /// Where the figure comes from, for the error message.
    public var source: String

    /// A limit of `memoryBytes`; `source` says where the figure comes from.
    public init(memoryBytes: Double, source: String) {
        self.memoryBytes = memoryBytes
        self.source = source
    }

    /// This machine now: `MemAvailable` from `/proc/meminfo` (memory the kernel can hand out
    /// without swapping), or half the physical memory where that file is missing.
    public static var machine: ResourceLimit {
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
                let fields = line.split(separator: " ")
                if fields.count >= 2, let kilobytes = Double(fields[1]) {
                    return ResourceLimit(memoryBytes: kilobytes * 1024, source: "MemAvailable in /proc/meminfo")
                }
            }
        }
        return ResourceLimit(memoryBytes: Double(ProcessInfo.processInfo.physicalMemory) / 2,
                             source: "half the physical memory")
    }

    /// No limit (for tools that only inspect a case).
    public static let unlimited = ResourceLimit(memoryBytes: .infinity, source: "no limit")
}
