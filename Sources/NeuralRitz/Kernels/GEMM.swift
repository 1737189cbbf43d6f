@_exported import OpenBLAS

/// `C ← op(A) op(B)` for column-major `m×k` `op(A)`, `k×n` `op(B)`, `m×n` `C` (α = 1, β = 0),
/// through OpenBLAS's `cblas_dgemm` or `cblas_sgemm` (`BLASScalar`). Counted as `2mnk` flops
/// (`mnk` multiplies, `mnk` adds).
@inline(__always)
func gemm<Scalar: BLASScalar>(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                              a: UnsafePointer<Scalar>, lda: Int, b: UnsafePointer<Scalar>, ldb: Int,
                              c: UnsafeMutablePointer<Scalar>, ldc: Int) {
    Scalar.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc)
}

/// Flops of one `gemm` call: `2mnk`.
@inline(__always) func gemmFlops(m: Int, n: Int, k: Int) -> Int { 2 * m * n * k }

/// The shape of one matrix product `C ← op(A) op(B)` (column-major, `op(A)` is `m × k`,
/// `op(B)` is `k × n`, `C` is `m × n`), as the training passes issue it.
public struct GEMMShape: Sendable, Hashable, CustomStringConvertible {
    /// Whether `A` is stored `k × m` and used transposed.
    public let transposeA: Bool
    /// Whether `B` is stored `n × k` and used transposed.
    public let transposeB: Bool
    /// Rows of `C`.
    public let m: Int
    /// Columns of `C`.
    public let n: Int
    /// Inner dimension.
    public let k: Int

    /// The product `op(A) op(B)` with `op(A)` `m × k` and `op(B)` `k × n`.
    public init(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int) {
        self.transposeA = transposeA
        self.transposeB = transposeB
        self.m = m
        self.n = n
        self.k = k
    }

    /// `2mnk`.
    public var flops: Int { gemmFlops(m: m, n: n, k: k) }
    /// Entries of `A` (`mk`), `B` (`kn`) and `C` (`mn`).
    public var sizes: (a: Int, b: Int, c: Int) { (m * k, k * n, m * n) }

    /// E.g. "NT 500×4001×2002": transposes of A and B, then `m×n×k`.
    public var description: String {
        "\(transposeA ? "T" : "N")\(transposeB ? "T" : "N") \(m)×\(n)×\(k)"
    }
}

extension BLASRuntime {
    /// `C ← op(A) op(B)` through `cblas_dgemm` (`Double`) or `cblas_sgemm` (`Float`) with
    /// tight leading dimensions (`A`, `B`, `C` hold `shape.sizes` entries, column-major): the
    /// plain GEMM a training step's products are measured against. `2mnk` flops.
    public static func multiply<Scalar: BLASScalar>(_ shape: GEMMShape, a: UnsafePointer<Scalar>,
                                                    b: UnsafePointer<Scalar>, c: UnsafeMutablePointer<Scalar>) {
        gemm(transposeA: shape.transposeA, transposeB: shape.transposeB, m: shape.m, n: shape.n, k: shape.k,
             a: a, lda: shape.transposeA ? shape.k : shape.m, b: b, ldb: shape.transposeB ? shape.n : shape.k,
             c: c, ldc: shape.m)
    }
}
