import Foundation
import Testing
import TestSupport

/// The tool chooses the CPU's best OpenBLAS kernels itself, in a fresh process, with
/// `OPENBLAS_CORETYPE` unset, and respects the variable when it is set.
@Suite struct BLASKernelTests {
    /// The manifest's `blas_core` and `blas_core_source` of one run of the small case with
    /// `OPENBLAS_CORETYPE` removed from the environment (`nil`) or set to `value`.
    static func kernels(coreType value: String?) throws -> (core: String?, source: String?) {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["-u", "OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS=1"]
        if let value { arguments.append("OPENBLAS_CORETYPE=\(value)") }
        process.arguments = arguments + [CLI.executable.path, "run", CLI.fixture("small.yaml").path, "--output",
                                         output.path, "--quiet", "--no-figures", "--set", "training.steps=2",
                                         "--set", "hybrid.switch_at=[1]", "--set", "solver.max_sweeps=10"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let data = try Data(contentsOf: output.appendingPathComponent("manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (manifest["blas_core"] as? String, manifest["blas_core_source"] as? String)
    }

    /// The x86-64 instruction-set tier of `/proc/cpuinfo`'s flags (0 … 3), as OpenBLAS's
    /// kernel families are ranked: AVX-512 (F, DQ, CD, BW, VL), AVX2 + FMA, AVX.
    static func cpuTier() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
        let flags = Set(line.split(separator: " ").map(String.init))
        if ["avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl"].allSatisfy(flags.contains) { return 3 }
        if flags.contains("avx2") && flags.contains("fma") { return 2 }
        return flags.contains("avx") ? 1 : 0
    }

    @Test func unsetVariableGivesTheCPUsTier() throws {
        guard let tier = Self.cpuTier(), tier > 0 else { return }
        let (core, source) = try Self.kernels(coreType: nil)
        let families: [Int: Set<String>] = [3: ["SkylakeX", "Cooperlake", "SapphireRapids"],
                                            2: ["Haswell", "Zen"], 1: ["Sandybridge"]]
        #expect(families[tier]!.contains(core ?? ""), "kernels \(core ?? "none") on a tier-\(tier) CPU")
        #expect(source == "selected")
    }

    @Test func setVariableIsRespected() throws {
        guard let tier = Self.cpuTier(), tier >= 2 else { return }
        let (core, source) = try Self.kernels(coreType: "Haswell")
        #expect(core == "Haswell")
        #expect(source == "environment")
    }
}
