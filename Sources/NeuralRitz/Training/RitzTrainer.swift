import PoissonCore

/// Full-batch training of a `MultilayerPerceptron` on a `PoissonProblem`, as a steppable
/// solver: one `step()` is exactly one optimizer step on the loss over all training points.
///
/// **Step anatomy.** The trainer always holds its *current* parameters `θ_k`, `loss = L(θ_k)`,
/// the values at the training points and the gradient `g_k = ∇L(θ_k)`. `step()`
/// 1. applies the optimizer: `θ_{k+1} = U(θ_k, g_k)`,
/// 2. evaluates at `θ_{k+1}`: per chunk, the forward pass (values and input tangents), the
///    chunk's loss terms, the seeds of the loss derivatives and the backward pass, back to
///    back while the chunk's activations are in cache; then `loss = L(θ_{k+1})` and
///    `g_{k+1}` summed over the chunks.
///
/// So `loss`, `network` and `values(on:)` always describe the same parameters, and a record
/// taken after step `k` (or at `k = 0`, right after `init`) is consistent. `init` runs the
/// first evaluation. The arithmetic is that of a backward pass at `θ_k`, the update and a
/// forward pass at `θ_{k+1}` per step — only the backward pass runs at the end of the
/// evaluation before, where its operands are still in cache (the 200-200-100 network's step
/// on 1001 points, 4 chunks on 2 workers, ran 4–6 % faster than with the backward pass at
/// the start of the step).
///
/// **Work.** `flopsPerStep` = backward (seeds, GEMMs, elementwise) + update + forward (GEMMs,
/// activations, loss value); a GEMM counts `2mnk`, each elementwise add, multiply, division and
/// each activation evaluation (tanh, sigmoid, sin, cos, relu and its step) counts 1 (the
/// per-entry constants are in `ActivationKernels.swift`). `flopCount = initialEvaluationFlops
/// + stepCount · flopsPerStep`: each step counts the backward pass that produced the gradient
/// it uses, so the one backward pass no step has used yet (of the current `θ_k`) is not
/// counted. The finiteness checks of the divergence contract are not
/// counted (they are tests, not arithmetic of the method). For Ritz training (`S = 2`
/// streams) on `m` points with widths `d_l`, the three GEMMs per layer `l ≥ 2` (forward,
/// gradient, adjoint) dominate: `≈ 3 · 2 · 2m · Σ_{l≥2} d_l (d_{l−1} + 1)`; `matrixProductsPerStep`
/// lists them. The paper's 1-4000-500-400-1 network on 1001 points: 2.66e10 flops a step.
///
/// **Chunks and threads** (`TrainingParallelism`). The training points are split into `C`
/// fixed contiguous chunks; each chunk has its own `BatchLayout` buffers and gradient copy, and
/// its passes run with one-thread GEMMs on one of `T` workers (chunk `c` on worker `c mod T`,
/// the chunk's forward pass and then its backward pass).
/// The loss is `Σ_c (chunk sums)` in chunk order plus the boundary terms; the gradient is
/// `g = Σ_c g_c` in chunk order (`(C − 1) P` adds, split over the workers by parameter index);
/// the optimizer update is split by parameter index too. With `C = 1` this is the plain
/// full-batch pass. Every sum's order depends on `C` only, never on `T`.
///
/// **Memory**, allocated once in `init`, none per step: the batch buffers of the chunks'
/// `BatchLayout`s (together `≈ S m (Σ_{l≥1} (d_l + 1) + Σ_{l≥2} d_l)` scalars, `S` = 2 for
/// Ritz, 1 for least squares, 3 for PINN), `C` gradient copies (`C P` scalars; 2 with one
/// worker, which adds each chunk's gradient to the sum as soon as it is formed), a backup of
/// the parameters (`P`), the values at the training points (`m`) and, for Adam, two moment
/// vectors (`2P`), each scalar 8 bytes (float64) or 4 (float32). `workspaceCount` reports the
/// total in scalars, `workspaceBytes` in bytes. The batch buffers, the gradient copies of
/// chunks `1 ..< C` and the backup are scratch that no step leaves anything in for the next:
/// copies of a trainer share them (so a copy stepped while the original is kept — as
/// `HybridDriver` steps its setup's trainer — adds only its parameters, moments, gradient and
/// values: 71 MB instead of 235 MB for the paper's network in float64), and the steps of
/// copies on different threads take turns on them, each training to the bits it would alone.
///
/// **Divergence.** A non-finite gradient, updated parameter or loss makes `step()` throw
/// `DivergenceError(step: stepCount + 1, quantity: "gradient" | "parameters" | "loss")` and
/// leaves `network` and `loss` at the last finite state `θ_k`, `L(θ_k)` (the parameters are
/// restored exactly from the backup the update keeps); `stepCount` and `flopCount`
/// are unchanged. The optimizer moments are not rolled back, so the trainer is then spent:
/// every later `step()` rethrows the same error.
///
/// **Precision** (`NetworkPrecision`). In `.float32` the parameters, Adam's moments, the
/// activations, tangents and adjoints are `Float` and every product is an SGEMM; the loss sums
/// over points are accumulated in `Double` as in `.float64`, the per-step optimizer constants
/// are formed in `Double` and rounded once, and `network`, `values(on:)`, `loss` and the
/// gradient are returned in `Double` (the conversion is exact). The hand-over to a solver
/// therefore starts from the float32 network's values, widened.
///
/// **Determinism.** Same network, points, loss, optimizer, BLAS kernels and chunk count → the
/// same bits every run and for every worker count `T` (tested for 1, 2 and 3 workers), given
/// one-thread BLAS calls (the package's default; see `TrainingParallelism`): the trainer's own
/// reductions run in a fixed order and a one-thread DGEMM is deterministic. A different chunk
/// count or different kernels change the round-off, hence the trajectory's last bits.
public struct RitzTrainer: IterativeStepper, Sendable {
    /// The problem: its source `g` and boundary values enter the Ritz loss.
    public let problem: PoissonProblem
    /// The training points (a uniform grid on the problem's interval, ends included).
    public let trainingPoints: UniformGrid
    /// The objective.
    public let objective: TrainingLoss
    /// The optimizer.
    public let optimizer: OptimizerConfiguration
    /// The floating-point format the network is trained in.
    public let precision: NetworkPrecision

