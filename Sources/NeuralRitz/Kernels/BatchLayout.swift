#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// The buffers of one forward + backward pass of a network over a batch of `B` points, as
/// offsets into ONE `[Double]` or `[Float]` (so a pass needs one `withUnsafeMutableBufferPointer`).
///
/// All matrices are column-major with one column per point, and, when derivatives are
/// propagated (`streams = 2`: `h'`; `streams = 3`: `h'` and `h''`), the tangent columns follow
/// the `B` primal columns: an `r × SB` matrix `[primal | tangent | second tangent]`. With
/// `streams = 1` only the primal part exists.
///
/// | buffer | shape (leading dimension) | forward content | backward content |
/// |---|---|---|---|
/// | points `x` | `B` | the batch's points | — |
/// | scales `c` (multiscale only) | `d₁` | first-layer input multipliers | — |
/// | `A_0` (Fourier only) | `(2K + 1) × SB` (`2K + 1`) | `[γ; 1]`, `[γ'; 0]`, `[γ''; 0]` | — (kept) |
/// | `A_l`, `l = 1…L` | `(d_l + 1) × SB` (`d_l + 1`) | `[a; 1]`, `[ȧ; 0]`, `[ä; 0]` | rows `0..<d_l`: adjoints `ā`, `ǡ`, `ǟ` |
/// | `Z_l`, `l = 2…L` (and `l = 1` for Fourier) | `d_l × SB` (`d_l`) | GEMM output `[z | ż | z̈]`, then `[σ'(z) | σ''(z) ż | σ'''ż² + σ''z̈]` | `[z̄ | ż̄ | z̈̄]` |
/// | output `Y` | `1 × SB` (1) | `[h | h' | h'']` | loss seeds `[∂L/∂h | ∂L/∂h' | ∂L/∂h'']` |
///
/// The constant last row of every `A` (1 under primal columns, 0 under tangent columns) makes
/// `[W | b] · A` add the bias to `z` and not to `ż`, `z̈` in the same GEMM, and makes the
/// gradient GEMM `Z̄ Aᵀ` produce the bias gradient `Σ_i z̄_i` as its last column.
///
/// With one input (`.perceptron`, `.multiscale`), the first layer's "product"
/// `z = w (c x) + b`, `ż = w c` is an outer product, not a matrix product: it is fused into the
/// activation loop (forward) and recomputed in the backward loop, and layer 1 keeps no `Z`
/// buffer. That saves `2 d₁ SB` scalars — 64 MB for the paper's 4000-wide first layer on 1001
/// points, a third of the training footprint — and two degenerate GEMMs (`k = 2`, `n = 2`)
/// that run at ~5 GFLOP/s. A Fourier network's first layer is a GEMM on the embedding `A_0`,
/// which depends on the points only: it is computed once when the storage is loaded
/// (`embeddingFlops`), never by a pass, and the backward pass leaves it intact (no adjoint is
/// formed for it).
///
/// Storage: `B + (d₁ if multiscale) + ((2K + 1) SB if Fourier) + Σ_{l≥1} (d_l + 1) SB +
/// Σ_{l with Z} d_l SB + SB` scalars; the parameters, gradient and optimizer state live elsewhere.
struct BatchLayout: Sendable {
    let layers: [LayerParameters]
    /// The input stage.
    let family: NetworkFamily
    /// Points per batch `B`.
    let batch: Int
    /// 1 = values only, 2 = values and input derivatives (tangent stream), 3 = also the
    /// second input derivatives.
    let streams: Int
    let pointsOffset: Int
    /// The first-layer scales `c_j` (multiscale), else −1.
    let scalesOffset: Int
    /// `A_0 = [γ; 1]` (Fourier), else −1.
    let embeddingOffset: Int
    /// `A_l` for hidden layer `l` at index `l − 1`.
    let activationOffsets: [Int]
    /// `Z_l` for hidden layer `l` at index `l − 1` (−1 for a fused first layer).
    let preactivationOffsets: [Int]
    let outputOffset: Int
    let storageCount: Int

