/// The shape of a fully connected network `1 → w₁ → … → w_L → 1`: `L ≥ 1` hidden layers of
/// widths `hiddenWidths`, each followed by the activation `σ`, and a **linear** output layer.
///
/// `h(x) = W_{L+1} a_L + b_{L+1}`, `a_l = σ(W_l a_{l−1} + b_l)`, `a_0 = x`.
/// Layer `l` (1-based, `l = 1 … L+1`) maps `d_{l−1}` inputs to `d_l` outputs with
/// `d_0 = d_{L+1} = 1`, `d_l = w_l`; it has `d_l (d_{l−1} + 1)` parameters.
public struct NetworkArchitecture: Sendable, Equatable, Hashable {
    /// Hidden-layer widths `w₁ … w_L` (each ≥ 1, at least one layer).
    public var hiddenWidths: [Int]
    /// The hidden-layer activation `σ`.
    public var activation: Activation

    /// Creates the architecture; throws `NeuralError.emptyWidths` or `.nonPositiveWidth`.
    public init(hiddenWidths: [Int], activation: Activation = .tanh) throws {
        self.hiddenWidths = hiddenWidths
        self.activation = activation
        try validate()
    }

    /// Throws when the widths are empty or one is ≤ 0 (the stored properties are `var`, so a
    /// value may have been edited after `init`; every consumer re-validates).
    public func validate() throws {
        guard !hiddenWidths.isEmpty else { throw NeuralError.emptyWidths }
        for (index, width) in hiddenWidths.enumerated() where width <= 0 {
            throw NeuralError.nonPositiveWidth(layer: index + 1, width: width)
        }
    }

    /// All layer widths `d_0 … d_{L+1}` = `[1] + hiddenWidths + [1]`.
    public var layerWidths: [Int] { [1] + hiddenWidths + [1] }

    /// Total parameter count `Σ_{l=1}^{L+1} d_l (d_{l−1} + 1)`.
    public var parameterCount: Int {
        let d = layerWidths
        return (1..<d.count).reduce(0) { $0 + d[$1] * (d[$1 - 1] + 1) }
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
