import PoissonCore

/// Full-batch training of a `MultilayerPerceptron` on a `PoissonProblem`, as a steppable
/// solver: one `step()` is exactly one optimizer step on the loss over all training points.
///
/// **Step anatomy.** The trainer always holds the forward state (activations and tangents)
/// of its *current* parameters `θ_k`, and `loss = L(θ_k)`. `step()` then
/// 1. seeds the loss derivatives and runs the backward pass at `θ_k` → gradient `g_k`,
/// 2. applies the optimizer: `θ_{k+1} = U(θ_k, g_k)`,
/// 3. runs the forward pass (values and input tangents) at `θ_{k+1}` and evaluates
///    `loss = L(θ_{k+1})`.
///
/// So `loss`, `network` and `values(on:)` always describe the same parameters, and a record
/// taken after step `k` (or at `k = 0`, right after `init`) is consistent. `init` runs the
/// first forward pass (`initialEvaluationFlops`).
///
/// **Work.** `flopsPerStep` = backward (seeds, GEMMs, elementwise) + update + forward (GEMMs,
/// activations, loss value); a GEMM counts `2mnk`, each elementwise add, multiply, division and
/// each activation evaluation (tanh, sigmoid, sin, cos, relu and its step) counts 1 (the
/// per-entry constants are in `ActivationKernels.swift`). `flopCount = initialEvaluationFlops
/// + stepCount · flopsPerStep`. The finiteness checks of the divergence contract are not
/// counted (they are tests, not arithmetic of the method). For Ritz training (`S = 2`
/// streams) on `m` points with widths `d_l`, the three GEMMs per layer `l ≥ 2` (forward,
/// gradient, adjoint) dominate: `≈ 3 · 2 · 2m · Σ_{l≥2} d_l (d_{l−1} + 1)`; `matrixProductsPerStep`
/// lists them. The paper's 1-4000-500-400-1 network on 1001 points: 2.66e10 flops a step.
///
/// **Chunks and threads** (`TrainingParallelism`). The training points are split into `C`
/// fixed contiguous chunks; each chunk has its own `BatchLayout` buffers and gradient copy, and
/// its passes run with one-thread GEMMs on one of `T` workers (chunk `c` on worker `c mod T`).
/// The loss is `Σ_c (chunk sums)` in chunk order plus the boundary terms; the gradient is
/// `g = Σ_c g_c` in chunk order (`(C − 1) P` adds, split over the workers by parameter index);
/// the optimizer update is split by parameter index too. With `C = 1` this is the plain
/// full-batch pass. Every sum's order depends on `C` only, never on `T`.
///
/// **Memory**, allocated once in `init`, none per step: the batch buffers of the chunks'
/// `BatchLayout`s (together `≈ S m (Σ_{l≥1} (d_l + 1) + Σ_{l≥2} d_l)` doubles, `S` = 2 for Ritz,
/// 1 for least squares), `C` gradient copies (`C P` doubles) and, for Adam, two moment vectors
/// (`2P`). `workspaceCount` reports the total.

