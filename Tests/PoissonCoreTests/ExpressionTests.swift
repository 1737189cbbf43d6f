import Foundation
import Testing
import PoissonCore
import TestSupport

@Suite struct ExpressionTests {
    @Test(arguments: [
        ("1 + 2*3", 0.0, 7.0),
        ("-x^2", 3.0, -9.0),
        ("2^3^2", 0.0, 512.0),
        ("(1+2)*3", 0.0, 9.0),
        ("1e-3 * 2E+2", 0.0, 0.2),
        (".5 + 2.", 0.0, 2.5),
        ("pi", 0.0, Double.pi),
        ("e", 0.0, M_E),
        ("exp(1) - e", 0.0, 0.0),
        ("sin(x) + 4*sin(4*x) - 8*sin(8*x) + 16*sin(24*x)", 0.3, sin(0.3) + 4 * sin(1.2) - 8 * sin(2.4) + 16 * sin(7.2)),
        ("sqrt(abs(-4)) + log(e) + cosh(0) + sinh(0) + tanh(0) + tan(0) + cos(0)", 0.0, 5.0),
        ("x/2/2", 8.0, 2.0),
        ("--x", 2.0, 2.0),
        ("2*-x", 2.0, -4.0),
        ("  x  ", 4.0, 4.0),
    ])
    func evaluates(source: String, x: Double, expected: Double) throws {
        let e = try Expression(source)
        expectClose(e.evaluate(at: x), expected, relative: 1e-14, absolute: 1e-14, source)
    }

    @Test(arguments: [
        ("", 1), ("1 +", 4), ("sin x", 5), ("2x", 2), ("sine(x)", 1), ("(1 + 2", 7), ("1 + 2)", 6),
        ("1 $ 2", 3), ("x^", 3), ("1e+", 2), ("log()", 5), ("xx", 1), ("*3", 1),
    ])
    func reportsColumn(source: String, column: Int) {
        do {
            _ = try Expression(source)
            Issue.record("\"\(source)\" should not parse")
        } catch let error as ExpressionError {
            #expect(error.column == column, "\(error)")
            #expect(!error.message.isEmpty)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "(", count: 10_000) + "x" + String(repeating: ")", count: 10_000)
        #expect(throws: ExpressionError.self) { try Expression(deep) }
        let minus = String(repeating: "-", count: 10_000) + "x"
        #expect(throws: ExpressionError.self) { try Expression(minus) }
    }
}
