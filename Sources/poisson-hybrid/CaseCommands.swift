import ArgumentParser
import CaseFiles
import Hybrid
import Foundation

/// Where cases are looked up: `$POISSON_HYBRID_CASES` if set, else `Cases/` in the current folder.
func casesDirectory() -> String {
    ProcessInfo.processInfo.environment["POISSON_HYBRID_CASES"] ?? "Cases"
}

/// Prints `error: message` to standard error and fails with exit status 2 (bad input).
func failInput(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    return ExitCode(2)
}

/// `poisson-hybrid cases`: the cases in Cases/ with their descriptions.
struct CasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cases", abstract: "List the cases in Cases/ with their descriptions.")

    func run() throws {
        let cases: [(name: String, description: String, path: String)]
        do {
            cases = try CaseLoader.listCases(in: casesDirectory())
        } catch {
            throw failInput("\(error)")
        }
        let width = cases.map(\.name.count).max() ?? 0
        for c in cases {
            let padded = c.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let firstLine = c.description.split(separator: "\n").first.map(String.init) ?? ""
            print("\(padded)  \(firstLine)")
        }
    }
}

/// `poisson-hybrid validate CASE`: check a case file and print the resolved case; run nothing.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check a case file and print the resolved case; runs nothing.")

    @Argument(help: "A case file path, or a name in Cases/ (with or without .yaml).")
    var caseName: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a key: --set training.steps=200", valueName: "KEY=VALUE"))
    var overrides: [String] = []

    func run() throws {
        do {
            let path = try CaseLoader.resolveCasePath(caseName, casesDirectory: casesDirectory())
            let definition = try CaseLoader.load(file: path, overrides: overrides)
            _ = try HybridSetup(case: definition, file: path)
            print(definition.resolvedYAML, terminator: definition.resolvedYAML.hasSuffix("\n") ? "" : "\n")
        } catch let error as ExitCode {
            throw error
        } catch {
            throw failInput("\(error)")
        }
    }
}
