import PoissonCore
import Hybrid

/// The tidy tables of a case's result, exactly as DESIGN.md's "Output" section specifies:
/// `curves.csv`, `modes.csv`, `summary.csv`, `solution.csv` (columns only ever added at the end).
public enum ResultTables {
    /// `run,phase,step,dnn_steps,sweeps,flops,seconds,loss,max_error,l2_error,residual_max`.
    public static func curves(_ result: HybridResult) -> CSVTable {
        var table = CSVTable(header: ["run", "phase", "step", "dnn_steps", "sweeps", "flops", "seconds", "loss",
                                      "max_error", "l2_error", "residual_max"])
        for run in result.runs {
            for r in run.curves {
                table.append([.text(r.run), .text(r.phase.rawValue), .integer(r.step), .integer(r.dnnSteps),
                              .integer(r.sweeps), .integer(r.flops), .number(r.seconds), .number(r.loss),
                              .number(r.maxError), .number(r.l2Error), .number(r.residualMax)])
            }
        }
        return table
    }

    /// `run,step,basis,mode,abs_error,rel_error` (`basis` is `sine` or `dft`; `rel_error` is
    /// `Δ_F` for `dft` rows and `|a_k(e)|/|a_k(reference)|` for `sine` rows, empty where the
    /// reference coefficient is round-off).
    public static func modes(_ result: HybridResult) -> CSVTable {
        var table = CSVTable(header: ["run", "step", "basis", "mode", "abs_error", "rel_error"])
        for run in result.runs {
            for m in run.modes {
                table.append([.text(m.run), .integer(m.record.step), .text(m.record.basis.rawValue),
                              .integer(m.record.mode), .number(m.record.absoluteError), .number(m.record.relativeError)])
            }
        }
        return table
    }

    /// One row per run: `run,switch_at,steps_to_tol,flops_to_tol,seconds_to_tol,final_max_error`,
    /// then (added columns) `status,diverged_at,extrapolated_steps_to_tol,
    /// extrapolated_flops_to_tol,extrapolated_seconds_to_tol`. The `*_to_tol` cells are empty
    /// when the run never met the tolerance; the extrapolated ones are filled only then, from
    /// the measured asymptotic rate (`Extrapolation`).
    public static func summary(_ result: HybridResult) -> CSVTable {
        var table = CSVTable(header: ["run", "switch_at", "steps_to_tol", "flops_to_tol", "seconds_to_tol",
                                      "final_max_error", "status", "diverged_at", "extrapolated_steps_to_tol",
                                      "extrapolated_flops_to_tol", "extrapolated_seconds_to_tol"])
        for run in result.runs {
            let hit = run.toleranceHit, ex = run.extrapolation?.estimate
            var divergedAt: CSVTable.Cell = .empty
            if case .diverged(let step, _) = run.status { divergedAt = .integer(step) }
            table.append([
                .text(run.kind.name), run.kind.switchAt.map { .integer($0) } ?? .empty,
                hit.map { .integer($0.step) } ?? .empty, hit.map { .integer($0.flops) } ?? .empty,
                .number(hit?.seconds), .number(run.curves.isEmpty ? nil : run.finalMaxError),
                .text(run.status.word), divergedAt,
                ex.map { .integer($0.step) } ?? .empty, ex.map { .integer($0.flops) } ?? .empty, .number(ex?.seconds),
            ])
        }
        return table
    }

    /// `x,exact,discrete,dnn,<run finals…>`: the solution on the solver grid — the exact solution
    /// (empty without a closed form), the discrete solution, the network's final values (empty
    /// without a network), and each run's last iterate.
    public static func solution(grid: UniformGrid, exact: [Double]?, discrete: [Double],
                                result: HybridResult) -> CSVTable {
        let runs = result.runs.filter { !$0.finalIterate.isEmpty }
        var table = CSVTable(header: ["x", "exact", "discrete", "dnn"] + runs.map { $0.kind.name })
        for j in 0..<grid.pointCount {
            var row: [CSVTable.Cell] = [.number(grid.coordinate(j)), .number(exact?[j]), .number(discrete[j]),
                                        .number(result.networkFinal?[j])]
            row += runs.map { .number($0.finalIterate[j]) }
            table.append(row)
        }
        return table
    }
}
