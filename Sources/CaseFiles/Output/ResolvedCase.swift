import Foundation

/// A resolved case as an ordered tree of values, keys in schema order: the one source of the
/// YAML printed by `validate`, the JSON stored in `manifest.json` and the `Encodable` form.
/// Reading `resolvedYAML` back gives the same case (tested).
enum ResolvedValue: Encodable {
    case integer(Int)
    case unsigned(UInt64)
    case number(Double)
    /// Free text: quoted in YAML.
    case text(String)
    /// A keyword (enum spelling, `all`): plain in YAML.
    case word(String)
    case list([ResolvedValue])
    case mapping([(String, ResolvedValue)])

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: Encoder) throws {
        switch self {
        case .integer(let v): var c = encoder.singleValueContainer(); try c.encode(v)
        case .unsigned(let v): var c = encoder.singleValueContainer(); try c.encode(v)
        case .number(let v): var c = encoder.singleValueContainer(); try c.encode(v)
        case .text(let v), .word(let v): var c = encoder.singleValueContainer(); try c.encode(v)
        case .list(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .mapping(let entries):
            var c = encoder.container(keyedBy: Key.self)
            for (key, value) in entries { try c.encode(value, forKey: Key(stringValue: key)) }
        }
    }

    /// A scalar or a list of scalars, written on one line.
    var inline: String? {
        switch self {
        case .integer(let v): return String(v)
        case .unsigned(let v): return String(v)
        case .number(let v): return ResolvedValue.format(v)
        case .text(let v): return ResolvedValue.quoted(v)
        case .word(let v): return v
        case .list(let items):
            let parts = items.compactMap(\.inline)
            return parts.count == items.count ? "[" + parts.joined(separator: ", ") + "]" : nil
        case .mapping: return nil
        }
    }

    /// The shortest decimal that reads back as the same double ("0.0001", "1e-08", "1000.0").
    static func format(_ v: Double) -> String { "\(v)" }

    /// A double-quoted string valid in both YAML and JSON.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Block-style YAML at `indent` spaces (mappings only nest; lists are inline).
    func yamlLines(indent: Int) -> [String] {
        guard case .mapping(let entries) = self else { return [] }
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        for (key, value) in entries {
            if let inline = value.inline {
                lines.append("\(pad)\(key): \(inline)")
            } else {
                lines.append("\(pad)\(key):")
                lines += value.yamlLines(indent: indent + 2)
            }
        }
        return lines
    }

    /// Pretty JSON at `indent` spaces, keys in tree order.
    func json(indent: Int) -> String {
        let pad = String(repeating: " ", count: indent + 2), close = String(repeating: " ", count: indent)
        switch self {
        case .list(let items):
            if items.isEmpty { return "[]" }
            if items.allSatisfy({ if case .mapping = $0 { return false } else { return true } }) {
                return "[" + items.map { $0.json(indent: indent) }.joined(separator: ", ") + "]"
            }
            return "[\n" + items.map { pad + $0.json(indent: indent + 2) }.joined(separator: ",\n") + "\n\(close)]"
        case .mapping(let entries):
            if entries.isEmpty { return "{}" }
            return "{\n" + entries.map { pad + ResolvedValue.quoted($0.0) + ": " + $0.1.json(indent: indent + 2) }
                .joined(separator: ",\n") + "\n\(close)}"
        case .word(let v): return ResolvedValue.quoted(v)
        default: return inline!
        }
    }
}

