/// How a `RitzTrainer` spreads one step over threads: the training points are split into
/// `chunkCount` fixed, contiguous chunks; each chunk's forward and backward passes run with
/// one-thread GEMMs on one of `threads` workers; the per-chunk loss terms and gradients are
/// summed in chunk order `0, 1, …, C − 1`.
///
/// **Reproducibility.** The chunks, and so every rounding, depend only on `chunkCount` and the
/// point count — never on `threads`: the same trainer gives the same bits with 1, 2 or 64
/// workers. This needs OpenBLAS to run one thread per call (its results per call then do not
/// depend on how many calls run at once), which is the package's default: `BLASLibrary` sets
/// `OPENBLAS_NUM_THREADS=1` when the variable is unset; `BLASRuntime.setThreadCount(1)` restores
/// it. With `chunkCount = 1` the step is the single-batch pass with BLAS's own threads (bits
/// then depend on the BLAS thread count).
///
/// **Speed.** Workers parallelise everything — GEMMs, activations, the loss, the reduction
/// and the optimizer update — where BLAS threads parallelise only the GEMMs; a worker's
/// one-thread GEMMs run at the full single-core rate when a chunk has ≳ 100 columns.
public struct TrainingParallelism: Sendable, Equatable, Hashable {
    /// Number of chunks `C ≥ 1` (at most the number of training points).
    public var chunkCount: Int
    /// Worker threads `T ≥ 1` (performance only; more than `C` are not used).
    public var threads: Int

    /// `C` chunks on `T` workers; throws `NeuralError.invalidHyperParameter` for `C < 1` or `T < 1`.
    public init(chunkCount: Int, threads: Int) throws {
        guard chunkCount >= 1 else {
            throw NeuralError.invalidHyperParameter(parameter: "chunk count", value: Double(chunkCount), range: "{1, 2, …}")
        }
        guard threads >= 1 else {
            throw NeuralError.invalidHyperParameter(parameter: "threads", value: Double(threads), range: "{1, 2, …}")
        }
        self.chunkCount = chunkCount
        self.threads = threads
    }

    /// The default for `pointCount` training points on `threads` workers (default: every
    /// processor this process may use): `defaultChunkCount(pointCount:)` chunks.
    public init(pointCount: Int, threads: Int = BLASRuntime.availableProcessorCount) {
        self.chunkCount = Self.defaultChunkCount(pointCount: pointCount)
        self.threads = max(1, threads)
    }

    /// The one-chunk, one-worker pass (the matrix products use BLAS's own thread count).
    public static let singleBatch = try! TrainingParallelism(chunkCount: 1, threads: 1)

    /// Points a default chunk should hold at least (`2·128` columns with the tangent stream,
    /// enough for one-thread GEMMs near their full rate; with 64 the 201-point default case
    /// ran its 2 chunks slower than one batch).
    public static let minimumChunkPoints = 128
    /// The most chunks the default uses: each holds a gradient copy (`P` scalars), so this
    /// bounds the extra memory at `(C − 1) P`; 8 keeps 8 cores busy.
    public static let maximumDefaultChunks = 8

    /// The largest power of two `≤ m / 128`, between 1 and 8, for `m` training points — a
    /// power of two so that 1, 2, 4 or 8 workers get equal shares: e.g. 1001 points → 4 chunks
    /// of 250–251, 257 points → 2, 255 points or fewer → 1.
    public static func defaultChunkCount(pointCount: Int) -> Int {
        var count = 1
        while count * 2 <= min(maximumDefaultChunks, pointCount / minimumChunkPoints) { count *= 2 }
        return count
    }

    /// The chunks of `pointCount` points: `C' = min(C, m)` contiguous ranges, the first
    /// `m mod C'` of them one point longer, in point order.
    func chunks(pointCount: Int) -> [Range<Int>] {
        WorkerTeam.ranges(pointCount, parts: chunkCount)
    }
}
