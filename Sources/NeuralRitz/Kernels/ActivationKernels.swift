#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// One activation's elementwise work in the forward pass, specialised per activation so the
/// inner loops inline and vectorise. For a pre-activation `z` it gives `a = σ(z)` and
/// `s = σ'(z)`; with a tangent `ż` (so `ȧ = s ż`) it gives `e = σ''(z) ż`, written as a
/// function of `z`, `a`, `ȧ`, `ż` so that `σ''` needs no second evaluation of `σ` where the
/// activation allows; for the second tangent stream it gives `σ''(z)` and `σ'''(z)`.
protocol ActivationKernel {
    /// `σ(z)` alone (`valueFlops`).
    static func value<S: NetworkScalar>(_ z: S) -> S
    /// `(σ(z), σ'(z))` (`primalFlops`).
    static func primal<S: NetworkScalar>(_ z: S) -> (value: S, slope: S)
    /// `σ''(z) ż` from `z`, `a = σ(z)`, `ȧ = σ'(z) ż` and `ż`.
    static func curvatureTimesTangent<S: NetworkScalar>(z: S, value: S, valueTangent: S, tangent: S) -> S
    /// `(σ''(z), σ'''(z))` from `z`, `a = σ(z)`, `s = σ'(z)` (`higherFlops`).
    static func higherDerivatives<S: NetworkScalar>(z: S, value: S, slope: S) -> (second: S, third: S)
    /// Flops per entry: `σ` alone; primal (`a`, `s`); with the tangent (`+ ȧ`, `e`); and
    /// `σ''`, `σ'''` given `a`, `s`.
    static var valueFlops: Int { get }
    static var primalFlops: Int { get }
    static var tangentFlops: Int { get }
    static var higherFlops: Int { get }
}

extension ActivationKernel {
    static var valueFlops: Int { 1 }
}

/// `σ = tanh`: `s = 1 − a²` (2 flops after `σ`), `e = σ''ż = −2 a s ż = (−2a) ȧ` (2 flops);
/// `σ'' = (−2a) s` (2), `σ''' = s (6a² − 2)` (4).
enum TanhKernel: ActivationKernel {
    @inline(__always) static func value<S: NetworkScalar>(_ z: S) -> S { S.hyperbolicTangent(z) }
    @inline(__always) static func primal<S: NetworkScalar>(_ z: S) -> (value: S, slope: S) {
        let a = S.hyperbolicTangent(z)
        return (a, 1 - a * a)
    }
    @inline(__always) static func curvatureTimesTangent<S: NetworkScalar>(z: S, value a: S, valueTangent adot: S, tangent: S) -> S {
        (-2 * a) * adot
    }
    @inline(__always) static func higherDerivatives<S: NetworkScalar>(z: S, value a: S, slope s: S) -> (second: S, third: S) {
        ((-2 * a) * s, s * (6 * (a * a) - 2))
    }
    static var primalFlops: Int { 3 }        // tanh, a·a, 1 − ·
    static var tangentFlops: Int { 3 + 1 + 2 }
    static var higherFlops: Int { 2 + 4 }
}

/// Logistic sigmoid: `s = a(1 − a)`, `e = σ''ż = s(1 − 2a) ż = (1 − 2a) ȧ`;
/// `σ'' = s(1 − 2a)` (3), `σ''' = s(1 − 6a + 6a²)` (6).
enum SigmoidKernel: ActivationKernel {
    @inline(__always) static func value<S: NetworkScalar>(_ z: S) -> S { 1 / (1 + S.exponential(-z)) }
    @inline(__always) static func primal<S: NetworkScalar>(_ z: S) -> (value: S, slope: S) {
        let a = 1 / (1 + S.exponential(-z))
        return (a, a * (1 - a))
    }
    @inline(__always) static func curvatureTimesTangent<S: NetworkScalar>(z: S, value a: S, valueTangent adot: S, tangent: S) -> S {
        (1 - 2 * a) * adot
    }
    @inline(__always) static func higherDerivatives<S: NetworkScalar>(z: S, value a: S, slope s: S) -> (second: S, third: S) {
        (s * (1 - 2 * a), s * ((1 - 6 * a) + 6 * (a * a)))
    }
    static var primalFlops: Int { 3 }        // σ, 1 − a, a·(·)
    static var tangentFlops: Int { 3 + 1 + 3 }
    static var higherFlops: Int { 3 + 6 }
}

