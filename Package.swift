// swift-tools-version: 6.1
//
// poisson-hybrid: classical iterative solvers and a Deep Ritz network side by side on the 1-d
// Poisson problem, observed mode by mode. See README.md for the layout and DESIGN notes.

import PackageDescription

/// Hot loops (sweeps, transforms, training steps) are compiled for the building machine's CPU
/// in release builds so the compiler may use its full vector width (AVX2/AVX-512 where present).
/// The package is always built from source on the machine that runs it, so this is safe here;
/// set `POISSON_HYBRID_PORTABLE=1` in the environment to build for the generic x86-64 target.
/// This covers `make run` (the root package) and `make bench` (Benchmarks/ depends on this package
/// by path, and SwiftPM keeps `unsafeFlags` for local dependencies): `swift build -c release -v`
/// shows `-target-cpu native` on these targets in both.
let portable = Context.environment["POISSON_HYBRID_PORTABLE"] != nil
/// `-fno-math-errno` (for the C shims the Swift standard library's `squareRoot()` goes through):
/// with errno semantics `sqrt` is a library call that may set `errno`, which keeps every loop
/// that takes a square root scalar (Adam's update: one `sqrt` and one division per parameter);
/// without them it is the correctly rounded `vsqrtps`/`vsqrtpd`, the same values lane by lane.
/// Nothing in the package reads `errno`.
let fastMath: [SwiftSetting] = portable ? [] : [
    .unsafeFlags(["-target-cpu", "native", "-Xcc", "-fno-math-errno"], .when(configuration: .release)),
]

/// FFTW in binary128 exists only on x86 (Debian's libfftw3-dev brings libfftw3q on amd64, which
/// loads libquadmath itself; the shim's own binary128 arithmetic is compiler built-ins); the
/// manifest runs on the building machine, so elsewhere nothing is linked and
/// `QuadSineTransform` reports itself unavailable (CFFTWQuad compiles to stubs).
#if arch(x86_64) || arch(i386)
let quadPrecisionLibraries: [LinkerSetting] = [.linkedLibrary("fftw3q")]
#else
let quadPrecisionLibraries: [LinkerSetting] = []
#endif

