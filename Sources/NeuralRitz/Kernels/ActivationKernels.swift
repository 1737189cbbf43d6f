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
    /// `(σ(z), σ'(z))`.
    static func primal(_ z: Double) -> (value: Double, slope: Double)
    /// `σ''(z) ż` from `a = σ(z)`, `ȧ = σ'(z) ż` and `ż`.
    static func curvatureTimesTangent(value: Double, valueTangent: Double, tangent: Double) -> Double
    /// Flops per entry: primal only (`a`, `s`) and with the tangent (`+ ȧ`, `e`).
    static var primalFlops: Int { get }
    static var tangentFlops: Int { get }
}

/// `σ = tanh`: `s = 1 − a²` (2 flops after `σ`), `e = σ''ż = −2 a s ż = (−2a) ȧ` (2 flops).
enum TanhKernel: ActivationKernel {
    @inline(__always) static func primal(_ z: Double) -> (value: Double, slope: Double) {
        let a = fastTanh(z)
        return (a, 1 - a * a)
    }
    @inline(__always) static func curvatureTimesTangent(value a: Double, valueTangent adot: Double, tangent: Double) -> Double {
        (-2 * a) * adot
    }
    static var primalFlops: Int { 3 }        // tanh, a·a, 1 − ·
    static var tangentFlops: Int { 3 + 1 + 2 }
}

/// Logistic sigmoid: `s = a(1 − a)`, `e = σ''ż = s(1 − 2a) ż = (1 − 2a) ȧ`.
enum SigmoidKernel: ActivationKernel {
    @inline(__always) static func primal(_ z: Double) -> (value: Double, slope: Double) {
        let a = 1 / (1 + exp(-z))
        return (a, a * (1 - a))
    }
    @inline(__always) static func curvatureTimesTangent(value a: Double, valueTangent adot: Double, tangent: Double) -> Double {
        (1 - 2 * a) * adot
    }
    static var primalFlops: Int { 3 }        // σ, 1 − a, a·(·)
    static var tangentFlops: Int { 3 + 1 + 3 }
}

/// `relu`: `a = max(z, 0)`, `s = 1` for `z > 0` else `0`, `e = 0` (σ'' = 0 away from the kink).
enum ReluKernel: ActivationKernel {
    @inline(__always) static func primal(_ z: Double) -> (value: Double, slope: Double) {
        z > 0 ? (z, 1) : (0, 0)
    }
    @inline(__always) static func curvatureTimesTangent(value a: Double, valueTangent adot: Double, tangent: Double) -> Double {
        0
    }
    static var primalFlops: Int { 2 }        // max, step
    static var tangentFlops: Int { 2 + 1 }
}

/// `sin`: `s = cos z`, `e = σ''ż = −sin(z) ż = (−a) ż`.
enum SineKernel: ActivationKernel {
    @inline(__always) static func primal(_ z: Double) -> (value: Double, slope: Double) {
        (sin(z), cos(z))
    }
    @inline(__always) static func curvatureTimesTangent(value a: Double, valueTangent adot: Double, tangent: Double) -> Double {
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
func activate<K: ActivationKernel>(_ kernel: K.Type, width d: Int, batch: Int, streams: Int,
                                   z: UnsafeMutablePointer<Double>, a: UnsafeMutablePointer<Double>) {
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

/// Backward step through one hidden layer's activation: with the adjoints `ā`, `ǡ` in `A`
/// (rows `0..<d`) and `[s | e] = [σ'(z) | σ''(z) ż]` in `Z`, writes into `Z`
/// `z̄ = ā s + ǡ e` and `ż̄ = ǡ s` (4 flops per entry; 1 flop, `z̄ = ā s`, without tangent).
@inline(__always)
func backPropagateActivation(width d: Int, batch: Int, streams: Int,
                             z: UnsafeMutablePointer<Double>, a: UnsafePointer<Double>) {
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
