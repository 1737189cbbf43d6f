// swift-tools-version: 6.1
//
// Benchmarks for poisson-hybrid, in their own package so that library users and `make test`
// never build package-benchmark. Run with `make bench` from the repository root.

import PackageDescription

/// Native code generation: the benchmark targets below ask for `-target-cpu native` themselves,
/// and the library targets get it from the root manifest's `fastMath` settings (release builds),
/// because SwiftPM accepts `unsafeFlags` in a *local* (path) dependency such as `..` — it rejects
/// them only in remote, version-resolved packages. Checked with `swift build -c release -v`
/// (every swift-frontend call for PoissonCore, ClassicalSolvers, Spectral, NeuralRitz and Hybrid
/// carries `-target-cpu native`) and in `objdump -d .build/release/SolverBenchmarks` (the sweeps
/// use zmm registers on an AVX-512 machine). If the dependency ever becomes remote, the flags
/// would have to come from the command line: `swift package benchmark` then needs
/// `-Xswiftc -target-cpu -Xswiftc native`.
let benchmarkTarget = { (name: String, dependencies: [Target.Dependency]) -> Target in
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "benchmark")] + dependencies,
        path: "Benchmarks/\(name)",
        swiftSettings: [.unsafeFlags(["-target-cpu", "native"])],
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

let package = Package(
    name: "poisson-hybrid-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "poisson-hybrid", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Plain C kernels compiled with -O3 -march=native: the reference the Swift hot loops
        // are measured against in the same run.
        .target(
            name: "CReference",
            cSettings: [.unsafeFlags(["-O3", "-march=native"])]
        ),
        benchmarkTarget("SolverBenchmarks", [
            "CReference",
            .product(name: "PoissonHybrid", package: "poisson-hybrid"),
        ]),
        benchmarkTarget("SpectralBenchmarks", [
            .product(name: "PoissonHybrid", package: "poisson-hybrid"),
        ]),
        benchmarkTarget("DriverBenchmarks", [
            "CReference",
            .product(name: "PoissonHybrid", package: "poisson-hybrid"),
        ]),
        benchmarkTarget("NeuralBenchmarks", [
            .product(name: "PoissonHybrid", package: "poisson-hybrid"),
        ]),
    ]
)
