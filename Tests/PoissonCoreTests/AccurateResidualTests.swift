import Foundation
import Testing
import PoissonCore
import TestSupport

/// `accurateResidual` against the residual computed exactly in integer arithmetic, and the
/// refined `directSolution` against discrete solutions known exactly.
@Suite struct AccurateResidualTests {
    /// `x·2^e` as an exact integer (precondition: it is one and fits).
    private static func scaled(_ x: Double, _ e: Int) -> Int128 {
        Int128(exactly: x * Double(sign: .plus, exponent: e, significand: 1))!
    }

    /// A problem on (0, 1) with n = 1001 (h = 1e-3 is not a power of two, so h² = 1e-6 rounds)
    /// and a source in [512, 1024): then `h²`, `g_j` and every `u_j` with 2⁻⁶³ ≤ |u_j| < 2¹¹
    /// are integers times 2⁻⁷², 2⁻⁴³ and 2⁻¹¹⁵, and `h²g_j − (2u_j − u_{j−1} − u_{j+1})` is an
    /// exact integer times 2⁻¹¹⁵ in Int128 (products of two 53-bit integers: 106 bits).
    static let discrete = try! DiscretePoisson(
        problem: try! PoissonProblem(lower: 0, upper: 1,
                                     source: ScalarFunction { x in 768 + 255 * sin(37 * x) * cos(5 * x) }),
        pointCount: 1001)

    /// The exact `h²r_j = h²g_j − (2u_j − u_{j−1} − u_{j+1})`, `j = 1 … N`, computed in Int128
    /// and rounded once to double.
    static func exactScaledResidual(_ u: [Double]) -> [Double] {
        let g = discrete.source, h2 = discrete.spacing * discrete.spacing
        let e = 115
        let h2Int = scaled(h2, 72)
        return (1..<(u.count - 1)).map { j in
            let product = h2Int * scaled(g[j], 43)
            let stencil = scaled(2 * u[j], e) - scaled(u[j - 1], e) - scaled(u[j + 1], e)
            return Double(product - stencil) * Double(sign: .plus, exponent: -e, significand: 1)
        }
    }

    /// Worst |computed·h² − exact h²r| over the documented bound
    /// `4 ulp(h²r_j) + 4ε²(h²|g_j| + 2|u_j| + |u_{j−1}| + |u_{j+1}|)`, interior points
    /// (≤ 1 means within the bound).
    static func worstOverBound(_ r: [Double], against exact: [Double], _ u: [Double]) -> Double {
        let g = discrete.source, h2 = discrete.spacing * discrete.spacing
        let eps2 = 0x1p-106
        var worst = 0.0
        for j in 1..<(r.count - 1) {
            let x = exact[j - 1]
            let terms = h2 * abs(g[j]) + 2 * abs(u[j]) + abs(u[j - 1]) + abs(u[j + 1])
            let bound = 4 * x.ulp + 4 * eps2 * terms
            worst = max(worst, abs(r[j] * h2 - x) / bound)
        }
        return worst
    }

    /// Three iterates: the discrete solution (the residual is round-off: the terms cancel to
    /// ~1e-16 of themselves), the solution plus a small rough perturbation, and a rough O(1)
    /// vector. The accurate residual is within its documented bound in every entry; the plainly
    /// rounded residual is not (off by orders of magnitude where the terms cancel), so the check
    /// can fail.
    @Test func accurateResidualIsWithinItsBoundOfTheExactOne() {
        let d = Self.discrete, n = d.pointCount
        let solution = d.directSolution()
        var rng = SeededGenerator(seed: 5)
        let perturbed = solution.enumerated().map { j, v in
            j == 0 || j == n - 1 ? v : v + 1e-9 * Double(Int(rng.next() % 2001) - 1000) / 1024
        }
        let rough = (0..<n).map { j in j == 0 || j == n - 1 ? 0 : Double(Int(rng.next() % 2001) - 1000) / 700 }
        var r = [Double](repeating: .nan, count: n)
        for (name, u) in [("solution", solution), ("perturbed", perturbed), ("rough", rough)] {
            #expect(u.allSatisfy { $0 == 0 || (abs($0) >= 0x1p-63 && abs($0) < 0x1p11) }, "\(name): outside the exact range")
            let exact = Self.exactScaledResidual(u)
            d.accurateResidual(of: u, into: &r)
            #expect(r[0] == 0 && r[n - 1] == 0)
            let accurate = Self.worstOverBound(r, against: exact, u)
            d.residual(of: u, into: &r)
            let plain = Self.worstOverBound(r, against: exact, u)
            print("accurate residual, \(name): worst error / bound \(accurate) (plain residual: \(plain))")
            #expect(accurate <= 1, "\(name): \(accurate) of the bound")
            #expect(plain > (name == "rough" ? 5 : 1e6), "\(name): the plain residual should miss the bound")
        }
    }

    /// `−u'' = 2` on (0, 1) with n = 2^k + 1: h = 2^−k, and the discrete solution
    /// `u_j = x_j(1 − x_j) = j(M − j)h²` is exactly representable, as is `A u = 2`. Thomas alone
    /// is off by ~0.4·N²·ε (~1e-6 at 2^20); refined, the solution is within 2 ulps of 1/4.
    @Test(arguments: [17, 1025, 65_537, 1_048_577])
    func directSolutionIsAccurateToAboutAnUlp(pointCount: Int) throws {
        let discrete = try DiscretePoisson(problem: ReferenceProblems.quadratic(), pointCount: pointCount)
        let exact = try #require(try discrete.exactSolution())
        let error = GridNorms.maxDifference(discrete.directSolution(), exact)
        #expect(error <= 2 * 0.25.ulp, "n = \(pointCount): max error \(error)")
    }
}
