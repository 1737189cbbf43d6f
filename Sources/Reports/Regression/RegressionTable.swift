import Foundation

/// Which of the tidy result tables a `RegressionTable` holds; fixes the file name and the key
/// columns that identify a row (DESIGN.md, "Output").
public enum RegressionTableKind: String, Sendable, CaseIterable, Equatable, Hashable {
    /// `curves.csv`: one row per (run, step).
    case curves
    /// `modes.csv`: one row per (run, step, basis, mode).
    case modes

    /// `curves.csv` or `modes.csv`.
    public var fileName: String { rawValue + ".csv" }

    /// The columns that identify a row: `run,step` (curves) or `run,step,basis,mode` (modes).
    /// `step` and `mode` must be integers.
    public var keyColumns: [String] {
        switch self {
        case .curves: return ["run", "step"]
        case .modes: return ["run", "step", "basis", "mode"]
        }
    }
}

/// The identity of one row: its run and step, plus basis and mode in `modes.csv`.
public struct RowKey: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The run (`dnn`, `solver`, `hybrid@n`).
    public var run: String
    /// The run's step (DESIGN.md, "Row semantics").
    public var step: Int
    /// `sine` or `dft` in `modes.csv`, `nil` in `curves.csv`.
    public var basis: String?
    /// The sine mode or DFT index in `modes.csv`, `nil` in `curves.csv`.
    public var mode: Int?

    /// A key; `basis` and `mode` only for `modes.csv` rows.
    public init(run: String, step: Int, basis: String? = nil, mode: Int? = nil) {
        self.run = run; self.step = step; self.basis = basis; self.mode = mode
    }

    /// Where the row is within its run: `step 40`, or `step 40, sine mode 3`.
    public var description: String {
        var text = "step \(step)"
        if let basis, let mode { text += ", \(basis) mode \(mode)" }
        return text
    }
}

/// A tidy result table (`curves.csv` or `modes.csv`) read for comparison: the header and every
/// row's cells kept as the exact text written (so nothing is lost to parsing), each row
/// identified by its `RowKey`.
///
/// Reading checks what makes a table comparable and throws `RegressionError.malformedTable`
/// otherwise: a header holding the kind's key columns, every row with as many cells as the
/// header, integer `step` (and `mode`), and no two rows with the same key. Cells follow RFC 4180
/// (quotes around cells holding `,`, `"` or a line break; `""` inside quotes); `\r\n` line ends
/// are accepted. Cost: O(size of the text).
public struct RegressionTable: Sendable {
    /// Which table.
    public let kind: RegressionTableKind
    /// Where it came from (a path or a label), for messages.
    public let source: String
    /// Column names in file order.
    public private(set) var header: [String]
    /// Cells of each row in file order, `header.count` per row.
    public private(set) var rows: [[String]]
    /// The key of each row (same order as `rows`).
    public let keys: [RowKey]

    /// Parses `text` as a table of `kind`; `source` names it in errors.
    public init(text: String, kind: RegressionTableKind, source: String) throws {
        self.kind = kind
        self.source = source
        let records = try Self.parseCSV(text, source: source)
        guard let header = records.first?.cells, !(header.count == 1 && header[0].isEmpty) else {
            throw RegressionError.malformedTable(source: source, line: nil, message: "no header line")
        }
        if let duplicate = Dictionary(grouping: header, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw RegressionError.malformedTable(source: source, line: 1, message: "column '\(duplicate)' appears twice")
        }
        var keyIndex: [Int] = []
        for name in kind.keyColumns {
            guard let i = header.firstIndex(of: name) else {
                throw RegressionError.malformedTable(
                    source: source, line: 1,
                    message: "no '\(name)' column (a \(kind.fileName) needs \(kind.keyColumns.joined(separator: ", ")))")
            }
            keyIndex.append(i)
        }
        var rows: [[String]] = []
        var keys: [RowKey] = []
        var seen: [RowKey: Int] = [:]
        rows.reserveCapacity(records.count - 1)
        keys.reserveCapacity(records.count - 1)
        for record in records.dropFirst() {
            let cells = record.cells
            guard cells.count == header.count else {
                throw RegressionError.malformedTable(source: source, line: record.line,
                                                     message: "\(cells.count) cells, the header has \(header.count)")
            }
            func integer(_ column: Int) throws -> Int {
                guard let value = Int(cells[keyIndex[column]]) else {
                    throw RegressionError.malformedTable(
                        source: source, line: record.line,
                        message: "\(kind.keyColumns[column]) '\(cells[keyIndex[column]])' is not an integer")
                }
                return value
            }
            let key: RowKey
            switch kind {
            case .curves: key = RowKey(run: cells[keyIndex[0]], step: try integer(1))
            case .modes: key = RowKey(run: cells[keyIndex[0]], step: try integer(1), basis: cells[keyIndex[2]],
                                      mode: try integer(3))
            }
            if let earlier = seen[key] {
                throw RegressionError.malformedTable(
                    source: source, line: record.line,
                    message: "run \(key.run), \(key) already appeared on line \(earlier)")
            }
            seen[key] = record.line
            rows.append(cells)
            keys.append(key)
        }
        self.header = header
        self.rows = rows
        self.keys = keys
    }

