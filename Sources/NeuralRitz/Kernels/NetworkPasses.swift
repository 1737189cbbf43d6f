/// The forward (with input tangents) and backward passes of a network over one batch, on raw
/// pointers into a `BatchLayout`'s storage (in `Double` or `Float`). Every matrix product is one
/// `cblas_dgemm` (or `cblas_sgemm`), and the primal and tangent streams share it (`SB`
/// columns); a one-input first layer (plain or multiscale), whose weights form a single
/// column, is an outer product fused into its activation loops (see `BatchLayout`).
///
/// Forward: layer 1 `z = w (c x) + b`, `ż = w c`, `z̈ = 0` (fused; `c = 1` unless multiscale),
/// or for a Fourier network `[z | ż | z̈] = [W_1 | b_1] · A_0` on the fixed embedding; layers
/// `l = 2 … L`: `[z | ż | z̈] = [W_l | b_l] · A_{l−1}` (GEMM `d_l × SB × (d_{l−1}+1)`),
/// `a = σ(z)`, `ȧ = σ'(z) ż`, `ä = σ''(z) ż² + σ'(z) z̈`; the output layer is linear:
/// `[h | h' | h''] = [W | b] · A_L`.
///
/// Backward, given the seeds `[∂L/∂h | ∂L/∂h' | ∂L/∂h'']` in the output buffer, for
/// `l = L+1 … 2` (… 1 for Fourier):
/// `∂L/∂[W_l | b_l] = Z̄ · A_{l−1}ᵀ` (GEMM `d_l × (d_{l−1}+1) × SB`, the streams summed),
/// `[ā | ǡ | ǟ] = W_lᵀ Z̄` (GEMM `d_{l−1} × SB × d_l`, into `A_{l−1}`'s rows; not for the
/// embedding), then the transposed activation step (`backPropagateActivation`), fused with
/// the gradient sums for a one-input layer 1.
enum NetworkPasses {
    /// Runs the forward pass; afterwards the output buffer holds `[h | h' | h'']` (as many as
    /// `layout.streams`).
    static func forward<S: NetworkScalar>(_ layout: BatchLayout, activation: Activation,
                                          parameters: UnsafePointer<S>, storage: UnsafeMutablePointer<S>) {
        switch activation {
        case .tanh: forward(TanhKernel.self, layout, parameters, storage)
        case .sigmoid: forward(SigmoidKernel.self, layout, parameters, storage)
        case .relu: forward(ReluKernel.self, layout, parameters, storage)
        case .sin: forward(SineKernel.self, layout, parameters, storage)
        case .srelu: forward(SquaredReluKernel.self, layout, parameters, storage)
        case .s2relu: forward(SineSquaredReluKernel.self, layout, parameters, storage)
        }
    }

    /// Runs the backward pass from the seeds in the output buffer, writing the gradient of the
    /// loss with respect to every parameter into `gradient` (same layout as the parameters).
    /// Consumes the forward state (activations and `Z` buffers are overwritten; the points,
    /// scales and embedding are kept).
    static func backward<S: NetworkScalar>(_ layout: BatchLayout, activation: Activation, parameters: UnsafePointer<S>,
                                           storage: UnsafeMutablePointer<S>, gradient: UnsafeMutablePointer<S>) {
        switch activation {
        case .tanh: backward(TanhKernel.self, layout, parameters, storage, gradient)
        case .sigmoid: backward(SigmoidKernel.self, layout, parameters, storage, gradient)
        case .relu: backward(ReluKernel.self, layout, parameters, storage, gradient)
        case .sin: backward(SineKernel.self, layout, parameters, storage, gradient)
        case .srelu: backward(SquaredReluKernel.self, layout, parameters, storage, gradient)
        case .s2relu: backward(SineSquaredReluKernel.self, layout, parameters, storage, gradient)
        }
    }

    /// `backward`'s GEMMs alone, on the same operands and in the same order, without the
    /// activation steps or the fused first layer — with `forwardMatrixProducts`, the GEMM floor
    /// of a step (`RitzTrainer.matrixProductSeconds`). Leaves `storage` and `gradient` holding
    /// meaningless values. (The kernel type is never used without the elementwise work.)
    static func backwardMatrixProducts<S: NetworkScalar>(_ layout: BatchLayout, parameters: UnsafePointer<S>,
                                                         storage: UnsafeMutablePointer<S>, gradient: UnsafeMutablePointer<S>) {
        backward(TanhKernel.self, layout, parameters, storage, gradient, elementwise: false)
    }

