import Foundation
import Reports

/// `sweep.csv`: one row per finished point × run — the swept keys' values first, then
/// `point` (the id), then the point's `summary.csv` columns as written there.
///
/// Points without a result (pending, failed, interrupted) have no rows; their status is in
/// `sweep.json`. When points' summaries differ in columns, the header is their union in order of
/// first appearance and missing cells are empty.
public struct SweepTable: Sendable {
    /// The merged table.
    public var table: CSVTable
    /// Per finished point, its summary rows as dictionaries (for the report).
    public var rows: [(point: SweepRecord.Entry, cells: [String: String])]

    /// Reads the summaries of every finished point of `record` in `folder`.
    public init(record: SweepRecord, folder: SweepFolder) throws(SweepError) {
        var header: [String] = []
        var collected: [(SweepRecord.Entry, [String: String])] = []
        for entry in record.points where entry.status.isFinished {
            let file = folder.pointFolder(entry.id).appendingPathComponent("summary.csv")
            guard let text = try? String(contentsOf: file, encoding: .utf8) else {
                throw SweepError(file: file.path, keyPath: "", message: "cannot be read, though the point's manifest says \(entry.status.rawValue)")
            }
            let lines = SweepTable.parse(text)
            guard let first = lines.first else { continue }
            for column in first where !header.contains(column) { header.append(column) }
            for line in lines.dropFirst() {
                collected.append((entry, Dictionary(zip(first, line), uniquingKeysWith: { a, _ in a })))
            }
        }
        var table = CSVTable(header: record.keys + ["point"] + header)
        for (entry, cells) in collected {
            table.append(entry.values.map { .text($0) } + [.text(entry.id)] + header.map { .text(cells[$0] ?? "") })
        }
        self.table = table
        self.rows = collected.map { (point: $0.0, cells: $0.1) }
    }

    /// CSV text into rows of cells (RFC 4180 quoting: `"a,b"`, `""` inside quotes).
    public static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], cell = ""
        var quoted = false, atStart = true
        var iterator = text.makeIterator()
        while let c = iterator.next() {
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { cell.append("\"") } else {
                            quoted = false
                            if next == "," { row.append(cell); cell = "" }
                            else if next == "\n" { row.append(cell); rows.append(row); row = []; cell = ""; atStart = true; continue }
                            else { cell.append(next) }
                        }
                    } else { quoted = false }
                } else { cell.append(c) }
                atStart = false
                continue
            }
            switch c {
            case "\"" where cell.isEmpty: quoted = true
            case ",": row.append(cell); cell = ""
            case "\n": row.append(cell); rows.append(row); row = []; cell = ""; atStart = true; continue
            case "\r": break
            default: cell.append(c)
            }
            atStart = false
        }
        if !atStart || !cell.isEmpty || !row.isEmpty { row.append(cell); rows.append(row) }
        return rows
    }
}
