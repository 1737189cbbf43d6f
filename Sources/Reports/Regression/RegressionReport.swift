import Foundation

/// One cell out of band: where (run, step, basis/mode), the golden and the run's text, and how
/// far apart they are.
public struct CellDrift: Sendable, Equatable {
    /// The row (its `run` is the run).
    public var key: RowKey
    /// The golden cell's text (`""` for an empty cell).
    public var expected: String
    /// The run's cell text.
    public var got: String
    /// The distances (`logDistance`, `scaledDifference`).
    public var comparison: CellComparison

    /// A drift from its parts (see the properties).
    public init(key: RowKey, expected: String, got: String, comparison: CellComparison) {
        self.key = key; self.expected = expected; self.got = got; self.comparison = comparison
    }

    /// `got / expected` when both are non-zero numbers, else `nil`.
    public var ratio: Double? {
        guard let g = Double(got), let e = Double(expected), e != 0, g.isFinite, e.isFinite else { return nil }
        return g / e
    }

    /// Ordered by log distance, then by scaled difference.
    func isWorse(than other: CellDrift) -> Bool {
        if comparison.logDistance != other.comparison.logDistance {
            return comparison.logDistance > other.comparison.logDistance
        }
        return comparison.scaledDifference > other.comparison.scaledDifference
    }

    /// `expected 0.25, got 0.2525 (|Δlog10| 0.0043, relative difference +0.01)`.
    var text: String {
        var out = "expected \(Self.cell(expected)), got \(Self.cell(got))"
        if comparison.logDistance.isFinite {
            out += " (|Δlog10| \(short(comparison.logDistance))"
            if let ratio { out += ", relative difference \(ratio >= 1 ? "+" : "")\(short(ratio - 1))" }
            out += ")"
        } else if Double(got) != nil, Double(expected) != nil {
            out += " (zero against non-zero or a sign change: not comparable in log space)"
        }
        return out
    }

    private static func cell(_ text: String) -> String { text.isEmpty ? "(empty)" : text }
}

/// The drift of one column in one run: the first row out of band (in the golden's row order,
/// i.e. the first diverging step), the worst one, and how many rows are out of band.
public struct ColumnDrift: Sendable, Equatable {
    /// The run (`dnn`, `solver`, `hybrid@n`).
    public var run: String
    /// The column's name.
    public var column: String
    /// The band the column was compared with.
    public var band: ToleranceBand
    /// The column's scale in this run (largest `|expected|`), for the band's floor.
    public var scale: Double
    /// The first row out of band.
    public var first: CellDrift
    /// The row furthest out of band (largest `|Δlog10|`).
    public var worst: CellDrift
    /// Rows out of band.
    public var driftingRows: Int
    /// Rows of this run present on both sides.
    public var comparedRows: Int

    /// A drift from its parts (see the properties).
    public init(run: String, column: String, band: ToleranceBand, scale: Double, first: CellDrift, worst: CellDrift,
                driftingRows: Int, comparedRows: Int) {
        self.run = run; self.column = column; self.band = band; self.scale = scale; self.first = first
        self.worst = worst; self.driftingRows = driftingRows; self.comparedRows = comparedRows
    }

    /// The report's lines for this drift (four lines, each starting with `indent`).
    public func text(indent: String = "") -> String {
        var out = indent + "run \(first.key.run), column \(column): first drift at \(first.key)\n"
        out += indent + "    \(first.text)\n"
        out += indent + "    \(driftingRows) of \(comparedRows) rows out of band"
        out += worst.key != first.key ? "; worst at \(worst.key): \(worst.text)\n" : "\n"
        out += indent + "    band: \(band); scale \(short(scale))\n"
        return out
    }
}

/// Rows of one run present on one side only: golden rows the run lacks (e.g. the run stopped
/// earlier, or recorded other steps) and rows the golden lacks.
public struct RowSetDrift: Sendable, Equatable {
    /// The run.
    public var run: String
    /// Golden rows with no counterpart in the run, in golden order.
    public var missing: [RowKey]
    /// Run rows with no counterpart in the golden, in the run's order.
    public var extra: [RowKey]

    /// A drift from its parts (see the properties).
    public init(run: String, missing: [RowKey], extra: [RowKey]) {
        self.run = run; self.missing = missing; self.extra = extra
    }