/// **Divergence.** A non-finite gradient, updated parameter or loss makes `step()` throw
/// `DivergenceError(step: stepCount + 1, quantity: "gradient" | "parameters" | "loss")` and
/// leaves `network` and `loss` at the last finite state `θ_k`, `L(θ_k)` (the parameters are
/// restored exactly from a backup kept in the gradient buffer); `stepCount` and `flopCount`
/// are unchanged. The optimizer moments are not rolled back, so the trainer is then spent:
/// every later `step()` rethrows the same error.
///
/// **Determinism.** Same network, points, loss, optimizer, BLAS kernels and chunk count → the
/// same bits every run and for every worker count `T` (tested for 1, 2 and 3 workers), given
/// one-thread BLAS calls (the package's default; see `TrainingParallelism`): the trainer's own
/// reductions run in a fixed order and a one-thread DGEMM is deterministic. A different chunk
/// count or different kernels change the round-off, hence the trajectory's last bits.
public struct RitzTrainer: IterativeStepper, Sendable {
    /// The current parameters `θ_k`.
    public private(set) var network: MultilayerPerceptron
    /// The problem: its source `g` and boundary values enter the Ritz loss.
    public let problem: PoissonProblem
    /// The training points (a uniform grid on the problem's interval, ends included).
    public let trainingPoints: UniformGrid
    /// The objective.
    public let objective: TrainingLoss
    /// The optimizer.
    public let optimizer: OptimizerConfiguration
    /// `L(θ_k)`: the loss at the **current** parameters (after the last update; at
    /// `stepCount == 0`, the loss of the initial network).
    public private(set) var loss: Double
    /// Optimizer steps performed.
    public private(set) var stepCount = 0
    /// Exact flops done so far: `initialEvaluationFlops + stepCount · flopsPerStep`.
    public private(set) var flopCount: Int
    /// Exact flops of one `step()` (backward + update + forward + loss; see the type's notes).
    public let flopsPerStep: Int
    /// Exact flops of the forward pass and loss evaluation done by `init`.
    public let initialEvaluationFlops: Int

    /// How the points are chunked and how many workers run the chunks.
    public let parallelism: TrainingParallelism

    /// The chunks' point ranges, buffers and their offsets into `storage`.
    private let chunks: [Range<Int>]
    private let layouts: [BatchLayout]
    private let storageOffsets: [Int]
    /// The parameter indices cut into one contiguous range per worker (reduction and update).
    private let parameterRanges: [Range<Int>]
    private let prepared: PreparedLoss
    private var storage: [Double]
    /// `C` gradient blocks of `P`: chunk `c`'s at `c P`; block 0 receives the sum (the gradient).
    private var gradients: [Double]
    /// Per-chunk loss sums, then per-worker finiteness probes (`C + T` entries).
    private var scratch: [Double]
    private var firstMoment: [Double]
    private var secondMoment: [Double]
    private var beta1Power = 1.0
    private var beta2Power = 1.0
    private var failure: DivergenceError?

    /// Prepares training: validates the hyper-parameters, samples `g` (or the fit target) on
    /// `trainingPoints`, allocates every buffer, and runs the forward pass at the initial
    /// parameters so that `loss` is defined.
    ///
    /// Throws `NeuralError` for bad hyper-parameters or training points that do not span the
    /// problem's interval, `PoissonError` when `g` is not finite at a training point, and
    /// `DivergenceError(step: 0, quantity: "loss")` when the initial loss is not finite.
    /// `parallelism` defaults to `TrainingParallelism(pointCount:)` (chunks by the point count,
    /// a worker per available processor).
    public init(network: MultilayerPerceptron, problem: PoissonProblem, trainingPoints: UniformGrid,
                loss: TrainingLoss, optimizer: OptimizerConfiguration,
                parallelism: TrainingParallelism? = nil) throws {
        try network.architecture.validate()
        try optimizer.validate()
        guard trainingPoints.lower == problem.lower, trainingPoints.upper == problem.upper else {
            throw NeuralError.domainMismatch(problemLower: problem.lower, problemUpper: problem.upper,
                                             gridLower: trainingPoints.lower, gridUpper: trainingPoints.upper)
        }
        let prepared = try PreparedLoss(loss, problem: problem, grid: trainingPoints)
        let parallelism = parallelism ?? TrainingParallelism(pointCount: trainingPoints.pointCount)
        let chunks = parallelism.chunks(pointCount: trainingPoints.pointCount)
        let layouts = chunks.map { BatchLayout(layers: network.layers, batch: $0.count, streams: prepared.streams) }
        self.network = network
        self.problem = problem
        self.trainingPoints = trainingPoints
        self.objective = loss
        self.optimizer = optimizer
        self.parallelism = parallelism
        self.chunks = chunks
        self.layouts = layouts
        self.prepared = prepared
        var offsets: [Int] = [], storage: [Double] = []
        let coordinates = trainingPoints.coordinates
        for (range, layout) in zip(chunks, layouts) {
            offsets.append(storage.count)
            storage += coordinates[range].withUnsafeBufferPointer { layout.makeStorage(points: $0) }
        }
        storageOffsets = offsets
        parameterRanges = WorkerTeam.ranges(network.parameterCount, parts: min(parallelism.threads, chunks.count))
        self.storage = storage
        let p = network.parameterCount
        gradients = [Double](repeating: 0, count: chunks.count * p)
        scratch = [Double](repeating: 0, count: chunks.count + parallelism.threads)
        if case .adam = optimizer {
            firstMoment = [Double](repeating: 0, count: p)
            secondMoment = [Double](repeating: 0, count: p)
        } else {
            firstMoment = []
            secondMoment = []
        }
        let activation = network.architecture.activation
        let forward = layouts.reduce(0) { $0 + NetworkPasses.forwardFlops($1, activation: activation) }
            + prepared.valueFlops(chunkCount: chunks.count)
        let backward = layouts.reduce(0) { $0 + NetworkPasses.backwardFlops($1, activation: activation) }
            + prepared.seedFlops(chunkCount: chunks.count) + (chunks.count - 1) * p
        initialEvaluationFlops = forward
        flopsPerStep = backward + optimizer.updateFlops(parameterCount: p) + forward
        flopCount = forward
        self.loss = .nan
        self.loss = forwardAndLoss()
        guard self.loss.isFinite else { throw DivergenceError(step: 0, quantity: "loss") }
    }

