import PoissonCore
@testable import NeuralRitz

/// A hyper-dual number `v + dx ε₁ + dt ε₂ + dxt ε₁ε₂` (ε₁² = ε₂² = 0): carries a value, its
/// derivative along the input `x` (ε₁), along a parameter direction `t` (ε₂), and the exact
/// mixed derivative `∂²/∂x∂t`. Used to build an independent, BLAS-free reference of `h`,
/// `h'`, `J v` (parameter directional derivatives of `h` and `h'`).
struct HyperDual {
    var v: Double, dx: Double, dt: Double, dxt: Double

    static func + (a: HyperDual, b: HyperDual) -> HyperDual {
        HyperDual(v: a.v + b.v, dx: a.dx + b.dx, dt: a.dt + b.dt, dxt: a.dxt + b.dxt)
    }
    static func * (a: HyperDual, b: HyperDual) -> HyperDual {
        HyperDual(v: a.v * b.v, dx: a.dx * b.v + a.v * b.dx, dt: a.dt * b.v + a.v * b.dt,
                  dxt: a.dxt * b.v + a.dx * b.dt + a.dt * b.dx + a.v * b.dxt)
    }
    /// `f(a)` for a scalar function with derivatives `f'`, `f''` at `a.v`.
    func applying(_ f: Activation) -> HyperDual {
        let f0 = f.value(v), f1 = f.derivative(v), f2 = f.secondDerivative(v)
        return HyperDual(v: f0, dx: f1 * dx, dt: f1 * dt, dxt: f1 * dxt + f2 * dx * dt)
    }
}

/// The network `h` evaluated by plain scalar loops over the documented parameter layout
/// (`W_l[j, i]` at `offset + j + i·d_l`, `b_l[j]` at `offset + j + d_{l−1}·d_l`), in hyper-dual
/// arithmetic with parameters `θ + t·direction`, input `x + ε₁`.
/// Returns the output and every hidden pre-activation value (for kink checks).
func referenceEvaluation(_ network: MultilayerPerceptron, direction: [Double]?, at x: Double)
    -> (output: HyperDual, preactivations: [Double]) {
    let theta = network.parameters
    func parameter(_ index: Int) -> HyperDual {
        HyperDual(v: theta[index], dx: 0, dt: direction?[index] ?? 0, dxt: 0)
    }
    var activations = [HyperDual(v: x, dx: 1, dt: 0, dxt: 0)]
    var preactivations: [Double] = []
    for (index, layer) in network.layers.enumerated() {
        var next: [HyperDual] = []
        for j in 0..<layer.outputWidth {
            var z = parameter(layer.biasIndex(output: j))
            for i in 0..<layer.inputWidth {
                z = z + parameter(layer.weightIndex(output: j, input: i)) * activations[i]
            }
            if index < network.layers.count - 1 {
                preactivations.append(z.v)
                next.append(z.applying(network.architecture.activation))
            } else {
                next.append(z)
            }
        }
        activations = next
    }
    return (activations[0], preactivations)
}

/// Runs the library's backward pass with arbitrary output seeds `seeds = [w_h | w_h']`
/// (`streams · m` entries) at the points, returning `Jᵀ seeds` (one entry per parameter).
func libraryTransposedProduct(_ network: MultilayerPerceptron, points: [Double], streams: Int,
                              seeds: [Double]) -> [Double] {
    let layout = BatchLayout(layers: network.layers, batch: points.count, streams: streams,
                             family: network.architecture.family)
    var storage = points.withUnsafeBufferPointer { layout.makeStorage(points: $0) }
    var gradient = [Double](repeating: 0, count: network.parameterCount)
    network.parameters.withUnsafeBufferPointer { p in
        storage.withUnsafeMutableBufferPointer { s in
            gradient.withUnsafeMutableBufferPointer { g in
                NetworkPasses.forward(layout, activation: network.architecture.activation,
                                      parameters: p.baseAddress!, storage: s.baseAddress!)
                for i in 0..<seeds.count { s[layout.outputOffset + i] = seeds[i] }
                NetworkPasses.backward(layout, activation: network.architecture.activation, parameters: p.baseAddress!, storage: s.baseAddress!,
                                       gradient: g.baseAddress!)
            }
        }
    }
    return gradient
}

/// Small deterministic networks for the derivative tests.
enum Networks {
    static func make(_ widths: [Int], _ activation: Activation, seed: UInt64,
                     weightStandardDeviation: Double = 0.8, biasStandardDeviation: Double = 0.5) throws
        -> MultilayerPerceptron {
        var generator = SeededGenerator(seed: seed)
        return try MultilayerPerceptron(
            architecture: NetworkArchitecture(hiddenWidths: widths, activation: activation),
            initialization: GaussianInitialization(weightStandardDeviation: weightStandardDeviation,
                                                   biasStandardDeviation: biasStandardDeviation),
            using: &generator)
    }

    /// The smallest `|z|` over all hidden pre-activations at `points`.
    static func smallestPreactivation(_ network: MultilayerPerceptron, at points: [Double]) -> Double {
        points.map { referenceEvaluation(network, direction: nil, at: $0).preactivations.map(abs).min()! }.min()!
    }

    /// The smallest distance of any hidden pre-activation at `points` from the kinks of
    /// `activation` (0 for relu; 0 and 1 for srelu and s2relu).
    static func kinkDistance(_ network: MultilayerPerceptron, at points: [Double]) -> Double {
        let z = points.flatMap { referenceEvaluation(network, direction: nil, at: $0).preactivations }
        switch network.architecture.activation {
        case .relu: return z.map(abs).min()!
        case .srelu, .s2relu: return z.map { min(abs($0), abs($0 - 1)) }.min()!
        case .tanh, .sigmoid, .sin: return .infinity
        }
    }

    /// A network of the given shape whose pre-activations at `points` all stay at least
    /// `margin` away from the activation's kinks, trying seeds 1, 2, …, 500; `nil` if none does.
    static func awayFromKinks(_ widths: [Int], _ activation: Activation, points: [Double],
                              margin: Double) throws -> MultilayerPerceptron? {
        for seed in UInt64(1)...500 {
            let network = try make(widths, activation, seed: seed)
            if kinkDistance(network, at: points) > margin { return network }
        }
        return nil
    }
}
