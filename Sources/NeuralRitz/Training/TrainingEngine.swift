import PoissonCore
import Synchronization

/// The state and arithmetic of a `RitzTrainer` in one precision `S` (`Double` or `Float`):
/// parameters, chunk buffers, gradients and optimizer moments in `S`, matrix products through
/// `S.gemm` (DGEMM or SGEMM); loss sums accumulated in `Double` (see `PreparedLoss`). Every
/// method is the `RitzTrainer` member of the same name; the type's notes there describe the
/// step, the chunks, the work and the divergence contract.
struct TrainingEngine<S: NetworkScalar>: Sendable {
    let architecture: NetworkArchitecture
    let layers: [LayerParameters]
    let optimizer: OptimizerConfiguration
    let parallelism: TrainingParallelism
    /// The chunks' point ranges, buffers and their offsets into `workspace.storage`.
    let chunks: [Range<Int>]
    let layouts: [BatchLayout]
    let storageOffsets: [Int]
    /// The parameter indices cut into one contiguous range per worker (reduction and update).
    let parameterRanges: [Range<Int>]
    private(set) var prepared: PreparedLoss
    let flopsPerStep: Int
    let initialEvaluationFlops: Int

    /// `θ_k` in `S`.
    private(set) var parameters: [S]
    private(set) var loss: Double
    private(set) var stepCount = 0
    private(set) var flopCount: Int
    /// The chunks' batch buffers, the gradient blocks of chunks `1 ..< C`, the parameter backup
    /// and the loss sums: scratch of a step, shared with the trainer's copies.
    private let workspace: TrainingWorkspace<S>
    /// `∇L(θ_k)` (`P` entries): chunk 0's gradient block, into which the others are summed.
    private var gradient: [S]
    /// Whether every entry of `gradient` is finite, probed while it was summed.
    private var gradientIsFinite = false
    /// `h(x_i)` at the `m` training points at `θ_k`, copied from the chunks' output buffers
    /// before the loss seeds overwrite them.
    private var trainingValues: [S]
    private var firstMoment: [S]
    private var secondMoment: [S]
    private var beta1Power = 1.0
    private var beta2Power = 1.0
    private var failure: DivergenceError?

    init(network: MultilayerPerceptron, trainingPoints: UniformGrid, prepared: PreparedLoss,
         optimizer: OptimizerConfiguration, parallelism: TrainingParallelism) throws {
        let chunks = parallelism.chunks(pointCount: trainingPoints.pointCount)
        let layouts = chunks.map { BatchLayout(layers: network.layers, batch: $0.count, streams: prepared.streams,
                                                family: network.architecture.family) }
        architecture = network.architecture
        layers = network.layers
        self.optimizer = optimizer
        self.parallelism = parallelism
        self.chunks = chunks
        self.layouts = layouts
        self.prepared = prepared
        parameters = network.parameters.map { S($0) }
        var offsets: [Int] = [], storageCount = 0
        for layout in layouts {
            offsets.append(storageCount)
            storageCount += layout.storageCount
        }
        storageOffsets = offsets
        let p = network.parameterCount, workers = min(parallelism.threads, chunks.count)
        parameterRanges = WorkerTeam.ranges(p, parts: workers)
        let workspace = TrainingWorkspace<S>(storageCount: storageCount, chunkCount: chunks.count,
                                             workers: workers, parameterCount: p)
        let coordinates = trainingPoints.coordinates
        for ((range, layout), offset) in zip(zip(chunks, layouts), offsets) {
            coordinates[range].withUnsafeBufferPointer { layout.prepareStorage(points: $0, at: workspace.storage + offset) }
        }
        self.workspace = workspace
        gradient = [S](repeating: 0, count: p)
        trainingValues = [S](repeating: 0, count: trainingPoints.pointCount)
        if case .adam = optimizer {
            firstMoment = [S](repeating: 0, count: p)
            secondMoment = [S](repeating: 0, count: p)
        } else {
            firstMoment = []
            secondMoment = []
        }
        let activation = network.architecture.activation
        let forward = layouts.reduce(0) { $0 + NetworkPasses.forwardFlops($1, activation: activation) }
            + prepared.valueFlops(chunkCount: chunks.count)
        let backward = layouts.reduce(0) { $0 + NetworkPasses.backwardFlops($1, activation: activation) }
            + prepared.seedFlops(chunkCount: chunks.count) + (chunks.count - 1) * p
        // The Fourier embedding of the training points is fixed: computed once, in `init`.
        initialEvaluationFlops = forward + layouts.reduce(0) { $0 + $1.embeddingFlops }
        flopsPerStep = backward + optimizer.updateFlops(parameterCount: p) + forward
        flopCount = initialEvaluationFlops
        loss = .nan
        loss = evaluate()
        guard loss.isFinite else { throw DivergenceError(step: 0, quantity: "loss") }
    }

