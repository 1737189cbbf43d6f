/// Why two result folders cannot be compared at all (as opposed to comparing and drifting):
/// `poisson-hybrid compare` exits with status 2 on any of these.
public enum RegressionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file the comparison needs does not exist (`path` as given).
    case missingFile(path: String)
    /// A file exists but cannot be read as UTF-8 text.
    case unreadableFile(path: String, reason: String)
    /// A table is not a tidy CSV of the expected kind: no header, a row with the wrong number of
    /// cells, a key column missing or not an integer where one is needed, an unterminated quote,
    /// or two rows with the same key. `line` is 1-based (the header is line 1), `nil` when the
    /// problem is the whole file.
    case malformedTable(source: String, line: Int?, message: String)
    /// The two tables hold different sets of runs (`run` column values).
    case differentRuns(file: String, onlyInRun: [String], onlyInGolden: [String])
    /// The two tables have different columns (after leaving out the columns compared only on
    /// request, such as `seconds`), or a requested column is missing from one side.
    case differentColumns(file: String, onlyInRun: [String], onlyInGolden: [String])
    /// `columns` named columns that neither table has.
    case unknownColumns([String])
    /// A tolerance that is negative, NaN or infinite.
    case invalidBand(String)

    /// The message `poisson-hybrid compare` prints after `error:` (names the file and what differs).
    public var description: String {
        switch self {
        case .missingFile(let path):
            return "\(path): no such file"
        case .unreadableFile(let path, let reason):
            return "\(path): cannot be read (\(reason))"
        case .malformedTable(let source, let line, let message):
            return line.map { "\(source):\($0): \(message)" } ?? "\(source): \(message)"
        case .differentRuns(let file, let onlyInRun, let onlyInGolden):
            return "\(file): the folders hold different runs"
                + Self.listing(" only in RUN_DIR: ", onlyInRun) + Self.listing(" only in GOLDEN_DIR: ", onlyInGolden)
        case .differentColumns(let file, let onlyInRun, let onlyInGolden):
            return "\(file): the folders have different columns"
                + Self.listing(" only in RUN_DIR: ", onlyInRun) + Self.listing(" only in GOLDEN_DIR: ", onlyInGolden)
        case .unknownColumns(let names):
            return "no such column in curves.csv or modes.csv: \(names.joined(separator: ", "))"
        case .invalidBand(let message):
            return message
        }
    }

    private static func listing(_ label: String, _ names: [String]) -> String {
        names.isEmpty ? "" : ";" + label + names.joined(separator: ", ")
    }
}
