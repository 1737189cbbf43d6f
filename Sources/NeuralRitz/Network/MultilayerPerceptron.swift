import PoissonCore

/// A fully connected network `h: ℝ → ℝ`, `1 → w₁ → … → w_L → 1` (see `NetworkArchitecture`),
/// as an immutable value of parameters. Its input stage (`architecture.family`) makes it a
/// plain MLP, an MscaleDNN or a Fourier-feature network; the stage's constants are part of the
/// architecture, not of `parameters`.
///
/// **Parameter layout.** All parameters live in ONE contiguous `[Double]`, `parameters`, so an
/// optimizer step is one vector loop and a checkpoint is one copy. Layer `l = 1 … L+1` owns the
/// column-major `d_l × (d_{l−1} + 1)` block `[W_l | b_l]` at `layers[l − 1].offset`:
/// `W_l[j, i]` at `offset + j + i·d_l`, `b_l[j]` at `offset + j + d_{l−1}·d_l` (see
/// `LayerParameters`). Blocks are stored in layer order without gaps.
///
/// Evaluation (`values(at:)`, `valuesAndDerivatives(at:)`) runs the same GEMM passes as
/// training, in chunks of at most `evaluationChunk` points (spread over `threads` workers, the
/// same bits for any count), allocating its buffers per call.
public struct MultilayerPerceptron: Sendable, Equatable {
    /// The network's shape and activation.
    public let architecture: NetworkArchitecture
    /// All parameters, in the layout described above (`parameterCount` entries).
    public internal(set) var parameters: [Double]
    /// Where each layer's block lives, `l = 1 … L+1` at index `l − 1`.
    public let layers: [LayerParameters]

    /// Points per evaluation chunk (bounds the transient memory of `values(at:)` to
    /// `≈ 2 · 128 · Σ_l (2 d_l + 1)` doubles per worker).
    public static let evaluationChunk = 128

    /// A network with Gaussian random parameters: every weight `~ N(0, σ_W²)`, every bias
    /// `~ N(0, σ_b²)`, drawn with `generator.nextGaussian()` (one draw per parameter) in
    /// storage order (layer by layer; within a layer the weights column by column, then the
    /// biases). Same generator state → same network on every platform.
    /// Throws `NeuralError` for an invalid architecture or initialisation.
    public init(architecture: NetworkArchitecture, initialization: GaussianInitialization,
                using generator: inout some RandomNumberGenerator) throws {
        try architecture.validate()
        try initialization.validate()
        self.architecture = architecture
        self.layers = LayerParameters.blocks(of: architecture)
        var parameters = [Double](repeating: 0, count: architecture.parameterCount)
        for layer in layers {
            let weightCount = layer.outputWidth * layer.inputWidth
            for index in 0..<layer.count {
                let deviation = index < weightCount
                    ? initialization.weightStandardDeviation : initialization.biasStandardDeviation
                parameters[layer.offset + index] = deviation * generator.nextGaussian()
            }
        }
        self.parameters = parameters
    }

    /// A network with the given parameters (e.g. a checkpoint). Throws
    /// `NeuralError.parameterCountMismatch` or `.nonFiniteParameter`.
    public init(architecture: NetworkArchitecture, parameters: [Double]) throws {
        try architecture.validate()
        guard parameters.count == architecture.parameterCount else {
            throw NeuralError.parameterCountMismatch(expected: architecture.parameterCount, got: parameters.count)
        }
        if let bad = parameters.firstIndex(where: { !$0.isFinite }) {
            throw NeuralError.nonFiniteParameter(index: bad, value: parameters[bad])
        }
        self.architecture = architecture
        self.layers = LayerParameters.blocks(of: architecture)
        self.parameters = parameters
    }

    /// A network from trusted parts (a trainer's own, already validated): no checks.
    init(uncheckedArchitecture architecture: NetworkArchitecture, layers: [LayerParameters], parameters: [Double]) {
        self.architecture = architecture
        self.layers = layers
        self.parameters = parameters
    }

    /// Number of parameters `Σ_l d_l (d_{l−1} + 1)`.
    public var parameterCount: Int { parameters.count }

    /// `h(x_i)` for every point (same order). Cost: `evaluationFlops(pointCount:withDerivatives: false)`.
    /// `threads` workers (default 1) share the `evaluationChunk`-point chunks; the chunks, and so
    /// the bits, do not depend on it as long as OpenBLAS runs one thread per call (the package's
    /// default, see `TrainingParallelism`).
    public func values(at points: [Double], threads: Int = 1) -> [Double] {
        evaluate(points, streams: 1, threads: threads).values
    }

    /// `h(x_i)` and `h'(x_i)` for every point, from one forward pass with input tangent
    /// (exact derivatives, no finite differences). Cost:
    /// `evaluationFlops(pointCount:withDerivatives: true)`. `threads` as in `values(at:threads:)`.
    public func valuesAndDerivatives(at points: [Double], threads: Int = 1) -> (values: [Double], derivatives: [Double]) {
        evaluate(points, streams: 2, threads: threads)
    }