    /// `RitzTrainer.step()`: the update from the gradient `evaluate()` left, then `evaluate()`
    /// at the new parameters (loss, values and the next step's gradient), holding the
    /// workspace's lock.
    mutating func step() throws {
        if let failure { throw failure }
        let workspace = self.workspace
        try workspace.lock.withLock { _ throws(DivergenceError) in try stepHoldingTheWorkspace() }
    }

    private mutating func stepHoldingTheWorkspace() throws(DivergenceError) {
        let stepIndex = stepCount + 1
        if !gradientIsFinite { return try fail(DivergenceError(step: stepIndex, quantity: "gradient"), restore: false) }
        if !update() { return try fail(DivergenceError(step: stepIndex, quantity: "parameters"), restore: true) }
        let newLoss = evaluate()
        if !newLoss.isFinite { return try fail(DivergenceError(step: stepIndex, quantity: "loss"), restore: true) }
        loss = newLoss
        stepCount = stepIndex
        flopCount += flopsPerStep
    }

    /// The network in `Double` (exact: every `S` value is a `Double`).
    var network: MultilayerPerceptron {
        MultilayerPerceptron(uncheckedArchitecture: architecture, layers: layers,
                             parameters: parameters.map { Double($0) })
    }

    /// `h` on `points`, evaluated in `S`, returned in `Double`; on the trainer's `T` workers
    /// when OpenBLAS runs one thread per call (then the bits do not depend on `T`), else on one.
    func values(at points: [Double]) -> [Double] {
        let workers = BLASRuntime.threadCount == 1 ? parallelism.threads : 1
        return parameters.withUnsafeBufferPointer { p in
            MultilayerPerceptron.evaluate(layers: layers, architecture: architecture, parameters: p,
                                          points: points, streams: 1, workers: workers).values
        }
    }

    var valuesAtTrainingPoints: [Double] { trainingValues.map { Double($0) } }

    var workspaceCount: Int {
        workspace.scalarCount + gradient.count + trainingValues.count + firstMoment.count + secondMoment.count
    }

    var storedActivationCount: Int { layouts.reduce(0) { $0 + $1.activationEntryCount } }

    /// `∇L(θ_k)` as the last evaluation left it (re-evaluated on a copy after a divergence,
    /// whose failed evaluation left it at the rejected parameters).
    func gradientAtCurrentParameters() -> [Double] {
        var copy = self
        if failure != nil {
            let workspace = self.workspace
            workspace.lock.withLock { _ in _ = copy.evaluate() }
        }
        return copy.gradient.map { Double($0) }
    }

    /// `RitzTrainer.matrixProductSeconds()`: as `evaluate()` issues them, every chunk's forward
    /// products and then its backward products on the chunk's worker, on the workspace (scratch
    /// between steps; chunk 0's gradient goes to the parameter backup, not to `gradient`),
    /// holding its lock.
    func matrixProductSeconds() -> Double {
        let layouts = self.layouts, offsets = storageOffsets, chunkCount = chunks.count
        let workers = self.workers, workspace = self.workspace
        return workspace.lock.withLock { _ in
            parameters.withUnsafeBufferPointer { p in
                let pass = ParameterPointer(parameters: p.baseAddress!)
                let (seconds, attoseconds) = ContinuousClock().measure {
                    workspace.team.run { worker in
                        for c in stride(from: worker, to: chunkCount, by: workers) {
                            NetworkPasses.forwardMatrixProducts(layouts[c], parameters: pass.parameters,
                                                                storage: workspace.storage + offsets[c])
                            NetworkPasses.backwardMatrixProducts(layouts[c], parameters: pass.parameters,
                                                                 storage: workspace.storage + offsets[c],
                                                                 gradient: workspace.block(c, chunkZero: workspace.backup))
                        }
                    }
                }.components
                return Double(seconds) + Double(attoseconds) * 1e-18
            }
        }
    }

    /// Workers used, `min(T, C)`: the size of the workspace's team, which the chunk loops stride by.
    private var workers: Int { workspace.team.size }

    private mutating func fail(_ error: DivergenceError, restore: Bool) throws(DivergenceError) {
        if restore {
            // The update left θ_k in the workspace's backup.
            let backup = workspace.backup
            parameters.withUnsafeMutableBufferPointer { p in p.baseAddress!.update(from: backup, count: p.count) }
        }
        failure = error
        throw error
    }

