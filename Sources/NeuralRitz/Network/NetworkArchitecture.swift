import PoissonCore

/// The shape of a fully connected network `1 → w₁ → … → w_L → 1`: `L ≥ 1` hidden layers of
/// widths `hiddenWidths`, each followed by the activation `σ`, and a **linear** output layer,
/// with the input stage `family` in front of the first hidden layer.
///
/// `h(x) = W_{L+1} a_L + b_{L+1}`, `a_l = σ(W_l a_{l−1} + b_l)`, `a_0 = x` (`.perceptron`,
/// `.multiscale`) or `a_0 = γ(x)` (`.fourier`). Layer `l` (1-based, `l = 1 … L+1`) maps
/// `d_{l−1}` inputs to `d_l` outputs with `d_{L+1} = 1`, `d_l = w_l` and `d_0 = 1`, or
/// `d_0 = 2K` for `K` Fourier features; it has `d_l (d_{l−1} + 1)` parameters. The input
/// stage's constants (scales, frequencies) are fixed, not trained.
public struct NetworkArchitecture: Sendable, Equatable, Hashable {
    /// Hidden-layer widths `w₁ … w_L` (each ≥ 1, at least one layer).
    public var hiddenWidths: [Int]
    /// The hidden-layer activation `σ`.
    public var activation: Activation
    /// The input stage: plain, multiscale or Fourier features.
    public var family: NetworkFamily

    /// Creates the architecture; throws `NeuralError.emptyWidths`, `.nonPositiveWidth` or, for
    /// the input stage, `.invalidHyperParameter` (see `validate()`).
    public init(hiddenWidths: [Int], activation: Activation = .tanh, family: NetworkFamily = .perceptron) throws {
        self.hiddenWidths = hiddenWidths
        self.activation = activation
        self.family = family
        try validate()
    }

    /// Throws when the widths are empty or one is ≤ 0, when a multiscale network has no
    /// scales, a scale that is not finite and > 0, or more scale groups than first-layer
    /// neurons, and when a Fourier network has no features or a non-finite frequency (the
    /// stored properties are `var`, so a value may have been edited after `init`; every
    /// consumer re-validates).
    public func validate() throws {
        guard !hiddenWidths.isEmpty else { throw NeuralError.emptyWidths }
        for (index, width) in hiddenWidths.enumerated() where width <= 0 {
            throw NeuralError.nonPositiveWidth(layer: index + 1, width: width)
        }
        switch family {
        case .perceptron: break
        case .multiscale(let scales):
            guard !scales.isEmpty else { throw NeuralError.emptyScales }
            for scale in scales { try Validate.positive(scale, "multiscale scale") }
            guard scales.count <= hiddenWidths[0] else {
                throw NeuralError.tooManyScaleGroups(groups: scales.count, firstWidth: hiddenWidths[0])
            }
        case .fourier(let features):
            try features.validate()
        }
    }

    /// All layer widths `d_0 … d_{L+1}` = `[d_0] + hiddenWidths + [1]`, `d_0 = 1` or `2K`.
    public var layerWidths: [Int] { [family.inputWidth] + hiddenWidths + [1] }

    /// Total parameter count `Σ_{l=1}^{L+1} d_l (d_{l−1} + 1)`.
    public var parameterCount: Int {
        let d = layerWidths
        return (1..<d.count).reduce(0) { $0 + d[$1] * (d[$1 - 1] + 1) }
    }

    /// The fixed input multiplier `c_j` of first-layer neuron `j = 0 … w₁−1`: 1 for a plain or
    /// Fourier network; for `.multiscale(scales)` with `G` scales, neuron `j` belongs to group
    /// `⌊j G / w₁⌋` and sees `a_group · x` (groups of equal size when `G` divides `w₁`, else
    /// sizes differing by at most one).
    public var firstLayerScales: [Double] { Self.groupScales(family, width: hiddenWidths[0]) }

    /// `firstLayerScales` for a first layer of `width` neurons.
    static func groupScales(_ family: NetworkFamily, width: Int) -> [Double] {
        guard case .multiscale(let scales) = family else { return [Double](repeating: 1, count: width) }
        return (0..<width).map { scales[$0 * scales.count / width] }
    }
}