    /// Exactly one of the two is set, by `precision` (concrete types, so every pass is
    /// compiled for its scalar).
    private var double: TrainingEngine<Double>?
    private var single: TrainingEngine<Float>?

    /// Prepares training: validates the hyper-parameters, samples `g` (or the fit target) on
    /// `trainingPoints`, allocates every buffer, rounds the parameters to `precision`, and runs
    /// the forward pass at the initial parameters so that `loss` is defined.
    ///
    /// Throws `NeuralError` for bad hyper-parameters, training points that do not span the
    /// problem's interval or `loss: .pinn` with a non-smooth activation (`.nonSmoothActivation`), `PoissonError` when `g` is not finite at a training point, and
    /// `DivergenceError(step: 0, quantity: "loss")` when the initial loss is not finite.
    /// `parallelism` defaults to `TrainingParallelism(pointCount:)` (chunks by the point count,
    /// a worker per available processor).
    public init(network: MultilayerPerceptron, problem: PoissonProblem, trainingPoints: UniformGrid,
                loss: TrainingLoss, optimizer: OptimizerConfiguration,
                parallelism: TrainingParallelism? = nil, precision: NetworkPrecision = .float64) throws {
        try network.architecture.validate()
        try optimizer.validate()
        if loss.needsSecondDerivative, !network.architecture.activation.isSmooth {
            throw NeuralError.nonSmoothActivation(activation: network.architecture.activation, loss: "pinn")
        }
        guard trainingPoints.lower == problem.lower, trainingPoints.upper == problem.upper else {
            throw NeuralError.domainMismatch(problemLower: problem.lower, problemUpper: problem.upper,
                                             gridLower: trainingPoints.lower, gridUpper: trainingPoints.upper)
        }
        let prepared = try PreparedLoss(loss, problem: problem, grid: trainingPoints)
        let parallelism = parallelism ?? TrainingParallelism(pointCount: trainingPoints.pointCount)
        self.problem = problem
        self.trainingPoints = trainingPoints
        self.objective = loss
        self.optimizer = optimizer
        self.precision = precision
        switch precision {
        case .float64:
            double = try TrainingEngine(network: network, trainingPoints: trainingPoints, prepared: prepared,
                                        optimizer: optimizer, parallelism: parallelism)
        case .float32:
            single = try TrainingEngine(network: network, trainingPoints: trainingPoints, prepared: prepared,
                                        optimizer: optimizer, parallelism: parallelism)
        }
    }

    /// The current parameters `θ_k`, in `Double` (a float32 network widened exactly).
    public var network: MultilayerPerceptron { double?.network ?? single!.network }
    /// `L(θ_k)`: the loss at the **current** parameters (after the last update; at
    /// `stepCount == 0`, the loss of the initial network).
    public var loss: Double { double?.loss ?? single!.loss }
    /// Optimizer steps performed.
    public var stepCount: Int { double?.stepCount ?? single!.stepCount }
    /// Exact flops done so far: `initialEvaluationFlops + stepCount · flopsPerStep`.
    public var flopCount: Int { double?.flopCount ?? single!.flopCount }
    /// Exact flops of one `step()` (backward + update + forward + loss; see the type's notes).
    public var flopsPerStep: Int { double?.flopsPerStep ?? single!.flopsPerStep }
    /// Exact flops of the forward pass and loss evaluation done by `init`.
    public var initialEvaluationFlops: Int { double?.initialEvaluationFlops ?? single!.initialEvaluationFlops }
    /// How the points are chunked and how many workers run the chunks.
    public var parallelism: TrainingParallelism { double?.parallelism ?? single!.parallelism }

