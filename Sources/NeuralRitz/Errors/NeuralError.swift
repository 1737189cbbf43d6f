/// An invalid network, loss, optimizer or trainer setting: thrown by the initialisers of
/// `NetworkArchitecture`, `GaussianInitialization`, `MultilayerPerceptron`, `RitzTrainer`
/// (which also validates `TrainingLoss` and `OptimizerConfiguration`), so a bad case file or a
/// bad library call ends in a readable message instead of a trap.
public enum NeuralError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The list of hidden-layer widths is empty: the network needs at least one hidden layer.
    case emptyWidths
    /// Hidden layer `layer` (1-based) has a width `width` ≤ 0.
    case nonPositiveWidth(layer: Int, width: Int)
    /// A named hyper-parameter (`parameter`) has `value`, outside `range` (the allowed set,
    /// e.g. "(0, ∞)" or "[0, 1)"); NaN and ±∞ are always outside.
    case invalidHyperParameter(parameter: String, value: Double, range: String)
    /// A parameter vector of length `got` was given where the architecture needs `expected`.
    case parameterCountMismatch(expected: Int, got: Int)
    /// A parameter vector holds a non-finite entry at `index`.
    case nonFiniteParameter(index: Int, value: Double)
    /// Least-squares target values: `got` values for `expected` training points.
    case targetCountMismatch(expected: Int, got: Int)
    /// A least-squares target is NaN or infinite at training point `index` (`x`).
    case nonFiniteTarget(index: Int, x: Double, value: Double)
    /// The training points do not span the problem's interval `[a, b]`; the Ritz penalty acts
    /// on the first and last training point, which must be `a` and `b`.
    case domainMismatch(problemLower: Double, problemUpper: Double, gridLower: Double, gridUpper: Double)
    /// A multiscale network was given no scales.
    case emptyScales
    /// A multiscale network has `groups` scale groups but only `firstWidth` first-layer neurons.
    case tooManyScaleGroups(groups: Int, firstWidth: Int)
    /// A loss needs the second input derivative `h''`, and `activation` has none that is a
    /// function of the parameters (`Activation.isSmooth` is false).
    case nonSmoothActivation(activation: Activation, loss: String)

    /// A one-line message naming the bad setting, its value and what is allowed.
    public var description: String {
        switch self {
        case .emptyWidths:
            return "network widths are empty: give at least one hidden layer width, e.g. [20, 20]"
        case .nonPositiveWidth(let layer, let width):
            return "hidden layer \(layer) has width \(width): every width must be a positive integer"
        case .invalidHyperParameter(let name, let value, let range):
            return "\(name) = \(value) is invalid: must be a finite number in \(range)"
        case .parameterCountMismatch(let expected, let got):
            return "parameter vector has \(got) entries, the architecture needs \(expected)"
        case .nonFiniteParameter(let index, let value):
            return "parameter \(index) is not finite: \(value)"
        case .targetCountMismatch(let expected, let got):
            return "least-squares target has \(got) values for \(expected) training points"
        case .nonFiniteTarget(let index, let x, let value):
            return "least-squares target is not finite at training point \(index) (x = \(x)): \(value)"
        case .domainMismatch(let a, let b, let lo, let hi):
            return "training points span [\(lo), \(hi)] but the problem's interval is [\(a), \(b)]: they must coincide"
        case .emptyScales:
            return "a multiscale network needs at least one scale"
        case .tooManyScaleGroups(let groups, let width):
            return "\(groups) scale groups but the first hidden layer has only \(width) neurons: give at most \(width) scales"
        case .nonSmoothActivation(let activation, let loss):
            return "loss \(loss) needs h'' and activation \(activation.rawValue) has no continuous second derivative: use tanh, sigmoid or sin"
        }
    }
}

/// Validation helpers shared by the initialisers.
enum Validate {
    /// `value` must be finite and `> 0`.
    static func positive(_ value: Double, _ name: String) throws {
        guard value.isFinite, value > 0 else {
            throw NeuralError.invalidHyperParameter(parameter: name, value: value, range: "(0, ∞)")
        }
    }
    /// `value` must be finite and `≥ 0`.
    static func nonNegative(_ value: Double, _ name: String) throws {
        guard value.isFinite, value >= 0 else {
            throw NeuralError.invalidHyperParameter(parameter: name, value: value, range: "[0, ∞)")
        }
    }
    /// `value` must lie in `[0, 1)`.
    static func unitInterval(_ value: Double, _ name: String) throws {
        guard value.isFinite, value >= 0, value < 1 else {
            throw NeuralError.invalidHyperParameter(parameter: name, value: value, range: "[0, 1)")
        }
    }
}