    /// Performs one full-batch optimizer step (see the type's notes for the anatomy, the work
    /// and the divergence contract). No allocation.
    public mutating func step() throws {
        if let failure { throw failure }
        let stepIndex = stepCount + 1
        backward()
        if !gradientIsFinite() { return try fail(DivergenceError(step: stepIndex, quantity: "gradient"), restore: false) }
        if !update() { return try fail(DivergenceError(step: stepIndex, quantity: "parameters"), restore: true) }
        let newLoss = forwardAndLoss()
        if !newLoss.isFinite { return try fail(DivergenceError(step: stepIndex, quantity: "loss"), restore: true) }
        loss = newLoss
        stepCount = stepIndex
        flopCount += flopsPerStep
    }

    /// The network evaluated on any grid (e.g. the solver's): `h(x_j)` for its `n` points,
    /// boundary included. Allocates; costs `network.evaluationFlops(pointCount: n,
    /// withDerivatives: false)`, which is not added to `flopCount`.
    public func values(on grid: UniformGrid) -> [Double] {
        network.values(at: grid.coordinates)
    }

    /// `h(x_i)` at the training points from the forward pass of the current parameters (no
    /// new work; a copy). Equal to `values(on: trainingPoints)` up to GEMM blocking round-off.
    /// Meaningless after a `DivergenceError` (the buffers then hold the failed step's state).
    public var valuesAtTrainingPoints: [Double] {
        var values: [Double] = []
        values.reserveCapacity(trainingPoints.pointCount)
        for (offset, layout) in zip(storageOffsets, layouts) {
            let start = offset + layout.outputOffset
            values += storage[start..<(start + layout.batch)]
        }
        return values
    }

    /// Every matrix product of one `step()`, per chunk (chunk `c` at index `c`), in the order
    /// each chunk's worker issues them (backward, then forward); `Σ flops` over all is the GEMM
    /// part of `flopsPerStep`. Benchmarks replay these shapes with plain one-thread
    /// `BLASRuntime.multiply` on the same workers to rate a step against the GEMMs alone.
    public var matrixProductsPerChunk: [[GEMMShape]] {
        layouts.map { NetworkPasses.backwardProducts($0) + NetworkPasses.forwardProducts($0) }
    }

    /// `matrixProductsPerChunk`, flattened in chunk order.
    public var matrixProductsPerStep: [GEMMShape] { matrixProductsPerChunk.flatMap { $0 } }

    /// Doubles held for training: batch buffers, the chunks' gradients, optimizer moments and
    /// scratch (parameters not included), for memory budgets.
    public var workspaceCount: Int {
        storage.count + gradients.count + scratch.count + firstMoment.count + secondMoment.count
    }

