import Foundation
import Testing

@Suite(.serialized) struct RunCommandTests {
    /// One run of the small case, shared by the checks below.
    static let outcome: Result<(CLI.Outcome, URL), any Error> = Result {
        let directory = try CLI.temporaryDirectory()
        let output = directory.appendingPathComponent("out")
        let outcome = try CLI.run(["run", CLI.fixture("small.yaml").path, "--output", output.path, "--quiet"])
        return (outcome, output)
    }

    @Test func writesEveryFileOfTheContract() throws {
        let (outcome, output) = try Self.outcome.get()
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        for file in ["manifest.json", "curves.csv", "modes.csv", "summary.csv", "solution.csv"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(file).path), "\(file) missing")
        }
        let curves = try CSVFile(contentsOf: output.appendingPathComponent("curves.csv"))
        #expect(curves.header == ["run", "phase", "step", "dnn_steps", "sweeps", "flops", "seconds", "loss",
                                  "max_error", "l2_error", "residual_max"])
        let modes = try CSVFile(contentsOf: output.appendingPathComponent("modes.csv"))
        #expect(modes.header == ["run", "step", "basis", "mode", "abs_error", "rel_error"])
        let summary = try CSVFile(contentsOf: output.appendingPathComponent("summary.csv"))
        #expect(Array(summary.header.prefix(6)) == ["run", "switch_at", "steps_to_tol", "flops_to_tol", "seconds_to_tol", "final_max_error"])
        #expect(summary.rows.map { $0[0] } == ["dnn", "solver", "hybrid@40", "hybrid@100"])
        let solution = try CSVFile(contentsOf: output.appendingPathComponent("solution.csv"))
        #expect(Array(solution.header.prefix(4)) == ["x", "exact", "discrete", "dnn"])
        #expect(solution.rows.count == 65)
        for file in ["curves.csv", "modes.csv", "summary.csv", "solution.csv"] {
            let text = try String(contentsOf: output.appendingPathComponent(file), encoding: .utf8)
            #expect(!text.lowercased().contains("nan"), "\(file) contains nan")
            #expect(!text.contains("inf"), "\(file) contains inf")
        }
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("manifest.json"))) as? [String: Any]
        #expect(manifest?["status"] as? String == "complete")
        #expect((manifest?["runs"] as? [Any])?.count == 4)
    }

    /// DESIGN.md's row semantics: step = dnn_steps + sweeps; every run starts at step 0; a
    /// hybrid@n run repeats the dnn run's rows before n (same values, same clocks).
    @Test func rowSemantics() throws {
        let (_, output) = try Self.outcome.get()
        let curves = try CSVFile(contentsOf: output.appendingPathComponent("curves.csv")).records
        for row in curves {
            #expect(Int(row["step"]!)! == Int(row["dnn_steps"]!)! + Int(row["sweeps"]!)!)
        }
        for run in ["dnn", "solver", "hybrid@40", "hybrid@100"] {
            #expect(curves.first { $0["run"] == run }?["step"] == "0", "\(run) has no step-0 row")
        }
        let dnn = curves.filter { $0["run"] == "dnn" }
        let hybrid = curves.filter { $0["run"] == "hybrid@40" }
        let shared = dnn.filter { Int($0["step"]!)! < 40 }
        #expect(!shared.isEmpty)
        for (a, b) in zip(shared, hybrid) {
            var a = a, b = b
            a["run"] = nil; b["run"] = nil
            #expect(a == b)
        }
        let handOver = hybrid[shared.count]
        #expect(handOver["phase"] == "solver" && handOver["step"] == "40" && handOver["sweeps"] == "0")
        #expect(handOver["loss"] == "")
        // Clocks never run backwards within a run.
        for run in ["dnn", "solver", "hybrid@40", "hybrid@100"] {
            let flops = curves.filter { $0["run"] == run }.map { Int($0["flops"]!)! }
            #expect(flops == flops.sorted(), "\(run) flops not monotone")
        }
    }

    /// Issue 5, acceptance 3: in the plain-Jacobi solver run, each recorded sine-mode error is
    /// its step-0 value times |cos(kπ/(N+1))|^m, as the iteration matrix's eigenvalues dictate.
    /// Tolerance: 1e-8 relative, plus the sweeps' own round-off — each sweep rounds every entry
    /// (~ε·max|u| ≈ 1e-16 here), which adds ~ε·√(2/N) to every mode per sweep and accumulates
    /// like √m in the slow modes: ≤ ~1e-15 of the largest coefficient after 3000 sweeps, so
    /// 2e-15 is allowed on top (measured: up to 4.6e-17).
    @Test func jacobiModesFollowTheEigenvalues() throws {
        let (_, output) = try Self.outcome.get()
        let modes = try CSVFile(contentsOf: output.appendingPathComponent("modes.csv")).records
            .filter { $0["run"] == "solver" && $0["basis"] == "sine" }
        let n = 63.0
        var initial: [Int: Double] = [:]
        for row in modes where row["step"] == "0" { initial[Int(row["mode"]!)!] = Double(row["abs_error"]!)! }
        let largest = initial.values.max() ?? 0
        #expect(initial.count == 9)
        var checked = 0
        for row in modes {
            let k = Int(row["mode"]!)!, m = Double(row["step"]!)!
            let predicted = initial[k]! * pow(abs(cos(Double(k) * .pi / (n + 1))), m)
            guard predicted > 1e-9 * largest else { continue }
            let got = Double(row["abs_error"]!)!
            #expect(abs(got - predicted) <= 1e-8 * predicted + 2e-15 * largest,
                    "mode \(k) step \(Int(m)): \(got) vs \(predicted)")
            checked += 1
        }
        #expect(checked > 50)
    }
}