    /// `h(x_i)`, `h'(x_i)` and `h''(x_i)` for every point, from one forward pass with both
    /// input tangents (exact derivatives, no finite differences). Cost:
    /// `evaluationFlops(pointCount:streams: 3)`. `threads` as in `values(at:threads:)`.
    public func valuesAndSecondDerivatives(at points: [Double], threads: Int = 1)
        -> (values: [Double], derivatives: [Double], secondDerivatives: [Double]) {
        parameters.withUnsafeBufferPointer { p in
            Self.evaluate(layers: layers, architecture: architecture, parameters: p, points: points, streams: 3,
                          workers: threads)
        }
    }

    /// Exact flops of `values(at:)` (`withDerivatives == false`) or
    /// `valuesAndDerivatives(at:)` on `pointCount` points: the forward GEMMs
    /// `Σ_l 2 d_l S n (d_{l−1} + 1)` (`S` = 1 or 2 streams) plus the activation work (and the
    /// Fourier embedding of the points).
    public func evaluationFlops(pointCount: Int, withDerivatives: Bool) -> Int {
        evaluationFlops(pointCount: pointCount, streams: withDerivatives ? 2 : 1)
    }

    /// Exact flops of an evaluation with `streams` = 1 (`h`), 2 (`h`, `h'`) or 3 (`h`, `h'`,
    /// `h''`) on `pointCount` points (one batch).
    public func evaluationFlops(pointCount: Int, streams: Int) -> Int {
        let layout = BatchLayout(layers: layers, batch: pointCount, streams: streams, family: architecture.family)
        return NetworkPasses.forwardFlops(layout, activation: architecture.activation) + layout.embeddingFlops
    }

    private func evaluate(_ points: [Double], streams: Int, threads: Int) -> (values: [Double], derivatives: [Double]) {
        let result = parameters.withUnsafeBufferPointer { p in
            Self.evaluate(layers: layers, architecture: architecture, parameters: p, points: points, streams: streams,
                          workers: threads)
        }
        return (result.values, result.derivatives)
    }

    /// `h` (and `h'` when `streams ≥ 2`, `h''` when `streams == 3`) at `points` for the
    /// parameters `parameters` (in the layout of `layers`), computed in precision `S` in chunks
    /// of `evaluationChunk` points and returned in `Double`. Chunk `c` (points
    /// `128c ..< min(128(c + 1), n)`) runs on worker `c mod T` of `T = min(workers, chunks)`,
    /// each worker in its own buffers; every chunk is the same computation whichever worker
    /// runs it, so with one-thread BLAS calls the bits do not depend on `workers`. Allocates its
    /// buffers (one chunk's per worker).
    static func evaluate<S: NetworkScalar>(layers: [LayerParameters], architecture: NetworkArchitecture,
                                           parameters p: UnsafeBufferPointer<S>, points: [Double], streams: Int,
                                           workers: Int = 1)
        -> (values: [Double], derivatives: [Double], secondDerivatives: [Double]) {
        let activation = architecture.activation, family = architecture.family
        let n = points.count, chunk = Self.evaluationChunk
        let chunkCount = (n + chunk - 1) / chunk
        let team = max(1, min(workers, chunkCount))
        // `streams` rows of `n` values, stream-major like a chunk's output buffer.
        var results = [Double](repeating: 0, count: streams * n)
        points.withUnsafeBufferPointer { x in
            results.withUnsafeMutableBufferPointer { r in
                let pass = EvaluationBuffers(parameters: p.baseAddress, points: x.baseAddress, results: r.baseAddress)
                WorkerTeam.run(workers: team) { worker in
                    var layout: BatchLayout? = nil
                    var storage: [S] = []
                    for c in stride(from: worker, to: chunkCount, by: team) {
                        let start = c * chunk, count = min(chunk, n - start)
                        let chunkPoints = UnsafeBufferPointer(start: pass.points! + start, count: count)
                        if layout?.batch != count {
                            layout = BatchLayout(layers: layers, batch: count, streams: streams, family: family)
                            storage = layout!.makeStorage(points: chunkPoints, as: S.self)
                        } else {
                            storage.withUnsafeMutableBufferPointer { s in layout!.loadInputs(points: chunkPoints, into: s.baseAddress!) }
                        }
                        let current = layout!
                        storage.withUnsafeMutableBufferPointer { s in
                            NetworkPasses.forward(current, activation: activation, parameters: pass.parameters!, storage: s.baseAddress!)
                            let output = s.baseAddress! + current.outputOffset
                            for stream in 0..<streams {
                                let row = pass.results! + stream * n + start, column = output + stream * count
                                for i in 0..<count { row[i] = Double(column[i]) }
                            }
                        }
                    }
                }
            }
        }
        func row(_ stream: Int) -> [Double] { stream < streams ? Array(results[(stream * n)..<((stream + 1) * n)]) : [] }
        return (row(0), row(1), row(2))
    }
}

/// The buffers an evaluation's workers share: each writes only its own chunks' entries.
private struct EvaluationBuffers<S: NetworkScalar>: @unchecked Sendable {
    let parameters: UnsafePointer<S>?
    let points: UnsafePointer<Double>?
    /// `streams` rows of `n` results.
    let results: UnsafeMutablePointer<Double>?
}
