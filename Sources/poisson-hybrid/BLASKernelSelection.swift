import Foundation
import NeuralRitz

/// Debian 12's OpenBLAS does not recognise some recent CPUs and silently falls back to generic
/// kernels (about 4× slower DGEMM). The kernels are chosen when the library loads, so the only
/// fix from inside is to set `OPENBLAS_CORETYPE` and re-execute once. A user's own
/// `OPENBLAS_CORETYPE` is always respected.
enum BLASKernelSelection {
    static func reexecWithBetterKernelsIfNeeded() {
        let env = ProcessInfo.processInfo.environment
        guard env["OPENBLAS_CORETYPE"] == nil, env["POISSON_HYBRID_NO_REEXEC"] == nil,
              let core = BLASRuntime.preferredCoreType() else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        setenv("POISSON_HYBRID_NO_REEXEC", "1", 1)   // never loop
        let arguments = CommandLine.arguments
        var cArguments = arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", &cArguments)
        // execv returned: carry on with the kernels we have.
    }
}
