import CaseBinding
import CaseFiles
import Foundation
import Hybrid
import NeuralRitz
import Reports
import Testing

/// One golden case: a folder `Goldens/<name>/` holding `case.yaml` and the recorded
/// `curves.csv` (without `seconds`) and `modes.csv`, and the bands its columns are compared
/// with (see `Goldens/BANDS.md` for the reasons).
struct GoldenCase: Sendable, CustomTestStringConvertible {
    /// The folder name under `Goldens/`.
    var name: String
    /// Which band family: deterministic classical solvers, or runs that train a network.
    var family: Family

    enum Family: Sendable {
        /// Solver-only cases: pure Swift stencil arithmetic and the direct solve, identical on
        /// every IEEE machine; only the DST/DFT (FFTW's SIMD codelets) and libm's `sin` differ
        /// between machines, by round-off.
        case classical
        /// Cases with training: BLAS kernels (and their FMA/blocking order) differ between
        /// machines and CPUs, and training amplifies round-off over its steps.
        case training
    }

    var testDescription: String { name }

    /// The comparison options of this case (BANDS.md).
    var options: ComparisonOptions {
        switch family {
        case .classical: return ComparisonOptions(band: GoldenBands.classical)
        case .training: return ComparisonOptions(band: GoldenBands.training)
        }
    }

    /// Every golden case, one per solver kind and loss, plus a hybrid.
    static let all: [GoldenCase] = [
        GoldenCase(name: "jacobi", family: .classical),
        GoldenCase(name: "weighted-jacobi", family: .classical),
        GoldenCase(name: "weighted-jacobi-dense", family: .classical),
        GoldenCase(name: "gauss-seidel", family: .classical),
        GoldenCase(name: "red-black", family: .classical),
        GoldenCase(name: "multigrid-v", family: .classical),
        GoldenCase(name: "multigrid-w", family: .classical),
        GoldenCase(name: "multigrid-f", family: .classical),
        GoldenCase(name: "multigrid-red-black", family: .classical),
        GoldenCase(name: "deep-ritz", family: .training),
        GoldenCase(name: "least-squares", family: .training),
        GoldenCase(name: "hybrid", family: .training),
    ]

    /// `Tests/RegressionTests/Goldens` in the source tree.
    static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Goldens")

    var folder: URL { Self.goldens.appendingPathComponent(name) }
    var caseFile: URL { folder.appendingPathComponent("case.yaml") }
}

/// The bands of the golden test (BANDS.md gives the reasons).
enum GoldenBands {
    /// Classical solvers: 1e-10 relative in log space, round-off floor 1e-12 of the scale.
    static let classical = try! ToleranceBand(relativeTolerance: 1e-10, floor: 1e-12)
    /// Training (and everything downstream of it): 1e-6 relative, same floor.
    static let training = try! ToleranceBand(relativeTolerance: 1e-6, floor: 1e-12)
}

/// Runs cases in this process through the library, as `poisson-hybrid run` would.
enum InProcessRun {
    /// The `curves.csv` (without `seconds`) and `modes.csv` texts of `caseFile`, run with
    /// `threads` training workers (`nil`: one per available processor) and one-thread BLAS
    /// calls, as the tool runs them.
    static func tables(caseFile: URL, threads: Int? = nil) throws -> (curves: String, modes: String) {
        let definition = try CaseLoader.load(file: caseFile.path)
        let setup = try HybridSetup(case: definition, file: caseFile.path,
                                    threads: threads ?? BLASRuntime.availableProcessorCount)
        BLASRuntime.setThreadCount(1)
        let result = try HybridDriver(setup: setup).run()
        return try texts(of: result)
    }

    /// The tables of a result as stored in a golden: `seconds` removed from the curves.
    static func texts(of result: HybridResult) throws -> (curves: String, modes: String) {
        let curves = try RegressionTable(text: ResultTables.curves(result).text, kind: .curves, source: "curves")
            .removingColumns(ComparisonOptions.comparedOnlyOnRequest)
        return (curves.text, ResultTables.modes(result).text)
    }
}