    /// Reads `url` (UTF-8). Throws `RegressionError.missingFile` when it does not exist.
    public init(contentsOf url: URL, kind: RegressionTableKind) throws {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw RegressionError.missingFile(path: url.path)
        }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw RegressionError.unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        try self.init(text: text, kind: kind, source: url.path)
    }

    /// The index of column `name`, if present.
    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// The run names in order of first appearance.
    public var runs: [String] {
        var seen = Set<String>()
        return keys.compactMap { seen.insert($0.run).inserted ? $0.run : nil }
    }

    /// The same table without the named columns (names not present are ignored; key columns
    /// cannot be removed and are kept). Used to store goldens without `seconds`.
    public func removingColumns(_ names: Set<String>) -> RegressionTable {
        let keep = header.indices.filter { !names.contains(header[$0]) || kind.keyColumns.contains(header[$0]) }
        var copy = self
        copy.header = keep.map { header[$0] }
        copy.rows = rows.map { row in keep.map { row[$0] } }
        return copy
    }

    /// The table written back as CSV (`\n` line ends, cells quoted only when they hold `,`, `"`
    /// or a line break): byte-identical to a `CSVTable`'s text for the same cells.
    public var text: String {
        var out = header.map(Self.quoted).joined(separator: ",") + "\n"
        for row in rows { out += row.map(Self.quoted).joined(separator: ",") + "\n" }
        return out
    }

    private static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        var out = "\""
        for c in cell { out += c == "\"" ? "\"\"" : String(c) }
        return out + "\""
    }

    // MARK: - CSV

    /// One CSV record and the line it starts on (1-based).
    private struct Record {
        var cells: [String]
        var line: Int
    }

    /// RFC 4180 records of `text`; a final line end is optional, blank lines are skipped.
    private static func parseCSV(_ text: String, source: String) throws -> [Record] {
        var records: [Record] = []
        var cells: [String] = []
        var cell: [UInt8] = []
        var line = 1, recordLine = 1
        var inQuotes = false, wasQuoted = false
        let bytes = Array(text.utf8)
        var i = 0
        func endCell() {
            cells.append(String(decoding: cell, as: UTF8.self))
            cell.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRecord() {
            endCell()
            if !(cells.count == 1 && cells[0].isEmpty) { records.append(Record(cells: cells, line: recordLine)) }
            cells.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") {
                        cell.append(b); i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    cell.append(b)
                }
            } else {
                switch b {
                case UInt8(ascii: ","):
                    endCell()
                case UInt8(ascii: "\n"):
                    endRecord()
                    line += 1
                    recordLine = line
                case UInt8(ascii: "\r") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n"):
                    break
                case UInt8(ascii: "\"") where cell.isEmpty && !wasQuoted:
                    inQuotes = true
                    wasQuoted = true
                default:
                    cell.append(b)
                }
            }
            i += 1
        }
        if inQuotes {
            throw RegressionError.malformedTable(source: source, line: recordLine, message: "unterminated quoted cell")
        }
        if !cell.isEmpty || !cells.isEmpty { endRecord() }
        return records
    }
}
