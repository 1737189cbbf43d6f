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
/// **Memory**, allocated once in `init`, none per step: the batch buffers of `BatchLayout`
/// (`≈ S m (Σ_{l≥1} (d_l + 1) + Σ_{l≥2} d_l)` doubles, `S` = 2 for Ritz, 1 for least squares),
/// the gradient (`P` doubles) and, for Adam, two moment vectors (`2P`). `workspaceCount`
/// reports the total.

/// **Divergence.** A non-finite gradient, updated parameter or loss makes `step()` throw
/// `DivergenceError(step: stepCount + 1, quantity: "gradient" | "parameters" | "loss")` and
/// leaves `network` and `loss` at the last finite state `θ_k`, `L(θ_k)` (the parameters are
/// restored exactly from a backup kept in the gradient buffer); `stepCount` and `flopCount`
/// are unchanged. The optimizer moments are not rolled back, so the trainer is then spent:
/// every later `step()` rethrows the same error.
///
/// **Determinism.** Same network, points, loss, optimizer, BLAS kernels and BLAS thread count
/// → the same bits every run: the trainer's own reductions run in a fixed order, and
/// OpenBLAS's DGEMM is deterministic for a fixed thread count (tested for 1 and 2 threads).
/// Different thread counts or kernels change the round-off, hence the trajectory's last bits.
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

    private let layout: BatchLayout
    private let prepared: PreparedLoss
    private var storage: [Double]
    private var gradient: [Double]
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
    public init(network: MultilayerPerceptron, problem: PoissonProblem, trainingPoints: UniformGrid,
                loss: TrainingLoss, optimizer: OptimizerConfiguration) throws {
        try network.architecture.validate()
        try optimizer.validate()
        guard trainingPoints.lower == problem.lower, trainingPoints.upper == problem.upper else {
            throw NeuralError.domainMismatch(problemLower: problem.lower, problemUpper: problem.upper,
                                             gridLower: trainingPoints.lower, gridUpper: trainingPoints.upper)
        }
        let prepared = try PreparedLoss(loss, problem: problem, grid: trainingPoints)
        let layout = BatchLayout(layers: network.layers, batch: trainingPoints.pointCount, streams: prepared.streams)
        self.network = network
        self.problem = problem
        self.trainingPoints = trainingPoints
        self.objective = loss
        self.optimizer = optimizer
        self.layout = layout
        self.prepared = prepared
        storage = trainingPoints.coordinates.withUnsafeBufferPointer { layout.makeStorage(points: $0) }
        gradient = [Double](repeating: 0, count: network.parameterCount)
        if case .adam = optimizer {
            firstMoment = [Double](repeating: 0, count: network.parameterCount)
            secondMoment = [Double](repeating: 0, count: network.parameterCount)
        } else {
            firstMoment = []
            secondMoment = []
        }
        let forward = NetworkPasses.forwardFlops(layout, activation: network.architecture.activation) + prepared.valueFlops
        initialEvaluationFlops = forward
        flopsPerStep = prepared.seedFlops + NetworkPasses.backwardFlops(layout, activation: network.architecture.activation)
            + optimizer.updateFlops(parameterCount: network.parameterCount) + forward
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
        Array(storage[layout.outputOffset..<(layout.outputOffset + layout.batch)])
    }

    /// Every matrix product of one `step()`, in the order issued (backward, then forward);
    /// `Σ flops` is the GEMM part of `flopsPerStep`. Benchmarks replay these shapes with plain
    /// `BLASRuntime.multiply` to rate a step against DGEMM.
    public var matrixProductsPerStep: [GEMMShape] {
        NetworkPasses.backwardProducts(layout) + NetworkPasses.forwardProducts(layout)
    }

    /// Doubles held for training: batch buffers, gradient and optimizer moments (parameters
    /// not included), for memory budgets.
    public var workspaceCount: Int { storage.count + gradient.count + firstMoment.count + secondMoment.count }

    /// Doubles of the stored hidden activations and tangents `[a | ȧ]`, `Σ_l d_l · S m`.
    public var storedActivationCount: Int { layout.activationEntryCount }

    // MARK: - Internals

    /// `∇_θ L(θ_k)` at the current parameters, without changing the trainer (works on a copy
    /// of the buffers; allocates). For tests and diagnostics.
    func gradientAtCurrentParameters() -> [Double] {
        var copy = self
        copy.backward()
        return copy.gradient
    }

    private mutating func fail(_ error: DivergenceError, restore: Bool) throws {
        if restore {
            // The update left θ_k in the gradient buffer.
            network.parameters.withUnsafeMutableBufferPointer { p in
                gradient.withUnsafeBufferPointer { backup in
                    p.baseAddress!.update(from: backup.baseAddress!, count: backup.count)
                }
            }
        }
        failure = error
        throw error
    }

    /// Forward pass at the current parameters and the loss value.
    private mutating func forwardAndLoss() -> Double {
        let layout = self.layout, activation = network.architecture.activation, prepared = self.prepared
        return network.parameters.withUnsafeBufferPointer { p in
            storage.withUnsafeMutableBufferPointer { s in
                NetworkPasses.forward(layout, activation: activation, parameters: p.baseAddress!, storage: s.baseAddress!)
                return prepared.value(s.baseAddress! + layout.outputOffset)
            }
        }
    }

    /// Seeds and backward pass at the current parameters into `gradient`.
    private mutating func backward() {
        let layout = self.layout, prepared = self.prepared
        network.parameters.withUnsafeBufferPointer { p in
            storage.withUnsafeMutableBufferPointer { s in
                gradient.withUnsafeMutableBufferPointer { g in
                    prepared.seed(s.baseAddress! + layout.outputOffset)
                    NetworkPasses.backward(layout, activation: network.architecture.activation, parameters: p.baseAddress!, storage: s.baseAddress!,
                                           gradient: g.baseAddress!)
                }
            }
        }
    }

    private func gradientIsFinite() -> Bool {
        gradient.withUnsafeBufferPointer { g in
            var probe = 0.0
            for value in g { probe += value * 0 }   // 0 for finite entries, NaN otherwise
            return probe == 0
        }
    }

    /// `θ ← U(θ, g)`, keeping the old `θ` in the gradient buffer; false if a new parameter is
    /// not finite.
    private mutating func update() -> Bool {
        var probe = 0.0
        switch optimizer {
        case .gradientDescent(let rate):
            network.parameters.withUnsafeMutableBufferPointer { p in
                gradient.withUnsafeMutableBufferPointer { g in
                    for i in 0..<p.count {
                        let old = p[i]
                        let new = old - rate * g[i]
                        g[i] = old
                        p[i] = new
                        probe += new * 0
                    }
                }
            }
        case .adam(let rate, let beta1, let beta2, let epsilon):
            beta1Power *= beta1
            beta2Power *= beta2
            let c1 = 1 - beta1Power, root2 = (1 - beta2Power).squareRoot()
            let stepSize = rate * root2 / c1
            let epsilonHat = epsilon * root2
            let oneMinusBeta1 = 1 - beta1, oneMinusBeta2 = 1 - beta2
            network.parameters.withUnsafeMutableBufferPointer { p in
                gradient.withUnsafeMutableBufferPointer { g in
                    firstMoment.withUnsafeMutableBufferPointer { m in
                        secondMoment.withUnsafeMutableBufferPointer { v in
                            for i in 0..<p.count {
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
                    }
                }
            }
        }
        return probe == 0
    }
}
