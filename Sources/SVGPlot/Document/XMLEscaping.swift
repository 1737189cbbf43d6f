/// XML 1.0 escaping for character data and double-quoted attribute values.
///
/// `&`, `<`, `>` become entity references everywhere; `"` also in attributes; tab, line feed and
/// carriage return in attributes become character references (so attribute-value normalisation
/// keeps them). Characters XML 1.0 forbids outright (C0 controls other than tab/LF/CR, U+FFFE,
/// U+FFFF) cannot be represented at all and are replaced by U+FFFD, so any Swift string yields
/// well-formed XML. O(length).
public enum XMLEscaping {
    /// `text` escaped for use as element content.
    public static func escapeText(_ text: String) -> String {
        escape(text, inAttribute: false)
    }

    /// `value` escaped for use inside a double-quoted attribute.
    public static func escapeAttribute(_ value: String) -> String {
        escape(value, inAttribute: true)
    }

    private static func escape(_ string: String, inAttribute: Bool) -> String {
        // Fast path: nothing to change (the common case for numbers and class names).
        if !string.unicodeScalars.contains(where: { needsEscape($0, inAttribute: inAttribute) }) {
            return string
        }
        var output = ""
        output.reserveCapacity(string.utf8.count + 16)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"" where inAttribute: output += "&quot;"
            case "\t" where inAttribute: output += "&#9;"
            case "\n" where inAttribute: output += "&#10;"
            case "\r": output += "&#13;"
            default:
                if isForbidden(scalar) {
                    output.unicodeScalars.append("\u{FFFD}")
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output
    }

    private static func needsEscape(_ scalar: Unicode.Scalar, inAttribute: Bool) -> Bool {
        switch scalar {
        case "&", "<", ">", "\r": return true
        case "\"", "\t", "\n": return inAttribute
        default: return isForbidden(scalar)
        }
    }

    /// Not a `Char` of XML 1.0 (§2.2): C0 controls other than tab/LF/CR, and U+FFFE/U+FFFF.
    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && v != 0x9 && v != 0xA && v != 0xD) || v == 0xFFFE || v == 0xFFFF
    }
}