/// `relu`: `a = max(z, 0)`, `s = 1` for `z > 0` else `0`, `e = 0` (σ'' = σ''' = 0 away from the kink).
enum ReluKernel: ActivationKernel {
    @inline(__always) static func value<S: NetworkScalar>(_ z: S) -> S { z > 0 ? z : 0 }
    @inline(__always) static func primal<S: NetworkScalar>(_ z: S) -> (value: S, slope: S) {
        z > 0 ? (z, 1) : (0, 0)
    }
    @inline(__always) static func curvatureTimesTangent<S: NetworkScalar>(z: S, value a: S, valueTangent adot: S, tangent: S) -> S {
        0
    }
    @inline(__always) static func higherDerivatives<S: NetworkScalar>(z: S, value a: S, slope s: S) -> (second: S, third: S) {
        (0, 0)
    }
    static var primalFlops: Int { 2 }        // max, step
    static var tangentFlops: Int { 2 + 1 }
    static var higherFlops: Int { 0 }
}

/// `sin`: `s = cos z`, `e = σ''ż = −sin(z) ż = (−a) ż`; `σ'' = −a`, `σ''' = −s` (1 each).
enum SineKernel: ActivationKernel {
    @inline(__always) static func value<S: NetworkScalar>(_ z: S) -> S { S.sine(z) }
    @inline(__always) static func primal<S: NetworkScalar>(_ z: S) -> (value: S, slope: S) {
        (S.sine(z), S.cosine(z))
    }
    @inline(__always) static func curvatureTimesTangent<S: NetworkScalar>(z: S, value a: S, valueTangent adot: S, tangent: S) -> S {
        (-a) * tangent
    }
    @inline(__always) static func higherDerivatives<S: NetworkScalar>(z: S, value a: S, slope s: S) -> (second: S, third: S) {
        (-a, -s)
    }
    static var primalFlops: Int { 2 }        // sin, cos
    static var tangentFlops: Int { 2 + 1 + 2 }
    static var higherFlops: Int { 2 }
}

/// `srelu(z) = ReLU(z)·ReLU(1 − z)`: on `(0, 1)` (2 comparisons) `a = z(1 − z)` (2),
/// `s = 1 − 2z` (2), `σ'' = −2`, `σ''' = 0`; outside all 0. `a > 0` exactly on `(0, 1)`, so
/// `e = σ''ż` and `σ''` test `a` (1 comparison, and 1 multiply for `e`).
enum SquaredReluKernel: ActivationKernel {
    @inline(__always) static func value<S: NetworkScalar>(_ z: S) -> S { z > 0 && z < 1 ? z * (1 - z) : 0 }
    @inline(__always) static func primal<S: NetworkScalar>(_ z: S) -> (value: S, slope: S) {
        z > 0 && z < 1 ? (z * (1 - z), 1 - 2 * z) : (0, 0)
    }
    @inline(__always) static func curvatureTimesTangent<S: NetworkScalar>(z: S, value a: S, valueTangent adot: S, tangent: S) -> S {
        a > 0 ? -2 * tangent : 0
    }
    @inline(__always) static func higherDerivatives<S: NetworkScalar>(z: S, value a: S, slope s: S) -> (second: S, third: S) {
        (a > 0 ? -2 : 0, 0)
    }
    static var valueFlops: Int { 2 + 2 }
    static var primalFlops: Int { 2 + 2 + 2 }
    static var tangentFlops: Int { 6 + 1 + 2 }
    static var higherFlops: Int { 1 }
}

