#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// One activation's elementwise work in the forward pass, specialised per activation so the
/// inner loops inline and vectorise. For a pre-activation `z` it gives `a = σ(z)` and
/// `s = σ'(z)`; with a tangent `ż` (so `ȧ = s ż`) it gives `e = σ''(z) ż`, written as a
/// function of `a`, `ȧ`, `ż` so that `σ''` needs no second evaluation of `σ`.
protocol ActivationKernel {
    /// `σ(z)` alone (1 flop).
    static func value<S: NetworkScalar>(_ z: S) -> S
    /// `(σ(z), σ'(z))`.
    static func primal<S: NetworkScalar>(_ z: S) -> (value: S, slope: S)
    /// `σ''(z) ż` from `a = σ(z)`, `ȧ = σ'(z) ż` and `ż`.
    static func curvatureTimesTangent<S: NetworkScalar>(value: S, valueTangent: S, tangent: S) -> S
    /// Flops per entry: primal only (`a`, `s`) and with the tangent (`+ ȧ`, `e`).
    static var primalFlops: Int { get }
    static var tangentFlops: Int { get }
}

/// `σ = tanh`: `s = 1 − a²` (2 flops after `σ`), `e = σ''ż = −2 a s ż = (−2a) ȧ` (2 flops).
enum TanhKernel: ActivationKernel {
    @inline(__always) static func value<S: NetworkScalar>(_ z: S) -> S { S.hyperbolicTangent(z) }
    @inline(__always) static func primal<S: NetworkScalar>(_ z: S) -> (value: S, slope: S) {
        let a = S.hyperbolicTangent(z)
        return (a, 1 - a * a)
    }
    @inline(__always) static func curvatureTimesTangent<S: NetworkScalar>(value a: S, valueTangent adot: S, tangent: S) -> S {
        (-2 * a) * adot
    }
    static var primalFlops: Int { 3 }        // tanh, a·a, 1 − ·
    static var tangentFlops: Int { 3 + 1 + 2 }
}

/// Logistic sigmoid: `s = a(1 − a)`, `e = σ''ż = s(1 − 2a) ż = (1 − 2a) ȧ`.
enum SigmoidKernel: ActivationKernel {
    @inline(__always) static func value<S: NetworkScalar>(_ z: S) -> S { 1 / (1 + S.exponential(-z)) }
    @inline(__always) static func primal<S: NetworkScalar>(_ z: S) -> (value: S, slope: S) {
        let a = 1 / (1 + S.exponential(-z))
        return (a, a * (1 - a))
    }
    @inline(__always) static func curvatureTimesTangent<S: NetworkScalar>(value a: S, valueTangent adot: S, tangent: S) -> S {
        (1 - 2 * a) * adot
    }
    static var primalFlops: Int { 3 }        // σ, 1 − a, a·(·)
    static var tangentFlops: Int { 3 + 1 + 3 }
}

/// `relu`: `a = max(z, 0)`, `s = 1` for `z > 0` else `0`, `e = 0` (σ'' = 0 away from the kink).
enum ReluKernel: ActivationKernel {
    @inline(__always) static func value<S: NetworkScalar>(_ z: S) -> S { z > 0 ? z : 0 }
    @inline(__always) static func primal<S: NetworkScalar>(_ z: S) -> (value: S, slope: S) {
        z > 0 ? (z, 1) : (0, 0)
    }
    @inline(__always) static func curvatureTimesTangent<S: NetworkScalar>(value a: S, valueTangent adot: S, tangent: S) -> S {
        0
    }
    static var primalFlops: Int { 2 }        // max, step
    static var tangentFlops: Int { 2 + 1 }
}

/// `sin`: `s = cos z`, `e = σ''ż = −sin(z) ż = (−a) ż`.
enum SineKernel: ActivationKernel {
    @inline(__always) static func value<S: NetworkScalar>(_ z: S) -> S { S.sine(z) }
    @inline(__always) static func primal<S: NetworkScalar>(_ z: S) -> (value: S, slope: S) {
        (S.sine(z), S.cosine(z))
    }
    @inline(__always) static func curvatureTimesTangent<S: NetworkScalar>(value a: S, valueTangent adot: S, tangent: S) -> S {
        (-a) * tangent
    }
    static var primalFlops: Int { 2 }        // sin, cos
    static var tangentFlops: Int { 2 + 1 + 2 }
}

