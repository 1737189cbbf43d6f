/// The arithmetic a sine-mode tracker computes its coefficients in.
public enum TransformPrecision: Sendable, Equatable, Hashable {
    /// IEEE double: `SineTransform` (or direct projection on a few precomputed sine rows). Each
    /// coefficient carries an absolute error of ~ε·max_k |a_k| (ε = 2⁻⁵², times a slowly growing
    /// factor), so coefficients far below the largest are known only relatively coarsely
    /// (~1e-5 at 1e-12 of the largest). Fast; the default.
    case double
    /// IEEE binary128: `QuadSineTransform`, every coefficient correct to ~1 ulp of itself however
    /// far below the largest it lies (down to ~1e-17 of it). About 200× slower than `.double` at
    /// N = 999 (~0.65 ms per transform); x86-64 only. For verification, e.g. of exact iterations.
    case quad
}