/// `s2relu(z) = sin(ωz)·srelu(z)`, `ω = 2π`: on `(0, 1)` (2 comparisons) with `t = ωz` (1),
/// `S = sin t`, `C = cos t` (1 each), `p = z(1 − z)` (2), `p' = 1 − 2z` (2):
/// `a = S p` (1), `s = (ωC) p + S p'` (4), `σ'' = (−ω²S) p + (2ωC) p' − 2S` (7),
/// `σ''' = (−ω³C) p − (3ω²S) p' − (6ω) C` (7); outside all 0. `e = σ''ż` and `σ''`, `σ'''`
/// recompute `S`, `C`, `p`, `p'` from `z` (`e`: 2 + 1 + 2 + 4 + 7 + 1 = 17 flops).
enum SineSquaredReluKernel: ActivationKernel {
    @inline(__always) static func value<S: NetworkScalar>(_ z: S) -> S {
        z > 0 && z < 1 ? S.sine(S(2 * Double.pi) * z) * (z * (1 - z)) : 0
    }
    @inline(__always) static func primal<S: NetworkScalar>(_ z: S) -> (value: S, slope: S) {
        guard z > 0 && z < 1 else { return (0, 0) }
        let t = S(2 * Double.pi) * z, sine = S.sine(t), cosine = S.cosine(t)
        let p = z * (1 - z), dp = 1 - 2 * z
        return (sine * p, (S(2 * Double.pi) * cosine) * p + sine * dp)
    }
    /// `(σ''(z), σ'''(z))` from `z` alone.
    @inline(__always) static func curvatures<S: NetworkScalar>(_ z: S) -> (second: S, third: S) {
        guard z > 0 && z < 1 else { return (0, 0) }
        let w = 2 * Double.pi
        let t = S(w) * z, sine = S.sine(t), cosine = S.cosine(t)
        let p = z * (1 - z), dp = 1 - 2 * z
        let second = (S(-w * w) * sine) * p + (S(2 * w) * cosine) * dp - 2 * sine
        let third = (S(-w * w * w) * cosine) * p - (S(3 * w * w) * sine) * dp - S(6 * w) * cosine
        return (second, third)
    }
    @inline(__always) static func curvatureTimesTangent<S: NetworkScalar>(z: S, value a: S, valueTangent adot: S, tangent: S) -> S {
        curvatures(z).second * tangent
    }
    @inline(__always) static func higherDerivatives<S: NetworkScalar>(z: S, value a: S, slope s: S) -> (second: S, third: S) {
        curvatures(z)
    }
    static var valueFlops: Int { 2 + 1 + 1 + 2 + 1 }
    static var primalFlops: Int { 2 + 1 + 2 + 2 + 2 + 1 + 4 }
    static var tangentFlops: Int { primalFlops + 1 + 17 }
    static var higherFlops: Int { 2 + 1 + 2 + 2 + 2 + 7 + 7 }
}

extension Activation {
    /// The kernel type implementing this activation.
    var kernel: any ActivationKernel.Type {
        switch self {
        case .tanh: return TanhKernel.self
        case .sigmoid: return SigmoidKernel.self
        case .relu: return ReluKernel.self
        case .sin: return SineKernel.self
        case .srelu: return SquaredReluKernel.self
        case .s2relu: return SineSquaredReluKernel.self
        }
    }

    /// Flops per (neuron, point) of the forward activation step (`streams` = 1, 2 or 3): primal;
    /// with the tangent; with both tangents (primal, `σ''`, `σ'''`, then `ȧ`, `e`, `ä` (3),
    /// `f` (4) — 9 after the derivatives).
    func forwardFlopsPerEntry(streams: Int) -> Int {
        switch streams {
        case 1: return kernel.primalFlops
        case 2: return kernel.tangentFlops
        default: return kernel.primalFlops + kernel.higherFlops + 9
        }
    }
}