let package = Package(
    name: "poisson-hybrid",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "poisson-hybrid", targets: ["poisson-hybrid"]),
        // `import PoissonHybrid` re-exports every library module; each stays importable on its own.
        .library(name: "PoissonHybrid", targets: [
            "PoissonHybrid", "OpenBLAS", "PoissonCore", "ClassicalSolvers", "Spectral", "NeuralRitz", "Hybrid",
            "CaseFiles", "CaseBinding", "SVGPlot", "Reports", "Sweeps",
        ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        // `make docs`: DocC catalogs to a static site (a command plugin; nothing links it).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // System library: a tiny shim holding only a module map and an umbrella header.
        .systemLibrary(
            name: "CFFTW", path: "Sources/CFFTW", pkgConfig: "fftw3",
            providers: [.apt(["libfftw3-dev"])]),

        // FFTW's quad-precision library behind a C interface of doubles: the binary128 DST-I of
        // `QuadSineTransform`. A compiled target, not a shim: Swift cannot import __float128, and
        // fftw3.h hides the fftwq_ API from Clang.
        .target(name: "CFFTWQuad", linkerSettings: quadPrecisionLibraries),

        // OpenBLAS, loaded by the package itself on first use (dlopen) after choosing the CPU's
        // best kernels, so it is not linked at load time (see BLASLibrary.swift for why).
        .target(name: "OpenBLAS"),

        .target(name: "PoissonCore", swiftSettings: fastMath),
        // ClassicalSolvers links BLAS only for the dense-storage Jacobi (the paper's cost model).
        .target(name: "ClassicalSolvers", dependencies: ["PoissonCore", "OpenBLAS"], swiftSettings: fastMath),
        .target(name: "Spectral", dependencies: ["PoissonCore", "CFFTW", "CFFTWQuad"], swiftSettings: fastMath),
        .target(name: "NeuralRitz", dependencies: ["PoissonCore", "OpenBLAS"], swiftSettings: fastMath),
        .target(name: "CaseFiles", dependencies: [
            "PoissonCore", .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "Hybrid", dependencies: [
            "PoissonCore", "ClassicalSolvers", "Spectral", "NeuralRitz",
        ], swiftSettings: fastMath),
        // The mapping from a validated case file to the driver's library objects (HybridSetup):
        // the only place where the YAML schema meets the driver, so the driver never links Yams.
        .target(name: "CaseBinding", dependencies: [
            "CaseFiles", "ClassicalSolvers", "Hybrid", "NeuralRitz", "PoissonCore", "Spectral",
        ]),
        // SVG drawing (axes, log ticks, lines, heat maps, legends) with no numerical dependencies.
        .target(name: "SVGPlot"),
        .target(name: "Reports", dependencies: ["PoissonCore", "Hybrid", "Spectral", "SVGPlot"]),
        // Parameter sweeps: sweep files, point expansion and ids, the runner of point processes,
        // the sweep folder's bookkeeping, sweep.csv and the sweep report.
        .target(name: "Sweeps", dependencies: ["CaseFiles", "Reports", "SVGPlot", .product(name: "Yams", package: "Yams")]),
        // The umbrella: nothing but `@_exported import`s of the modules above.
        .target(name: "PoissonHybrid", dependencies: [
            "PoissonCore", "ClassicalSolvers", "Spectral", "NeuralRitz", "Hybrid", "CaseFiles", "CaseBinding",
            "SVGPlot", "Reports", "Sweeps",
        ]),
        .executableTarget(name: "poisson-hybrid", dependencies: [
            "PoissonCore", "NeuralRitz", "CaseFiles", "CaseBinding", "Hybrid", "Reports", "Sweeps",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Tests: one target per module, plus shared tolerance helpers and reference problems.
        .target(name: "TestSupport", dependencies: ["PoissonCore"], path: "Tests/TestSupport"),
        .testTarget(name: "PoissonCoreTests", dependencies: ["PoissonCore", "TestSupport"]),
        .testTarget(name: "SystemLibraryTests", dependencies: ["CFFTW", "OpenBLAS"]),
        .testTarget(name: "ClassicalSolversTests", dependencies: ["ClassicalSolvers", "PoissonCore", "TestSupport"]),
        .testTarget(name: "SpectralTests", dependencies: ["Spectral", "ClassicalSolvers", "PoissonCore", "TestSupport"]),
        .testTarget(name: "NeuralRitzTests", dependencies: ["NeuralRitz", "PoissonCore", "TestSupport"]),
        .testTarget(name: "CaseFilesTests", dependencies: ["CaseFiles", "PoissonCore", "TestSupport"],
                    resources: [.copy("BadCases"), .copy("GoodCases")]),
        .testTarget(name: "HybridTests", dependencies: [
            "Hybrid", "ClassicalSolvers", "NeuralRitz", "PoissonCore", "Spectral", "TestSupport",
        ]),
        // Snapshots are read and re-recorded through #filePath, so they stay in the source tree.
        .testTarget(name: "SVGPlotTests", dependencies: ["SVGPlot"], exclude: ["Snapshots"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Hybrid", "CaseFiles", "CaseBinding"]),
        .testTarget(name: "SweepsTests", dependencies: ["Sweeps", "CaseFiles"]),
        // The DocC articles' code (Sources/PoissonHybrid/PoissonHybrid.docc), compiled and run.
        .testTarget(name: "DocumentationTests", dependencies: ["PoissonHybrid"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"], resources: [.copy("Fixtures")]),
        // Golden curves and fixtures are read (and re-recorded) through #filePath, in the source tree.
        .testTarget(name: "RegressionTests", dependencies: [
            "Hybrid", "Reports", "CaseFiles", "CaseBinding", "TestSupport", "NeuralRitz",
        ],
                    exclude: ["Goldens", "Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