    /// Evaluates the loss and its gradient at the current parameters `θ`, with the workspace
    /// (the caller holds its lock, or owns it alone, in `init`). On its worker, each
    /// chunk runs its forward pass, its loss sum, the copy of its values `h`, its seeds and its
    /// backward pass, one right after the other, so that the backward pass finds the chunk's
    /// activations still in cache; the products and every rounding are those of a forward
    /// sweep over all chunks followed by a backward sweep. Then the chunk gradients are summed
    /// in chunk order into `gradient` (chunk 0's), split by parameter index, and the sum is
    /// probed for non-finite entries (`gradientIsFinite`); one worker, which forms the chunk
    /// gradients in chunk order, adds each to the sum as soon as it is formed, with the same
    /// additions in the same order, so that one block serves every chunk after the first.
    /// Returns `L(θ)`.
    private mutating func evaluate() -> Double {
        let layouts = self.layouts, chunks = self.chunks, offsets = storageOffsets, prepared = self.prepared
        let activation = architecture.activation, workers = self.workers, count = parameters.count
        let chunkCount = chunks.count, ranges = parameterRanges
        let workspace = self.workspace, accumulate = workspace.accumulates, sums = workspace.sums
        var finite = true
        let value = parameters.withUnsafeBufferPointer { p in
            gradient.withUnsafeMutableBufferPointer { g in
                trainingValues.withUnsafeMutableBufferPointer { h in
                    let pass = EvaluationPointers(parameters: p.baseAddress!, gradient: g.baseAddress!, values: h.baseAddress!)
                    workspace.team.run { worker in
                        for c in stride(from: worker, to: chunkCount, by: workers) {
                            let base = workspace.storage + offsets[c], range = chunks[c]
                            let output = base + layouts[c].outputOffset
                            let block = workspace.block(c, chunkZero: pass.gradient)
                            NetworkPasses.forward(layouts[c], activation: activation, parameters: pass.parameters, storage: base)
                            workspace.sums[c] = prepared.partialValue(output, range: range)
                            (pass.values + range.lowerBound).update(from: output, count: range.count)
                            prepared.seed(output, range: range)
                            NetworkPasses.backward(layouts[c], activation: activation, parameters: pass.parameters,
                                                   storage: base, gradient: block)
                            if accumulate && c > 0 { Self.add(block, into: pass.gradient, count: count) }
                        }
                    }
                    if chunkCount == 1 || accumulate {
                        finite = Self.allFinite(pass.gradient, count: count)
                    } else {
                        workspace.team.run { worker in
                            guard worker < ranges.count else { return }     // fewer parameters than workers
                            let range = ranges[worker], sum = pass.gradient + range.lowerBound
                            for c in 1..<chunkCount {
                                Self.add(workspace.block(c, chunkZero: pass.gradient) + range.lowerBound, into: sum, count: range.count)
                            }
                            workspace.sums[chunkCount + worker] = Self.allFinite(sum, count: range.count) ? 0 : 1
                        }
                        for worker in 0..<ranges.count where sums[chunkCount + worker] != 0 { finite = false }
                    }
                    return prepared.value(partials: UnsafeBufferPointer(start: sums, count: chunkCount),
                                          first: Double(h[0]), last: Double(h[h.count - 1]))
                }
            }
        }
        gradientIsFinite = finite
        return value
    }

    /// `sum[i] += block[i]` for `i < count` (one chunk's term of the chunk-order gradient sum).
    private static func add(_ block: UnsafePointer<S>, into sum: UnsafeMutablePointer<S>, count: Int) {
        for i in 0..<count { sum[i] += block[i] }
    }

    /// Whether `values[0..<count]` are all finite: `v·0` is 0 for a finite entry and NaN
    /// otherwise. An integer OR, not a floating sum, so that the loop vectorises (a
    /// floating-point sum must keep its order: scalar).
    private static func allFinite(_ values: UnsafePointer<S>, count: Int) -> Bool {
        var bad: UInt32 = 0
        for i in 0..<count { bad |= values[i] * 0 != 0 ? 1 : 0 }
        return bad == 0
    }

