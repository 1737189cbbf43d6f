import Foundation
import TestSupport

/// The built `poisson-hybrid` executable (through `ToolProcess`), run in the package root so
/// the manifest finds the git commit, and this target's fixtures.
enum Tool {
    static var packageRoot: URL { ToolProcess.packageRoot }

    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/\(name)")
    }

    static func run(_ arguments: [String]) throws -> ToolProcess.Outcome {
        try ToolProcess.run(arguments, in: packageRoot)
    }

    static func temporaryDirectory() throws -> URL {
        try ToolProcess.temporaryDirectory(prefix: "poisson-hybrid-regression")
    }
}
