#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The OpenBLAS library this process uses: which kernels it picked, how many threads it
/// uses, and the rule by which this package chooses kernels when `OPENBLAS_CORETYPE` is unset.
///
/// Every member loads the library on first use (`BLASLibrary.shared`; see there why the
/// package loads OpenBLAS itself): a program, a library user and a benchmark all get the
/// CPU's best kernels without setting anything, and a `OPENBLAS_CORETYPE` set by the user is
/// always respected (e.g. `Haswell` pins the AVX2 kernels on an AVX-512 machine).
///
/// Measured on this project's machine (AMD EPYC, AVX-512 with BF16, OpenBLAS 0.3.21,
/// one thread, DGEMM 2000³): Prescott ≈ 18, Haswell/Zen ≈ 56, SkylakeX/Cooperlake ≈ 94 GFLOP/s.
public enum BLASRuntime {
    /// The name of the variable OpenBLAS reads at load time to force its kernels.
    public static let coreTypeVariable = "OPENBLAS_CORETYPE"

    /// The kernels in use, as `openblas_get_corename()` reports them (e.g. "Haswell",
    /// "SkylakeX", "Cooperlake", "Prescott").
    public static var coreName: String {
        guard let name = BLASLibrary.shared.getCoreName() else { return "unknown" }
        return String(cString: name)
    }

    /// Where the kernels came from: `environment` (a `OPENBLAS_CORETYPE` the process was
    /// started with), `selected` (this package set the variable from the CPU's features) or
    /// `detected` (neither: OpenBLAS's own `cpuid` detection).
    public static var coreSource: BLASCoreSource {
        let library = BLASLibrary.shared
        if library.inheritedCoreType != nil { return .environment }
        return library.selectedCoreType != nil ? .selected : .detected
    }

    /// The library's build configuration (`openblas_get_config()`), e.g.
    /// "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".
    public static var configuration: String {
        guard let text = BLASLibrary.shared.getConfig() else { return "unknown" }
        return String(cString: text)
    }

    /// Threads OpenBLAS currently uses for one call.
    public static var threadCount: Int { Int(BLASLibrary.shared.getNumThreads()) }

    /// Sets the OpenBLAS thread count for subsequent calls (process-wide; counts below 1 are
    /// treated as 1). Call it between steps, never while another thread is inside a BLAS call.
    public static func setThreadCount(_ count: Int) {
        BLASLibrary.shared.setNumThreads(Int32(clamping: max(1, count)))
    }

    /// The value of `OPENBLAS_CORETYPE` in the environment now, if any (after the library is
    /// loaded, this includes a value the package set; see `coreSource`).
    public static var environmentCoreType: String? {
        guard let value = getenv(coreTypeVariable) else { return nil }
        return String(cString: value)
    }

    /// Processors this process may run on: the bits of its CPU affinity mask (`Cpus_allowed`
    /// in `/proc/self/status`, so `taskset`, cgroup cpusets and SLURM allocations are
    /// honoured), at least 1; where that cannot be read, the online processor count.
    public static var availableProcessorCount: Int {
        if let mask = statusField("Cpus_allowed") {
            let count = mask.reduce(0) { sum, character in
                sum + (character.hexDigitValue.map { $0.nonzeroBitCount } ?? 0)
            }
            if count > 0 { return count }
        }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// The value of `name:` in `/proc/self/status` (Linux), whitespace removed; `nil` elsewhere.
    static func statusField(_ name: String) -> String? {
        firstLine(of: "/proc/self/status", prefix: name + ":").map { line in
            String(line.dropFirst(name.count + 1)).filter { !$0.isWhitespace }
        }
    }

    /// The first line of the text file at `path` that starts with `prefix`, or `nil`.
    static func firstLine(of path: String, prefix: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0 {
            let text = String(cString: line!)
            if text.hasPrefix(prefix) { return text }
        }
        return nil
    }

    /// The `OPENBLAS_CORETYPE` value this package sets for a CPU with these `/proc/cpuinfo`
    /// feature flags when the variable is unset, or `nil` to leave the choice to OpenBLAS:
    ///
    /// | tier | CPU flags needed | value |
    /// |---|---|---|
    /// | 3 | avx512f, avx512dq, avx512cd, avx512bw, avx512vl (+ avx512_bf16) | "SkylakeX" ("Cooperlake") |
    /// | 2 | avx2, fma | "Haswell" |
    /// | 1 | avx | "Sandybridge" |
    /// | 0 | — | `nil` |
    ///
    /// "SkylakeX" is every AVX-512 build's name for the AVX-512 DGEMM/SGEMM kernels;
    /// "Cooperlake" has the same ones plus bfloat16 routines, and is what OpenBLAS's own
    /// detection reports on CPUs with AVX-512 BF16, so such CPUs keep that name.
    public static func coreType(forCPUFlags flags: Set<String>) -> String? {
        switch cpuTier(flags) {
        case 3: return flags.contains("avx512_bf16") ? "Cooperlake" : "SkylakeX"
        case 2: return "Haswell"
        case 1: return "Sandybridge"
        default: return nil
        }
    }

    /// Whether the loaded kernels use the widest vector instructions this CPU offers (their
    /// tier, as in `coreType(forCPUFlags:)`, is at least the CPU's); `nil` when the CPU's
    /// features cannot be read. `false` means a user-set `OPENBLAS_CORETYPE` pinned slower
    /// kernels, or OpenBLAS was loaded by someone else before this package.
    public static var kernelsMatchCPU: Bool? {
        guard let flags = cpuFlags() else { return nil }
        return kernelTier(coreName) >= cpuTier(flags)
    }

    /// The feature flags of the first processor in `/proc/cpuinfo` (Linux), `nil` elsewhere.
    public static func cpuFlags() -> Set<String>? {
        guard let text = firstLine(of: "/proc/cpuinfo", prefix: "flags"), let colon = text.firstIndex(of: ":") else {
            return nil
        }
        let list = text[text.index(after: colon)...]
        return Set(list.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init))
    }

    /// The CPU's instruction-set tier (0 … 3, see `coreType(forCPUFlags:)`).
    public static func cpuTier(_ flags: Set<String>) -> Int {
        if ["avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl"].allSatisfy(flags.contains) { return 3 }
        if flags.contains("avx2") && flags.contains("fma") { return 2 }
        if flags.contains("avx") { return 1 }
        return 0
    }

    /// The instruction-set tier of an OpenBLAS kernel family (0 for unknown names).
    public static func kernelTier(_ core: String) -> Int {
        switch core.lowercased() {
        case "skylakex", "cooperlake", "sapphirerapids": return 3
        case "haswell", "zen": return 2
        case "sandybridge", "bulldozer", "piledriver", "steamroller", "excavator": return 1
        default: return 0
        }
    }
}

/// Where the OpenBLAS kernels in use came from (`BLASRuntime.coreSource`).
public enum BLASCoreSource: String, Sendable, Equatable, CaseIterable {
    /// `OPENBLAS_CORETYPE` was set when the process started (always respected).
    case environment
    /// This package set `OPENBLAS_CORETYPE` from the CPU's features before loading OpenBLAS.
    case selected
    /// OpenBLAS detected the CPU itself.
    case detected
}
