import Foundation
import PoissonCore

/// Model problems with known answers, shared by the test targets.
public enum ReferenceProblems {
    /// `−u'' = 2` on (0, 1), `u = x(1 − x)`: a quadratic, which the central difference
    /// reproduces exactly at the nodes (its truncation error involves u'''' = 0).
    public static func quadratic() -> PoissonProblem {
        try! PoissonProblem(lower: 0, upper: 1, source: ScalarFunction { _ in 2 },
                            exact: ScalarFunction { x in x * (1 - x) })
    }

    /// `−u'' = π² sin(πx)` on (−1, 1), `u = sin(πx)`, zero boundary values.
    public static func sine() -> PoissonProblem {
        try! PoissonProblem(lower: -1, upper: 1, source: ScalarFunction { x in .pi * .pi * sin(.pi * x) },
                            exact: ScalarFunction { x in sin(.pi * x) })
    }

    /// A manufactured smooth solution with non-zero boundary values on (0, 2):
    /// `u = exp(x) sin(3x)`, `g = −u'' = −exp(x)(−8 sin 3x + 6 cos 3x)`.
    public static func manufactured() -> PoissonProblem {
        try! PoissonProblem(lower: 0, upper: 2, lowerValue: 0, upperValue: exp(2) * sin(6),
                            source: ScalarFunction { x in -exp(x) * (-8 * sin(3 * x) + 6 * cos(3 * x)) },
                            exact: ScalarFunction { x in exp(x) * sin(3 * x) })
    }

    /// The seed paper's problem (Xu et al. 2019, Fig. 4): `−u'' = sin x + 4 sin 4x − 8 sin 8x +
    /// 16 sin 24x` on (−1, 1), zero boundary values; the exact solution is
    /// `g0(x) + c1 x + c0` with `g0 = sin x + sin(4x)/4 − sin(8x)/8 + sin(24x)/36` (paper-facts §1).
    public static func paper() -> PoissonProblem {
        let source = "sin(x) + 4*sin(4*x) - 8*sin(8*x) + 16*sin(24*x)"
        let g0: @Sendable (Double) -> Double = { x in sin(x) + sin(4 * x) / 4 - sin(8 * x) / 8 + sin(24 * x) / 36 }
        let c1 = (g0(-1) - g0(1)) / 2, c0 = -(g0(-1) + g0(1)) / 2
        return try! PoissonProblem(lower: -1, upper: 1, source: ScalarFunction(expression: source),
                                   exact: ScalarFunction { x in g0(x) + c1 * x + c0 })
    }
}
