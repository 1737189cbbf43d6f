/// The forward (with input tangent) and backward passes of a network over one batch, on raw
/// pointers into a `BatchLayout`'s storage. Every matrix product is one `cblas_dgemm`; the
/// primal and tangent streams share it (`2B` columns).
///
/// Forward, layer `l = 1 … L+1` with `A₀ = [[x;1] | [1;0]]`:
/// `[z | ż] = [W_l | b_l] · A_{l−1}` (GEMM `d_l × SB × (d_{l−1}+1)`), then for hidden layers
/// `a = σ(z)`, `ȧ = σ'(z) ż`. The output layer is linear: `[h | h'] = [W | b] · A_L`.
///
/// Backward, given the seeds `[∂I/∂h | ∂I/∂h']` in the output buffer, for `l = L+1 … 1`:
/// `∂I/∂[W_l | b_l] = [z̄ | ż̄] · A_{l−1}ᵀ` (GEMM `d_l × (d_{l−1}+1) × SB`, both streams summed);
/// for `l > 1`: `[ā | ǡ] = W_lᵀ [z̄ | ż̄]` (GEMM `d_{l−1} × SB × d_l`, into `A_{l−1}`'s rows),
/// then `z̄ = ā σ'(z) + ǡ σ''(z) ż`, `ż̄ = ǡ σ'(z)` elementwise.
enum NetworkPasses {
    /// Runs the forward pass; afterwards the output buffer holds `[h | h']`.
    static func forward(_ layout: BatchLayout, activation: Activation,
                        parameters: UnsafePointer<Double>, storage: UnsafeMutablePointer<Double>) {
        let n = layout.columns
        let last = layout.layers.count - 1
        for (index, layer) in layout.layers.enumerated() {
            let input = storage + (index == 0 ? layout.inputOffset : layout.activationOffsets[index - 1])
            let output = storage + (index == last ? layout.outputOffset : layout.preactivationOffsets[index])
            gemm(transposeA: false, transposeB: false,
                 m: layer.outputWidth, n: n, k: layer.inputWidth + 1,
                 a: parameters + layer.offset, lda: layer.outputWidth,
                 b: input, ldb: layer.inputWidth + 1, c: output, ldc: layer.outputWidth)
            if index < last {
                let a = storage + layout.activationOffsets[index]
                let d = layer.outputWidth, b = layout.batch, s = layout.streams
                switch activation {
                case .tanh: activate(TanhKernel.self, width: d, batch: b, streams: s, z: output, a: a)
                case .sigmoid: activate(SigmoidKernel.self, width: d, batch: b, streams: s, z: output, a: a)
                case .relu: activate(ReluKernel.self, width: d, batch: b, streams: s, z: output, a: a)
                case .sin: activate(SineKernel.self, width: d, batch: b, streams: s, z: output, a: a)
                }
            }
        }
    }

    /// Runs the backward pass from the seeds in the output buffer, writing the gradient of the
    /// loss with respect to every parameter into `gradient` (same layout as the parameters).
    /// Consumes the forward state (activations and `Z` buffers are overwritten).
    static func backward(_ layout: BatchLayout, parameters: UnsafePointer<Double>,
                         storage: UnsafeMutablePointer<Double>, gradient: UnsafeMutablePointer<Double>) {
        let n = layout.columns
        let last = layout.layers.count - 1
        for index in stride(from: last, through: 0, by: -1) {
            let layer = layout.layers[index]
            let adjoint = storage + (index == last ? layout.outputOffset : layout.preactivationOffsets[index])
            let input = storage + (index == 0 ? layout.inputOffset : layout.activationOffsets[index - 1])
            gemm(transposeA: false, transposeB: true,
                 m: layer.outputWidth, n: layer.inputWidth + 1, k: n,
                 a: adjoint, lda: layer.outputWidth, b: input, ldb: layer.inputWidth + 1,
                 c: gradient + layer.offset, ldc: layer.outputWidth)
            if index > 0 {
                gemm(transposeA: true, transposeB: false,
                     m: layer.inputWidth, n: n, k: layer.outputWidth,
                     a: parameters + layer.offset, lda: layer.outputWidth, b: adjoint, ldb: layer.outputWidth,
                     c: input, ldc: layer.inputWidth + 1)
                backPropagateActivation(width: layer.inputWidth, batch: layout.batch, streams: layout.streams,
                                        z: storage + layout.preactivationOffsets[index - 1], a: input)
            }
        }
    }

    /// Exact flops of `forward`: the GEMMs `Σ_l 2 d_l SB (d_{l−1}+1)` plus the activation
    /// work `Σ_{hidden} d_l B c_σ` (`c_σ` per entry, see `ActivationKernel`).
    static func forwardFlops(_ layout: BatchLayout, activation: Activation) -> Int {
        let n = layout.columns
        var flops = 0
        for (index, layer) in layout.layers.enumerated() {
            flops += gemmFlops(m: layer.outputWidth, n: n, k: layer.inputWidth + 1)
            if index < layout.layers.count - 1 {
                flops += layer.outputWidth * layout.batch * activation.forwardFlopsPerEntry(streams: layout.streams)
            }
        }
        return flops
    }

    /// Exact flops of `backward`: gradient GEMMs `Σ_l 2 d_l (d_{l−1}+1) SB`, adjoint GEMMs
    /// `Σ_{l>1} 2 d_{l−1} SB d_l`, and `Σ_{hidden} d_l B (4 or 1)` elementwise.
    static func backwardFlops(_ layout: BatchLayout) -> Int {
        let n = layout.columns
        var flops = 0
        for (index, layer) in layout.layers.enumerated() {
            flops += gemmFlops(m: layer.outputWidth, n: layer.inputWidth + 1, k: n)
            if index > 0 {
                flops += gemmFlops(m: layer.inputWidth, n: n, k: layer.outputWidth)
                flops += layer.inputWidth * layout.batch * backwardFlopsPerEntry(streams: layout.streams)
            }
        }
        return flops
    }
}
