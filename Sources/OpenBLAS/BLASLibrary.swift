#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The OpenBLAS shared library, loaded by this package itself on first use (`dlopen`), with the
/// entry points the package calls resolved by `dlsym`.
///
/// **Why load it ourselves.** A `DYNAMIC_ARCH` OpenBLAS (Debian's 0.3.21) picks its kernels
/// once, in its library constructor, from `OPENBLAS_CORETYPE` or else from `cpuid` — and on CPUs
/// newer than the library, `cpuid` detection can fall back to the generic `Prescott` kernels
/// (≈ 4–5× slower DGEMM). A library linked at load time runs that constructor before `main`,
/// so no code of ours could set the variable in time; an ELF constructor of our own would run
/// *after* the library's (dependencies are initialised first). Loading the library with
/// `dlopen` on first use, after setting the variable, puts our choice first:
/// 1. if `OPENBLAS_CORETYPE` is set in the environment, it is left as it is (always respected);
/// 2. otherwise it is set to `BLASRuntime.coreType(forCPUFlags:)` of this CPU (when the CPU's
///    features can be read and have a tier; else OpenBLAS detects on its own);
/// 3. if none of `OPENBLAS_NUM_THREADS`, `GOTO_NUM_THREADS`, `OMP_NUM_THREADS` is set,
///    `OPENBLAS_NUM_THREADS=1` is set: the package parallelises training itself, over fixed
///    chunks of points with one-thread BLAS calls (see `TrainingParallelism` in NeuralRitz), so
///    BLAS threads would only oversubscribe the cores; a thread count the user set is respected;
/// 4. then `dlopen` runs OpenBLAS's constructor, which reads the variables.
///
/// If OpenBLAS was already loaded into the process by someone else (a program that links it
/// directly), `dlopen` returns that instance and its kernels stay whatever it picked;
/// `BLASRuntime.coreName` always reports the kernels actually in use.
///
/// Loading happens once per process, thread-safely (a `static let`); the value is immutable
/// afterwards. Setting the variable uses `setenv`, so the first BLAS call should not race with
/// another thread reading the environment (the package's own threads do not).
public struct BLASLibrary: @unchecked Sendable {
    // The entry points, as the C declarations in OpenBLAS's cblas.h (enums as Int32).
    typealias DGEMM = @convention(c) (Int32, Int32, Int32, Int32, Int32, Int32, Double,
                                      UnsafePointer<Double>?, Int32, UnsafePointer<Double>?, Int32,
                                      Double, UnsafeMutablePointer<Double>?, Int32) -> Void
    typealias SGEMM = @convention(c) (Int32, Int32, Int32, Int32, Int32, Int32, Float,
                                      UnsafePointer<Float>?, Int32, UnsafePointer<Float>?, Int32,
                                      Float, UnsafeMutablePointer<Float>?, Int32) -> Void
    typealias DGEMV = @convention(c) (Int32, Int32, Int32, Int32, Double, UnsafePointer<Double>?, Int32,
                                      UnsafePointer<Double>?, Int32, Double, UnsafeMutablePointer<Double>?,
                                      Int32) -> Void
    typealias GetString = @convention(c) () -> UnsafeMutablePointer<CChar>?
    typealias GetInt = @convention(c) () -> Int32
    typealias SetInt = @convention(c) (Int32) -> Void

    let dgemm: DGEMM
    let sgemm: SGEMM
    let dgemv: DGEMV
    let getCoreName: GetString
    let getConfig: GetString
    let getNumThreads: GetInt
    let setNumThreads: SetInt

    /// The file name `dlopen` loaded (e.g. "libopenblas.so.0").
    public let fileName: String
    /// The `OPENBLAS_CORETYPE` value this package set before loading, or `nil` when it set
    /// nothing (the variable was already set, or the CPU has no known tier).
    public let selectedCoreType: String?
    /// The value of `OPENBLAS_CORETYPE` found in the environment before loading, if any.
    public let inheritedCoreType: String?