    /// `forward`'s GEMMs alone (see `backwardMatrixProducts`).
    static func forwardMatrixProducts<S: NetworkScalar>(_ layout: BatchLayout, parameters: UnsafePointer<S>,
                                                        storage: UnsafeMutablePointer<S>) {
        forward(TanhKernel.self, layout, parameters, storage, elementwise: false)
    }

    /// `elementwise: false` issues the GEMMs alone (`forwardMatrixProducts`, `backwardMatrixProducts`).
    private static func forward<K: ActivationKernel, S: NetworkScalar>(_ kernel: K.Type, _ layout: BatchLayout,
                                                                       _ parameters: UnsafePointer<S>,
                                                                       _ storage: UnsafeMutablePointer<S>,
                                                                       elementwise: Bool = true) {
        let n = layout.columns, b = layout.batch, s = layout.streams
        let last = layout.layers.count - 1
        let first = layout.layers[0]
        if layout.hasFusedFirstLayer && elementwise {
            let points = UnsafePointer(storage + layout.pointsOffset)
            let weights = parameters + first.offset, biases = parameters + first.offset + first.outputWidth
            let a = storage + layout.activationOffsets[0]
            if layout.scalesOffset >= 0 {
                activateFirstLayer(K.self, input: ScaledInput(scales: storage + layout.scalesOffset), width: first.outputWidth,
                                   batch: b, streams: s, points: points, weights: weights, biases: biases, a: a)
            } else {
                activateFirstLayer(K.self, input: UnitInput<S>(), width: first.outputWidth,
                                   batch: b, streams: s, points: points, weights: weights, biases: biases, a: a)
            }
        }
        for index in layout.firstProductLayer...last {
            let layer = layout.layers[index]
            let input = storage + (index == 0 ? layout.embeddingOffset : layout.activationOffsets[index - 1])
            let output = storage + (index == last ? layout.outputOffset : layout.preactivationOffsets[index])
            gemm(transposeA: false, transposeB: false,
                 m: layer.outputWidth, n: n, k: layer.inputWidth + 1,
                 a: parameters + layer.offset, lda: layer.outputWidth,
                 b: input, ldb: layer.inputWidth + 1, c: output, ldc: layer.outputWidth)
            if index < last && elementwise {
                activate(K.self, width: layer.outputWidth, batch: b, streams: s,
                         z: output, a: storage + layout.activationOffsets[index])
            }
        }
    }

    private static func backward<K: ActivationKernel, S: NetworkScalar>(_ kernel: K.Type, _ layout: BatchLayout,
                                                                        _ parameters: UnsafePointer<S>,
                                                                        _ storage: UnsafeMutablePointer<S>,
                                                                        _ gradient: UnsafeMutablePointer<S>,
                                                                        elementwise: Bool = true) {
        let n = layout.columns, b = layout.batch, s = layout.streams
        let last = layout.layers.count - 1
        for index in stride(from: last, through: layout.firstProductLayer, by: -1) {
            let layer = layout.layers[index]
            let adjoint = storage + (index == last ? layout.outputOffset : layout.preactivationOffsets[index])
            let input = storage + (index == 0 ? layout.embeddingOffset : layout.activationOffsets[index - 1])
            gemm(transposeA: false, transposeB: true,
                 m: layer.outputWidth, n: layer.inputWidth + 1, k: n,
                 a: adjoint, lda: layer.outputWidth, b: input, ldb: layer.inputWidth + 1,
                 c: gradient + layer.offset, ldc: layer.outputWidth)
            guard index > 0 else { break }        // the Fourier embedding has no parameters upstream
            gemm(transposeA: true, transposeB: false,
                 m: layer.inputWidth, n: n, k: layer.outputWidth,
                 a: parameters + layer.offset, lda: layer.outputWidth, b: adjoint, ldb: layer.outputWidth,
                 c: input, ldc: layer.inputWidth + 1)
            if index - 1 >= layout.firstProductLayer && elementwise {
                backPropagateActivation(width: layer.inputWidth, batch: b, streams: s,
                                        z: storage + layout.preactivationOffsets[index - 1], a: input)
            }
        }
        guard layout.hasFusedFirstLayer && elementwise else { return }
        let first = layout.layers[0]
        let points = UnsafePointer(storage + layout.pointsOffset)
        let weights = parameters + first.offset, biases = parameters + first.offset + first.outputWidth
        let a = UnsafePointer(storage + layout.activationOffsets[0])
        let weightGradient = gradient + first.offset, biasGradient = gradient + first.offset + first.outputWidth
        if layout.scalesOffset >= 0 {
            backPropagateFirstLayer(K.self, input: ScaledInput(scales: storage + layout.scalesOffset), width: first.outputWidth,
                                    batch: b, streams: s, points: points, weights: weights, biases: biases, a: a,
                                    weightGradient: weightGradient, biasGradient: biasGradient)
        } else {
            backPropagateFirstLayer(K.self, input: UnitInput<S>(), width: first.outputWidth,
                                    batch: b, streams: s, points: points, weights: weights, biases: biases, a: a,
                                    weightGradient: weightGradient, biasGradient: biasGradient)
        }
    }