    /// `θ ← U(θ, g)` with `g = gradient`, keeping the old `θ` in the workspace's backup; split over
    /// the workers by parameter index; false if a new parameter is not finite. The per-step
    /// constants are formed in `Double` and rounded to `S` once.
    private mutating func update() -> Bool {
        let ranges = parameterRanges
        let rule: UpdateRule<S>
        switch optimizer {
        case .gradientDescent(let rate):
            rule = .gradientDescent(rate: S(rate))
        case .adam(let rate, let beta1, let beta2, let epsilon):
            beta1Power *= beta1
            beta2Power *= beta2
            let c1 = 1 - beta1Power, root2 = (1 - beta2Power).squareRoot()
            rule = .adam(stepSize: S(rate * root2 / c1), epsilonHat: S(epsilon * root2), beta1: S(beta1),
                         beta2: S(beta2), oneMinusBeta1: S(1 - beta1), oneMinusBeta2: S(1 - beta2))
        }
        let probes = workspace.sums + chunks.count, backup = workspace.backup
        return parameters.withUnsafeMutableBufferPointer { p in
            gradient.withUnsafeBufferPointer { g in
                firstMoment.withUnsafeMutableBufferPointer { m in
                    secondMoment.withUnsafeMutableBufferPointer { v in
                        let pointers = UpdatePointers(parameters: p.baseAddress!, gradient: g.baseAddress!,
                                                      backup: backup, first: m.baseAddress, second: v.baseAddress,
                                                      probes: probes)
                        workspace.team.run { worker in
                            guard worker < ranges.count else { return }     // fewer parameters than workers
                            pointers.probes[worker] = rule.apply(pointers, range: ranges[worker]) ? 0 : 1
                        }
                        var probe = 0.0
                        for worker in 0..<ranges.count { probe += probes[worker] }
                        return probe == 0
                    }
                }
            }
        }
    }
}

/// The trainer's own buffers an evaluation's workers share (the rest is the workspace's); each
/// worker writes only its own chunks' values, then its own index range of the gradient sum.
private struct EvaluationPointers<S: NetworkScalar>: @unchecked Sendable {
    let parameters: UnsafePointer<S>
    /// Chunk 0's gradient block, which receives the sum.
    let gradient: UnsafeMutablePointer<S>
    let values: UnsafeMutablePointer<S>
}

/// The parameters `matrixProductSeconds`' workers read.
private struct ParameterPointer<S: NetworkScalar>: @unchecked Sendable {
    let parameters: UnsafePointer<S>
}

/// The scratch memory of a trainer's steps: the chunks' batch buffers (`BatchLayout`), the
/// gradient blocks of chunks `1 ..< C` (one block with one worker), the backup of the
/// parameters that a step keeps for an exact restore, and the chunks' loss sums and the
/// workers' probes — allocated once, in `init`. Nothing in it outlives a step: an evaluation
/// writes every entry of the batch buffers it reads, except their inputs (points, scales,
/// Fourier embedding) and constant rows, which depend only on the training points and are
/// never written after `init`. So the copies of a trainer share one workspace (a copy that
/// steps while the original is kept — the hybrid driver steps its setup's trainer so — would
/// otherwise duplicate it: 164 MB for the paper's network in float64), and a copy trains to
/// the same bits as it would alone; `lock` makes the steps of copies on different threads
/// take turns. The workspace also holds the team of worker threads that runs the steps.
final class TrainingWorkspace<S: NetworkScalar>: @unchecked Sendable {
    let storage: UnsafeMutablePointer<S>
    let storageCount: Int
    let blocks: UnsafeMutablePointer<S>
    let blockCount: Int
    /// One worker: a single gradient block serves chunks `1 ..< C` (`evaluate` adds each chunk's
    /// gradient to the sum as soon as it is formed).
    let accumulates: Bool
    let backup: UnsafeMutablePointer<S>
    let parameterCount: Int
    /// The chunks' loss sums (`C`), then the workers' finiteness probes (`T`).
    let sums: UnsafeMutablePointer<Double>
    let sumCount: Int
    /// Held by a step (and by `matrixProductSeconds`, and an evaluation on a copy) for as long
    /// as it uses the workspace.
    let lock = Mutex<Void>(())
    /// The step's workers (`T`: the caller and `T − 1` threads of the team's own).
    let team: WorkerTeam