    /// Doubles of the stored hidden activations and tangents `[a | ȧ]`, `Σ_l d_l · S m`.
    public var storedActivationCount: Int { layouts.reduce(0) { $0 + $1.activationEntryCount } }

    // MARK: - Internals

    /// `∇_θ L(θ_k)` at the current parameters, without changing the trainer (works on a copy
    /// of the buffers; allocates). For tests and diagnostics.
    func gradientAtCurrentParameters() -> [Double] {
        var copy = self
        copy.backward()
        return Array(copy.gradients[0..<network.parameterCount])
    }

    /// Workers used: `min(T, C)`.
    private var workers: Int { min(parallelism.threads, chunks.count) }

    private mutating func fail(_ error: DivergenceError, restore: Bool) throws {
        if restore {
            // The update left θ_k in gradient block 0.
            network.parameters.withUnsafeMutableBufferPointer { p in
                gradients.withUnsafeBufferPointer { backup in
                    p.baseAddress!.update(from: backup.baseAddress!, count: p.count)
                }
            }
        }
        failure = error
        throw error
    }

    /// Forward pass of every chunk at the current parameters, and the loss value.
    private mutating func forwardAndLoss() -> Double {
        let layouts = self.layouts, chunks = self.chunks, offsets = storageOffsets, prepared = self.prepared
        let activation = network.architecture.activation, workers = self.workers
        return network.parameters.withUnsafeBufferPointer { p in
            storage.withUnsafeMutableBufferPointer { s in
                scratch.withUnsafeMutableBufferPointer { partials in
                    let pass = SharedPointers(parameters: p.baseAddress!, storage: s.baseAddress!, scratch: partials.baseAddress!)
                    WorkerTeam.run(workers: workers) { worker in
                        for c in stride(from: worker, to: chunks.count, by: workers) {
                            let base = pass.storage + offsets[c]
                            NetworkPasses.forward(layouts[c], activation: activation, parameters: pass.parameters, storage: base)
                            pass.scratch[c] = prepared.partialValue(base + layouts[c].outputOffset, range: chunks[c])
                        }
                    }
                    let last = chunks.count - 1
                    return prepared.value(partials: UnsafeBufferPointer(rebasing: partials[0..<chunks.count]),
                                          first: s[offsets[0] + layouts[0].outputOffset],
                                          last: s[offsets[last] + layouts[last].outputOffset + chunks[last].count - 1])
                }
            }
        }
    }

    /// Seeds and backward pass of every chunk at the current parameters, then the chunk
    /// gradients summed in chunk order into block 0.
    private mutating func backward() {
        let layouts = self.layouts, chunks = self.chunks, offsets = storageOffsets, prepared = self.prepared
        let activation = network.architecture.activation, workers = self.workers, count = network.parameterCount
        network.parameters.withUnsafeBufferPointer { p in
            storage.withUnsafeMutableBufferPointer { s in
                gradients.withUnsafeMutableBufferPointer { g in
                    let pass = SharedPointers(parameters: p.baseAddress!, storage: s.baseAddress!, scratch: g.baseAddress!)
                    WorkerTeam.run(workers: workers) { worker in
                        for c in stride(from: worker, to: chunks.count, by: workers) {
                            let base = pass.storage + offsets[c]
                            prepared.seed(base + layouts[c].outputOffset, range: chunks[c])
                            NetworkPasses.backward(layouts[c], activation: activation, parameters: pass.parameters,
                                                   storage: base, gradient: pass.scratch + c * count)
                        }
                    }
                    guard chunks.count > 1 else { return }
                    let ranges = parameterRanges
                    WorkerTeam.run(workers: ranges.count) { worker in
                        let range = ranges[worker], sum = pass.scratch
                        for c in 1..<chunks.count {
                            let block = pass.scratch + c * count
                            for i in range { sum[i] += block[i] }
                        }
                    }
                }
            }
        }
    }

