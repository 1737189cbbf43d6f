import Foundation

/// A real function of one variable `x`, parsed from a string such as
/// `"sin(x) + 4*sin(4*x) - 8*sin(8*x)"`.
///
/// Grammar (precedence from low to high; `^` is right-associative and binds tighter than
/// unary minus, so `-x^2 = -(x^2)` and `2^3^2 = 2^9`):
/// ```
/// sum     := product (('+' | '-') product)*
/// product := unary (('*' | '/') unary)*
/// unary   := ('-' | '+') unary | power
/// power   := atom ('^' unary)?
/// atom    := number | 'x' | 'pi' | 'e' | function '(' sum ')' | '(' sum ')'
/// ```
/// Numbers are decimal with an optional exponent (`1e-3`, `.5`, `2.`). Functions: `sin cos tan
/// exp log sqrt abs sinh cosh tanh` (`log` is the natural logarithm). Nothing else is accepted:
/// implicit multiplication (`2x`), unknown names and trailing input are errors naming the column.
/// Parsing never traps and terminates on every input (nesting deeper than 200 levels is an error).
/// A chain such as `x + x + … + x` is held as one n-ary node evaluated by a loop, so the tree's
/// height (and the recursion of evaluation and deallocation) is bounded by the nesting depth,
/// not by the length of the input.
public struct Expression: Sendable, CustomStringConvertible {
    /// The source text as given.
    public let source: String
    @usableFromInline let root: Node

    /// Parses `source`; throws `ExpressionError` with the column of the first problem.
    public init(_ source: String) throws {
        var parser = Parser(source)
        self.root = try parser.parseAll()
        self.source = source
    }

    /// The value at `x`. Follows IEEE arithmetic: `log(-1)` is NaN, `1/0` is infinite; callers
    /// check finiteness where it matters (see `ScalarFunction.sample(on:name:)`).
    @inlinable public func evaluate(at x: Double) -> Double { root.evaluate(x) }

    public var description: String { source }

    /// Elementary functions accepted by the grammar.
    public enum Function: String, Sendable, CaseIterable {
        case sin, cos, tan, exp, log, sqrt, abs, sinh, cosh, tanh

        @inlinable func apply(_ v: Double) -> Double {
            switch self {
            case .sin: return Foundation.sin(v)
            case .cos: return Foundation.cos(v)
            case .tan: return Foundation.tan(v)
            case .exp: return Foundation.exp(v)
            case .log: return Foundation.log(v)
            case .sqrt: return v.squareRoot()
            case .abs: return Swift.abs(v)
            case .sinh: return Foundation.sinh(v)
            case .cosh: return Foundation.cosh(v)
            case .tanh: return Foundation.tanh(v)
            }
        }
    }

    @usableFromInline indirect enum Node: Sendable {
        case constant(Double)
        case variable
        case negate(Node)
        /// `first ± term ± …`, left to right; `true` marks a subtracted term.
        case sum(Node, [(subtract: Bool, term: Node)])
        /// `first ×/÷ factor ×/÷ …`, left to right; `true` marks a divisor.
        case product(Node, [(divide: Bool, factor: Node)])
        case power(Node, Node)
        case call(Function, Node)

        @usableFromInline func evaluate(_ x: Double) -> Double {
            switch self {
            case .constant(let c): return c
            case .variable: return x
            case .negate(let a): return -a.evaluate(x)
            case .sum(let first, let rest):
                var value = first.evaluate(x)
                for (subtract, term) in rest {
                    let t = term.evaluate(x)
                    value = subtract ? value - t : value + t
                }
                return value
            case .product(let first, let rest):
                var value = first.evaluate(x)
                for (divide, factor) in rest {
                    let f = factor.evaluate(x)
                    value = divide ? value / f : value * f
                }
                return value
            case .power(let a, let b): return Foundation.pow(a.evaluate(x), b.evaluate(x))
            case .call(let f, let a): return f.apply(a.evaluate(x))
            }
        }
    }
}

/// Recursive-descent parser over the Unicode scalars of the source.
private struct Parser {
    let text: String
    let scalars: [Unicode.Scalar]
    var position = 0
    var depth = 0
    static let maximumDepth = 200

    init(_ text: String) {
        self.text = text
        self.scalars = Array(text.unicodeScalars)
    }

    func error(_ message: String, at index: Int? = nil) -> ExpressionError {
        ExpressionError(column: (index ?? position) + 1, message: message, expression: text)
    }

    mutating func skipSpace() {
        while position < scalars.count, scalars[position].properties.isWhitespace { position += 1 }
    }

    mutating func peek() -> Unicode.Scalar? {
        skipSpace()
        return position < scalars.count ? scalars[position] : nil
    }

    mutating func parseAll() throws -> Expression.Node {
        if peek() == nil { throw error("empty expression") }
        let node = try parseSum()
        if let c = peek() {
            if c == ")" { throw error("unmatched ')'") }
            throw error("unexpected '\(c)' after a complete expression")
        }
        return node
    }

