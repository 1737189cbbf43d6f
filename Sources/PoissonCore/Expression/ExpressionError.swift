/// A syntax error in an expression string, with the 1-based column where it was found.
public struct ExpressionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based column (in Unicode scalars) of the offending character or token.
    public let column: Int
    /// What is wrong, e.g. "unknown function 'sine'".
    public let message: String
    /// The expression that failed to parse.
    public let expression: String

    public init(column: Int, message: String, expression: String) {
        self.column = column
        self.message = message
        self.expression = expression
    }

    public var description: String { "column \(column): \(message) in \"\(expression)\"" }
}
