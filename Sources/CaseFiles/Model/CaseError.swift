/// A case that cannot be run: the file, the dotted key path of the first problem found and
/// what is wrong. `CaseLoader` throws exactly one, the first in its documented check order.
///
/// `description` is one line: `"<file>: <key.path>: <message> (line L)"` — the key path part is
/// left out for whole-file problems (unreadable file, YAML syntax), the line part when unknown
/// (missing file, values given with `--set`); line breaks quoted from the file are escaped.
public struct CaseError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The case file as the user named it (or the `CASE` argument when it resolved to nothing).
    public var file: String
    /// Dotted key path such as `training.optimizer.learning_rate`, list entries as
    /// `network.widths[1]`; `""` for whole-file problems.
    public var keyPath: String
    /// What is wrong and, where it helps, what is allowed.
    public var message: String
    /// 1-based line in the file, when known.
    public var line: Int?

    /// An error at `keyPath` of `file`; `line` when known.
    public init(file: String, keyPath: String, message: String, line: Int? = nil) {
        self.file = file
        self.keyPath = keyPath
        self.message = message
        self.line = line
    }

    public var description: String {
        var text = file + ": "
        if !keyPath.isEmpty { text += keyPath + ": " }
        text += message
        if let line { text += " (line \(line))" }
        return CaseError.oneLine(text)
    }

    /// `text` with line breaks and other control characters written as escapes (`\n`,
    /// `\u{1}`), so a message quoting a value or key from the file stays on one line.
    static func oneLine(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += "\\u{\(String(scalar.value, radix: 16))}" }
                else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