    private func gradientIsFinite() -> Bool {
        gradients.withUnsafeBufferPointer { g in
            var probe = 0.0
            for i in 0..<network.parameterCount { probe += g[i] * 0 }   // 0 for finite entries, NaN otherwise
            return probe == 0
        }
    }

    /// `θ ← U(θ, g)`, keeping the old `θ` in gradient block 0; split over the workers by
    /// parameter index; false if a new parameter is not finite.
    private mutating func update() -> Bool {
        let count = network.parameterCount
        let ranges = parameterRanges
        let rule: UpdateRule
        switch optimizer {
        case .gradientDescent(let rate):
            rule = .gradientDescent(rate: rate)
        case .adam(let rate, let beta1, let beta2, let epsilon):
            beta1Power *= beta1
            beta2Power *= beta2
            let c1 = 1 - beta1Power, root2 = (1 - beta2Power).squareRoot()
            rule = .adam(stepSize: rate * root2 / c1, epsilonHat: epsilon * root2, beta1: beta1, beta2: beta2)
        }
        let probeBase = chunks.count
        return network.parameters.withUnsafeMutableBufferPointer { p in
            gradients.withUnsafeMutableBufferPointer { g in
                firstMoment.withUnsafeMutableBufferPointer { m in
                    secondMoment.withUnsafeMutableBufferPointer { v in
                        scratch.withUnsafeMutableBufferPointer { probes in
                            let pointers = UpdatePointers(parameters: p.baseAddress!, gradient: g.baseAddress!,
                                                          first: m.baseAddress, second: v.baseAddress,
                                                          probes: probes.baseAddress! + probeBase)
                            WorkerTeam.run(workers: ranges.count) { worker in
                                pointers.probes[worker] = rule.apply(pointers, range: ranges[worker])
                            }
                            var probe = 0.0
                            for worker in 0..<ranges.count { probe += probes[probeBase + worker] }
                            return probe == 0
                        }
                    }
                }
            }
        }
    }
}

/// The raw buffers a pass's workers share; each worker writes only its own chunks' parts.
private struct SharedPointers: @unchecked Sendable {
    let parameters: UnsafePointer<Double>
    let storage: UnsafeMutablePointer<Double>
    let scratch: UnsafeMutablePointer<Double>
}

/// The buffers of an optimizer update; each worker writes only its own index range.
private struct UpdatePointers: @unchecked Sendable {
    let parameters: UnsafeMutablePointer<Double>
    let gradient: UnsafeMutablePointer<Double>
    let first: UnsafeMutablePointer<Double>?
    let second: UnsafeMutablePointer<Double>?
    let probes: UnsafeMutablePointer<Double>
}

/// One step's optimizer arithmetic with its per-step constants (see `OptimizerConfiguration`).
private enum UpdateRule: Sendable {
    case gradientDescent(rate: Double)
    case adam(stepSize: Double, epsilonHat: Double, beta1: Double, beta2: Double)

    /// Updates the parameters in `range` (old values into the gradient buffer); returns the
    /// finiteness probe `Σ new·0` (0, or NaN if some new parameter is not finite).
    func apply(_ b: UpdatePointers, range: Range<Int>) -> Double {
        var probe = 0.0
        let p = b.parameters, g = b.gradient
        switch self {
        case .gradientDescent(let rate):
            for i in range {
                let old = p[i]
                let new = old - rate * g[i]
                g[i] = old
                p[i] = new
                probe += new * 0
            }
        case .adam(let stepSize, let epsilonHat, let beta1, let beta2):
            let m = b.first!, v = b.second!
            let oneMinusBeta1 = 1 - beta1, oneMinusBeta2 = 1 - beta2
            for i in range {
                let gi = g[i]
                let mi = beta1 * m[i] + oneMinusBeta1 * gi
                let vi = beta2 * v[i] + oneMinusBeta2 * (gi * gi)
                let old = p[i]
                let new = old - stepSize * mi / (vi.squareRoot() + epsilonHat)
                m[i] = mi
                v[i] = vi
                g[i] = old
                p[i] = new
                probe += new * 0
            }
        }
        return probe
    }
}