    /// The report's line for this drift.
    public var text: String {
        var parts: [String] = []
        if let first = missing.first {
            parts.append("\(missing.count) golden row\(missing.count == 1 ? "" : "s") missing from the run (first at \(first))")
        }
        if let first = extra.first {
            parts.append("\(extra.count) row\(extra.count == 1 ? "" : "s") not in the golden (first at \(first))")
        }
        return "run \(run): " + parts.joined(separator: "; ")
    }
}

/// The comparison of one table (`curves.csv` or `modes.csv`).
public struct TableReport: Sendable, Equatable {
    /// Which table.
    public var kind: RegressionTableKind
    /// Where the run's table came from (a path or label).
    public var runSource: String
    /// Where the golden table came from.
    public var goldenSource: String
    /// The columns compared, in golden order.
    public var columns: [String]
    /// Rows present on both sides (compared).
    public var comparedRows: Int
    /// Rows of the golden.
    public var goldenRows: Int
    /// Columns out of band, per run (runs in golden order, columns in `columns` order).
    public var columnDrifts: [ColumnDrift]
    /// Runs whose set of rows differs.
    public var rowSetDrifts: [RowSetDrift]
    /// Columns of the run that the golden does not have: new in the output contract, reported
    /// and not compared (they never make a drift).
    public var newColumns: [String]

    /// A report from its parts (see the properties).
    public init(kind: RegressionTableKind, runSource: String, goldenSource: String, columns: [String],
                comparedRows: Int, goldenRows: Int, columnDrifts: [ColumnDrift], rowSetDrifts: [RowSetDrift],
                newColumns: [String] = []) {
        self.kind = kind; self.runSource = runSource; self.goldenSource = goldenSource; self.columns = columns
        self.comparedRows = comparedRows; self.goldenRows = goldenRows; self.columnDrifts = columnDrifts
        self.rowSetDrifts = rowSetDrifts; self.newColumns = newColumns
    }

    /// True when nothing drifted.
    public var isWithinBand: Bool { columnDrifts.isEmpty && rowSetDrifts.isEmpty }

    /// A readable report: one line for the table, then one line per drift.
    public var text: String {
        let compared = columns.isEmpty ? "no columns" : columns.joined(separator: ", ")
        let new = newColumns.isEmpty ? ""
            : "  new, not compared (the golden has no such column): \(newColumns.joined(separator: ", "))\n"
        if isWithinBand {
            return "\(kind.fileName): within the band (\(comparedRows) rows; \(compared))\n" + new
        }
        var out = "\(kind.fileName): DRIFT — \(columnDrifts.count) run/column pair\(columnDrifts.count == 1 ? "" : "s") out of band"
        if !rowSetDrifts.isEmpty { out += ", \(rowSetDrifts.count) run\(rowSetDrifts.count == 1 ? "" : "s") with different rows" }
        out += " (\(comparedRows) of \(goldenRows) golden rows compared; \(compared))\n"
        for drift in rowSetDrifts { out += "  " + drift.text + "\n" }
        for drift in columnDrifts { out += drift.text(indent: "  ") }
        return out + new
    }
}

/// The comparison of a result folder with a golden folder: one `TableReport` per table.
public struct RegressionReport: Sendable, Equatable {
    /// The folder checked (`RUN_DIR`).
    public var runFolder: String
    /// The golden folder (`GOLDEN_DIR`).
    public var goldenFolder: String
    /// `curves.csv` then `modes.csv`.
    public var tables: [TableReport]

    /// A report from its parts (see the properties).
    public init(runFolder: String, goldenFolder: String, tables: [TableReport]) {
        self.runFolder = runFolder; self.goldenFolder = goldenFolder; self.tables = tables
    }

    /// True when every table is within its bands.
    public var isWithinBand: Bool { tables.allSatisfy(\.isWithinBand) }

    /// All column drifts of every table.
    public var columnDrifts: [ColumnDrift] { tables.flatMap(\.columnDrifts) }

    /// The readable report: what was compared with what, each table's verdict and drifts, and a
    /// last line `within tolerance` or `DRIFT`.
    public var text: String {
        var out = "comparing \(runFolder) against the golden \(goldenFolder)\n"
        for table in tables { out += table.text }
        out += isWithinBand ? "within tolerance\n" : "DRIFT: the run differs from the golden beyond the band\n"
        return out
    }
}
