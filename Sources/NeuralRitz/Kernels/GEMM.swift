import CBLAS

/// `C ← op(A) op(B)` for column-major `m×k` `op(A)`, `k×n` `op(B)`, `m×n` `C` (α = 1, β = 0),
/// through OpenBLAS's `cblas_dgemm`. Counted as `2mnk` flops (`mnk` multiplies, `mnk` adds).
@inline(__always)
func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
          a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
          c: UnsafeMutablePointer<Double>, ldc: Int) {
    cblas_dgemm(CblasColMajor,
                transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), 0, c, Int32(ldc))
}

/// Flops of one `gemm` call: `2mnk`.
@inline(__always) func gemmFlops(m: Int, n: Int, k: Int) -> Int { 2 * m * n * k }