extension Activation {
    /// The kernel type implementing this activation.
    var kernel: any ActivationKernel.Type {
        switch self {
        case .tanh: return TanhKernel.self
        case .sigmoid: return SigmoidKernel.self
        case .relu: return ReluKernel.self
        case .sin: return SineKernel.self
        }
    }

    /// Flops per (neuron, point) of the forward activation step (`streams` = 1 or 2).
    func forwardFlopsPerEntry(streams: Int) -> Int {
        streams == 2 ? kernel.tangentFlops : kernel.primalFlops
    }
}

/// Forward activation of one hidden layer of width `d` over `B` points:
/// reads `Z = [z | ż]`, writes `A = [a | ȧ]` (rows `0..<d`, leading dimension `d + 1`) and
/// overwrites `Z` with `[σ'(z) | σ''(z) ż]` for the backward pass.
@inline(__always)
func activate<K: ActivationKernel, S: NetworkScalar>(_ kernel: K.Type, width d: Int, batch: Int, streams: Int,
                                   z: UnsafeMutablePointer<S>, a: UnsafeMutablePointer<S>) {
    let lda = d + 1
    if streams == 2 {
        for i in 0..<batch {
            let zp = z + i * d, zt = z + (batch + i) * d
            let ap = a + i * lda, at = a + (batch + i) * lda
            for j in 0..<d {
                let (value, slope) = K.primal(zp[j])
                let tangent = zt[j]
                let valueTangent = slope * tangent
                ap[j] = value
                at[j] = valueTangent
                zp[j] = slope
                zt[j] = K.curvatureTimesTangent(value: value, valueTangent: valueTangent, tangent: tangent)
            }
        }
    } else {
        for i in 0..<batch {
            let zp = z + i * d, ap = a + i * lda
            for j in 0..<d {
                let (value, slope) = K.primal(zp[j])
                ap[j] = value
                zp[j] = slope
            }
        }
    }
}

/// Forward pass of the first hidden layer (one input), fused: for every point `x_i` and neuron
/// `j`, `z = w_j x_i + b_j` (2 flops), `ż = w_j` (the input tangent is 1), then `a = σ(z)`,
/// `ȧ = σ'(z) ż` into `A` (leading dimension `d + 1`). Nothing else is stored: the backward
/// loop recomputes `z`. `weights`, `biases`: the layer's `d` weights and biases.
@inline(__always)
func activateFirstLayer<K: ActivationKernel, S: NetworkScalar>(_ kernel: K.Type, width d: Int, batch: Int, streams: Int,
                                             points: UnsafePointer<S>, weights: UnsafePointer<S>,
                                             biases: UnsafePointer<S>, a: UnsafeMutablePointer<S>) {
    let lda = d + 1
    for i in 0..<batch {
        let x = points[i]
        let ap = a + i * lda
        if streams == 2 {
            let at = a + (batch + i) * lda
            for j in 0..<d {
                let (value, slope) = K.primal(weights[j] * x + biases[j])
                ap[j] = value
                at[j] = slope * weights[j]
            }
        } else {
            for j in 0..<d { ap[j] = K.value(weights[j] * x + biases[j]) }
        }
    }
}