    /// Performs one full-batch optimizer step (see the type's notes for the anatomy, the work
    /// and the divergence contract). No allocation.
    public mutating func step() throws {
        if double != nil { try double!.step() } else { try single!.step() }
    }

    /// The network evaluated on any grid (e.g. the solver's): `h(x_j)` for its `n` points,
    /// boundary included, computed in the trainer's precision and returned in `Double`.
    /// Allocates; costs `network.evaluationFlops(pointCount: n, withDerivatives: false)`, which
    /// is not added to `flopCount`. Runs on the trainer's `parallelism.threads` workers when
    /// OpenBLAS runs one thread per call (the same bits as on one: see
    /// `MultilayerPerceptron.values(at:threads:)`).
    public func values(on grid: UniformGrid) -> [Double] {
        double?.values(at: grid.coordinates) ?? single!.values(at: grid.coordinates)
    }

    /// `h(x_i)` at the training points from the last evaluation, at the current parameters (no
    /// new work; a copy). Equal to `values(on: trainingPoints)` up to GEMM blocking round-off.
    /// Meaningless after a `DivergenceError` (the buffers then hold the failed step's state).
    public var valuesAtTrainingPoints: [Double] { double?.valuesAtTrainingPoints ?? single!.valuesAtTrainingPoints }

    /// Every matrix product of one `step()`, per chunk (chunk `c` at index `c`), in the order
    /// each chunk's worker issues them (forward, then backward); `Σ flops` over all is the GEMM
    /// part of `flopsPerStep`. Benchmarks replay these shapes with plain one-thread
    /// `BLASRuntime.multiply` on the same workers to rate a step against the GEMMs alone.
    public var matrixProductsPerChunk: [[GEMMShape]] {
        (double?.layouts ?? single!.layouts).map { NetworkPasses.forwardProducts($0) + NetworkPasses.backwardProducts($0) }
    }

    /// Wall-clock seconds of one step's matrix products alone: the GEMMs of `matrixProductsPerChunk`
    /// issued as `step()` issues them — on the trainer's own operands (its scratch buffers,
    /// which hold nothing between steps), chunk `c` on worker `c mod T`, each chunk's forward
    /// products and then its backward products — without the activations, loss,
    /// reduction or update. The step's GEMM floor: these seconds over a step's estimate the
    /// share of the step that is matrix products (the rest: elementwise work, loss, reduction,
    /// update, synchronisation). The estimate errs on the generous side, since in a step the
    /// activation pass has just brought each product's input into cache and here nothing has.
    /// The trainer is unchanged. For benchmarks.
    public func matrixProductSeconds() -> Double {
        double?.matrixProductSeconds() ?? single!.matrixProductSeconds()
    }

    /// `matrixProductsPerChunk`, flattened in chunk order.
    public var matrixProductsPerStep: [GEMMShape] { matrixProductsPerChunk.flatMap { $0 } }

    /// Scalars (`Double` or `Float`) held for training: batch buffers, the chunks' gradients,
    /// the parameter backup, the values at the training points and optimizer moments
    /// (parameters not included; the scratch among them is shared with the trainer's copies,
    /// see the type's notes), for memory budgets.
    public var workspaceCount: Int { double?.workspaceCount ?? single!.workspaceCount }

    /// `workspaceCount` in bytes (8 or 4 per scalar).
    public var workspaceBytes: Int { workspaceCount * precision.scalarBytes }

    /// Scalars of the stored hidden activations and tangents `[a | ȧ]`, `Σ_l d_l · S m`.
    public var storedActivationCount: Int { double?.storedActivationCount ?? single!.storedActivationCount }

    /// `∇_θ L(θ_k)` at the current parameters, in `Double`, without changing the trainer
    /// (allocates). For tests and diagnostics.
    func gradientAtCurrentParameters() -> [Double] {
        double?.gradientAtCurrentParameters() ?? single!.gradientAtCurrentParameters()
    }
}

extension RitzTrainer {
    /// Replaces the source `g` of the Ritz or PINN loss by `samples` — its values at the training
    /// points, in order (`trainingPoints.pointCount` finite values) — keeping the parameters, the
    /// optimizer state (Adam's moments and step count) and the penalty and boundary values: a
    /// warm start on a new right-hand side (the interleaved correction network trains on each new
    /// residual). `problem` keeps describing the original source. Re-evaluates `loss` (and the
    /// gradient, counted by the next step) with a forward pass, added to `flopCount`
    /// (`initialEvaluationFlops`, plus `2m` for the Ritz loss's new source weights). Throws
    /// `NeuralError` for a wrong count, a non-finite sample or a least-squares loss, and `DivergenceError` if the new loss is not finite. Clears a spent
    /// trainer's failure.
    public mutating func replaceSource(samples: [Double]) throws {
        if double != nil { try double!.replaceSource(samples: samples) } else { try single!.replaceSource(samples: samples) }
    }
}
