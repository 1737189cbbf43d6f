import Hybrid

/// The tidy tables of a case's result, with the columns of `OutputColumns` (DESIGN.md,
/// "Output"; columns only ever added at the end).
public enum ResultTables {
    /// `curves.csv`: every run's recorded rows (`OutputColumns.curves`, then the filter columns
    /// of the result's filter widths).
    public static func curves(_ result: HybridResult) -> CSVTable {
        table(OutputColumns.curves + OutputColumns.filterColumns(widths: result.filterWidths),
              rows: result.runs.flatMap(\.curves))
    }

    /// `modes.csv`: every run's spectral records (`OutputColumns.modes`).
    public static func modes(_ result: HybridResult) -> CSVTable {
        table(OutputColumns.modes, rows: result.runs.flatMap(\.modes))
    }

    /// `summary.csv`: one row per run (`OutputColumns.summary`).
    public static func summary(_ result: HybridResult) -> CSVTable {
        table(OutputColumns.summary, rows: result.runs)
    }

    /// `solution.csv`: the grid, the exact, discrete and network solutions, then each run's
    /// last iterate (runs without one are left out).
    public static func solution(_ result: HybridResult) -> CSVTable {
        let runs = result.runs.filter { !$0.finalIterate.isEmpty }
        var table = CSVTable(header: OutputColumns.solution.map(\.name) + runs.map(\.kind.name))
        for j in 0..<result.grid.pointCount {
            let point = OutputColumns.SolutionPoint(result: result, index: j)
            table.append(OutputColumns.solution.map { $0.cell(point) } + runs.map { .number($0.finalIterate[j]) })
        }
        return table
    }

    private static func table<Row>(_ columns: [OutputColumn<Row>], rows: [Row]) -> CSVTable {
        var table = CSVTable(header: columns.map(\.name))
        for row in rows { table.append(columns.map { $0.cell(row) }) }
        return table
    }
}