extension CaseDefinition: Encodable {
    /// The resolved tree, keys in schema order; absent sections are left out, every key of a
    /// present section is written.
    var resolvedTree: ResolvedValue {
        var root: [(String, ResolvedValue)] = [("name", .text(name)), ("description", .text(description))]
        var p: [(String, ResolvedValue)] = [("domain", .list([.number(problem.lower), .number(problem.upper)])),
                                            ("source", .text(problem.source))]
        if let exact = problem.exact { p.append(("exact", .text(exact))) }
        p.append(("boundary", .list([.number(problem.lowerValue), .number(problem.upperValue)])))
        root.append(("problem", .mapping(p)))
        root.append(("grid", .mapping([("points", .integer(grid.points))])))
        if let network {
            root.append(("network", .mapping([
                ("widths", .list(network.widths.map(ResolvedValue.integer))),
                ("activation", .word(network.activation.rawValue)),
                ("init", .mapping([("weight_std", .number(network.weightStd)), ("bias_std", .number(network.biasStd))])),
                ("seed", .unsigned(network.seed)),
                ("precision", .word(network.precision.rawValue)),
            ] + network.resolvedArchitecture)))
        }
        if let training {
            var optimizer: [(String, ResolvedValue)] = [("name", .word(training.optimizer.rawValue)),
                                                        ("learning_rate", .number(training.learningRate))]
            if training.optimizer == .adam {
                optimizer += [("beta1", .number(training.beta1)), ("beta2", .number(training.beta2)),
                              ("epsilon", .number(training.epsilon))]
            }
            root.append(("training", .mapping([
                ("points", .integer(training.points ?? grid.points)),
                ("loss", .word(training.loss.rawValue)),
            ] + (training.loss == .fit ? [] : [("penalty", .number(training.penalty))]) + [
                ("optimizer", .mapping(optimizer)),
                ("steps", .integer(training.steps)),
            ])))
        }
        if let solver {
            let m = solver.multigrid
            root.append(("solver", .mapping([
                ("method", .word(solver.method.rawValue)),
                ("omega", .number(solver.omega)),
                ("storage", .word(solver.storage.rawValue)),
                ("multigrid", .mapping([("cycle", .word(m.cycle.rawValue)), ("pre_smooth", .integer(m.preSmooth)),
                                        ("post_smooth", .integer(m.postSmooth)), ("smoother", .word(m.smoother.rawValue))])),
                ("max_sweeps", .integer(solver.maxSweeps)),
                ("tolerance", .number(solver.tolerance)),
            ])))
        }
        if let hybrid {
            root.append(("hybrid", .mapping([("switch_at", .list(hybrid.switchAt.map(ResolvedValue.integer)))])))
        }
        let peaks: ResolvedValue
        switch tracking.peaks {
        case .count(let c): peaks = .integer(c)
        case .indices(let list): peaks = .list(list.map(ResolvedValue.integer))
        }
        let modes: ResolvedValue
        switch tracking.modes {
        case .all: modes = .word("all")
        case .list(let list): modes = .list(list.map(ResolvedValue.integer))
        }
        var trackingKeys: [(String, ResolvedValue)] = [
            ("every", .integer(tracking.every)), ("reference", .word(tracking.reference.rawValue)),
            ("peaks", peaks), ("modes", modes), ("per_decade", .integer(tracking.perDecade)),
        ]
        if !tracking.filterWidths.isEmpty {
            trackingKeys.append(("filter", .mapping([("delta", .list(tracking.filterWidths.map { .number($0) }))])))
        }
        root.append(("tracking", .mapping(trackingKeys)))
        return .mapping(root)
    }

    /// The fully resolved case as YAML: every default filled in, keys in schema order, lists
    /// inline, text double-quoted; `training.points` is written out even when it defaults to
    /// the grid. Deterministic, ends with a newline; `CaseLoader.parse` reads it back to the same case.
    public var resolvedYAML: String {
        resolvedTree.yamlLines(indent: 0).joined(separator: "\n") + "\n"
    }

    /// The same tree as pretty-printed JSON with keys in schema order (for `manifest.json`;
    /// `Encodable` gives the same object through any encoder, key order up to the encoder).
    public var resolvedJSON: String { resolvedTree.json(indent: 0) }

    /// Encodes the resolved tree: a keyed container with the YAML key names (snake_case),
    /// enum values as their YAML spellings, `tracking.peaks` a number or a list,
    /// `tracking.modes` `"all"` or a list.
    public func encode(to encoder: Encoder) throws { try resolvedTree.encode(to: encoder) }
}

extension NetworkDefinition {
    /// `architecture`, and `scales` or `features` when the architecture has them.
    var resolvedArchitecture: [(String, ResolvedValue)] {
        var keys: [(String, ResolvedValue)] = [("architecture", .word(architecture.rawValue))]
        if let scales { keys.append(("scales", .list(scales.map(ResolvedValue.number)))) }
        if let features {
            keys.append(("features", .mapping([("count", .integer(features.count)), ("scale", .number(features.scale)),
                                               ("seed", .unsigned(features.seed))])))
        }
        return keys
    }
}
