import Foundation
import Testing
import PoissonCore
@testable import CaseFiles

/// Seeded random damage to valid cases: the loader must always return a case or throw one
/// `CaseError` of one line — never trap, hang or throw anything else.
@Suite struct LoaderFuzzTests {
    static let tokens = [":", ": ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!int ", "!!str ", "'", "\"", "\t", "\n", "  ",
                         "0", "-1", "1e400", ".nan", ".inf", "x", "~", "#", "?", "|", ">", "%", "@", "`", "\u{0}", "é", "🙂",
                         "<<: ", "---\n", "...\n", "null", "true", "1_000", "0x1F", "sin(", ")", "^", "e", "steps", "name"]

    /// One random edit: delete a span, insert a grammar token, replace a character by a random
    /// scalar, or duplicate a line.
    static func mutate(_ text: String, _ g: inout SeededGenerator) -> String {
        var chars = Array(text.unicodeScalars)
        let position = Int.random(in: 0...chars.count, using: &g)
        switch Int.random(in: 0..<4, using: &g) {
        case 0:
            let end = min(chars.count, position + Int.random(in: 1...8, using: &g))
            chars.removeSubrange(position..<end)
        case 1:
            chars.insert(contentsOf: tokens.randomElement(using: &g)!.unicodeScalars, at: position)
        case 2 where position < chars.count:
            chars[position] = Unicode.Scalar(UInt8.random(in: 0...127, using: &g))
        default:
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let i = Int.random(in: 0..<lines.count, using: &g)
            var copy = lines
            copy.insert(lines[i], at: i)
            return copy.joined(separator: "\n")
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: chars)
        return String(out)
    }

    @Test func damagedCasesNeverCrash() throws {
        var g = SeededGenerator(seed: 2024)
        let seeds = [CaseFixtures.small, try String(contentsOfFile: CaseFixtures.casesDirectory + "/default.yaml", encoding: .utf8)]
        var accepted = 0, refused = 0
        for _ in 0..<3000 {
            var text = seeds.randomElement(using: &g)!
            for _ in 0..<Int.random(in: 1...4, using: &g) { text = Self.mutate(text, &g) }
            do {
                _ = try CaseLoader.parse(yaml: text, file: "fuzz.yaml", limit: ResourceLimit(memoryBytes: 4e9, source: "test"))
                accepted += 1
            } catch let error as CaseError {
                refused += 1
                #expect(!error.description.contains("\n"), "\(error)")
            } catch {
                Issue.record("not a CaseError: \(error) for\n\(text)")
            }
        }
        // Both outcomes occur, so the damage is neither always fatal nor always harmless.
        #expect(accepted > 100 && refused > 100, "accepted \(accepted), refused \(refused)")
    }
}
