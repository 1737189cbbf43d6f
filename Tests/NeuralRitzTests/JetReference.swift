#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import PoissonCore
@testable import NeuralRitz

/// `v + t τ` with `τ² = 0`: a value and its derivative along one parameter direction.
struct Dual {
    var v: Double, t: Double
    static func + (a: Dual, b: Dual) -> Dual { Dual(v: a.v + b.v, t: a.t + b.t) }
    static func * (a: Dual, b: Dual) -> Dual { Dual(v: a.v * b.v, t: a.t * b.v + a.v * b.t) }
    static func * (c: Double, b: Dual) -> Dual { Dual(v: c * b.v, t: c * b.t) }
}

/// The second-order Taylor jet in the input `x` of a quantity `q(x; θ + tv)`:
/// `(q, ∂q/∂x, ∂²q/∂x²)`, each a `Dual` in the parameter direction. Products follow Leibniz
/// (`(ab)'' = a''b + 2a'b' + ab''`), activations the chain rule twice with `σ … σ'''` from
/// `Activation`'s scalar formulas — BLAS-free and independent of the library's kernels.
struct Jet {
    var v: Dual, d1: Dual, d2: Dual

    static func constant(_ c: Dual) -> Jet { Jet(v: c, d1: Dual(v: 0, t: 0), d2: Dual(v: 0, t: 0)) }
    static func + (a: Jet, b: Jet) -> Jet { Jet(v: a.v + b.v, d1: a.d1 + b.d1, d2: a.d2 + b.d2) }
    static func * (a: Jet, b: Jet) -> Jet {
        Jet(v: a.v * b.v, d1: a.d1 * b.v + a.v * b.d1, d2: a.d2 * b.v + 2 * (a.d1 * b.d1) + a.v * b.d2)
    }
    /// `σ(q)`: `σ`, `σ' q'`, `σ'' q'² + σ' q''`, with `σ⁽ᵏ⁾(q.v)` as `Dual`s (`σ⁽ᵏ⁺¹⁾ q.v.t`).
    func applying(_ f: Activation) -> Jet {
        let z = v.v
        let f0 = Dual(v: f.value(z), t: f.derivative(z) * v.t)
        let f1 = Dual(v: f.derivative(z), t: f.secondDerivative(z) * v.t)
        let f2 = Dual(v: f.secondDerivative(z), t: f.thirdDerivative(z) * v.t)
        return Jet(v: f0, d1: f1 * d1, d2: f2 * (d1 * d1) + f1 * d2)
    }
}

/// `h`, `h'`, `h''` and their derivatives along `direction` at `x`, by scalar loops over the
/// documented parameter layout and the input stage written out from its definition:
/// plain `x`; multiscale `c_j x` for first-layer neuron `j` (`c` from the group rule);
/// Fourier `[cos 2πb_k x, sin 2πb_k x]`. Also returns every hidden pre-activation.
func jetEvaluation(_ network: MultilayerPerceptron, direction: [Double]?, at x: Double)
    -> (output: Jet, preactivations: [Double]) {
    let theta = network.parameters
    func parameter(_ index: Int) -> Jet { .constant(Dual(v: theta[index], t: direction?[index] ?? 0)) }
    func plain(_ v: Double, _ d1: Double, _ d2: Double) -> Jet {
        Jet(v: Dual(v: v, t: 0), d1: Dual(v: d1, t: 0), d2: Dual(v: d2, t: 0))
    }
    var inputs: [Jet]
    switch network.architecture.family {
    case .perceptron, .multiscale:
        inputs = [plain(x, 1, 0)]
    case .fourier(let features):
        let omegas = features.frequencies.map { 2 * Double.pi * $0 }
        inputs = omegas.map { w in plain(cos(w * x), -w * sin(w * x), -w * w * cos(w * x)) }
            + omegas.map { w in plain(sin(w * x), w * cos(w * x), -w * w * sin(w * x)) }
    }
    // MscaleDNN's group rule, written out: neuron j of w₁ in group ⌊j G / w₁⌋.
    var scales: [Double]? = nil
    if case .multiscale(let given) = network.architecture.family {
        let width = network.layers[0].outputWidth
        scales = (0..<width).map { given[($0 * given.count) / width] }
    }
    var activations = inputs
    var preactivations: [Double] = []
    for (index, layer) in network.layers.enumerated() {
        var next: [Jet] = []
        for j in 0..<layer.outputWidth {
            var z = parameter(layer.biasIndex(output: j))
            for i in 0..<layer.inputWidth {
                var input = activations[i]
                if index == 0, let scales { input = plain(scales[j] * x, scales[j], 0) }
                z = z + parameter(layer.weightIndex(output: j, input: i)) * input
            }
            if index < network.layers.count - 1 {
                preactivations.append(z.v.v)
                next.append(z.applying(network.architecture.activation))
            } else {
                next.append(z)
            }
        }
        activations = next
    }
    return (activations[0], preactivations)
}
