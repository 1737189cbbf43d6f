/// The buffers of one forward + backward pass of a network over a batch of `B` points, as
/// offsets into ONE `[Double]` (so a pass needs one `withUnsafeMutableBufferPointer`).
///
/// All matrices are column-major with one column per point, and, when derivatives are
/// propagated (`streams = 2`), the tangent columns follow the `B` primal columns: an `r × 2B`
/// matrix `[primal | tangent]`. With `streams = 1` only the primal half exists.
///
/// | buffer | shape (leading dimension) | forward content | backward content |
/// |---|---|---|---|
/// | input `A₀` | `2 × SB` (2) | `[x; 1]` and `[1; 0]` columns (constant) | — |
/// | `A_l`, `l = 1…L` | `(d_l + 1) × SB` (`d_l + 1`) | `[a; 1]`, `[ȧ; 0]` | rows `0..<d_l`: adjoints `ā`, `ǡ` |
/// | `Z_l`, `l = 1…L` | `d_l × SB` (`d_l`) | GEMM output `[z | ż]`, then `[σ'(z) | σ''(z) ż]` | `[z̄ | ż̄]` |
/// | output `Y` | `1 × SB` (1) | `[h | h']` | loss seeds `[∂I/∂h | ∂I/∂h']` |
///
/// The constant last row of every `A` (1 under primal columns, 0 under tangent columns) makes
/// `[W | b] · A` add the bias to `z` and not to `ż` in the same GEMM, and makes the gradient
/// GEMM `Z̄ Aᵀ` produce the bias gradient `Σ_i z̄_i` as its last column.
///
/// Storage: `2SB + Σ_l (2 d_l + 1) SB + SB` doubles; the parameters, gradient and optimizer
/// state live elsewhere.
struct BatchLayout: Sendable {
    let layers: [LayerParameters]
    /// Points per batch `B`.
    let batch: Int
    /// 1 = values only, 2 = values and input derivatives (tangent stream).
    let streams: Int
    let inputOffset: Int
    /// `A_l` for hidden layer `l` at index `l − 1`.
    let activationOffsets: [Int]
    /// `Z_l` for hidden layer `l` at index `l − 1`.
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
        inputOffset = next
        next += 2 * columns
        var activations: [Int] = [], preactivations: [Int] = []
        for layer in layers.dropLast() {
            activations.append(next)
            next += (layer.outputWidth + 1) * columns
            preactivations.append(next)
            next += layer.outputWidth * columns
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

    /// Fresh storage: constant rows set, the input matrix holding `points` (count `B`).
    func makeStorage(points: UnsafeBufferPointer<Double>) -> [Double] {
        var storage = [Double](repeating: 0, count: storageCount)
        storage.withUnsafeMutableBufferPointer { s in
            let base = s.baseAddress!
            for i in 0..<batch {
                base[inputOffset + 2 * i] = points[i]
                base[inputOffset + 2 * i + 1] = 1
            }
            if streams == 2 {
                for i in batch..<columns {
                    base[inputOffset + 2 * i] = 1          // ẋ = 1
                    base[inputOffset + 2 * i + 1] = 0      // the bias does not enter ż
                }
            }
            for (index, layer) in layers.dropLast().enumerated() {
                let a = base + activationOffsets[index]
                let rows = layer.outputWidth + 1
                for i in 0..<batch { a[layer.outputWidth + i * rows] = 1 }
            }
        }
        return storage
    }
}
