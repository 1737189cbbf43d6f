#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// The hidden-layer activation `σ` of a `MultilayerPerceptron`, with its first three
/// derivatives (the tangent pass needs `σ'`, the backward pass through the tangent and the
/// second tangent stream need `σ''`, the backward pass through the second stream `σ'''`).
///
/// | case | `σ(z)` | `σ'(z)` | `σ''(z)` |
/// |---|---|---|---|
/// | `tanh` | `tanh z` | `1 − σ²` | `−2 σ σ'` |
/// | `sigmoid` | `1/(1 + e^{−z})` | `σ(1 − σ)` | `σ'(1 − 2σ)` |
/// | `relu` | `max(z, 0)` | `1` for `z > 0`, else `0` (so `σ'(0) = 0`) | `0` |
/// | `sin` | `sin z` | `cos z` | `−sin z` |
/// | `srelu` | `ReLU(z)·ReLU(1 − z)` = `z(1 − z)` on `(0, 1)`, else `0` | `1 − 2z` on `(0, 1)` | `−2` on `(0, 1)` |
/// | `s2relu` | `sin(2πz)·srelu(z)` | `2π cos(2πz) p + sin(2πz)(1 − 2z)` on `(0, 1)` (`p = z(1 − z)`) | see `secondDerivative` |
///
/// `relu` and `srelu` are not differentiable at their kinks (`0`, and `0`, `1`); the
/// convention is the one-sided value from outside `(0, ∞)` resp. `(0, 1)` (so `σ' = 0` there),
/// and `σ''` drops the distributional `δ` at each kink, so the Deep Ritz gradient ignores the
/// kinks — the usual choice, and exact wherever no pre-activation sits on a kink. `s2relu`
/// (MscaleDNN's, Liu, Cai & Xu 2020) has a continuous `σ'` but a jump in `σ''` at 0 and 1.
/// None of the three has a second derivative that is a function of the parameters everywhere
/// (`isSmooth == false`), so the strong-form `TrainingLoss.pinn` refuses them.
///
/// `tanh` is evaluated by a branch-free, vectorisable kernel (`fastTanh`, within a few ulp of
/// the C library's `tanh`); the others call the C library (`exp`, `sin`, `cos`).
/// Flop accounting counts one evaluation of `σ` (or of `cos` for `sin`'s `σ'`) as one operation;
/// the per-entry counts are in `ActivationKernels.swift`.
public enum Activation: String, Sendable, CaseIterable, Equatable, Hashable {
    /// Hyperbolic tangent (the default; the seed papers use it).
    case tanh
    /// Logistic sigmoid `1/(1 + e^{−z})`.
    case sigmoid
    /// Rectified linear unit `max(z, 0)`; derivative convention above.
    case relu
    /// Sine.
    case sin
    /// `ReLU(z)·ReLU(1 − z)`: the bump `z(1 − z)` on `(0, 1)`, 0 elsewhere (MscaleDNN).
    case srelu
    /// `sin(2πz)·srelu(z)` (MscaleDNN).
    case s2relu

    /// The activations whose `σ''` is a continuous function of `z` (`tanh`, `sigmoid`, `sin`):
    /// the ones the second-derivative loss `TrainingLoss.pinn` accepts.
    public var isSmooth: Bool {
        switch self {
        case .tanh, .sigmoid, .sin: return true
        case .relu, .srelu, .s2relu: return false
        }
    }

    /// `σ(z)`.
    @inlinable public func value(_ z: Double) -> Double {
        switch self {
        case .tanh: return fastTanh(z)
        case .sigmoid: return 1 / (1 + exp(-z))
        case .relu: return z > 0 ? z : 0
        case .sin: return _sin(z)
        case .srelu: return z > 0 && z < 1 ? z * (1 - z) : 0
        case .s2relu: return z > 0 && z < 1 ? _sin(2 * .pi * z) * (z * (1 - z)) : 0
        }
    }

    /// `σ'(z)` (for `relu`: `1` if `z > 0`, else `0`; `srelu`, `s2relu`: 0 outside `(0, 1)`).
    @inlinable public func derivative(_ z: Double) -> Double {
        switch self {
        case .tanh: let a = fastTanh(z); return 1 - a * a
        case .sigmoid: let a = 1 / (1 + exp(-z)); return a * (1 - a)
        case .relu: return z > 0 ? 1 : 0
        case .sin: return cos(z)
        case .srelu: return z > 0 && z < 1 ? 1 - 2 * z : 0
        case .s2relu:
            guard z > 0 && z < 1 else { return 0 }
            let t = 2 * Double.pi * z
            return 2 * .pi * cos(t) * (z * (1 - z)) + _sin(t) * (1 - 2 * z)
        }
    }

    /// `σ''(z)` (for `relu`: `0`; `srelu`: `−2` on `(0, 1)`; `s2relu` on `(0, 1)`:
    /// `−4π² sin(2πz) p + 4π cos(2πz)(1 − 2z) − 2 sin(2πz)`, `p = z(1 − z)`; 0 outside).
    @inlinable public func secondDerivative(_ z: Double) -> Double {
        switch self {
        case .tanh: let a = fastTanh(z); return -2 * a * (1 - a * a)
        case .sigmoid: let a = 1 / (1 + exp(-z)); return a * (1 - a) * (1 - 2 * a)
        case .relu: return 0
        case .sin: return -_sin(z)
        case .srelu: return z > 0 && z < 1 ? -2 : 0
        case .s2relu:
            guard z > 0 && z < 1 else { return 0 }
            let t = 2 * Double.pi * z, w = 2 * Double.pi
            return -w * w * _sin(t) * (z * (1 - z)) + 2 * w * cos(t) * (1 - 2 * z) - 2 * _sin(t)
        }
    }

    /// `σ'''(z)`: `tanh` `σ'(6σ² − 2)`, `sigmoid` `σ'(1 − 6σ + 6σ²)`, `sin` `−cos z`; `relu`,
    /// `srelu` 0; `s2relu` on `(0, 1)` `−ω³ cos(ωz) p − 3ω² sin(ωz)(1 − 2z) − 6ω cos(ωz)`
    /// (`ω = 2π`), 0 outside.
    @inlinable public func thirdDerivative(_ z: Double) -> Double {
        switch self {
        case .tanh: let a = fastTanh(z), s = 1 - a * a; return s * (6 * a * a - 2)
        case .sigmoid: let a = 1 / (1 + exp(-z)), s = a * (1 - a); return s * (1 - 6 * a + 6 * a * a)
        case .relu, .srelu: return 0
        case .sin: return -cos(z)
        case .s2relu:
            guard z > 0 && z < 1 else { return 0 }
            let w = 2 * Double.pi, t = w * z
            return -w * w * w * cos(t) * (z * (1 - z)) - 3 * w * w * _sin(t) * (1 - 2 * z) - 6 * w * cos(t)
        }
    }
}

@usableFromInline @inline(__always) func _sin(_ z: Double) -> Double { sin(z) }
