import Hybrid
import Spectral

/// One column of an output table, declared once: its header name, its unit, what it means, and
/// how a row gives its cell. The CSV writers (`ResultTables`), the column tables of
/// `Output/README.md` and the tests' expected headers all follow from these declarations.
public struct OutputColumn<Row>: Sendable {
    /// The header name (snake case).
    public let name: String
    /// The unit, or `""` for names, counts and dimensionless ratios.
    public let unit: String
    /// What the column holds.
    public let meaning: String
    /// The cell of one row.
    let cell: @Sendable (Row) -> CSVTable.Cell

    init(_ name: String, _ unit: String, _ meaning: String, _ cell: @escaping @Sendable (Row) -> CSVTable.Cell) {
        self.name = name; self.unit = unit; self.meaning = meaning; self.cell = cell
    }
}

/// The columns of every output table, in file order (DESIGN.md, "Output"). The contract grows
/// only by appending: a new column goes at the end of its list (and `compare` reports it as new
/// against older goldens).
public enum OutputColumns {
    /// `curves.csv`: one row per recorded step of every run.
    public static let curves: [OutputColumn<CurveRow>] = [
        .init("run", "", "the run: `dnn`, `solver` or `hybrid@<n>`") { .text($0.run) },
        .init("phase", "", "`dnn` (training) or `solver`") { .text($0.phase.rawValue) },
        .init("step", "steps", "steps of the run so far: `dnn_steps + sweeps`") { .integer($0.step) },
        .init("dnn_steps", "steps", "training steps so far") { .integer($0.dnnSteps) },
        .init("sweeps", "steps", "solver steps so far (sweeps, or cycles for multigrid)") { .integer($0.sweeps) },
        .init("flops", "flop", "exact floating-point operation count of all work so far") { .integer($0.flops) },
        .init("seconds", "s", "wall time of that work, tracking excluded") { .number($0.seconds) },
        .init("loss", "", "the training loss (empty in the solver phase)") { .number($0.loss) },
        .init("max_error", "", "max over the grid of |u − reference|") { .number($0.metrics.maxError) },
        .init("l2_error", "", "sqrt(h Σ (u − reference)²)") { .number($0.metrics.l2Error) },
        .init("residual_max", "", "max over interior points of |g − A u|") { .number($0.metrics.residualMax) },
    ]

    /// The filter columns that follow `curves` when the case asks for Gaussian filters
    /// (`tracking.filter.delta`): `e_low_<δ>` and `e_high_<δ>` for each width, in order.
    public static func filterColumns(widths: [Double]) -> [OutputColumn<CurveRow>] {
        widths.indices.flatMap { i -> [OutputColumn<CurveRow>] in
            let delta = widths[i]
            return [
                .init("e_low_\(delta)", "", filterLowMeaning) { row in
                    .number(i < row.metrics.filtered.count ? row.metrics.filtered[i].low : nil)
                },
                .init("e_high_\(delta)", "", filterHighMeaning) { row in
                    .number(i < row.metrics.filtered.count ? row.metrics.filtered[i].high : nil)
                },
            ]
        }
    }

    static let filterLowMeaning = "‖y_low − u_low‖/‖y_low‖: the low-frequency part's relative error, Gaussian filter of width δ (Xu et al., Sec. 4)"
    static let filterHighMeaning = "‖y_high − u_high‖/‖y_high‖: the high-frequency rest's relative error"

    /// `modes.csv`: one row per recorded step, basis and mode of every run.
    public static let modes: [OutputColumn<ModeRow>] = [
        .init("run", "", "the run") { .text($0.run) },
        .init("step", "steps", "the run's step (as in curves.csv)") { .integer($0.record.step) },
        .init("basis", "", "`sine` (eigenmodes of the discrete operator) or `dft` (DFT peaks of the reference)") {
            .text($0.record.basis.rawValue)
        },
        .init("mode", "", "the sine mode k or the DFT index") { .integer($0.record.mode) },
        .init("abs_error", "", "|a_k(e)| (sine) or |F[e]_k| (dft) of the error e = u − reference") {
            .number($0.record.absoluteError)
        },
        .init("rel_error", "", "Δ_F for dft rows, |a_k(e)|/|a_k(reference)| for sine rows (empty where that is round-off)") {
            .number($0.record.relativeError)
        },
    ]