    /// The library of this process, loaded on first access (see the type's notes). Traps with
    /// a message naming the Debian package when no OpenBLAS can be loaded; call `load()` first
    /// to handle that as an error instead.
    public static let shared: BLASLibrary = {
        switch loadResult {
        case .success(let library): return library
        case .failure(let error): fatalError("\(error)")
        }
    }()

    /// Loads the library if not yet loaded, or throws `BLASLoadError` when no OpenBLAS can be
    /// found. Safe to call any number of times, from any thread.
    @discardableResult
    public static func load() throws -> BLASLibrary { try loadResult.get() }

    private static let loadResult: Result<BLASLibrary, BLASLoadError> = {
        do throws(BLASLoadError) { return .success(try BLASLibrary()) } catch { return .failure(error) }
    }()

    /// Candidate file names, in order.
    #if canImport(Darwin)
    static let candidates = ["libopenblas.dylib", "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
                             "/usr/local/opt/openblas/lib/libopenblas.dylib"]
    #else
    static let candidates = ["libopenblas.so.0", "libopenblas.so"]
    #endif

    private init() throws(BLASLoadError) {
        let inherited = getenv(BLASRuntime.coreTypeVariable).map { String(cString: $0) }
        var selected: String? = nil
        if inherited == nil, let flags = BLASRuntime.cpuFlags(), let core = BLASRuntime.coreType(forCPUFlags: flags) {
            setenv(BLASRuntime.coreTypeVariable, core, 0)
            selected = core
        }
        let threadVariables: [String] = ["OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"]
        if threadVariables.allSatisfy({ getenv($0) == nil }) {
            setenv("OPENBLAS_NUM_THREADS", "1", 0)
        }
        var handle: UnsafeMutableRawPointer? = nil
        var loadedName = ""
        var messages: [String] = []
        for name in Self.candidates {
            handle = dlopen(name, RTLD_NOW | RTLD_LOCAL)
            if handle != nil { loadedName = name; break }
            if let message = dlerror() { messages.append(String(cString: message)) }
        }
        guard let handle else { throw BLASLoadError.libraryNotFound(tried: Self.candidates, messages: messages) }
        func symbol<T>(_ name: String, as type: T.Type) throws(BLASLoadError) -> T {
            guard let address = dlsym(handle, name) else { throw BLASLoadError.symbolMissing(name, library: loadedName) }
            return unsafeBitCast(address, to: type)
        }
        dgemm = try symbol("cblas_dgemm", as: DGEMM.self)
        sgemm = try symbol("cblas_sgemm", as: SGEMM.self)
        dgemv = try symbol("cblas_dgemv", as: DGEMV.self)
        getCoreName = try symbol("openblas_get_corename", as: GetString.self)
        getConfig = try symbol("openblas_get_config", as: GetString.self)
        getNumThreads = try symbol("openblas_get_num_threads", as: GetInt.self)
        setNumThreads = try symbol("openblas_set_num_threads", as: SetInt.self)
        fileName = loadedName
        selectedCoreType = selected
        inheritedCoreType = inherited
    }
}

/// OpenBLAS could not be loaded.
public enum BLASLoadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No candidate file could be opened; `messages` are `dlerror()`'s, one per attempt.
    case libraryNotFound(tried: [String], messages: [String])
    /// The library lacks an entry point the package needs.
    case symbolMissing(String, library: String)

    /// A one-line message saying what is missing and how to install it.
    public var description: String {
        switch self {
        case .libraryNotFound(let tried, let messages):
            return "OpenBLAS not found (tried \(tried.joined(separator: ", ")): \(messages.joined(separator: "; "))); "
                + "install it, e.g. `apt-get install libopenblas-dev` on Debian"
        case .symbolMissing(let name, let library):
            return "\(library) has no symbol \(name): an OpenBLAS with the CBLAS interface is needed"
        }
    }
}
