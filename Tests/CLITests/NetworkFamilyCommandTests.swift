import Foundation
import Testing

/// Issue 14: every new network — the multiscale and Fourier-feature stages under the Ritz loss,
/// and the plain MLP under the PINN loss — hands over to Jacobi and to multigrid in a hybrid,
/// end to end through the CLI on the small case (a few seconds each in a debug build).
@Suite struct NetworkFamilyCommandTests {
    static let networks: [(String, [String])] = [
        ("mscale", ["network.architecture=mscale", "network.scales=[1,2,4]"]),
        ("fourier", ["network.architecture=fourier", "network.features={count: 4, scale: 0.5, seed: 2}",
                     "network.init={weight_std: 0.5, bias_std: 0.5}"]),
        ("pinn", ["training.loss=pinn", "training.penalty=10", "network.init={weight_std: 0.5, bias_std: 0.5}"]),
    ]
    static let solvers = ["jacobi", "multigrid"]

    /// The run completes with every run of the contract; the network trains (its loss falls);
    /// the hybrid's solver phase starts exactly at the network's values after `n` steps (its
    /// first solver row repeats the dnn row at step `n`) and lowers the error from there; the
    /// resolved case records the stage's keys; multigrid reaches the tolerance.
    @Test(arguments: networks.map(\.0), solvers)
    func networkHandsOverToTheSolver(network: String, solver: String) throws {
        let overrides = Self.networks.first { $0.0 == network }!.1 + ["solver.method=\(solver)"]
        let output = try CLI.temporaryDirectory().appendingPathComponent("out")
        let outcome = try CLI.run(["run", CLI.fixture("small.yaml").path, "--output", output.path, "--quiet"]
                                  + overrides.flatMap { ["--set", $0] })
        #expect(outcome.status == 0, "\(network) \(solver): \(outcome.stderr)")
        guard outcome.status == 0 else { return }
        let summary = try CSVFile(contentsOf: output.appendingPathComponent("summary.csv")).records
        #expect(summary.map { $0["run"]! } == ["dnn", "solver", "hybrid@40", "hybrid@100"])
        let curves = try CSVFile(contentsOf: output.appendingPathComponent("curves.csv")).records
        let dnn = curves.filter { $0["run"] == "dnn" }
        #expect(Double(dnn.last!["loss"]!)! < Double(dnn.first!["loss"]!)!, "\(network): the loss did not fall")
        for n in [40, 100] {
            let hybrid = curves.filter { $0["run"] == "hybrid@\(n)" }
            let handOver = try #require(hybrid.first { $0["phase"] == "solver" })
            let atSwitch = try #require(dnn.first { $0["step"] == "\(n)" })
            #expect(handOver["step"] == "\(n)" && handOver["max_error"] == atSwitch["max_error"],
                    "\(network) \(solver) hybrid@\(n): hand-over row \(handOver) vs dnn row \(atSwitch)")
            #expect(Double(hybrid.last!["max_error"]!)! < Double(handOver["max_error"]!)!)
        }
        if solver == "multigrid" {
            #expect(summary.allSatisfy { $0["run"] == "dnn" || !($0["steps_to_tol"] ?? "").isEmpty },
                    "\(network): a multigrid run missed the tolerance: \(summary)")
        }
        let manifest = try String(contentsOf: output.appendingPathComponent("manifest.json"), encoding: .utf8)
        switch network {
        case "mscale": #expect(manifest.contains("architecture: mscale") && manifest.contains("scales: [1.0, 2.0, 4.0]"))
        case "fourier":
            #expect(manifest.contains("architecture: fourier") && manifest.contains("count: 4"))
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("manifest.json"))) as? [String: Any]
            let frequencies = try #require(json?["fourier_frequencies"] as? [Double])
            #expect(frequencies.count == 4 && frequencies.allSatisfy { $0.isFinite && $0 != 0 })
        default: #expect(manifest.contains("loss: pinn"))
        }
    }
}
