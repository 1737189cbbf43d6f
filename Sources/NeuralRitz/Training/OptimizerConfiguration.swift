/// The first-order method a `RitzTrainer` applies once per step to the full-batch gradient
/// `g = ∇_θ L(θ)` (one parameter vector, one vector loop).
public enum OptimizerConfiguration: Sendable, Equatable, Hashable {
    /// Adam (Kingma & Ba 2015, Algorithm 1), step `t = 1, 2, …`:
    /// `m ← β₁ m + (1 − β₁) g`, `v ← β₂ v + (1 − β₂) g²`,
    /// `θ ← θ − α m̂ / (√v̂ + ε)` with `m̂ = m/(1 − β₁ᵗ)`, `v̂ = v/(1 − β₂ᵗ)`; `m = v = 0` at start.
    /// Implemented in the paper's equivalent form `θ ← θ − α_t m / (√v + ε̂_t)`,
    /// `α_t = α √(1 − β₂ᵗ)/(1 − β₁ᵗ)`, `ε̂_t = ε √(1 − β₂ᵗ)` (identical in exact arithmetic).
    /// 12 flops per parameter plus 10 per step. Requires `α > 0`, `β₁, β₂ ∈ [0, 1)`, `ε > 0`.
    case adam(learningRate: Double, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8)
    /// Plain gradient descent `θ ← θ − α g` (2 flops per parameter). Requires `α > 0`.
    case gradientDescent(learningRate: Double)

    /// The learning rate `α`.
    public var learningRate: Double {
        switch self {
        case .adam(let rate, _, _, _), .gradientDescent(let rate): return rate
        }
    }

    /// Throws `NeuralError.invalidHyperParameter` naming the first bad value.
    public func validate() throws {
        switch self {
        case .adam(let rate, let beta1, let beta2, let epsilon):
            try Validate.positive(rate, "learning rate")
            try Validate.unitInterval(beta1, "Adam β₁")
            try Validate.unitInterval(beta2, "Adam β₂")
            try Validate.positive(epsilon, "Adam ε")
        case .gradientDescent(let rate):
            try Validate.positive(rate, "learning rate")
        }
    }

    /// Exact flops of one update of `parameterCount` parameters.
    func updateFlops(parameterCount: Int) -> Int {
        switch self {
        case .adam: return 12 * parameterCount + 10
        case .gradientDescent: return 2 * parameterCount
        }
    }
}