/// Backward pass of the first hidden layer, fused: with the adjoints `ā`, `ǡ` in `A`, it
/// recomputes `z = w x + b`, `σ(z)`, `σ'(z)`, `ȧ`, `e = σ''(z) ż` (`ż = w`), forms
/// `z̄ = ā σ' + ǡ e`, `ż̄ = ǡ σ'`, and accumulates the layer's gradient in point order:
/// `∂w_j = Σ_i (z̄ x_i + ż̄)`, `∂b_j = Σ_i z̄` (primal stream only: `z̄ = ā σ'`,
/// `∂w_j = Σ_i z̄ x_i`). `weightGradient`, `biasGradient`: `d` entries each, overwritten.
@inline(__always)
func backPropagateFirstLayer<K: ActivationKernel, S: NetworkScalar>(_ kernel: K.Type, width d: Int, batch: Int, streams: Int,
                                                  points: UnsafePointer<S>, weights: UnsafePointer<S>,
                                                  biases: UnsafePointer<S>, a: UnsafePointer<S>,
                                                  weightGradient: UnsafeMutablePointer<S>,
                                                  biasGradient: UnsafeMutablePointer<S>) {
    let lda = d + 1
    weightGradient.update(repeating: 0, count: d)
    biasGradient.update(repeating: 0, count: d)
    for i in 0..<batch {
        let x = points[i]
        let ap = a + i * lda
        if streams == 2 {
            let at = a + (batch + i) * lda
            for j in 0..<d {
                let w = weights[j]
                let (value, slope) = K.primal(w * x + biases[j])
                let valueTangent = slope * w
                let curvature = K.curvatureTimesTangent(value: value, valueTangent: valueTangent, tangent: w)
                let tangentAdjoint = at[j]
                let zBar = ap[j] * slope + tangentAdjoint * curvature
                let zDotBar = tangentAdjoint * slope
                weightGradient[j] += zBar * x + zDotBar
                biasGradient[j] += zBar
            }
        } else {
            for j in 0..<d {
                let zBar = ap[j] * K.primal(weights[j] * x + biases[j]).slope
                weightGradient[j] += zBar * x
                biasGradient[j] += zBar
            }
        }
    }
}

/// Flops per (neuron, point) of `activateFirstLayer`: `z` (2), then `σ`, `σ'` and `ȧ = σ'w`
/// (primal only: `σ`, 1 flop).
func firstLayerForwardFlopsPerEntry(_ activation: Activation, streams: Int) -> Int {
    streams == 2 ? 2 + activation.kernel.primalFlops + 1 : 2 + 1
}

/// Flops per (neuron, point) of `backPropagateFirstLayer`: `z` (2), `σ, σ', ȧ, e` (the
/// tangent activation work), `z̄`, `ż̄` (4) and the accumulations (4); primal only: `z` (2),
/// `σ, σ'`, `z̄` (1) and the accumulations (3).
func firstLayerBackwardFlopsPerEntry(_ activation: Activation, streams: Int) -> Int {
    streams == 2 ? 2 + activation.kernel.tangentFlops + 8 : 2 + activation.kernel.primalFlops + 4
}

/// Backward step through one hidden layer's activation: with the adjoints `ā`, `ǡ` in `A`
/// (rows `0..<d`) and `[s | e] = [σ'(z) | σ''(z) ż]` in `Z`, writes into `Z`
/// `z̄ = ā s + ǡ e` and `ż̄ = ǡ s` (4 flops per entry; 1 flop, `z̄ = ā s`, without tangent).
@inline(__always)
func backPropagateActivation<S: NetworkScalar>(width d: Int, batch: Int, streams: Int,
                             z: UnsafeMutablePointer<S>, a: UnsafePointer<S>) {
    let lda = d + 1
    if streams == 2 {
        for i in 0..<batch {
            let zp = z + i * d, zt = z + (batch + i) * d
            let ap = a + i * lda, at = a + (batch + i) * lda
            for j in 0..<d {
                let slope = zp[j], curvature = zt[j]
                let valueAdjoint = ap[j], tangentAdjoint = at[j]
                zp[j] = valueAdjoint * slope + tangentAdjoint * curvature
                zt[j] = tangentAdjoint * slope
            }
        }
    } else {
        for i in 0..<batch {
            let zp = z + i * d, ap = a + i * lda
            for j in 0..<d { zp[j] = ap[j] * zp[j] }
        }
    }
}

/// Flops per entry of `backPropagateActivation`.
func backwardFlopsPerEntry(streams: Int) -> Int { streams == 2 ? 4 : 1 }
