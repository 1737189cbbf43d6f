import ArgumentParser
import Foundation

/// `poisson-hybrid`: classical solvers and a Deep Ritz network on the same 1-d Poisson problem.
@main
struct PoissonHybridCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poisson-hybrid",
        abstract: "Jacobi, multigrid and a Deep Ritz network on the 1-d Poisson problem, observed mode by mode.",
        discussion: """
            Cases are YAML files in Cases/ (see Cases/README.md). Results go to Output/<case name>/:
            manifest.json, curves.csv, modes.csv, summary.csv, solution.csv, figures/*.svg, report.html.
            Parameter sweeps are YAML files in Sweeps/ (`poisson-hybrid sweeps`, `poisson-hybrid sweep --help`).
            Exit status: 0 success, 1 regression drift (compare) or failed sweep points, 2 bad input (also an
            output folder another process is writing), 3 a run diverged, 4 writing results failed (the path is named),
            130/143 interrupted by SIGINT/SIGTERM.
            """,
        version: PackageInfo.version,
        subcommands: [RunCommand.self, CasesCommand.self, ValidateCommand.self, CompareCommand.self, SweepsCommand.self,
                      SweepCommand.self],
        defaultSubcommand: nil
    )

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            // A mistyped command line is bad input like a bad case file: exit status 2 (the
            // documented contract), not argument-parser's EX_USAGE (64). Help and version
            // requests keep their own status.
            if exitCode(for: error).rawValue == ExitCode.validationFailure.rawValue {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}

/// Facts about this build of the package.
enum PackageInfo {
    static let version = "0.1.0"
}
