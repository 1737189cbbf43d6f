import Foundation

/// What to compare and how tightly: a default band, per-column bands, and optionally the
/// columns to compare.
public struct ComparisonOptions: Sendable, Equatable {
    /// The band of every column without an entry in `columnBands`.
    public var band: ToleranceBand
    /// Bands of particular columns (by name), overriding `band`.
    public var columnBands: [String: ToleranceBand]
    /// The columns to compare, or `nil` for every column except the key columns and
    /// `comparedOnlyOnRequest`. Key columns listed here are ignored (rows are always aligned by
    /// key); a listed column must exist on both sides of a table that has it on either side.
    public var columns: [String]?

    /// Columns compared only when `columns` names them: `seconds` is wall time, different on
    /// every run, and golden curves are stored without it.
    public static let comparedOnlyOnRequest: Set<String> = ["seconds"]

    /// Options; the defaults compare every column but `seconds` within `ToleranceBand.standard`.
    public init(band: ToleranceBand = .standard, columnBands: [String: ToleranceBand] = [:], columns: [String]? = nil) {
        self.band = band
        self.columnBands = columnBands
        self.columns = columns
    }

    /// The band that applies to `column`.
    public func band(for column: String) -> ToleranceBand { columnBands[column] ?? band }
}

/// Regression checks of convergence curves: a run's `curves.csv`/`modes.csv` against golden
/// ones, row by row (aligned by `RowKey`), column by column, within a `ToleranceBand`.
///
/// Unusable input — a missing file, different sets of runs, different columns — throws
/// `RegressionError`; everything else ends up in the report: cells out of band (per run and
/// column: the first drifting row, the worst one, how many), golden rows missing from the run
/// and rows the golden does not have (per run). Cost: O(rows × compared columns).
public enum RegressionComparison {
    /// Compares two tables of the same kind. `run` is the table under test, `golden` the
    /// expected one; each column's scale (for the band's floor) is the largest `|value|` of that
    /// column in that run of the golden.
    public static func compare(_ run: RegressionTable, golden: RegressionTable,
                               options: ComparisonOptions = ComparisonOptions()) throws -> TableReport {
        precondition(run.kind == golden.kind, "comparing a \(run.kind.fileName) with a \(golden.kind.fileName)")
        let kind = golden.kind
        let file = kind.fileName

        let runNames = run.runs, goldenNames = golden.runs
        if Set(runNames) != Set(goldenNames) {
            throw RegressionError.differentRuns(file: file, onlyInRun: runNames.filter { !goldenNames.contains($0) },
                                                onlyInGolden: goldenNames.filter { !runNames.contains($0) })
        }

        let (columns, newColumns) = try comparedColumns(run: run, golden: golden, options: options)
        let runColumn = columns.map { run.column($0)! }
        let goldenColumn = columns.map { golden.column($0)! }
        let bands = columns.map { options.band(for: $0) }

        // Scales for the floor: the largest |expected| of each column in each run.
        var scales: [String: [Double]] = [:]
        for (key, row) in zip(golden.keys, golden.rows) {
            var scale = scales[key.run] ?? [Double](repeating: 0, count: columns.count)
            for c in columns.indices {
                if let v = Double(row[goldenColumn[c]]), v.isFinite { scale[c] = max(scale[c], abs(v)) }
            }
            scales[key.run] = scale
        }

        var runRow: [RowKey: Int] = [:]
        runRow.reserveCapacity(run.keys.count)
        for (i, key) in run.keys.enumerated() { runRow[key] = i }

        struct Tally { var first: CellDrift?; var worst: CellDrift?; var drifting = 0; var compared = 0 }
        var tallies: [String: [Tally]] = [:]
        var missing: [String: [RowKey]] = [:]
        var comparedRows = 0
        var goldenKeys = Set<RowKey>()
        for (key, expectedRow) in zip(golden.keys, golden.rows) {
            goldenKeys.insert(key)
            guard let r = runRow[key] else { missing[key.run, default: []].append(key); continue }
            comparedRows += 1
            let gotRow = run.rows[r]
            let scale = scales[key.run]!
            var tally = tallies[key.run] ?? [Tally](repeating: Tally(), count: columns.count)
            for c in columns.indices {
                let got = gotRow[runColumn[c]], expected = expectedRow[goldenColumn[c]]
                let comparison = bands[c].compare(got: got, expected: expected, scale: scale[c])
                tally[c].compared += 1
                guard !comparison.isWithinBand else { continue }
                let drift = CellDrift(key: key, expected: expected, got: got, comparison: comparison)
                tally[c].drifting += 1
                if tally[c].first == nil { tally[c].first = drift }
                if let worst = tally[c].worst, !drift.isWorse(than: worst) {} else { tally[c].worst = drift }
            }
            tallies[key.run] = tally
        }
        var extra: [String: [RowKey]] = [:]
        for key in run.keys where !goldenKeys.contains(key) { extra[key.run, default: []].append(key) }

        var columnDrifts: [ColumnDrift] = []
        var rowSetDrifts: [RowSetDrift] = []
        for name in goldenNames {
            if let tally = tallies[name] {
                for c in columns.indices {
                    guard let first = tally[c].first, let worst = tally[c].worst else { continue }
                    columnDrifts.append(ColumnDrift(run: name, column: columns[c], band: bands[c],
                                                    scale: scales[name]![c], first: first, worst: worst,
                                                    driftingRows: tally[c].drifting, comparedRows: tally[c].compared))
                }
            }
            let gone = missing[name] ?? [], added = extra[name] ?? []
            if !gone.isEmpty || !added.isEmpty {
                rowSetDrifts.append(RowSetDrift(run: name, missing: gone, extra: added))
            }
        }
        return TableReport(kind: kind, runSource: run.source, goldenSource: golden.source, columns: columns,
                           comparedRows: comparedRows, goldenRows: golden.rows.count,
                           columnDrifts: columnDrifts, rowSetDrifts: rowSetDrifts, newColumns: newColumns)
    }

