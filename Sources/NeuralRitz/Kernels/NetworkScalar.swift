#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// A floating-point type a network can be trained in: `Double` (float64) or `Float`
/// (float32). It brings its matrix product (`BLASScalar`: DGEMM or SGEMM) and the elementary
/// functions the activations need, each in its own precision.
public protocol NetworkScalar: BLASScalar {
    /// The case-file name of this precision.
    static var precision: NetworkPrecision { get }
    /// `tanh x` (the vectorisable `fastTanh`).
    static func hyperbolicTangent(_ x: Self) -> Self
    /// `eˣ`.
    static func exponential(_ x: Self) -> Self
    /// `sin x`.
    static func sine(_ x: Self) -> Self
    /// `cos x`.
    static func cosine(_ x: Self) -> Self
}

/// The floating-point format of a network's parameters, optimizer state, activations and
/// tangents (`network.precision`). Losses are always accumulated, and hand-over values
/// returned, in `Double`.
public enum NetworkPrecision: String, Sendable, CaseIterable, Equatable, Hashable {
    /// IEEE binary64 (`Double`, DGEMM): the default.
    case float64
    /// IEEE binary32 (`Float`, SGEMM): twice the GEMM rate and half the memory; relative
    /// round-off `2⁻²⁴ ≈ 6e-8` per operation instead of `2⁻⁵³ ≈ 1.1e-16`.
    case float32

    /// Bytes of one scalar: 8 or 4.
    public var scalarBytes: Int { self == .float64 ? 8 : 4 }
}

extension Double: NetworkScalar {
    /// `.float64`.
    public static var precision: NetworkPrecision { .float64 }
    /// `fastTanh(x)`.
    @inline(__always) public static func hyperbolicTangent(_ x: Double) -> Double { fastTanh(x) }
    /// The C library's `exp`.
    @inline(__always) public static func exponential(_ x: Double) -> Double { exp(x) }
    /// The C library's `sin`.
    @inline(__always) public static func sine(_ x: Double) -> Double { sin(x) }
    /// The C library's `cos`.
    @inline(__always) public static func cosine(_ x: Double) -> Double { cos(x) }
}

extension Float: NetworkScalar {
    /// `.float32`.
    public static var precision: NetworkPrecision { .float32 }
    /// `fastTanh(x)` in single precision.
    @inline(__always) public static func hyperbolicTangent(_ x: Float) -> Float { fastTanh(x) }
    /// The C library's `expf`.
    @inline(__always) public static func exponential(_ x: Float) -> Float { expf(x) }
    /// The C library's `sinf`.
    @inline(__always) public static func sine(_ x: Float) -> Float { sinf(x) }
    /// The C library's `cosf`.
    @inline(__always) public static func cosine(_ x: Float) -> Float { cosf(x) }
}
