/// A real function of one variable, given either as a Swift closure or as a parsed
/// `Expression`. The source term `g` and the exact solution `u` of a problem are both of this
/// type.
public struct ScalarFunction: Sendable, CustomStringConvertible {
    private let body: @Sendable (Double) -> Double
    /// The expression text when built from a string, `nil` for a closure.
    public let expression: String?

    /// Wraps a closure; `label` is only used for descriptions.
    public init(label: String = "<closure>", _ body: @escaping @Sendable (Double) -> Double) {
        self.body = body
        self.expression = nil
        self.label = label
    }

    /// Parses an expression string (grammar in `Expression`); throws `ExpressionError`.
    public init(expression source: String) throws {
        let parsed = try Expression(source)
        self.body = { parsed.evaluate(at: $0) }
        self.expression = source
        self.label = source
    }

    private let label: String

    /// The value at `x`.
    @inlinable public func callAsFunction(_ x: Double) -> Double { evaluate(x) }

    /// The value at `x`.
    public func evaluate(_ x: Double) -> Double { body(x) }

    /// Values at every grid point (boundary included), `n` entries. Throws
    /// `PoissonError.nonFiniteFunction` naming the first point where the value is NaN or ±∞;
    /// `name` ("source", "exact solution") goes into that message.
    public func sample(on grid: UniformGrid, name: String) throws -> [Double] {
        var values = [Double](repeating: 0, count: grid.pointCount)
        for j in 0..<grid.pointCount {
            let x = grid.coordinate(j)
            let v = body(x)
            guard v.isFinite else { throw PoissonError.nonFiniteFunction(name: name, index: j, x: x, value: v) }
            values[j] = v
        }
        return values
    }

    public var description: String { label }
}
