import Foundation

/// A tidy CSV table under construction: a header and rows of cells, written with `\n` line ends.
///
/// Cells: integers in decimal; doubles in Swift's shortest round-trip form (`0.1`, `1e-05`), so
/// a value read back is the value written; `nil`, NaN and ±∞ are empty cells (never `nan`); text
/// is quoted only when it holds a comma, quote or line break.
public struct CSVTable: Sendable {
    public let header: [String]
    public private(set) var text: String

    public init(header: [String]) {
        self.header = header
        self.text = header.joined(separator: ",") + "\n"
    }

    /// A cell's textual form.
    public enum Cell: Sendable {
        case integer(Int)
        case number(Double?)
        case text(String)
        case empty
    }

    /// Appends one row; the number of cells must match the header.
    public mutating func append(_ cells: [Cell]) {
        precondition(cells.count == header.count, "CSV row has \(cells.count) cells, header has \(header.count)")
        var first = true
        for cell in cells {
            if !first { text += "," }
            first = false
            text += CSVTable.format(cell)
        }
        text += "\n"
    }

    /// The text of one cell (see the type's documentation).
    public static func format(_ cell: Cell) -> String {
        switch cell {
        case .integer(let i): return String(i)
        case .number(let d):
            guard let d, d.isFinite else { return "" }
            return d == 0 ? "0" : "\(d)"
        case .text(let s):
            if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return s
        case .empty: return ""
        }
    }
}
