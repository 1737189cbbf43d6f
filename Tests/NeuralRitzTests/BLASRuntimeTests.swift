import Testing
import PoissonCore
@testable import NeuralRitz

/// The OpenBLAS runtime: results right whichever kernels were picked, and the rule that says
/// when better kernels exist.
@Suite struct BLASRuntimeTests {
    /// `cblas_dgemm` (through the module's wrapper) against a naive triple loop for every
    /// transpose combination and the degenerate shapes the passes use (`k = 1, 2`, `m = 1`,
    /// `n = 1`), on random data. Bound: `|C − C_naive| ≤ 4k·u·Σ_p |a||b|` (the standard
    /// summation error bound; any kernel bug is O(1)).
    @Test(arguments: [(37, 23, 41), (1, 50, 33), (64, 1, 17), (40, 30, 1), (29, 31, 2), (130, 70, 90)])
    func gemmMatchesANaiveProduct(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        var generator = SeededGenerator(seed: UInt64(m * 10_000 + n * 100 + k))
        for (transposeA, transposeB) in [(false, false), (true, false), (false, true), (true, true)] {
            // op(A) is m×k: A is m×k (lda = m) or k×m (lda = k); similarly B.
            let a = (0..<(m * k)).map { _ in generator.nextGaussian() }
            let b = (0..<(k * n)).map { _ in generator.nextGaussian() }
            let lda = transposeA ? k : m, ldb = transposeB ? n : k
            func opA(_ i: Int, _ p: Int) -> Double { transposeA ? a[p + i * lda] : a[i + p * lda] }
            func opB(_ p: Int, _ j: Int) -> Double { transposeB ? b[j + p * ldb] : b[p + j * ldb] }
            var c = [Double](repeating: .nan, count: m * n)
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    c.withUnsafeMutableBufferPointer { cp in
                        gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                             a: ap.baseAddress!, lda: lda, b: bp.baseAddress!, ldb: ldb,
                             c: cp.baseAddress!, ldc: m)
                    }
                }
            }
            var worst = 0.0
            for i in 0..<m {
                for j in 0..<n {
                    var sum = 0.0, magnitude = 0.0
                    for p in 0..<k {
                        sum += opA(i, p) * opB(p, j)
                        magnitude += abs(opA(i, p) * opB(p, j))
                    }
                    let bound = 4 * Double(k) * Double.ulpOfOne * magnitude + Double.leastNormalMagnitude
                    worst = max(worst, abs(c[i + j * m] - sum) / bound)
                }
            }
            #expect(worst <= 1, "kernels \(BLASRuntime.coreName), \(m)×\(n)×\(k), transposes \(transposeA) \(transposeB)")
        }
    }

    /// The runtime reports its kernels and threads, and a thread count round-trips.
    @Test func runtimeReportsKernelsAndThreads() {
        #expect(!BLASRuntime.coreName.isEmpty && BLASRuntime.coreName != "unknown")
        #expect(BLASRuntime.configuration.contains("OpenBLAS"))
        #expect(BLASRuntime.threadCount >= 1)
        #expect(BLASRuntime.availableProcessorCount >= 1)
    }

    /// The kernels this process runs: a `OPENBLAS_CORETYPE` it inherited is respected as it is;
    /// without one the package chose the CPU's tier (checked against `/proc/cpuinfo`).
    @Test func kernelsFollowTheEnvironmentOrTheCPU() throws {
        let library = BLASLibrary.shared
        switch BLASRuntime.coreSource {
        case .environment:
            let inherited = try #require(library.inheritedCoreType)
            #expect(BLASRuntime.coreName.lowercased() == inherited.lowercased())
            #expect(library.selectedCoreType == nil)
        case .selected:
            let flags = try #require(BLASRuntime.cpuFlags())
            #expect(library.selectedCoreType == BLASRuntime.coreType(forCPUFlags: flags))
            #expect(BLASRuntime.kernelTier(BLASRuntime.coreName) == BLASRuntime.cpuTier(flags))
            #expect(BLASRuntime.kernelsMatchCPU == true)
        case .detected:
            #expect(BLASRuntime.cpuFlags().map { BLASRuntime.coreType(forCPUFlags: $0) == nil } ?? true)
        }
    }

    /// The selection rule: the CPU's instruction-set tier decides the kernels; AVX-512 with
    /// BF16 keeps OpenBLAS's own name for such CPUs.
    @Test func coreTypeRule() {
        let avx512: Set = ["sse4_2", "avx", "avx2", "fma", "avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl"]
        let avx2: Set = ["sse4_2", "avx", "avx2", "fma"]
        let avx: Set = ["sse4_2", "avx"]
        #expect(BLASRuntime.coreType(forCPUFlags: avx512) == "SkylakeX")
        #expect(BLASRuntime.coreType(forCPUFlags: avx512.union(["avx512_bf16"])) == "Cooperlake")
        #expect(BLASRuntime.coreType(forCPUFlags: avx2) == "Haswell")
        #expect(BLASRuntime.coreType(forCPUFlags: avx) == "Sandybridge")
        #expect(BLASRuntime.coreType(forCPUFlags: ["sse2"]) == nil)
        // avx512f alone (no BW/VL, e.g. Knights Landing) is not the SkylakeX tier.
        #expect(BLASRuntime.coreType(forCPUFlags: avx2.union(["avx512f"])) == "Haswell")
        #expect(BLASRuntime.kernelTier("Cooperlake") == 3 && BLASRuntime.kernelTier("Zen") == 2
                && BLASRuntime.kernelTier("Prescott") == 0)
    }
}
