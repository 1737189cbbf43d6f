import Foundation
import PoissonCore
import ClassicalSolvers

/// Helpers shared by the ClassicalSolvers tests.
enum SolverTestSupport {
    /// The sine eigenvector `v_k(j) = sin(kπj/(N+1))` as a grid vector (zero at both ends).
    static func sineMode(_ k: Int, pointCount n: Int) -> [Double] {
        (0..<n).map { j in j == 0 || j == n - 1 ? 0 : sin(Double(k) * .pi * Double(j) / Double(n - 1)) }
    }

    /// The coefficient of `v_k` in `e`: `Σ_j e_j v_k(j) / Σ_j v_k(j)²` (the sine modes are
    /// orthogonal on the interior points).
    static func sineCoefficient(of e: [Double], mode k: Int) -> Double {
        let v = sineMode(k, pointCount: e.count)
        var dot = 0.0, norm = 0.0
        for j in 1..<(e.count - 1) { dot += e[j] * v[j]; norm += v[j] * v[j] }
        return dot / norm
    }

    /// The homogeneous problem `−u'' = 0`, `u(0) = u(1) = 0` (solution 0): iterating on it
    /// from a random start measures contraction without any round-off floor.
    static func homogeneous(pointCount n: Int) throws -> DiscretePoisson {
        let problem = try PoissonProblem(lower: 0, upper: 1, source: ScalarFunction { _ in 0 })
        return try DiscretePoisson(problem: problem, pointCount: n)
    }

    /// A grid vector with uniform random interior entries in [−1, 1] and zero ends.
    static func randomGuess(pointCount n: Int, seed: UInt64) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        var u = (0..<n).map { _ in Double.random(in: -1...1, using: &generator) }
        u[0] = 0
        u[n - 1] = 0
        return u
    }

    /// Every multigrid configuration the tests sweep over: V, W, F × each smoother, (2,1).
    static let allCyclesAndSmoothers: [MultigridConfiguration] = MultigridCycle.allCases.flatMap { cycle in
        [MultigridSmoother.weightedJacobi(weight: 2.0 / 3.0), .gaussSeidel, .redBlackGaussSeidel].map {
            MultigridConfiguration(cycle: cycle, smoother: $0)
        }
    }

    /// A short name for a configuration in test messages.
    static func label(_ c: MultigridConfiguration) -> String {
        let smoother: String
        switch c.smoother {
        case .weightedJacobi(let weight): smoother = "Jacobi(ω=\(String(format: "%.3g", weight)))"
        case .gaussSeidel: smoother = "GS"
        case .redBlackGaussSeidel: smoother = "RBGS"
        }
        return "\(c.cycle)(\(c.preSmoothing),\(c.postSmoothing)) \(smoother)"
    }
}