/// Forward activation of one hidden layer of width `d` over `B` points:
/// reads `Z = [z | ż]`, writes `A = [a | ȧ]` (rows `0..<d`, leading dimension `d + 1`) and
/// overwrites `Z` with `[σ'(z) | σ''(z) ż]` for the backward pass. With the second tangent
/// (`streams == 3`) it reads `Z = [z | ż | z̈]`, writes `A = [a | ȧ | ä]` with
/// `ä = σ''(z) ż² + σ'(z) z̈` (the chain rule twice) and leaves `Z = [s | e | f]`,
/// `s = σ'(z)`, `e = σ''(z) ż`, `f = σ'''(z) ż² + σ''(z) z̈` — the partial derivatives of
/// `(a, ȧ, ä)` the backward pass needs.
@inline(__always)
func activate<K: ActivationKernel, S: NetworkScalar>(_ kernel: K.Type, width d: Int, batch: Int, streams: Int,
                                   z: UnsafeMutablePointer<S>, a: UnsafeMutablePointer<S>) {
    let lda = d + 1
    if streams == 3 {
        for i in 0..<batch {
            let zp = z + i * d, zt = z + (batch + i) * d, zs = z + (2 * batch + i) * d
            let ap = a + i * lda, at = a + (batch + i) * lda, acc = a + (2 * batch + i) * lda
            for j in 0..<d {
                let pre = zp[j]
                let (value, slope) = K.primal(pre)
                let (second, third) = K.higherDerivatives(z: pre, value: value, slope: slope)
                let tangent = zt[j], secondTangent = zs[j]
                let curvature = second * tangent                        // e = σ'' ż
                ap[j] = value
                at[j] = slope * tangent                                 // ȧ = σ' ż
                acc[j] = curvature * tangent + slope * secondTangent     // ä = σ'' ż² + σ' z̈
                zp[j] = slope
                zt[j] = curvature
                zs[j] = (third * tangent) * tangent + second * secondTangent
            }
        }
    } else if streams == 2 {
        for i in 0..<batch {
            let zp = z + i * d, zt = z + (batch + i) * d
            let ap = a + i * lda, at = a + (batch + i) * lda
            for j in 0..<d {
                let pre = zp[j]
                let (value, slope) = K.primal(pre)
                let tangent = zt[j]
                let valueTangent = slope * tangent
                ap[j] = value
                at[j] = valueTangent
                zp[j] = slope
                zt[j] = K.curvatureTimesTangent(z: pre, value: value, valueTangent: valueTangent, tangent: tangent)
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

/// How the first hidden layer of a fused (one-input) network sees the point `x`: neuron `j`'s
/// pre-activation is `z_j = w_j u_j + b_j` with `u_j = c_j x`, so `ż_j = w_j c_j`, `z̈_j = 0`,
/// and `∂z_j/∂w_j = u_j`, `∂ż_j/∂w_j = c_j`. `c_j = 1` (the plain MLP) or MscaleDNN's fixed
/// per-neuron scale (`NetworkFamily.multiscale`).
protocol FirstLayerInput {
    associatedtype Scalar: NetworkScalar
    /// `u_j = c_j x`.
    func input(_ x: Scalar, neuron j: Int) -> Scalar
    /// `ż_j = w_j c_j`.
    func tangent(weight w: Scalar, neuron j: Int) -> Scalar
    /// `z̄ u_j + ż̄ c_j`: the weight's gradient contribution from one point.
    func weightGradient(_ zBar: Scalar, input u: Scalar, _ zDotBar: Scalar, neuron j: Int) -> Scalar
    /// Extra flops per entry against the plain input, by stream count (forward, backward).
    static func extraFlops(streams: Int) -> (forward: Int, backward: Int)
}

/// `c_j = 1`: the plain MLP's input, at no cost.
struct UnitInput<Scalar: NetworkScalar>: FirstLayerInput {
    @inline(__always) func input(_ x: Scalar, neuron j: Int) -> Scalar { x }
    @inline(__always) func tangent(weight w: Scalar, neuron j: Int) -> Scalar { w }
    @inline(__always) func weightGradient(_ zBar: Scalar, input u: Scalar, _ zDotBar: Scalar, neuron j: Int) -> Scalar {
        zBar * u + zDotBar
    }
    static func extraFlops(streams: Int) -> (forward: Int, backward: Int) { (0, 0) }
}

/// `c_j = scales[j]`: MscaleDNN's input (`u_j = c_j x` 1 flop, `ż = w c_j` 1 flop, and one
/// more multiply in the weight gradient).
struct ScaledInput<Scalar: NetworkScalar>: FirstLayerInput {
    let scales: UnsafePointer<Scalar>
    @inline(__always) func input(_ x: Scalar, neuron j: Int) -> Scalar { scales[j] * x }
    @inline(__always) func tangent(weight w: Scalar, neuron j: Int) -> Scalar { w * scales[j] }
    @inline(__always) func weightGradient(_ zBar: Scalar, input u: Scalar, _ zDotBar: Scalar, neuron j: Int) -> Scalar {
        zBar * u + zDotBar * scales[j]
    }
    static func extraFlops(streams: Int) -> (forward: Int, backward: Int) { streams == 1 ? (1, 1) : (2, 3) }
}

/// Forward pass of the first hidden layer (one input), fused: for every point `x_i` and neuron
/// `j`, `z = w_j u_j + b_j` (2 flops, `u_j = c_j x_i`, see `FirstLayerInput`), `ż = w_j c_j`,
/// `z̈ = 0`, then `a = σ(z)`, `ȧ = σ'(z) ż`, and with the second tangent `ä = σ''(z) ż²` into
/// `A` (leading dimension `d + 1`). Nothing else is stored: the backward loop recomputes `z`.
/// `weights`, `biases`: the layer's `d` weights and biases.
@inline(__always)
func activateFirstLayer<K: ActivationKernel, F: FirstLayerInput>(_ kernel: K.Type, input: F, width d: Int, batch: Int, streams: Int,
                                             points: UnsafePointer<F.Scalar>, weights: UnsafePointer<F.Scalar>,
                                             biases: UnsafePointer<F.Scalar>, a: UnsafeMutablePointer<F.Scalar>) {
    let lda = d + 1
    for i in 0..<batch {
        let x = points[i]
        let ap = a + i * lda
        if streams == 3 {
            let at = a + (batch + i) * lda, acc = a + (2 * batch + i) * lda
            for j in 0..<d {
                let pre = weights[j] * input.input(x, neuron: j) + biases[j]
                let (value, slope) = K.primal(pre)
                let (second, _) = K.higherDerivatives(z: pre, value: value, slope: slope)
                let tangent = input.tangent(weight: weights[j], neuron: j)
                ap[j] = value
                at[j] = slope * tangent
                acc[j] = (second * tangent) * tangent                    // ä = σ'' ż² (z̈ = 0)
            }
        } else if streams == 2 {
            let at = a + (batch + i) * lda
            for j in 0..<d {
                let (value, slope) = K.primal(weights[j] * input.input(x, neuron: j) + biases[j])
                ap[j] = value
                at[j] = slope * input.tangent(weight: weights[j], neuron: j)
            }
        } else {
            for j in 0..<d { ap[j] = K.value(weights[j] * input.input(x, neuron: j) + biases[j]) }
        }
    }
}

/// Backward pass of the first hidden layer, fused: with the adjoints `ā`, `ǡ` (and `ǟ`) in
/// `A`, it recomputes `z = w u + b`, `σ(z)`, `σ'(z)`, `ȧ`, `e = σ''(z) ż` (`ż = w c`), forms
/// `z̄ = ā σ' + ǡ e`, `ż̄ = ǡ σ'`, and accumulates the layer's gradient in point order:
/// `∂w_j = Σ_i (z̄ u_i + ż̄ c_j)`, `∂b_j = Σ_i z̄` (primal stream only: `z̄ = ā σ'`,
/// `∂w_j = Σ_i z̄ u_i`). With the second tangent (`z̈ = 0`, `ä = σ'' ż²`):
/// `z̄ = ā σ' + ǡ e + ǟ f`, `f = σ''' ż²`, and `ż̄ = ǡ σ' + 2ǟ e`.
/// `weightGradient`, `biasGradient`: `d` entries each, overwritten.
@inline(__always)
func backPropagateFirstLayer<K: ActivationKernel, F: FirstLayerInput>(_ kernel: K.Type, input: F, width d: Int, batch: Int, streams: Int,
                                                  points: UnsafePointer<F.Scalar>, weights: UnsafePointer<F.Scalar>,
                                                  biases: UnsafePointer<F.Scalar>, a: UnsafePointer<F.Scalar>,
                                                  weightGradient: UnsafeMutablePointer<F.Scalar>,
                                                  biasGradient: UnsafeMutablePointer<F.Scalar>) {
    let lda = d + 1
    weightGradient.update(repeating: 0, count: d)
    biasGradient.update(repeating: 0, count: d)
    for i in 0..<batch {
        let x = points[i]
        let ap = a + i * lda
        if streams == 3 {
            let at = a + (batch + i) * lda, acc = a + (2 * batch + i) * lda
            for j in 0..<d {
                let w = weights[j]
                let u = input.input(x, neuron: j)
                let pre = w * u + biases[j]
                let (value, slope) = K.primal(pre)
                let (second, third) = K.higherDerivatives(z: pre, value: value, slope: slope)
                let tangent = input.tangent(weight: w, neuron: j)
                let curvature = second * tangent                        // e = σ'' ż
                let thirdTerm = (third * tangent) * tangent             // f = σ''' ż²
                let tangentAdjoint = at[j], secondAdjoint = acc[j]
                let zBar = (ap[j] * slope + tangentAdjoint * curvature) + secondAdjoint * thirdTerm
                let zDotBar = tangentAdjoint * slope + (2 * secondAdjoint) * curvature
                weightGradient[j] += input.weightGradient(zBar, input: u, zDotBar, neuron: j)
                biasGradient[j] += zBar
            }
        } else if streams == 2 {
            let at = a + (batch + i) * lda
            for j in 0..<d {
                let w = weights[j]
                let u = input.input(x, neuron: j)
                let pre = w * u + biases[j]
                let (value, slope) = K.primal(pre)
                let tangent = input.tangent(weight: w, neuron: j)
                let valueTangent = slope * tangent
                let curvature = K.curvatureTimesTangent(z: pre, value: value, valueTangent: valueTangent, tangent: tangent)
                let tangentAdjoint = at[j]
                let zBar = ap[j] * slope + tangentAdjoint * curvature
                let zDotBar = tangentAdjoint * slope
                weightGradient[j] += input.weightGradient(zBar, input: u, zDotBar, neuron: j)
                biasGradient[j] += zBar
            }
        } else {
            for j in 0..<d {
                let u = input.input(x, neuron: j)
                let zBar = ap[j] * K.primal(weights[j] * u + biases[j]).slope
                weightGradient[j] += zBar * u
                biasGradient[j] += zBar
            }
        }
    }
}

/// Flops per (neuron, point) of `activateFirstLayer` with the plain input: `z` (2), then
/// `σ`, `σ'` and `ȧ = σ'w` (primal only: `σ`); with the second tangent also `σ''`, `σ'''` and
/// `ä` (2). `FirstLayerInput.extraFlops` adds the scaled input's work.
func firstLayerForwardFlopsPerEntry(_ activation: Activation, streams: Int) -> Int {
    let k = activation.kernel
    switch streams {
    case 1: return 2 + k.valueFlops
    case 2: return 2 + k.primalFlops + 1
    default: return 2 + k.primalFlops + k.higherFlops + 1 + 2
    }
}

/// Flops per (neuron, point) of `backPropagateFirstLayer` with the plain input: `z` (2),
/// `σ, σ', ȧ, e` (the tangent activation work), `z̄`, `ż̄` (4) and the accumulations (4);
/// primal only: `z` (2), `σ, σ'`, `z̄` (1) and the accumulations (3); with the second tangent:
/// `z` (2), `σ, σ', σ'', σ'''`, `e` (1), `f` (2), `z̄` (5), `ż̄` (4), accumulations (4).
func firstLayerBackwardFlopsPerEntry(_ activation: Activation, streams: Int) -> Int {
    let k = activation.kernel
    switch streams {
    case 1: return 2 + k.primalFlops + 4
    case 2: return 2 + k.tangentFlops + 8
    default: return 2 + k.primalFlops + k.higherFlops + 3 + 9 + 4
    }
}

/// Backward step through one hidden layer's activation: with the adjoints `ā`, `ǡ` in `A`
/// (rows `0..<d`) and `[s | e] = [σ'(z) | σ''(z) ż]` in `Z`, writes into `Z`
/// `z̄ = ā s + ǡ e` and `ż̄ = ǡ s` (4 flops per entry; 1 flop, `z̄ = ā s`, without tangent).
/// With the second tangent (`Z = [s | e | f]`, adjoints `ā`, `ǡ`, `ǟ`): `z̄ = ā s + ǡ e + ǟ f`,
/// `ż̄ = ǡ s + 2ǟ e`, `z̈̄ = ǟ s` (10 flops) — the transpose of `(ż, z̈) ↦ (ȧ, ä)` and of
/// `z ↦ (a, ȧ, ä)`.
@inline(__always)
func backPropagateActivation<S: NetworkScalar>(width d: Int, batch: Int, streams: Int,
                             z: UnsafeMutablePointer<S>, a: UnsafePointer<S>) {
    let lda = d + 1
    if streams == 3 {
        for i in 0..<batch {
            let zp = z + i * d, zt = z + (batch + i) * d, zs = z + (2 * batch + i) * d
            let ap = a + i * lda, at = a + (batch + i) * lda, acc = a + (2 * batch + i) * lda
            for j in 0..<d {
                let slope = zp[j], curvature = zt[j], thirdTerm = zs[j]
                let valueAdjoint = ap[j], tangentAdjoint = at[j], secondAdjoint = acc[j]
                zp[j] = (valueAdjoint * slope + tangentAdjoint * curvature) + secondAdjoint * thirdTerm
                zt[j] = tangentAdjoint * slope + (2 * secondAdjoint) * curvature
                zs[j] = secondAdjoint * slope
            }
        }
    } else if streams == 2 {
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
func backwardFlopsPerEntry(streams: Int) -> Int {
    switch streams {
    case 1: return 1
    case 2: return 4
    default: return 10
    }
}
