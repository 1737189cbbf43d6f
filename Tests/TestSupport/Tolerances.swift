import Testing
import PoissonCore

/// Tolerance tiers used across the tests, each with the reason it has that size.
public enum Tolerance {
    /// Round-off in a short chain of double operations: ~1e3 ulp of 1.
    public static let roundOff = 1e3 * Double.ulpOfOne
    /// Half the digits: what survives a finite-difference derivative or a cancellation, √ulp.
    public static let halfDigits = Double.ulpOfOne.squareRoot()
}

/// Records an issue at the caller's line unless `|actual − expected| ≤ absolute + relative·|expected|`.
public func expectClose(_ actual: Double, _ expected: Double,
                        relative: Double = Tolerance.roundOff, absolute: Double = 0,
                        _ comment: @autoclosure () -> String = "",
                        sourceLocation: SourceLocation = #_sourceLocation) {
    let bound = absolute + relative * abs(expected)
    let ok = abs(actual - expected) <= bound
    #expect(ok, "\(comment()) got \(actual), expected \(expected) (|Δ| = \(abs(actual - expected)) > \(bound))",
            sourceLocation: sourceLocation)
}

/// Elementwise `expectClose` over two arrays of equal length; reports the worst entry only.
public func expectClose(_ actual: [Double], _ expected: [Double],
                        relative: Double = Tolerance.roundOff, absolute: Double = 0,
                        _ comment: @autoclosure () -> String = "",
                        sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "lengths differ", sourceLocation: sourceLocation)
    guard actual.count == expected.count else { return }
    var worst = -1, worstExcess = 0.0
    for i in actual.indices {
        let excess = abs(actual[i] - expected[i]) - (absolute + relative * abs(expected[i]))
        if excess > worstExcess || (excess.isNaN) { worst = i; worstExcess = excess; if excess.isNaN { break } }
    }
    #expect(worst < 0, "\(comment()) entry \(worst): got \(worst < 0 ? 0 : actual[worst]), expected \(worst < 0 ? 0 : expected[worst])",
            sourceLocation: sourceLocation)
}