/// The input stage of a network, in front of its first dense layer.
public enum NetworkFamily: Sendable, Equatable, Hashable {
    /// The plain multilayer perceptron: the first layer sees `x`.
    case perceptron
    /// MscaleDNN (Liu, Cai & Xu 2020): the first hidden layer split into `scales.count` groups,
    /// neuron `j` of group `i` has the pre-activation `z_j = w_j (a_i x) + b_j` — a fixed
    /// diagonal scaling of the first layer's input, not trained (see
    /// `NetworkArchitecture.firstLayerScales`). Each `a_i` finite and > 0.
    case multiscale(scales: [Double])
    /// Fourier features (Tancik et al. 2020): the first dense layer sees
    /// `γ(x) = [cos 2πBx; sin 2πBx]` (`2K` inputs) for the fixed frequencies `B`.
    case fourier(FourierFeatures)

    /// `d_0`: 1, or `2K` for `K` Fourier features.
    public var inputWidth: Int {
        if case .fourier(let features) = self { return 2 * features.frequencies.count }
        return 1
    }

    /// The case-file name: `mlp`, `mscale` or `fourier`.
    public var name: String {
        switch self {
        case .perceptron: return "mlp"
        case .multiscale: return "mscale"
        case .fourier: return "fourier"
        }
    }
}

/// A fixed random Fourier embedding `γ(x) = [cos(2π b_k x)]_{k<K} ++ [sin(2π b_k x)]_{k<K}`
/// (Tancik et al. 2020, eq. 5 with unit amplitudes), `b_k ~ N(0, scale²)`. Its input
/// derivatives `γ' = 2π b_k [−sin, cos]`, `γ'' = −(2π b_k)² γ` enter the tangent streams. Not
/// trained.
public struct FourierFeatures: Sendable, Equatable, Hashable {
    /// `b_0 … b_{K−1}` in cycles per unit of `x` (`K ≥ 1`, each finite).
    public let frequencies: [Double]

    /// `count` frequencies `b_k = scale · N(0, 1)`, drawn with `generator.nextGaussian()` in
    /// index order. Throws `NeuralError.invalidHyperParameter` for `count < 1` or a `scale`
    /// that is not finite and > 0.
    public init(count: Int, scale: Double, using generator: inout some RandomNumberGenerator) throws {
        guard count >= 1 else {
            throw NeuralError.invalidHyperParameter(parameter: "Fourier feature count", value: Double(count), range: "{1, 2, …}")
        }
        try Validate.positive(scale, "Fourier feature scale")
        frequencies = (0..<count).map { _ in scale * generator.nextGaussian() }
    }

    /// Given frequencies (e.g. recorded ones); `validate()` checks them.
    public init(frequencies: [Double]) { self.frequencies = frequencies }

    /// Throws when there are no frequencies or one is not finite.
    public func validate() throws {
        guard !frequencies.isEmpty else {
            throw NeuralError.invalidHyperParameter(parameter: "Fourier feature count", value: 0, range: "{1, 2, …}")
        }
        for b in frequencies where !b.isFinite {
            throw NeuralError.invalidHyperParameter(parameter: "Fourier frequency", value: b, range: "(−∞, ∞)")
        }
    }
}

/// Gaussian initialisation of a network: every weight `~ N(0, σ_W²)`, every bias `~ N(0, σ_b²)`,
/// all independent (the seed papers compare small and large initialisations this way).
public struct GaussianInitialization: Sendable, Equatable, Hashable {
    /// Standard deviation `σ_W` of every weight (finite, > 0).
    public var weightStandardDeviation: Double
    /// Standard deviation `σ_b` of every bias (finite, ≥ 0; 0 gives zero biases).
    public var biasStandardDeviation: Double

    /// Creates the initialisation; throws `NeuralError.invalidHyperParameter` when
    /// `σ_W ≤ 0`, `σ_b < 0`, or either is NaN or infinite.
    public init(weightStandardDeviation: Double, biasStandardDeviation: Double) throws {
        self.weightStandardDeviation = weightStandardDeviation
        self.biasStandardDeviation = biasStandardDeviation
        try validate()
    }

    /// Re-checks the stored values (see `init`).
    public func validate() throws {
        try Validate.positive(weightStandardDeviation, "weight standard deviation")
        try Validate.nonNegative(biasStandardDeviation, "bias standard deviation")
    }
}
