import CBLAS
#if canImport(Glibc)
import Glibc
#endif

/// The OpenBLAS library this process loaded: which kernels it picked, how many threads it
/// uses, and whether better kernels exist for this CPU.
///
/// **The CPU-detection trap.** OpenBLAS (a `DYNAMIC_ARCH` build such as Debian's 0.3.21) picks
/// its kernels once, when the library loads, from `cpuid` — or from the environment variable
/// `OPENBLAS_CORETYPE` if set. On CPUs newer than the library, detection can fall back to the
/// generic `Prescott` kernels (≈ 4–5× slower DGEMM), and an inherited `OPENBLAS_CORETYPE`
/// (e.g. `Haswell` on an AVX-512 machine) pins slower kernels too. Setting the variable from
/// inside a running process is too late; the remedy is for the executable to export the value
/// `preferredCoreType()` returns and re-execute itself once (guarded so it cannot loop).
///
/// Measured on this project's machine (AMD EPYC, AVX-512 with BF16, OpenBLAS 0.3.21,
/// one thread, DGEMM 2000³): Prescott ≈ 18, Haswell/Zen ≈ 56, SkylakeX/Cooperlake ≈ 94 GFLOP/s.
public enum BLASRuntime {
    /// The name of the variable OpenBLAS reads at load time to force its kernels.
    public static let coreTypeVariable = "OPENBLAS_CORETYPE"

    /// The kernels in use, as `openblas_get_corename()` reports them (e.g. "Haswell",
    /// "SkylakeX", "Cooperlake", "Prescott").
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The library's build configuration (`openblas_get_config()`), e.g.
    /// "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".
    public static var configuration: String {
        guard let text = openblas_get_config() else { return "unknown" }
        return String(cString: text)
    }

    /// Threads OpenBLAS currently uses for one call.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Sets the OpenBLAS thread count for subsequent calls (process-wide; counts below 1 are
    /// treated as 1). Call it between steps, never while another thread is inside a BLAS call.
    public static func setThreadCount(_ count: Int) {
        openblas_set_num_threads(Int32(clamping: max(1, count)))
    }

    /// The value of `OPENBLAS_CORETYPE` this process was started with, if any.
    public static var environmentCoreType: String? {
        guard let value = getenv(coreTypeVariable) else { return nil }
        return String(cString: value)
    }

    /// The `OPENBLAS_CORETYPE` value to export and re-execute with, or `nil` when the loaded
    /// kernels already use the widest vector instructions this CPU offers (or the CPU's
    /// features cannot be read). Reads `/proc/cpuinfo`; see
    /// `preferredCoreType(loadedCore:cpuFlags:)` for the rule.
    public static func preferredCoreType() -> String? {
        guard let flags = cpuFlags() else { return nil }
        return preferredCoreType(loadedCore: coreName, cpuFlags: flags)
    }

    /// The rule behind `preferredCoreType()`, pure for testing. Both the CPU and the loaded
    /// kernels are ranked by instruction-set tier:
    ///
    /// | tier | CPU flags needed | kernels of that tier | value returned |
    /// |---|---|---|---|
    /// | 3 | avx512f, avx512dq, avx512cd, avx512bw, avx512vl | SkylakeX, Cooperlake, SapphireRapids | "SkylakeX" |
    /// | 2 | avx2, fma | Haswell, Zen | "Haswell" |
    /// | 1 | avx | Sandybridge, Bulldozer, Piledriver, Steamroller, Excavator | "Sandybridge" |
    /// | 0 | — | everything else (Prescott, Core2, Nehalem, …) | — |
    ///
    /// Returns the CPU tier's value when it is above the loaded kernels' tier, else `nil`.
    /// "SkylakeX" is chosen for tier 3 because every AVX-512 build of OpenBLAS knows it and its
    /// DGEMM kernel is the one Cooperlake uses (Cooperlake only adds bfloat16 routines).
    public static func preferredCoreType(loadedCore: String, cpuFlags: Set<String>) -> String? {
        let cpu = cpuTier(cpuFlags)
        guard cpu > kernelTier(loadedCore) else { return nil }
        switch cpu {
        case 3: return "SkylakeX"
        case 2: return "Haswell"
        case 1: return "Sandybridge"
        default: return nil
        }
    }

    /// The feature flags of the first processor in `/proc/cpuinfo` (Linux), `nil` elsewhere.
    public static func cpuFlags() -> Set<String>? {
        guard let file = fopen("/proc/cpuinfo", "r") else { return nil }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0 {
            let text = String(cString: line!)
            guard text.hasPrefix("flags"), let colon = text.firstIndex(of: ":") else { continue }
            let list = text[text.index(after: colon)...]
            return Set(list.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init))
        }
        return nil
    }

    static func cpuTier(_ flags: Set<String>) -> Int {
        if ["avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl"].allSatisfy(flags.contains) { return 3 }
        if flags.contains("avx2") && flags.contains("fma") { return 2 }
        if flags.contains("avx") { return 1 }
        return 0
    }

    static func kernelTier(_ core: String) -> Int {
        switch core.lowercased() {
        case "skylakex", "cooperlake", "sapphirerapids": return 3
        case "haswell", "zen": return 2
        case "sandybridge", "bulldozer", "piledriver", "steamroller", "excavator": return 1
        default: return 0
        }
    }
}
