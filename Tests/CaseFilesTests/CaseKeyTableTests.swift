import Foundation
import Testing
@testable import CaseFiles

/// The case schema is declared once (`CaseKeyTable`); the unknown-key check, the defaults and
/// ranges, the resolved case and `Cases/README.md`'s key block follow from it.
@Suite struct CaseKeyTableTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Cases/README.md")
    static let begin = "<!-- case keys: generated from CaseKeyTable; do not edit by hand -->\n```yaml\n"
    static let end = "```\n<!-- end of case keys -->\n"

    /// Every key in the table, depth-first.
    static var allKeys: [(path: String, key: CaseKey)] {
        CaseKeyTable.allPaths.map { ($0.path, CaseKeyTable.entry(at: $0.path)!) }
    }

    /// `Cases/README.md`'s "Every key, with its default" block is generated from the table. To
    /// regenerate after adding a key: `POISSON_HYBRID_RECORD_DOCS=1 swift test --filter CaseKeyTableTests`
    /// (which rewrites the block and then fails, so that nobody records by accident).
    @Test func readmeBlockFollowsTheTable() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let start = try #require(text.range(of: Self.begin), "Cases/README.md lacks the generated block")
        let stop = try #require(text.range(of: Self.end, range: start.upperBound..<text.endIndex))
        let block = String(text[start.upperBound..<stop.lowerBound])
        let expected = CaseKeyTable.yamlReference
        if ProcessInfo.processInfo.environment["POISSON_HYBRID_RECORD_DOCS"] != nil {
            try text.replacingCharacters(in: start.upperBound..<stop.lowerBound, with: expected)
                .write(to: Self.readme, atomically: true, encoding: .utf8)
            Issue.record("Cases/README.md re-recorded; unset POISSON_HYBRID_RECORD_DOCS and run again")
            return
        }
        #expect(block == expected, "Cases/README.md's key block is stale; see this test's doc comment")
    }

    /// The README block is itself a case: with the commented-out defaults it reads back, and
    /// every value it shows is accepted.
    @Test func readmeBlockIsAValidCase() throws {
        let definition = try CaseLoader.parse(yaml: CaseKeyTable.yamlReference, file: "README.yaml")
        #expect(definition.network != nil && definition.hybrid != nil && !definition.tracking.filterWidths.isEmpty)
    }

    /// Each comment states what the decoder enforces: the range, every allowed word, and
    /// REQUIRED or the default rule where the value shown is not the default.
    @Test func commentsStateRangesWordsAndRules() {
        for (path, key) in Self.allKeys {
            let comment = key.readmeComment
            if let range = key.range { #expect(comment.contains(range.text), "\(path): \(comment)") }
            if case .keyword(let spellings) = key.kind {
                for word in spellings { #expect(comment.contains(word), "\(path) lacks '\(word)': \(comment)") }
            }
            switch key.defaultValue {
            case .required: #expect(comment.hasPrefix("REQUIRED"), "\(path)")
            case .absent, .computed: #expect(comment.hasPrefix("default: "), "\(path)")
            case .value, .keys: break
            }
            #expect(!comment.contains("{range}") && !comment.contains("{allowed}"), "\(path): a placeholder was not filled in: \(comment)")
            #expect(key.children == nil || key.kind == .section, "\(path)")
            if key.children == nil {
                #expect(key.resolve != nil, "\(path) has no resolve")
                #expect(key.shownValue != nil, "\(path) shows no value in the README")
            }
        }
    }

    /// A case that leaves every optional key out resolves to the table's values.
    @Test func leftOutKeysTakeTheTableValues() throws {
        let yaml = """
            name: defaults
            problem: {domain: [0, 1], source: "1"}
            grid: {points: 33}
            network: {}
            training: {}
            solver: {}
            hybrid: {}
            """
        var checked = 0
        for (path, key) in Self.allKeys {
            guard case .value(let expected) = key.defaultValue, key.children == nil else { continue }
            // A conditional key resolves when its condition holds (and is left out otherwise).
            let condition = CaseKeyTable.condition(for: path)
            let overrides = condition.map { ["\($0.keyPath)=\($0.value)"] } ?? []
            let tree = try CaseLoader.parse(yaml: yaml, file: "d.yaml", overrides: overrides).resolvedTree
            if condition != nil {
                let plain = try CaseLoader.parse(yaml: yaml, file: "d.yaml").resolvedTree
                #expect(Self.value(at: path, in: plain) == nil, "\(path) is written although its condition does not hold")
            }
            let resolved = try #require(Self.value(at: path, in: tree), "\(path) is missing from the resolved case")
            #expect(resolved.inline == expected.inline, "\(path)")
            checked += 1
        }
        #expect(checked >= 20, "\(checked) keys with value defaults")
    }

    /// A value just outside each range is refused at its key with the table's message, and the
    /// bound itself is accepted or refused as the range says.
    @Test func rangesAreEnforcedWithTheirMessages() throws {
        let base = CaseFixtures.small
        let scalars: [(String, Double)] = Self.allKeys.compactMap { path, key in
            guard let range = key.range, key.kind == .integer || key.kind == .number,
                  let bound = range.lower ?? range.upper else { return nil }
            return (path, bound.value)
        }
        #expect(scalars.count >= 12)
        for (path, bound) in scalars {
            let key = CaseKeyTable.entry(at: path)!
            let range = key.range!
            let outside = range.lower != nil ? bound - 1 : bound + 1
            let text = key.kind == .integer ? String(Int(outside)) : String(outside)
            let condition = CaseKeyTable.condition(for: path).map { ["\($0.keyPath)=\($0.value)"] } ?? []
            let error = try #require(throws: CaseError.self, "\(path)=\(text)") {
                _ = try CaseLoader.parse(yaml: base, file: "r.yaml", overrides: condition + ["\(path)=\(text)"])
            }
            #expect(error.keyPath == path, "\(error)")
            let expected = key.kind == .integer ? range.violation(of: Int(outside)) : range.violation(of: outside)
            #expect(error.message.hasPrefix(try #require(expected)), "\(error)")
        }
    }

    /// A conditional key given while its condition does not hold is refused at the key, naming
    /// the keyword it depends on.
    @Test func conditionalKeysAreRefusedOutsideTheirCondition() throws {
        var checked = 0
        for (path, key) in Self.allKeys where key.condition != nil {
            let c = try #require(CaseKeyTable.condition(for: path))
            let shown = key.children == nil ? try #require(key.shownValue) : "{}"
            let error = try #require(throws: CaseError.self, "\(path)") {
                _ = try CaseLoader.parse(yaml: CaseFixtures.small, file: "c.yaml", overrides: ["\(path)=\(shown)"])
            }
            #expect(error.keyPath == path, "\(error)")
            #expect(error.message.contains("remove it or set \(key.condition!.key): \(c.value)"), "\(error)")
            checked += 1
        }
        #expect(checked >= 2)
    }

    @Test func rangeTextAndMessages() {
        #expect(ValueRange(atLeast: 3).text == "≥ 3")
        #expect(ValueRange(above: 0).violation(of: 0.0) == "must be > 0, got 0.0")
        #expect(ValueRange(above: 0, below: 2).violation(of: 2.0) == "must be in (0, 2), got 2.0")
        #expect(ValueRange(above: 0, below: 2).violation(of: 1.5) == nil)
        #expect(ValueRange(atLeast: 0, below: 1).text == "[0, 1)")
        #expect(ValueRange(atLeast: 0, atMost: 100, why: "per decade").violation(of: 101) == "must be in 0…100 (per decade), got 101")
        #expect(ValueRange(atLeast: 0, atMost: 100).violation(of: 100) == nil)
    }

    /// The unknown-key check walks the table: every declared path is accepted by `--set`'s
    /// check, and a key one edit away is refused with the declared key suggested.
    @Test func unknownKeysAreFoundThroughTheTable() {
        for (path, _) in Self.allKeys {
            #expect(CaseLoader.keyPathProblem(path) == nil, "\(path)")
        }
        let problem = CaseLoader.keyPathProblem("solver.max_sweps")
        #expect(problem?.keyPath == "solver.max_sweps")
        #expect(problem?.message.contains("did you mean 'max_sweeps'") == true, "\(String(describing: problem))")
    }

    static func value(at path: String, in tree: ResolvedValue) -> ResolvedValue? {
        var node = tree
        for component in path.split(separator: ".") {
            guard case .mapping(let entries) = node, let next = entries.first(where: { $0.0 == component })?.1 else { return nil }
            node = next
        }
        return node
    }
}
