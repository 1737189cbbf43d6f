/// A floating-point type with BLAS matrix products: `Double` (DGEMM) and `Float` (SGEMM).
///
/// Generic numerical code written over `BLASScalar` runs the same algorithm in either
/// precision; each conformance forwards to its own OpenBLAS routine, loaded on first use.
public protocol BLASScalar: BinaryFloatingPoint, Sendable where Self.RawSignificand: FixedWidthInteger {
    /// `C ← op(A) op(B)` (α = 1, β = 0) for column-major `m×k` `op(A)`, `k×n` `op(B)` and
    /// `m×n` `C`, with leading dimensions `lda`, `ldb`, `ldc` (in elements). `2mnk` flops.
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                     a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
                     c: UnsafeMutablePointer<Self>, ldc: Int)
}

/// CBLAS's enum values (cblas.h): column-major order, no transpose, transpose.
enum CBLASConstant {
    static let rowMajor: Int32 = 101
    static let columnMajor: Int32 = 102
    static let noTranspose: Int32 = 111
    static let transpose: Int32 = 112
    static func transposition(_ flag: Bool) -> Int32 { flag ? transpose : noTranspose }
}

extension Double: BLASScalar {
    /// `cblas_dgemm`, column-major, `α = 1`, `β = 0`.
    @inline(__always)
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                            a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                            c: UnsafeMutablePointer<Double>, ldc: Int) {
        BLASLibrary.shared.dgemm(CBLASConstant.columnMajor, CBLASConstant.transposition(transposeA),
                                 CBLASConstant.transposition(transposeB), Int32(m), Int32(n), Int32(k), 1,
                                 a, Int32(lda), b, Int32(ldb), 0, c, Int32(ldc))
    }
}

extension Float: BLASScalar {
    /// `cblas_sgemm`, column-major, `α = 1`, `β = 0`.
    @inline(__always)
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                            a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                            c: UnsafeMutablePointer<Float>, ldc: Int) {
        BLASLibrary.shared.sgemm(CBLASConstant.columnMajor, CBLASConstant.transposition(transposeA),
                                 CBLASConstant.transposition(transposeB), Int32(m), Int32(n), Int32(k), 1,
                                 a, Int32(lda), b, Int32(ldb), 0, c, Int32(ldc))
    }
}

extension BLASRuntime {
    /// `y ← α op(A) x + β y` through `cblas_dgemv` (column-major `A` with `rows × columns`
    /// entries and leading dimension `lda`; `op(A) = Aᵀ` when `transpose`). `x`, `y` have unit
    /// stride; `2·rows·columns` flops (plus `rows` or `columns` for `β y`).
    public static func multiplyVector(transpose: Bool, rows: Int, columns: Int, alpha: Double,
                                      matrix: UnsafePointer<Double>, lda: Int, x: UnsafePointer<Double>,
                                      beta: Double, y: UnsafeMutablePointer<Double>) {
        BLASLibrary.shared.dgemv(CBLASConstant.columnMajor, CBLASConstant.transposition(transpose),
                                 Int32(rows), Int32(columns), alpha, matrix, Int32(lda), x, 1, beta, y, 1)
    }
}
