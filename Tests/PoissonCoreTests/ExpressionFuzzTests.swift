import Foundation
import Testing
import PoissonCore

/// The expression parser meets whatever a researcher (or a damaged file) types: it must return
/// a value or an `ExpressionError` pointing inside the input, and never trap, overflow the stack
/// or hang. Inputs come from a seeded generator, so a failure names a reproducible input.
@Suite struct ExpressionFuzzTests {
    /// Grammar tokens plus near-misses (`2x`, `1e+`, `sine`, a bare `.`), whitespace of every
    /// kind and numbers at the edges of the double range.
    static let tokens: [String] = [
        "x", "pi", "e", "(", ")", "+", "-", "*", "/", "^",
        "sin", "cos", "tan", "exp", "log", "sqrt", "abs", "sinh", "cosh", "tanh",
        "sin(", "exp(", "log(", "sqrt(",
        "0", "1", "2", "42", "2.5", ".5", "3.", "1e-3", "2E+2", "1e308", "1e400", "1e-400", "0.0",
        "1e", "1e+", "2x", "xx", "ex", "sine", "_", ".", "..", "e1", "pi2",
        " ", "  ", "\t", "\n", "\u{A0}", "\u{2003}",
    ]

    /// Unicode scalars a keyboard or a damaged file may produce: operators that look like
    /// ASCII ones, superscripts, digits of other scripts, combining marks, control characters,
    /// bidi controls, emoji, the replacement character.
    static let strangeScalars: [Unicode.Scalar] = [
        "\u{0}", "\u{7}", "\u{1B}", "\u{7F}", "\u{85}", "\u{B2}", "\u{B7}", "\u{D7}", "\u{F7}",
        "\u{2212}", "\u{2013}", "\u{2028}", "\u{200B}", "\u{202E}", "\u{FEFF}", "\u{0301}",
        "\u{0660}", "\u{0969}", "\u{FF11}", "\u{2074}", "\u{1D465}", "\u{03C0}", "\u{1F600}", "\u{FFFD}",
        "\u{10FFFF}", "$", "#", "@", "!", "%", "&", "=", ",", ";", "[", "]", "{", "}", "'", "\"", "\\",
    ]

    enum Outcome: Equatable {
        case value
        case error
    }

