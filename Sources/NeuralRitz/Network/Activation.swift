#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// The hidden-layer activation `σ` of a `MultilayerPerceptron`, with its first and second
/// derivatives (the tangent pass needs `σ'`, the backward pass through the tangent needs `σ''`).
///
/// | case | `σ(z)` | `σ'(z)` | `σ''(z)` |
/// |---|---|---|---|
/// | `tanh` | `tanh z` | `1 − σ²` | `−2 σ σ'` |
/// | `sigmoid` | `1/(1 + e^{−z})` | `σ(1 − σ)` | `σ'(1 − 2σ)` |
/// | `relu` | `max(z, 0)` | `1` for `z > 0`, else `0` (so `σ'(0) = 0`) | `0` |
/// | `sin` | `sin z` | `cos z` | `−sin z` |
///
/// `relu` is not differentiable at `z = 0`; the convention `σ'(0) = 0` is used, and `σ'' = 0`
/// everywhere (the distributional `δ` at the kink is dropped), so the Deep Ritz gradient of a
/// relu network ignores the kinks — the usual choice, and exact wherever no pre-activation is 0.
///
/// `tanh` is evaluated by a branch-free, vectorisable kernel (`fastTanh`, within a few ulp of
/// the C library's `tanh`); the others call the C library (`exp`, `sin`, `cos`).
/// Flop accounting counts one evaluation of `σ` (or of `cos` for `sin`'s `σ'`) as one operation.
public enum Activation: String, Sendable, CaseIterable, Equatable, Hashable {
    /// Hyperbolic tangent (the default; the seed papers use it).
    case tanh
    /// Logistic sigmoid `1/(1 + e^{−z})`.
    case sigmoid
    /// Rectified linear unit `max(z, 0)`; derivative convention above.
    case relu
    /// Sine.
    case sin

    /// `σ(z)`.
    @inlinable public func value(_ z: Double) -> Double {
        switch self {
        case .tanh: return fastTanh(z)
        case .sigmoid: return 1 / (1 + exp(-z))
        case .relu: return z > 0 ? z : 0
        case .sin: return _sin(z)
        }
    }

    /// `σ'(z)` (for `relu`: `1` if `z > 0`, else `0`).
    @inlinable public func derivative(_ z: Double) -> Double {
        switch self {
        case .tanh: let a = fastTanh(z); return 1 - a * a
        case .sigmoid: let a = 1 / (1 + exp(-z)); return a * (1 - a)
        case .relu: return z > 0 ? 1 : 0
        case .sin: return cos(z)
        }
    }

    /// `σ''(z)` (for `relu`: `0`).
    @inlinable public func secondDerivative(_ z: Double) -> Double {
        switch self {
        case .tanh: let a = fastTanh(z); return -2 * a * (1 - a * a)
        case .sigmoid: let a = 1 / (1 + exp(-z)); return a * (1 - a) * (1 - 2 * a)
        case .relu: return 0
        case .sin: return -_sin(z)
        }
    }
}

@usableFromInline @inline(__always) func _sin(_ z: Double) -> Double { sin(z) }