    /// Compares the `curves.csv` and `modes.csv` of a result folder with those of a golden
    /// folder. Both files must exist in both folders (`RegressionError.missingFile`); with
    /// `options.columns`, each table compares the listed columns it has, and a listed column
    /// found in neither table is `RegressionError.unknownColumns`.
    public static func compareFolders(run: URL, golden: URL,
                                      options: ComparisonOptions = ComparisonOptions()) throws -> RegressionReport {
        var pairs: [(run: RegressionTable, golden: RegressionTable)] = []
        for kind in RegressionTableKind.allCases {
            let r = try RegressionTable(contentsOf: run.appendingPathComponent(kind.fileName), kind: kind)
            let g = try RegressionTable(contentsOf: golden.appendingPathComponent(kind.fileName), kind: kind)
            pairs.append((r, g))
        }
        if let wanted = options.columns {
            let known = Set(pairs.flatMap { $0.run.header + $0.golden.header })
            let unknown = wanted.filter { !known.contains($0) }
            if !unknown.isEmpty { throw RegressionError.unknownColumns(unknown) }
        }
        let tables = try pairs.map { try compare($0.run, golden: $0.golden, options: options) }
        return RegressionReport(runFolder: run.path, goldenFolder: golden.path, tables: tables)
    }

    /// The columns of a table pair to compare, in golden order (see `ComparisonOptions.columns`),
    /// and the run's columns the golden does not have. The output contract grows by adding
    /// columns (DESIGN.md), so a column only the run has is *new*: reported, not compared, never
    /// a failure; a column only the golden has is missing from the run and is
    /// `RegressionError.differentColumns`.
    static func comparedColumns(run: RegressionTable, golden: RegressionTable,
                                options: ComparisonOptions) throws -> (compared: [String], new: [String]) {
        let keys = Set(golden.kind.keyColumns)
        let file = golden.kind.fileName
        let candidates: [String]
        if let wanted = options.columns {
            var seen = Set<String>()
            candidates = wanted.filter { !keys.contains($0) && (run.column($0) != nil || golden.column($0) != nil) }
                .filter { seen.insert($0).inserted }
        } else {
            let skip = keys.union(ComparisonOptions.comparedOnlyOnRequest)
            candidates = golden.header.filter { !skip.contains($0) } + run.header.filter { !skip.contains($0) && golden.column($0) == nil }
        }
        let onlyInGolden = candidates.filter { run.column($0) == nil }
        if !onlyInGolden.isEmpty {
            throw RegressionError.differentColumns(file: file, onlyInRun: [], onlyInGolden: onlyInGolden)
        }
        return (candidates.filter { golden.column($0) != nil }, candidates.filter { golden.column($0) == nil })
    }
}
