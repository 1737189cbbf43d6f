/// The forward (with input tangent) and backward passes of a network over one batch, on raw
/// pointers into a `BatchLayout`'s storage (in `Double` or `Float`). Every matrix product is one
/// `cblas_dgemm` (or `cblas_sgemm`), and the
/// primal and tangent streams share it (`2B` columns); the first layer, whose weights form a
/// single column, is an outer product fused into its activation loops (see `BatchLayout`).
///
/// Forward: layer 1 `z = w x + b`, `ż = w`, `a = σ(z)`, `ȧ = σ'(z) ż` (fused); layers
/// `l = 2 … L`: `[z | ż] = [W_l | b_l] · A_{l−1}` (GEMM `d_l × SB × (d_{l−1}+1)`), `a = σ(z)`,
/// `ȧ = σ'(z) ż`; the output layer is linear: `[h | h'] = [W | b] · A_L`.
///
/// Backward, given the seeds `[∂I/∂h | ∂I/∂h']` in the output buffer, for `l = L+1 … 2`:
/// `∂I/∂[W_l | b_l] = [z̄ | ż̄] · A_{l−1}ᵀ` (GEMM `d_l × (d_{l−1}+1) × SB`, both streams summed),
/// `[ā | ǡ] = W_lᵀ [z̄ | ż̄]` (GEMM `d_{l−1} × SB × d_l`, into `A_{l−1}`'s rows), then
/// `z̄ = ā σ'(z) + ǡ σ''(z) ż`, `ż̄ = ǡ σ'(z)` elementwise (fused with the gradient sums for
/// layer 1).
enum NetworkPasses {
    /// Runs the forward pass; afterwards the output buffer holds `[h | h']`.
    static func forward<S: NetworkScalar>(_ layout: BatchLayout, activation: Activation,
                                          parameters: UnsafePointer<S>, storage: UnsafeMutablePointer<S>) {
        switch activation {
        case .tanh: forward(TanhKernel.self, layout, parameters, storage)
        case .sigmoid: forward(SigmoidKernel.self, layout, parameters, storage)
        case .relu: forward(ReluKernel.self, layout, parameters, storage)
        case .sin: forward(SineKernel.self, layout, parameters, storage)
        }
    }

    /// Runs the backward pass from the seeds in the output buffer, writing the gradient of the
    /// loss with respect to every parameter into `gradient` (same layout as the parameters).
    /// Consumes the forward state (activations and `Z` buffers are overwritten).
    static func backward<S: NetworkScalar>(_ layout: BatchLayout, activation: Activation, parameters: UnsafePointer<S>,
                                           storage: UnsafeMutablePointer<S>, gradient: UnsafeMutablePointer<S>) {
        switch activation {
        case .tanh: backward(TanhKernel.self, layout, parameters, storage, gradient)
        case .sigmoid: backward(SigmoidKernel.self, layout, parameters, storage, gradient)
        case .relu: backward(ReluKernel.self, layout, parameters, storage, gradient)
        case .sin: backward(SineKernel.self, layout, parameters, storage, gradient)
        }
    }

    private static func forward<K: ActivationKernel, S: NetworkScalar>(_ kernel: K.Type, _ layout: BatchLayout,
                                                                       _ parameters: UnsafePointer<S>,
                                                                       _ storage: UnsafeMutablePointer<S>) {
        let n = layout.columns, b = layout.batch, s = layout.streams
        let last = layout.layers.count - 1
        let first = layout.layers[0]
        activateFirstLayer(K.self, width: first.outputWidth, batch: b, streams: s,
                           points: storage + layout.pointsOffset, weights: parameters + first.offset,
                           biases: parameters + first.offset + first.outputWidth,
                           a: storage + layout.activationOffsets[0])
        for index in 1...last {
            let layer = layout.layers[index]
            let input = storage + layout.activationOffsets[index - 1]
            let output = storage + (index == last ? layout.outputOffset : layout.preactivationOffsets[index])
            gemm(transposeA: false, transposeB: false,
                 m: layer.outputWidth, n: n, k: layer.inputWidth + 1,
                 a: parameters + layer.offset, lda: layer.outputWidth,
                 b: input, ldb: layer.inputWidth + 1, c: output, ldc: layer.outputWidth)
            if index < last {
                activate(K.self, width: layer.outputWidth, batch: b, streams: s,
                         z: output, a: storage + layout.activationOffsets[index])
            }
        }
    }

