/// A parameter sweep as read from a sweep file (`Sweeps/*.yaml`): a base case and the
/// dimensions whose cartesian product gives the points.
///
/// ```yaml
/// name: crossover
/// description: where a hybrid first beats Jacobi alone
/// base: crossover                 # a case name or path (or `case:` with an inline case)
/// axes:                           # cartesian product of every axis ...
///   grid.points: [1001, 2049, 4097]
///   network.seed: [1, 2, 3]
/// zip:                            # ... times these lists taken together (optional)
///   - {grid.points: [...], solver.max_sweeps: [...]}
/// ```
/// Every axis is one dimension; every `zip` group is one dimension whose i-th value sets all its
/// keys at once. Points are ordered with the last dimension varying fastest.
public struct SweepFile: Sendable, Equatable {
    /// Folder name under `Output/`: letters, digits, `-`, `_`, `.`, not starting with `.`.
    public var name: String
    /// One paragraph for `poisson-hybrid sweeps` and the report.
    public var description: String
    /// The case every point starts from.
    public var base: SweepBase
    /// Axes then zip groups, in file order.
    public var dimensions: [SweepDimension]
    /// The sweep file as the user named it (for messages).
    public var file: String

    /// Every key a point sets, in dimension order (the leading columns of `sweep.csv`).
    public var keys: [String] { dimensions.flatMap(\.keys) }
    /// The number of points: the product of the dimensions' lengths.
    public var pointCount: Int { dimensions.reduce(1) { $0 * $1.count } }
}

/// Where a sweep's base case comes from.
public enum SweepBase: Sendable, Equatable {
    /// A case file (`base:`), resolved like `poisson-hybrid run CASE`.
    case file(path: String)
    /// A case written inline under `case:`, as YAML text; written to `case.yaml` in the sweep folder.
    case inline(yaml: String)
}

/// One dimension of a sweep: a single axis (one key) or a zip group (several keys whose lists
/// are taken together).
public struct SweepDimension: Sendable, Equatable {
    /// The case keys (dotted paths) this dimension sets.
    public var keys: [String]
    /// `values[i][k]` is the value of `keys[k]` at the dimension's i-th step.
    public var values: [[SweepValue]]
    /// Where the dimension is in the file, for messages: `axes` or `zip[2]`.
    public var origin: String

    /// Steps along the dimension.
    public var count: Int { values.count }
}

/// One value of an axis: the `--set` text handed to `poisson-hybrid run` and the text shown in
/// tables and the report.
public struct SweepValue: Sendable, Equatable, Hashable {
    /// The value as YAML for `--set KEY=VALUE` (collections in flow style, strings quoted when
    /// they would otherwise read as something else).
    public var yaml: String
    /// The value as written in tables: a scalar's text, a collection in flow style.
    public var text: String

    /// A value from its two forms.
    public init(yaml: String, text: String) {
        self.yaml = yaml
        self.text = text
    }
}

/// A sweep that cannot be run: the file, the key path (`axes.grid.points`, `zip[0]`, …), and
/// what is wrong; for a point's case, the point and its overrides. One line.
public struct SweepError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The sweep file as the user named it.
    public var file: String
    /// Dotted key path in the sweep file; `""` for whole-file problems.
    public var keyPath: String
    /// What is wrong.
    public var message: String
    /// 1-based line, when known.
    public var line: Int?

    /// An error at `keyPath` of `file`.
    public init(file: String, keyPath: String, message: String, line: Int? = nil) {
        self.file = file; self.keyPath = keyPath; self.message = message; self.line = line
    }

    /// `"<file>: <key.path>: <message> (line L)"` with line breaks escaped.
    public var description: String {
        var text = file + ": "
        if !keyPath.isEmpty { text += keyPath + ": " }
        text += message
        if let line { text += " (line \(line))" }
        return text.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }
}