@Suite struct ValidateCommandTests {
    static let valid = try! String(contentsOf: CLI.fixture("small.yaml"), encoding: .utf8)

    /// Each broken variant must exit 2 naming the file and the key path, and write nothing.
    @Test(arguments: [
        ("steps: 120", "stepz: 120", "training.stepz"),
        ("points: 65", "points: 2", "grid.points"),
        ("learning_rate: 1.0e-2", "learning_rate: -1", "training.optimizer.learning_rate"),
        ("method: jacobi", "method: jacobbi", "solver.method"),
        ("source: \"sin(x) + 4*sin(4*x) - 8*sin(8*x)\"", "source: \"sin(x) + 4*sinn(4*x)\"", "problem.source"),
        ("reference: discrete", "reference: exact", "tracking.reference"),
        ("switch_at: [0, 40, 100]", "switch_at: [0, 40, 1000]", "hybrid.switch_at"),
        ("omega: 1.0", "omega: .nan", "solver.omega"),
    ])
    func rejectsBrokenCases(original: String, broken: String, keyPath: String) throws {
        #expect(Self.valid.contains(original))
        let directory = try CLI.temporaryDirectory()
        let file = directory.appendingPathComponent("broken.yaml")
        try Self.valid.replacingOccurrences(of: original, with: broken).write(to: file, atomically: true, encoding: .utf8)
        let validate = try CLI.run(["validate", file.path])
        #expect(validate.status == 2, "\(validate.stderr)")
        #expect(validate.stderr.contains("broken.yaml") && validate.stderr.contains(keyPath), "\(validate.stderr)")
        let output = directory.appendingPathComponent("out")
        let run = try CLI.run(["run", file.path, "--output", output.path, "--quiet"])
        #expect(run.status == 2)
        #expect(!FileManager.default.fileExists(atPath: output.path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0 != "broken.yaml" }
        #expect(leftovers.isEmpty, "left behind: \(leftovers)")
    }

    @Test func validatePrintsTheResolvedCase() throws {
        let outcome = try CLI.run(["validate", CLI.fixture("small.yaml").path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("name: \"small\"") || outcome.stdout.contains("name: small"))
        #expect(outcome.stdout.contains("switch_at"))
    }
}