    init(layers: [LayerParameters], batch: Int, streams: Int, family: NetworkFamily = .perceptron) {
        precondition((1...3).contains(streams))
        self.layers = layers
        self.family = family
        self.batch = batch
        self.streams = streams
        let columns = streams * batch
        var next = 0
        pointsOffset = next
        next += batch
        if case .multiscale = family {
            scalesOffset = next
            next += layers[0].outputWidth
        } else {
            scalesOffset = -1
        }
        if case .fourier = family {
            embeddingOffset = next
            next += (layers[0].inputWidth + 1) * columns
        } else {
            embeddingOffset = -1
        }
        let fused = embeddingOffset < 0
        var activations: [Int] = [], preactivations: [Int] = []
        for (index, layer) in layers.dropLast().enumerated() {
            activations.append(next)
            next += (layer.outputWidth + 1) * columns
            if index == 0 && fused {
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
    /// Whether the first layer is the fused one-input outer product (not a GEMM).
    var hasFusedFirstLayer: Bool { embeddingOffset < 0 }
    /// Index of the first layer computed by a GEMM: 1 (fused first layer) or 0 (Fourier).
    var firstProductLayer: Int { hasFusedFirstLayer ? 1 : 0 }
    /// Number of scalars in the stored activations and tangents `[a | ȧ]` of all hidden
    /// layers, `Σ_l d_l · SB` (the quantity the memory budget is quoted against).
    var activationEntryCount: Int { layers.dropLast().reduce(0) { $0 + $1.outputWidth } * columns }

    /// Fresh storage in precision `S`: constant rows set, the input buffers holding `points`
    /// (count `B`, rounded to `S`; see `loadInputs`).
    func makeStorage<S: NetworkScalar>(points: UnsafeBufferPointer<Double>, as _: S.Type = Double.self) -> [S] {
        var storage = [S](repeating: 0, count: storageCount)
        storage.withUnsafeMutableBufferPointer { s in prepareStorage(points: points, at: s.baseAddress!) }
        return storage
    }

    /// `makeStorage` in place: fills `storageCount` zeroed scalars at `base` with the inputs
    /// and the constant rows.
    func prepareStorage<S: NetworkScalar>(points: UnsafeBufferPointer<Double>, at base: UnsafeMutablePointer<S>) {
        loadInputs(points: points, into: base)
        for (index, layer) in layers.dropLast().enumerated() {
            let a = base + activationOffsets[index]
            let rows = layer.outputWidth + 1
            for i in 0..<batch { a[layer.outputWidth + i * rows] = 1 }   // tangent columns keep 0
        }
        if embeddingOffset >= 0 {
            let rows = layers[0].inputWidth + 1
            for i in 0..<batch { base[embeddingOffset + rows - 1 + i * rows] = 1 }
        }
    }

    /// Writes the `B` points (rounded to `S`), the multiscale scales and the Fourier embedding
    /// of the points into `base`'s input buffers (the constant rows are `makeStorage`'s).
    /// Embedding, per point and feature `k` (computed in `Double`, rounded once):
    /// `ω = 2π b_k`, `θ = ω x`, `[cos θ, sin θ]`; tangent `[−ω sin θ, ω cos θ]`; second tangent
    /// `−ω² [cos θ, sin θ]` (`embeddingFlops`).
    func loadInputs<S: NetworkScalar>(points: UnsafeBufferPointer<Double>, into base: UnsafeMutablePointer<S>) {
        for i in 0..<batch { base[pointsOffset + i] = S(points[i]) }
        switch family {
        case .perceptron: break
        case .multiscale:
            let scales = NetworkArchitecture.groupScales(family, width: layers[0].outputWidth)
            for (j, c) in scales.enumerated() { base[scalesOffset + j] = S(c) }
        case .fourier(let features):
            let b = features.frequencies, k = b.count, rows = 2 * k + 1
            let a = base + embeddingOffset
            for i in 0..<batch {
                let x = points[i]
                for f in 0..<k {
                    let omega = (2 * Double.pi) * b[f]
                    let theta = omega * x
                    let c = cos(theta), s = sin(theta)
                    a[i * rows + f] = S(c)
                    a[i * rows + k + f] = S(s)
                    if streams >= 2 {
                        a[(batch + i) * rows + f] = S(-(omega * s))
                        a[(batch + i) * rows + k + f] = S(omega * c)
                    }
                    if streams == 3 {
                        let negativeSquare = -(omega * omega)
                        a[(2 * batch + i) * rows + f] = S(negativeSquare * c)
                        a[(2 * batch + i) * rows + k + f] = S(negativeSquare * s)
                    }
                }
            }
        }
    }

    /// Exact flops of the Fourier embedding in `loadInputs`: per point and feature `ω` (1),
    /// `θ` (1), `cos`, `sin` (2); the tangent 3 more (`ω s`, its negation, `ω c`); the second
    /// tangent 4 more (`ω²`, its negation, two products). 0 for the other families.
    var embeddingFlops: Int {
        guard case .fourier(let features) = family else { return 0 }
        let perEntry = streams == 1 ? 4 : (streams == 2 ? 7 : 11)
        return batch * features.frequencies.count * perEntry
    }
}