    mutating func enter() throws {
        depth += 1
        if depth > Parser.maximumDepth { throw error("expression nested too deeply") }
    }

    mutating func parseSum() throws -> Expression.Node {
        try enter(); defer { depth -= 1 }
        let first = try parseProduct()
        var rest: [(subtract: Bool, term: Expression.Node)] = []
        while let c = peek(), c == "+" || c == "-" {
            position += 1
            rest.append((c == "-", try parseProduct()))
        }
        return rest.isEmpty ? first : .sum(first, rest)
    }

    mutating func parseProduct() throws -> Expression.Node {
        let first = try parseUnary()
        var rest: [(divide: Bool, factor: Expression.Node)] = []
        while let c = peek(), c == "*" || c == "/" {
            position += 1
            rest.append((c == "/", try parseUnary()))
        }
        return rest.isEmpty ? first : .product(first, rest)
    }

    mutating func parseUnary() throws -> Expression.Node {
        try enter(); defer { depth -= 1 }
        guard let c = peek() else { throw error("expression ends where a value was expected") }
        if c == "-" { position += 1; return .negate(try parseUnary()) }
        if c == "+" { position += 1; return try parseUnary() }
        return try parsePower()
    }

    mutating func parsePower() throws -> Expression.Node {
        let base = try parseAtom()
        if peek() == "^" {
            position += 1
            return .power(base, try parseUnary())
        }
        return base
    }

    mutating func parseAtom() throws -> Expression.Node {
        guard let c = peek() else { throw error("expression ends where a value was expected") }
        let start = position
        if c == "(" {
            position += 1
            let inner = try parseSum()
            guard peek() == ")" else { throw error("missing ')' to close '(' at column \(start + 1)") }
            position += 1
            return inner
        }
        if c.properties.numericType != nil && c.isASCII || c == "." {
            return .constant(try parseNumber())
        }
        if c.isASCII && (c.properties.isAlphabetic || c == "_") {
            var end = position
            while end < scalars.count, scalars[end].isASCII,
                  scalars[end].properties.isAlphabetic || scalars[end].properties.numericType != nil || scalars[end] == "_" {
                end += 1
            }
            let name = String(String.UnicodeScalarView(scalars[position..<end]))
            position = end
            switch name {
            case "x": return .variable
            case "pi": return .constant(Double.pi)
            case "e": return .constant(M_E)
            default:
                guard let function = Expression.Function(rawValue: name) else {
                    throw error("unknown name '\(name)' (expected x, pi, e or one of "
                        + Expression.Function.allCases.map(\.rawValue).joined(separator: ", ") + ")", at: start)
                }
                guard peek() == "(" else { throw error("function '\(name)' needs '(' after it") }
                position += 1
                let argument = try parseSum()
                guard peek() == ")" else { throw error("missing ')' after the argument of '\(name)'") }
                position += 1
                return .call(function, argument)
            }
        }
        if c == ")" { throw error("')' where a value was expected") }
        throw error("unexpected '\(c)' where a value was expected")
    }

    /// Decimal number with optional fraction and exponent.
    mutating func parseNumber() throws -> Double {
        let start = position
        func isDigit(_ i: Int) -> Bool { i < scalars.count && ("0"..."9").contains(scalars[i]) }
        var end = position
        var digits = 0
        while isDigit(end) { end += 1; digits += 1 }
        if end < scalars.count, scalars[end] == "." {
            end += 1
            while isDigit(end) { end += 1; digits += 1 }
        }
        guard digits > 0 else { throw error("malformed number", at: start) }
        if end < scalars.count, scalars[end] == "e" || scalars[end] == "E" {
            var exponentEnd = end + 1
            if exponentEnd < scalars.count, scalars[exponentEnd] == "+" || scalars[exponentEnd] == "-" { exponentEnd += 1 }
            if isDigit(exponentEnd) {
                while isDigit(exponentEnd) { exponentEnd += 1 }
                end = exponentEnd
            } else if exponentEnd < scalars.count, scalars[exponentEnd].isASCII,
                      scalars[exponentEnd].properties.isAlphabetic {
                // "2exp(x)" or "2e" followed by letters: implicit multiplication, rejected below.
            } else if end + 1 < scalars.count && (scalars[end + 1] == "+" || scalars[end + 1] == "-") {
                throw error("exponent of a number has no digits", at: end)
            }
        }
        let literal = String(String.UnicodeScalarView(scalars[start..<end]))
        guard let value = Double(literal) else { throw error("malformed number '\(literal)'", at: start) }
        position = end
        if let next = peek(), next.isASCII, next.properties.isAlphabetic || next == "(" {
            throw error("missing operator before '\(next)' (write 2*x, not 2x)")
        }
        return value
    }
}