    /// The GEMMs of `forward`, in order: layer `l ≥ 2` (`≥ 1` for Fourier) multiplies
    /// `[W_l | b_l]` (`d_l × (d_{l−1}+1)`) by `A_{l−1}` (`(d_{l−1}+1) × SB`).
    static func forwardProducts(_ layout: BatchLayout) -> [GEMMShape] {
        layout.layers[layout.firstProductLayer...].map {
            GEMMShape(transposeA: false, transposeB: false, m: $0.outputWidth, n: layout.columns, k: $0.inputWidth + 1)
        }
    }

    /// The GEMMs of `backward`, in order: per layer `l ≥ 2` from the top, the gradient
    /// `Z̄ A_{l−1}ᵀ` (`d_l × (d_{l−1}+1) × SB`) and the adjoint `W_lᵀ Z̄` (`d_{l−1} × SB × d_l`);
    /// for Fourier also layer 1's gradient (its adjoint is not formed).
    static func backwardProducts(_ layout: BatchLayout) -> [GEMMShape] {
        var shapes: [GEMMShape] = []
        for (index, layer) in layout.layers.enumerated().reversed() where index >= layout.firstProductLayer {
            shapes.append(GEMMShape(transposeA: false, transposeB: true,
                                    m: layer.outputWidth, n: layer.inputWidth + 1, k: layout.columns))
            if index > 0 {
                shapes.append(GEMMShape(transposeA: true, transposeB: false,
                                        m: layer.inputWidth, n: layout.columns, k: layer.outputWidth))
            }
        }
        return shapes
    }

    /// The hidden layers whose activation runs after a GEMM (indices into `layout.layers`):
    /// `l = 2 … L`, and `l = 1` for Fourier.
    private static func productHiddenLayers(_ layout: BatchLayout) -> ArraySlice<LayerParameters> {
        layout.layers[layout.firstProductLayer..<(layout.layers.count - 1)]
    }

    /// Extra flops per entry of a multiscale first layer (`ScaledInput`), forward and backward.
    private static func firstLayerInputExtra(_ layout: BatchLayout) -> (forward: Int, backward: Int) {
        layout.scalesOffset >= 0 ? ScaledInput<Double>.extraFlops(streams: layout.streams) : (0, 0)
    }

    /// Exact flops of `forward`: the GEMMs `Σ 2 d_l SB (d_{l−1}+1)`, the fused first layer
    /// `d₁ B c₁` (if any) and the activations after each GEMM `d_l B c_σ` (per-entry counts
    /// `c` in `ActivationKernels.swift`). The Fourier embedding is not part of a pass
    /// (`BatchLayout.embeddingFlops`).
    static func forwardFlops(_ layout: BatchLayout, activation: Activation) -> Int {
        var flops = forwardProducts(layout).reduce(0) { $0 + $1.flops }
        let s = layout.streams, b = layout.batch
        if layout.hasFusedFirstLayer {
            let perEntry = firstLayerForwardFlopsPerEntry(activation, streams: s) + firstLayerInputExtra(layout).forward
            flops += layout.layers[0].outputWidth * b * perEntry
        }
        for layer in productHiddenLayers(layout) {
            flops += layer.outputWidth * b * activation.forwardFlopsPerEntry(streams: s)
        }
        return flops
    }

    /// Exact flops of `backward`: gradient and adjoint GEMMs, the elementwise adjoint step
    /// `d_l B (1, 4 or 10)` of every hidden layer after a GEMM and the fused first layer
    /// `d₁ B c₁'` (if any).
    static func backwardFlops(_ layout: BatchLayout, activation: Activation) -> Int {
        var flops = backwardProducts(layout).reduce(0) { $0 + $1.flops }
        let s = layout.streams, b = layout.batch
        if layout.hasFusedFirstLayer {
            let perEntry = firstLayerBackwardFlopsPerEntry(activation, streams: s) + firstLayerInputExtra(layout).backward
            flops += layout.layers[0].outputWidth * b * perEntry
        }
        for layer in productHiddenLayers(layout) {
            flops += layer.outputWidth * b * backwardFlopsPerEntry(streams: s)
        }
        return flops
    }
}
