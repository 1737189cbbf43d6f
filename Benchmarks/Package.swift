// swift-tools-version: 6.1
//
// Benchmarks for poisson-hybrid, in their own package so that library users and `make test`
// never build package-benchmark. Run with `make bench` from the repository root.

import PackageDescription

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
