import Testing
import CFFTW
import OpenBLAS

/// Smoke tests that the system libraries are found, linked and compute: the modules that
/// build on them check their numerics in depth.
@Suite struct LinkTests {
    @Test func fftwTransformsAConstant() {
        let n: Int32 = 8
        let input = fftw_alloc_real(Int(n))!
        let output = fftw_alloc_complex(Int(n / 2 + 1))!
        defer { fftw_free(input); fftw_free(output) }
        let plan = fftw_plan_dft_r2c_1d(n, input, output, UInt32(FFTW_ESTIMATE))
        defer { fftw_destroy_plan(plan) }
        for i in 0..<Int(n) { input[i] = 1 }
        fftw_execute(plan)
        #expect(output[0].0 == 8 && output[0].1 == 0)
        #expect(abs(output[1].0) < 1e-15 && abs(output[1].1) < 1e-15)
    }

    /// OpenBLAS is loaded on first use (dlopen) and multiplies in both precisions.
    @Test func openBLASMultipliesMatrices() throws {
        try BLASLibrary.load()
        // [1 3; 2 4] · [5 7; 6 8] = [23 31; 34 46], column-major.
        let a: [Double] = [1, 2, 3, 4], b: [Double] = [5, 6, 7, 8]
        var c = [Double](repeating: 0, count: 4)
        Double.gemm(transposeA: false, transposeB: false, m: 2, n: 2, k: 2, a: a, lda: 2, b: b, ldb: 2, c: &c, ldc: 2)
        #expect(c == [23, 34, 31, 46])
        let af = a.map(Float.init), bf = b.map(Float.init)
        var cf = [Float](repeating: 0, count: 4)
        Float.gemm(transposeA: true, transposeB: false, m: 2, n: 2, k: 2, a: af, lda: 2, b: bf, ldb: 2, c: &cf, ldc: 2)
        #expect(cf == [17, 39, 23, 53])   // [1 2; 3 4] · [5 7; 6 8]
        var y: [Double] = [1, 1]
        BLASRuntime.multiplyVector(transpose: false, rows: 2, columns: 2, alpha: 1, matrix: a, lda: 2, x: [1, 1], beta: 1, y: &y)
        #expect(y == [5, 7])
        #expect(BLASRuntime.coreName != "unknown")
    }
}
