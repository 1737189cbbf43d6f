import ArgumentParser
import CaseBinding
import CaseFiles
import Hybrid
import Foundation
import PoissonCore

/// Where cases are looked up: `$POISSON_HYBRID_CASES` if set, else `Cases/` in the current folder.
func casesDirectory() -> String {
    ProcessInfo.processInfo.environment["POISSON_HYBRID_CASES"] ?? "Cases"
}

/// Prints `error: message` to standard error and fails with exit status 2 (bad input).
func failInput(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    return ExitCode(2)
}

/// The one-line message for an error found while loading a case or building its objects.
/// Case errors describe themselves (file, key path, line); what the library finds later is
/// prefixed with the file, and a network already non-finite before its first step (the
/// trainer's `DivergenceError` at step 0) is blamed on its initialisation, the usual cause
/// (huge boundary values or sources can do it too, and the message says so).
func inputErrorMessage(_ error: any Error, file: String?) -> String {
    if let error = error as? CaseError { return error.description }
    let prefix = file.map { "\($0): " } ?? ""
    if let divergence = error as? DivergenceError, divergence.step == 0 {
        return prefix + "network.init: the initial network's \(divergence.quantity) is not finite on the training "
            + "points (it overflows a double); lower network.init.weight_std or bias_std, or check the size of "
            + "problem.source and problem.boundary"
    }
    return (prefix + "\(error)").replacingOccurrences(of: "\n", with: "\\n")
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
        var resolved: String?
        do {
            let path = try CaseLoader.resolveCasePath(caseName, casesDirectory: casesDirectory())
            resolved = path
            let definition = try CaseLoader.load(file: path, overrides: overrides)
            _ = try HybridSetup(case: definition, file: path)
            print(definition.resolvedYAML, terminator: definition.resolvedYAML.hasSuffix("\n") ? "" : "\n")
        } catch let error as ExitCode {
            throw error
        } catch {
            throw failInput(inputErrorMessage(error, file: resolved))
        }
    }
}