    /// `storageCount` scalars of batch buffers, `C − 1` gradient blocks (1 for one worker),
    /// the backup (`P` each) and `C + T` sums, all zeroed (`BatchLayout.prepareStorage` then fills in the
    /// chunks' inputs).
    init(storageCount: Int, chunkCount: Int, workers: Int, parameterCount: Int) {
        self.storageCount = storageCount
        storage = .allocate(capacity: max(1, storageCount))
        storage.initialize(repeating: 0, count: storageCount)
        accumulates = workers == 1 && chunkCount > 1
        blockCount = (accumulates ? 1 : chunkCount - 1) * parameterCount
        blocks = .allocate(capacity: max(1, blockCount))
        blocks.initialize(repeating: 0, count: blockCount)
        self.parameterCount = parameterCount
        backup = .allocate(capacity: max(1, parameterCount))
        backup.initialize(repeating: 0, count: parameterCount)
        sumCount = chunkCount + workers
        sums = .allocate(capacity: sumCount)
        sums.initialize(repeating: 0, count: sumCount)
        team = WorkerTeam(size: workers)
    }

    deinit {
        storage.deallocate()
        blocks.deallocate()
        backup.deallocate()
        sums.deallocate()
    }

    /// Chunk `c`'s gradient block: `chunkZero` for chunk 0 (the trainer's gradient, or the
    /// backup in `matrixProductSeconds`), else one of `blocks` (`P` apart, or the same one for
    /// every chunk when `accumulates`).
    func block(_ c: Int, chunkZero: UnsafeMutablePointer<S>) -> UnsafeMutablePointer<S> {
        c == 0 ? chunkZero : blocks + (accumulates ? 0 : (c - 1) * parameterCount)
    }

    /// Scalars held: batch buffers, gradient blocks and backup.
    var scalarCount: Int { storageCount + blockCount + parameterCount }
}

/// The buffers of an optimizer update; each worker writes only its own index range.
private struct UpdatePointers<S: NetworkScalar>: @unchecked Sendable {
    let parameters: UnsafeMutablePointer<S>
    let gradient: UnsafePointer<S>
    let backup: UnsafeMutablePointer<S>
    let first: UnsafeMutablePointer<S>?
    let second: UnsafeMutablePointer<S>?
    let probes: UnsafeMutablePointer<Double>
}

/// One step's optimizer arithmetic with its per-step constants (see `OptimizerConfiguration`).
private enum UpdateRule<S: NetworkScalar>: Sendable {
    case gradientDescent(rate: S)
    case adam(stepSize: S, epsilonHat: S, beta1: S, beta2: S, oneMinusBeta1: S, oneMinusBeta2: S)

    /// Updates the parameters in `range` (old values into `backup`); returns whether
    /// every new parameter is finite (`new·0 == 0`). The probe is an integer OR, which lets the
    /// loop vectorise; as a floating-point sum (whose order the compiler must keep) it kept the
    /// loop scalar, one `sqrt` and one division per parameter: 3 % of a float32 step of the
    /// small network.
    func apply(_ b: UpdatePointers<S>, range: Range<Int>) -> Bool {
        var bad: UInt32 = 0
        // Pointers offset to the range's start and a loop from 0: with `for i in range` the
        // loop kept a bounds test per index and did not vectorise.
        let start = range.lowerBound, count = range.count
        let p = b.parameters + start, g = b.gradient + start, old = b.backup + start
        switch self {
        case .gradientDescent(let rate):
            for i in 0..<count {
                let previous = p[i]
                let new = previous - rate * g[i]
                old[i] = previous
                p[i] = new
                bad |= new * 0 != 0 ? 1 : 0
            }
        case .adam(let stepSize, let epsilonHat, let beta1, let beta2, let oneMinusBeta1, let oneMinusBeta2):
            let m = b.first! + start, v = b.second! + start
            for i in 0..<count {
                let gi = g[i]
                let mi = beta1 * m[i] + oneMinusBeta1 * gi
                let vi = beta2 * v[i] + oneMinusBeta2 * (gi * gi)
                let previous = p[i]
                let new = previous - stepSize * mi / (vi.squareRoot() + epsilonHat)
                m[i] = mi
                v[i] = vi
                old[i] = previous
                p[i] = new
                bad |= new * 0 != 0 ? 1 : 0
            }
        }
        return bad == 0
    }
}

extension TrainingEngine {
    /// `RitzTrainer.replaceSource(samples:)`: the source replaced, parameters and optimizer
    /// state kept, the loss re-evaluated (a forward pass, counted with the source's own
    /// arithmetic, `PreparedLoss.sourceReplacementFlops`).
    mutating func replaceSource(samples: [Double]) throws {
        prepared = try prepared.replacingSource(samples: samples)
        failure = nil
        let workspace = self.workspace
        loss = workspace.lock.withLock { _ in evaluate() }
        flopCount += initialEvaluationFlops + prepared.sourceReplacementFlops
        guard loss.isFinite else { throw DivergenceError(step: stepCount, quantity: "loss") }
    }
}