    /// `summary.csv`: one row per run.
    public static let summary: [OutputColumn<RunHistory>] = [
        .init("run", "", "the run") { .text($0.kind.name) },
        .init("switch_at", "steps", "training steps before the hand-over (0 for `solver`, empty for `dnn`)") {
            $0.kind.switchAt.map { .integer($0) } ?? .empty
        },
        .init("steps_to_tol", "steps", "first step with max_error ≤ tolerance (empty if never)") {
            $0.toleranceHit.map { .integer($0.step) } ?? .empty
        },
        .init("flops_to_tol", "flop", "exact flops at that step") { $0.toleranceHit.map { .integer($0.flops) } ?? .empty },
        .init("seconds_to_tol", "s", "wall seconds at that step") { .number($0.toleranceHit?.seconds) },
        .init("final_max_error", "", "max_error of the last recorded row") {
            .number($0.curves.isEmpty ? nil : $0.finalMaxError)
        },
        .init("status", "", "`complete`, `diverged` or `interrupted`") { .text($0.status.word) },
        .init("diverged_at", "steps", "the step that produced a non-finite value (empty unless diverged)") {
            if case .diverged(let step, _) = $0.status { return .integer(step) }
            return .empty
        },
        .init("extrapolated_steps_to_tol", "steps",
              "for a run stopped by max_sweeps: the step the measured asymptotic rate predicts for the tolerance") {
            $0.extrapolation.map { .integer($0.estimate.step) } ?? .empty
        },
        .init("extrapolated_flops_to_tol", "flop", "the flops at that predicted step") {
            $0.extrapolation.map { .integer($0.estimate.flops) } ?? .empty
        },
        .init("extrapolated_seconds_to_tol", "s", "the seconds at that predicted step") {
            .number($0.extrapolation?.estimate.seconds)
        },
        .init("decision", "", "hybrid@auto: why it handed over (`no-gain`, `no-training`, `budget`), on which clock, and from which state (`zero`, or `state@<step>` when not the hand-over step's), e.g. `no-gain/flops/state@2000`") {
            $0.decision.map { d in
                let state = d.source.stateStep(handOverAt: d.step)
                let from = state == nil ? "/zero" : (state == d.step ? "" : "/state@\(state!)")
                return .text("\(d.reason.rawValue)/\(d.clock.rawValue)\(from)")
            } ?? .empty
        },
        .init("predicted_solver_steps", "steps", "hybrid@auto: the solver steps to tolerance it predicted at the hand-over, from the residual alone") {
            .number($0.decision?.predictedSolverSteps)
        },
        .init("predicted_solver_cost", "flop or s", "hybrid@auto: those steps priced on its clock") {
            .number($0.decision?.predictedSolverCost)
        },
        .init("actual_solver_steps", "steps", "hybrid@auto: the solver steps it then took to tolerance") {
            $0.decision?.actualSolverSteps.map { .integer($0) } ?? .empty
        },
        .init("actual_solver_cost", "flop or s", "hybrid@auto: their measured cost on its clock") {
            .number($0.decision?.actualSolverCost)
        },
        .init("decision_cost_flops", "flop", "hybrid@auto: the work of all its decisions (evaluations, residuals, DSTs), included in its clocks") {
            $0.decision.map { .integer($0.decisionCost.flops) } ?? .empty
        },
        .init("corrections", "", "interleaved: the number of neural corrections added") {
            $0.kind == .interleaved ? .integer($0.corrections.count) : .empty
        },
    ]

    /// One grid point of a result, the row type of `solution.csv`.
    public struct SolutionPoint: Sendable {
        public let result: HybridResult
        public let index: Int
    }

    /// `solution.csv`'s leading columns; one column per run with a final iterate follows,
    /// named by the run (`solutionRunColumn`).
    public static let solution: [OutputColumn<SolutionPoint>] = [
        .init("x", "", "the grid point (boundary points included)") { .number($0.result.grid.coordinate($0.index)) },
        .init("exact", "", "the exact solution (empty without problem.exact)") {
            .number($0.result.exactSolution?[$0.index])
        },
        .init("discrete", "", "the discrete solution A⁻¹f") { .number($0.result.discreteSolution[$0.index]) },
        .init("dnn", "", "the network's final values (empty without a network)") {
            .number($0.result.networkFinal?[$0.index])
        },
    ]

    /// The description of `solution.csv`'s per-run columns.
    public static let solutionRunColumn = (name: "<run>", unit: "", meaning: "each run's last iterate, one column per run")

    /// The column tables of every output file as Markdown (the `Output/README.md` section).
    public static var markdown: String {
        func escaped(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        func table<Row>(_ file: String, _ columns: [OutputColumn<Row>], extra: [(String, String, String)] = []) -> String {
            var text = "### `\(file)`\n\n| column | unit | meaning |\n|---|---|---|\n"
            for column in columns { text += "| `\(column.name)` | \(column.unit) | \(escaped(column.meaning)) |\n" }
            for (name, unit, meaning) in extra { text += "| `\(name)` | \(unit) | \(escaped(meaning)) |\n" }
            return text
        }
        let filters = [("e_low_<δ>", "", filterLowMeaning), ("e_high_<δ>", "", filterHighMeaning)]
        return [table("curves.csv", curves, extra: filters), table("modes.csv", modes), table("summary.csv", summary),
                table("solution.csv", solution, extra: [solutionRunColumn])].joined(separator: "\n")
    }
}