    /// Parses `input`; on success evaluates it at a few points (any Double is fine, NaN included);
    /// on failure checks that the error names a column inside the input or just past its end.
    static func exercise(_ input: String, sourceLocation: SourceLocation = #_sourceLocation) -> Outcome {
        do {
            let expression = try Expression(input)
            for x in [-1.0, 0, 0.5, 1e300] { _ = expression.evaluate(at: x) }
            return .value
        } catch let error as ExpressionError {
            let length = input.unicodeScalars.count
            #expect((1...(length + 1)).contains(error.column),
                    "column \(error.column) outside 1…\(length + 1) for \(input.debugDescription): \(error.message)",
                    sourceLocation: sourceLocation)
            #expect(!error.message.isEmpty, "empty message for \(input.debugDescription)", sourceLocation: sourceLocation)
            #expect(error.expression == input, sourceLocation: sourceLocation)
            return .error
        } catch {
            Issue.record("\(input.debugDescription) threw \(type(of: error)), not ExpressionError: \(error)",
                         sourceLocation: sourceLocation)
            return .error
        }
    }

    /// A random expression of the grammar (valid by construction up to overflowing numbers),
    /// at most `depth` levels deep, with random spacing.
    static func grammatical(depth: Int, _ generator: inout SeededGenerator) -> String {
        let space = { (g: inout SeededGenerator) in Bool.random(using: &g) ? " " : "" }
        if depth == 0 || Int.random(in: 0..<10, using: &generator) < 3 {
            let atoms = ["x", "pi", "e", "1", "0", "2.5", ".5", "3.", "1e-3", "2E+2", "1e308", "0.0"]
            return atoms.randomElement(using: &generator)!
        }
        let a = grammatical(depth: depth - 1, &generator)
        switch Int.random(in: 0..<6, using: &generator) {
        case 0:
            let b = grammatical(depth: depth - 1, &generator)
            let op = ["+", "-", "*", "/", "^"].randomElement(using: &generator)!
            return a + space(&generator) + op + space(&generator) + b
        case 1: return "-" + a
        case 2: return "(" + space(&generator) + a + space(&generator) + ")"
        case 3: return Expression.Function.allCases.randomElement(using: &generator)!.rawValue + "(" + a + ")"
        default:
            let b = grammatical(depth: depth - 1, &generator)
            return "(" + a + ")" + ["+", "-", "*", "/", "^"].randomElement(using: &generator)! + "(" + b + ")"
        }
    }

    /// `text` with one character deleted, replaced or inserted.
    static func mutated(_ text: String, _ generator: inout SeededGenerator) -> String {
        var scalars = Array(text.unicodeScalars)
        let position = Int.random(in: 0...scalars.count, using: &generator)
        let replacement = Bool.random(using: &generator)
            ? strangeScalars.randomElement(using: &generator)!
            : Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &generator))
        switch Int.random(in: 0..<3, using: &generator) {
        case 0 where position < scalars.count: scalars.remove(at: position)
        case 1 where position < scalars.count: scalars[position] = replacement
        default: scalars.insert(replacement, at: position)
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars)
        return result
    }

    /// Random strings of one of five kinds, from a fixed seed.
    static func randomInput(_ generator: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<8, using: &generator) {
        case 0, 1:
            // Token soup: mostly nonsense, sometimes valid.
            let count = Int.random(in: 1...24, using: &generator)
            return (0..<count).map { _ in tokens.randomElement(using: &generator)! }.joined()
        case 2, 3:
            // A grammatical expression, as it is.
            return grammatical(depth: Int.random(in: 0...6, using: &generator), &generator)
        case 4:
            // A grammatical expression with one character changed.
            return mutated(grammatical(depth: Int.random(in: 1...6, using: &generator), &generator), &generator)
        case 5:
            // A realistic source with one character changed.
            return mutated(validExpressions.randomElement(using: &generator)!, &generator)
        case 6:
            // Arbitrary Unicode scalars (invalid code points skipped).
            var text = ""
            for _ in 0..<Int.random(in: 0...16, using: &generator) {
                let pick = Bool.random(using: &generator)
                    ? strangeScalars.randomElement(using: &generator)!
                    : Unicode.Scalar(UInt32.random(in: 0...0x10FFFF, using: &generator)) ?? "?"
                text.unicodeScalars.append(pick)
            }
            return text
        default:
            // Random bytes, decoded with replacement characters where they are not UTF-8.
            let bytes = (0..<Int.random(in: 0...16, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    static let validExpressions = [
        "sin(x) + 4*sin(4*x) - 8*sin(8*x) + 16*sin(24*x)",
        "-x^2 + 2^3^2 * (1 - x)/3",
        "exp(-x^2/2)/sqrt(2*pi)",
        "log(1 + abs(x)) - tanh(x) * cosh(x) / sinh(1 + x^2)",
        "1e-3 * .5 + 2. - 3E+2",
        "tan(pi*x/4) - e",
    ]

    /// 120 000 random inputs: every one gives a value or an in-range error; many parse, so the
    /// evaluator is exercised too.
    @Test func randomInputsGiveAValueOrAnError() {
        var generator = SeededGenerator(seed: 20_240_601)
        var values = 0, errors = 0
        for _ in 0..<120_000 {
            switch Self.exercise(Self.randomInput(&generator)) {
            case .value: values += 1
            case .error: errors += 1
            }
        }
        #expect(values + errors == 120_000)
        // The generator is not just noise: about a third parses (so the evaluator runs on tens
        // of thousands of trees) and most of the rest is refused.
        #expect(values > 20_000, "only \(values) inputs parsed")
        #expect(errors > 50_000, "only \(errors) inputs were refused")
    }

    /// Every prefix of each valid expression, and every single-character deletion.
    @Test func prefixesAndDeletionsOfValidExpressions() {
        for source in Self.validExpressions {
            let scalars = Array(source.unicodeScalars)
            #expect(Self.exercise(source) == .value, "\(source)")
            for end in 0...scalars.count {
                var prefix = ""
                prefix.unicodeScalars.append(contentsOf: scalars[..<end])
                _ = Self.exercise(prefix)
            }
            for removed in scalars.indices {
                var text = ""
                text.unicodeScalars.append(contentsOf: scalars[..<removed])
                text.unicodeScalars.append(contentsOf: scalars[(removed + 1)...])
                _ = Self.exercise(text)
            }
        }
    }

    /// Long flat chains are one n-ary node: 100 000 terms parse, evaluate in the documented
    /// left-to-right order and are freed without a deep recursion (they used to overflow the stack).
    @Test func longChainsEvaluateWithoutDeepRecursion() throws {
        let terms = 100_000
        let sum = try Expression(Array(repeating: "x", count: terms).joined(separator: "+"))
        #expect(sum.evaluate(at: 1) == Double(terms))
        let product = try Expression(Array(repeating: "x", count: terms).joined(separator: "*"))
        #expect(product.evaluate(at: 1) == 1)
        #expect(product.evaluate(at: 2) == .infinity)
        // Left to right: 1 − 1 − 1 … and 2^k / 2 / 2 … .
        let difference = try Expression("1" + String(repeating: "-1", count: terms))
        #expect(difference.evaluate(at: 0) == Double(1 - terms))
        let quotient = try Expression("2^20" + String(repeating: "/2", count: 20) + String(repeating: "*x", count: 1000))
        #expect(quotient.evaluate(at: 1) == 1)
        // Chains inside nesting inside chains.
        let inner = "(" + Array(repeating: "x", count: 1000).joined(separator: "-") + ")"
        let nested = try Expression(Array(repeating: inner, count: 100).joined(separator: "*"))
        #expect(nested.evaluate(at: 0) == 0)
        var expected = 1.0
        for _ in 0..<100 { expected *= -998 }
        #expect(nested.evaluate(at: 1) == expected)
    }

    /// Nesting up to the limit parses; beyond it, a clear error at a column inside the input.
    @Test func nestingAtAndBeyondTheLimit() throws {
        var accepted = 0
        for depth in [0, 1, 10, 50, 98, 99, 100, 101, 150, 1_000, 100_000] {
            let parentheses = String(repeating: "(", count: depth) + "x" + String(repeating: ")", count: depth)
            let functions = String(repeating: "sin(", count: depth) + "x" + String(repeating: ")", count: depth)
            let powers = Array(repeating: "x", count: depth + 1).joined(separator: "^-")
            for input in [parentheses, functions, powers] where Self.exercise(input) == .value {
                accepted += 1
            }
        }
        #expect(accepted >= 12, "shallow nesting must parse (\(accepted) accepted)")
        let error = try #require(throws: ExpressionError.self) {
            _ = try Expression(String(repeating: "(", count: 100_000) + "x" + String(repeating: ")", count: 100_000))
        }
        #expect(error.message.contains("nested too deeply"))
    }
}
