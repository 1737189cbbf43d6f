import Testing
import CFFTW
import CBLAS

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

    @Test func openBLASMultipliesMatrices() {
        // [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50], row-major.
        let a: [Double] = [1, 2, 3, 4], b: [Double] = [5, 6, 7, 8]
        var c = [Double](repeating: 0, count: 4)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 2, 1, a, 2, b, 2, 0, &c, 2)
        #expect(c == [19, 22, 43, 50])
        #expect(openblas_get_corename() != nil)
    }
}