    private static func backward<K: ActivationKernel, S: NetworkScalar>(_ kernel: K.Type, _ layout: BatchLayout,
                                                                        _ parameters: UnsafePointer<S>,
                                                                        _ storage: UnsafeMutablePointer<S>,
                                                                        _ gradient: UnsafeMutablePointer<S>) {
        let n = layout.columns, b = layout.batch, s = layout.streams
        let last = layout.layers.count - 1
        for index in stride(from: last, through: 1, by: -1) {
            let layer = layout.layers[index]
            let adjoint = storage + (index == last ? layout.outputOffset : layout.preactivationOffsets[index])
            let input = storage + layout.activationOffsets[index - 1]
            gemm(transposeA: false, transposeB: true,
                 m: layer.outputWidth, n: layer.inputWidth + 1, k: n,
                 a: adjoint, lda: layer.outputWidth, b: input, ldb: layer.inputWidth + 1,
                 c: gradient + layer.offset, ldc: layer.outputWidth)
            gemm(transposeA: true, transposeB: false,
                 m: layer.inputWidth, n: n, k: layer.outputWidth,
                 a: parameters + layer.offset, lda: layer.outputWidth, b: adjoint, ldb: layer.outputWidth,
                 c: input, ldc: layer.inputWidth + 1)
            if index > 1 {
                backPropagateActivation(width: layer.inputWidth, batch: b, streams: s,
                                        z: storage + layout.preactivationOffsets[index - 1], a: input)
            }
        }
        let first = layout.layers[0]
        backPropagateFirstLayer(K.self, width: first.outputWidth, batch: b, streams: s,
                                points: storage + layout.pointsOffset, weights: parameters + first.offset,
                                biases: parameters + first.offset + first.outputWidth,
                                a: storage + layout.activationOffsets[0],
                                weightGradient: gradient + first.offset,
                                biasGradient: gradient + first.offset + first.outputWidth)
    }

    /// The GEMMs of `forward`, in order: layer `l ≥ 2` multiplies `[W_l | b_l]`
    /// (`d_l × (d_{l−1}+1)`) by `A_{l−1}` (`(d_{l−1}+1) × SB`).
    static func forwardProducts(_ layout: BatchLayout) -> [GEMMShape] {
        layout.layers.dropFirst().map {
            GEMMShape(transposeA: false, transposeB: false, m: $0.outputWidth, n: layout.columns, k: $0.inputWidth + 1)
        }
    }

    /// The GEMMs of `backward`, in order: per layer `l ≥ 2` from the top, the gradient
    /// `Z̄ A_{l−1}ᵀ` (`d_l × (d_{l−1}+1) × SB`) and the adjoint `W_lᵀ Z̄` (`d_{l−1} × SB × d_l`).
    static func backwardProducts(_ layout: BatchLayout) -> [GEMMShape] {
        var shapes: [GEMMShape] = []
        for layer in layout.layers.dropFirst().reversed() {
            shapes.append(GEMMShape(transposeA: false, transposeB: true,
                                    m: layer.outputWidth, n: layer.inputWidth + 1, k: layout.columns))
            shapes.append(GEMMShape(transposeA: true, transposeB: false,
                                    m: layer.inputWidth, n: layout.columns, k: layer.outputWidth))
        }
        return shapes
    }

    /// Exact flops of `forward`: the GEMMs `Σ_{l≥2} 2 d_l SB (d_{l−1}+1)`, the fused first
    /// layer `d₁ B c₁` and the activations `Σ_{l≥2} d_l B c_σ` (per-entry counts `c` in
    /// `ActivationKernels.swift`).
    static func forwardFlops(_ layout: BatchLayout, activation: Activation) -> Int {
        var flops = forwardProducts(layout).reduce(0) { $0 + $1.flops }
        let s = layout.streams, b = layout.batch
        flops += layout.layers[0].outputWidth * b * firstLayerForwardFlopsPerEntry(activation, streams: s)
        for layer in layout.layers.dropFirst().dropLast() {
            flops += layer.outputWidth * b * activation.forwardFlopsPerEntry(streams: s)
        }
        return flops
    }

    /// Exact flops of `backward`: gradient and adjoint GEMMs of layers `l ≥ 2`, the elementwise
    /// adjoint step `Σ_{2≤l≤L} d_l B (4 or 1)` and the fused first layer `d₁ B c₁'`.
    static func backwardFlops(_ layout: BatchLayout, activation: Activation) -> Int {
        var flops = backwardProducts(layout).reduce(0) { $0 + $1.flops }
        let s = layout.streams, b = layout.batch
        flops += layout.layers[0].outputWidth * b * firstLayerBackwardFlopsPerEntry(activation, streams: s)
        for layer in layout.layers.dropFirst().dropLast() {
            flops += layer.outputWidth * b * backwardFlopsPerEntry(streams: s)
        }
        return flops
    }
}
