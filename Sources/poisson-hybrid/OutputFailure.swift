import ArgumentParser
import Foundation
import Reports

/// The exit statuses every command shares (README, "Exit status").
enum ExitStatus {
    /// Bad input: a case, sweep or command line that cannot be run, or an output folder that is
    /// not a result folder or is being written by another process. Nothing was written.
    static let badInput: Int32 = 2
    /// Reading or writing results failed (a full disk, permissions); the message names the path.
    static let outputFailure: Int32 = 4
}

/// Prints `error: <doing>: <path>: <reason>` and returns the exit status for a failure of the
/// output folder: 4 for I/O (the path named), 2 for a refused folder (not a result folder, or
/// one that another process is writing), 1 for anything else (a figure that cannot be drawn).
func failOutput(_ error: any Error, doing: String? = nil) -> ExitCode {
    let prefix = doing.map { "\($0): " } ?? ""
    let status: Int32
    if let error = error as? OutputFolderError {
        status = error.kind == .io ? ExitStatus.outputFailure : ExitStatus.badInput
    } else {
        status = 1
    }
    FileHandle.standardError.write(Data("error: \(prefix)\(error)\n".utf8))
    return ExitCode(status)
}
