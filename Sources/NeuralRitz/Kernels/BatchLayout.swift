/// The buffers of one forward + backward pass of a network over a batch of `B` points, as
/// offsets into ONE `[Double]` or `[Float]` (so a pass needs one `withUnsafeMutableBufferPointer`).
///
/// All matrices are column-major with one column per point, and, when derivatives are
/// propagated (`streams = 2`), the tangent columns follow the `B` primal columns: an `r × 2B`
/// matrix `[primal | tangent]`. With `streams = 1` only the primal half exists.
///
/// | buffer | shape (leading dimension) | forward content | backward content |
/// |---|---|---|---|
/// | points `x` | `B` | the batch's points | — |
/// | `A_l`, `l = 1…L` | `(d_l + 1) × SB` (`d_l + 1`) | `[a; 1]`, `[ȧ; 0]` | rows `0..<d_l`: adjoints `ā`, `ǡ` |
/// | `Z_l`, `l = 2…L` | `d_l × SB` (`d_l`) | GEMM output `[z | ż]`, then `[σ'(z) | σ''(z) ż]` | `[z̄ | ż̄]` |
/// | output `Y` | `1 × SB` (1) | `[h | h']` | loss seeds `[∂I/∂h | ∂I/∂h']` |
///
/// The constant last row of every `A` (1 under primal columns, 0 under tangent columns) makes
/// `[W | b] · A` add the bias to `z` and not to `ż` in the same GEMM, and makes the gradient
/// GEMM `Z̄ Aᵀ` produce the bias gradient `Σ_i z̄_i` as its last column.
///
/// The first layer has one input, so its "product" `z = w x + b`, `ż = w` is an outer
/// product, not a matrix product: it is fused into the activation loop (forward) and
/// recomputed in the backward loop, and layer 1 keeps no `Z` buffer. That saves `2 d₁ SB`
/// doubles — 64 MB for the paper's 4000-wide first layer on 1001 points, a third of the
/// training footprint — and two degenerate GEMMs (`k = 2`, `n = 2`) that run at ~5 GFLOP/s.
///
/// Storage: `B + Σ_{l≥1} (d_l + 1) SB + Σ_{l≥2} d_l SB + SB` doubles; the parameters, gradient
/// and optimizer state live elsewhere.
struct BatchLayout: Sendable {
    let layers: [LayerParameters]
    /// Points per batch `B`.
    let batch: Int
    /// 1 = values only, 2 = values and input derivatives (tangent stream).
    let streams: Int
    let pointsOffset: Int
    /// `A_l` for hidden layer `l` at index `l − 1`.
    let activationOffsets: [Int]
    /// `Z_l` for hidden layer `l ≥ 2` at index `l − 1` (index 0 unused: −1).
    let preactivationOffsets: [Int]
    let outputOffset: Int
    let storageCount: Int

    init(layers: [LayerParameters], batch: Int, streams: Int) {
        precondition(streams == 1 || streams == 2)
        self.layers = layers
        self.batch = batch
        self.streams = streams
        let columns = streams * batch
        var next = 0
        pointsOffset = next
        next += batch
        var activations: [Int] = [], preactivations: [Int] = []
        for (index, layer) in layers.dropLast().enumerated() {
            activations.append(next)
            next += (layer.outputWidth + 1) * columns
            if index == 0 {
                preactivations.append(-1)
            } else {
                preactivations.append(next)
                next += layer.outputWidth * columns
            }
        }
        activationOffsets = activations
        preactivationOffsets = preactivations
        outputOffset = next
        next += columns
        storageCount = next
    }

    /// Columns `SB` of every buffer.
    var columns: Int { streams * batch }
    /// Number of doubles in the stored activations and tangents `[a | ȧ]` of all hidden
    /// layers, `Σ_l d_l · SB` (the quantity the memory budget is quoted against).
    var activationEntryCount: Int { layers.dropLast().reduce(0) { $0 + $1.outputWidth } * columns }

    /// Fresh storage in precision `S`: constant rows set, the points buffer holding `points`
    /// (count `B`, rounded to `S`).
    func makeStorage<S: NetworkScalar>(points: UnsafeBufferPointer<Double>, as _: S.Type = Double.self) -> [S] {
        var storage = [S](repeating: 0, count: storageCount)
        storage.withUnsafeMutableBufferPointer { s in
            let base = s.baseAddress!
            for i in 0..<batch { base[pointsOffset + i] = S(points[i]) }
            for (index, layer) in layers.dropLast().enumerated() {
                let a = base + activationOffsets[index]
                let rows = layer.outputWidth + 1
                for i in 0..<batch { a[layer.outputWidth + i * rows] = 1 }   // tangent columns keep 0
            }
        }
        return storage
    }
}
