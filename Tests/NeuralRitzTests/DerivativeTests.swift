import Foundation
import Testing
import PoissonCore
import TestSupport
@testable import NeuralRitz

/// Acceptance 1: the hand-written forward, input-tangent and backward passes against
/// independent references — finite differences and a BLAS-free hyper-dual evaluation.
@Suite struct DerivativeTests {
    static let problem = ReferenceProblems.sine()
    /// Fit target for the least-squares checks: smooth, not in the network's span.
    static let target = ScalarFunction { x in cos(2 * x) + 0.3 * x }
    /// The losses checked: both Ritz quadratures (a moderate β keeps every term visible)
    /// and least squares.
    static let losses: [(String, TrainingLoss)] = [
        ("ritz interior", .ritz(penalty: 10)),
        ("ritz trapezoid", .ritz(penalty: 10, quadrature: .trapezoid)),
        ("least squares", .leastSquares(target: .function(target))),
    ]

    /// Every parameter's gradient matches a fourth-order central difference of the loss,
    /// `(−L(θ+2ε) + 8L(θ+ε) − 8L(θ−ε) + L(θ−2ε)) / 12ε`, ε = 1e-4: truncation `O(ε⁴) ≈ 1e-16`,
    /// round-off `≈ u·|L|/ε ≈ 1e-12·|L|`, so 1e-6 relative is a wide margin for a wrong
    /// derivative to show. Relative to `max(|g|, |fd|, 1e-2·max_j |g_j|)`: components below 1 %
    /// of the largest are judged against that 1 % (their FD round-off is the same size).
    /// relu networks are drawn with every pre-activation ≥ 0.02 away from its kink, far more
    /// than the perturbation 2ε·|input| can move it.
    @Test(arguments: Activation.allCases)
    func gradientMatchesFiniteDifferences(activation: Activation) throws {
        let grid = try Self.problem.grid(pointCount: 7)
        let network = try #require(try Networks.awayFromKinks([4, 3], activation, points: grid.coordinates, margin: 0.02))
        // One batch, and 3 chunks on 2 workers (the ends in different chunks; chunk sums reduced).
        let splits = [TrainingParallelism.singleBatch, try TrainingParallelism(chunkCount: 3, threads: 2)]
        for (name, loss) in Self.losses {
            for split in splits {
                try expectGradientMatchesFiniteDifferences(network, problem: Self.problem, grid: grid, loss: loss,
                                                           split: split, "\(activation) \(name)")
            }
        }
    }

    /// `h'(x)` from the tangent pass matches a fourth-order central difference of `h` in `x`
    /// (ε = 1e-3: truncation ≈ ε⁴|h⁽⁵⁾|/30 ≲ 1e-12, round-off ≈ 1e-13) to 1e-8 relative to
    /// `max(|h'|, 1)`. For relu (piecewise linear `h`) every pre-activation stays 0.02 away
    /// from its kink, more than the stencil's ±2ε can move it; likewise srelu's and s2relu's
    /// kinks at 0 and 1. s2relu's `sin 2πz` makes `h⁽⁵⁾` ~ (2π)⁵ ≈ 1e4 times larger, so its
    /// stencil uses ε/4 (truncation down 256-fold, round-off ≈ 4e-13).
    @Test(arguments: Activation.allCases)
    func inputDerivativeMatchesFiniteDifferences(activation: Activation) throws {
        let points = stride(from: -0.9, through: 0.9, by: 0.2).map { $0 }
        let network = try #require(try Networks.awayFromKinks([5, 4], activation, points: points, margin: 0.02))
        let (values, derivatives) = network.valuesAndDerivatives(at: points)
        expectClose(values, network.values(at: points), relative: Tolerance.roundOff, absolute: 1e-15)
        let epsilon = activation == .s2relu ? 2.5e-4 : 1e-3
        for (i, x) in points.enumerated() {
            let h = network.values(at: [x - 2 * epsilon, x - epsilon, x + epsilon, x + 2 * epsilon])
            let fd = (h[0] - 8 * h[1] + 8 * h[2] - h[3]) / (12 * epsilon)
            #expect(abs(derivatives[i] - fd) <= 1e-8 * max(abs(derivatives[i]), 1),
                    "\(activation) x = \(x): h' = \(derivatives[i]), FD \(fd)")
        }
    }

    /// The GEMM forward pass equals the scalar hyper-dual reference (values and input
    /// derivatives) to round-off: the two differ only in summation order.
    @Test(arguments: Activation.allCases)
    func forwardPassMatchesScalarReference(activation: Activation) throws {
        let points = stride(from: -1.0, through: 1.0, by: 0.25).map { $0 }
        let network = try Networks.make([7, 5, 3], activation, seed: 11)
        let (values, derivatives) = network.valuesAndDerivatives(at: points)
        for (i, x) in points.enumerated() {
            let reference = referenceEvaluation(network, direction: nil, at: x).output
            expectClose(values[i], reference.v, relative: 1e-13, absolute: 1e-14, "h(\(x))")
            expectClose(derivatives[i], reference.dx, relative: 1e-13, absolute: 1e-14, "h'(\(x))")
        }
    }

    // The dot-product test ⟨J v, w⟩ = ⟨v, Jᵀ w⟩ for every activation and stream count, the
    // plain MLP included: NetworkFamilyTests.backwardPassIsTheTransposeOfTheTangentMaps.

    /// The loss the trainer reports is the documented formula, evaluated here from `h`, `h'`
    /// of the network: both quadratures (which points carry which weight) and least squares.
    @Test func lossesFollowTheirDocumentedFormulas() throws {
        let problem = try PoissonProblem(lower: -1, upper: 1, lowerValue: 0.25, upperValue: -0.5,
                                         source: ScalarFunction { x in 1 + x * x })
        let grid = try problem.grid(pointCount: 9)
        let network = try Networks.make([5], .tanh, seed: 3)
        let x = grid.coordinates, m = x.count, dx = grid.spacing, beta = 7.0
        let (h, hp) = network.valuesAndDerivatives(at: x)
        let penalty = beta * pow(h[0] - 0.25, 2) + beta * pow(h[m - 1] + 0.5, 2)
        func integral(boundaryWeight: Double) -> Double {
            (0..<m).reduce(0) { sum, i in
                let w = (i == 0 || i == m - 1) ? boundaryWeight : dx
                return sum + w * (0.5 * hp[i] * hp[i] - problem.source(x[i]) * h[i])
            }
        }
        let interior = try RitzTrainer(network: network, problem: problem, trainingPoints: grid,
                                       loss: .ritz(penalty: beta), optimizer: .gradientDescent(learningRate: 1))
        expectClose(interior.loss, integral(boundaryWeight: 0) + penalty, relative: 1e-13)
        let trapezoid = try RitzTrainer(network: network, problem: problem, trainingPoints: grid,
                                        loss: .ritz(penalty: beta, quadrature: .trapezoid),
                                        optimizer: .gradientDescent(learningRate: 1))
        expectClose(trapezoid.loss, integral(boundaryWeight: dx / 2) + penalty, relative: 1e-13)
        let y = x.map { sin(3 * $0) }
        let fit = try RitzTrainer(network: network, problem: problem, trainingPoints: grid,
                                  loss: .leastSquares(target: .values(y)), optimizer: .gradientDescent(learningRate: 1))
        let mean = zip(h, y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(m)
        expectClose(fit.loss, mean, relative: 1e-13)
    }
}

/// float32 training (`NetworkPrecision.float32`): the same passes in `Float` with SGEMM,
/// checked against the float64 trainer at the same (Float-representable) parameters and against
/// finite differences, with tolerances derived from Float's epsilon `u = 2⁻²³`.
@Suite struct SinglePrecisionTests {
    static let problem = ReferenceProblems.sine()

    /// A network whose parameters are exactly representable in `Float`, so both precisions
    /// start from the same point.
    static func network(_ widths: [Int], seed: UInt64) throws -> MultilayerPerceptron {
        let drawn = try Networks.make(widths, .tanh, seed: seed)
        return try MultilayerPerceptron(architecture: drawn.architecture,
                                        parameters: drawn.parameters.map { Double(Float($0)) })
    }

    /// Loss and gradient in float32 agree with float64 to `1e3·u` relative (the loss) and
    /// `1e3·u` of the gradient's largest entry (each entry): round-off of a few hundred Float
    /// operations per point, summed in Double. Checked for one batch and for 3 chunks.
    @Test func lossAndGradientMatchDoublePrecision() throws {
        let network = try Self.network([12, 10], seed: 5)
        let grid = try Self.problem.grid(pointCount: 41)
        let u = Double(Float.ulpOfOne)
        for split in [TrainingParallelism.singleBatch, try TrainingParallelism(chunkCount: 3, threads: 2)] {
            for loss in [TrainingLoss.ritz(penalty: 10), .leastSquares(target: .function(ScalarFunction { cos(2 * $0) }))] {
                let double = try RitzTrainer(network: network, problem: Self.problem, trainingPoints: grid, loss: loss,
                                             optimizer: .adam(learningRate: 1e-3), parallelism: split)
                let single = try RitzTrainer(network: network, problem: Self.problem, trainingPoints: grid, loss: loss,
                                             optimizer: .adam(learningRate: 1e-3), parallelism: split, precision: .float32)
                #expect(single.precision == .float32)
                #expect(abs(single.loss - double.loss) <= 1e3 * u * abs(double.loss))
                let g64 = double.gradientAtCurrentParameters(), g32 = single.gradientAtCurrentParameters()
                let scale = g64.map(abs).max()!
                let worst = zip(g32, g64).map { abs($0 - $1) }.max()!
                #expect(worst <= 1e3 * u * scale, "gradient differs by \(worst / scale) of its scale")
                // Hand-over values: the float32 network in Float, widened.
                expectClose(single.values(on: grid), double.values(on: grid), relative: 1e3 * u, absolute: 1e3 * u)
                #expect(single.network.parameters == network.parameters)
            }
        }
    }

    /// The float32 gradient against a central difference of the float32 loss: with steps
    /// `ε = 2⁻⁷` the truncation is `O(ε²)·|L'''| ≈ 6e-5` relative and the round-off of the Float
    /// loss `≈ 1e2·u·|L|/ε`, so `√u ≈ 3.5e-4` (the half-the-digits tier) of the gradient scale
    /// plus that round-off bounds a correct derivative; a wrong one is off by O(1).
    @Test func gradientMatchesFiniteDifferencesInSinglePrecision() throws {
        let network = try Self.network([5, 4], seed: 11)
        let grid = try Self.problem.grid(pointCount: 9)
        let loss = TrainingLoss.ritz(penalty: 10)
        let trainer = try RitzTrainer(network: network, problem: Self.problem, trainingPoints: grid, loss: loss,
                                      optimizer: .gradientDescent(learningRate: 1), precision: .float32)
        let gradient = trainer.gradientAtCurrentParameters()
        let scale = gradient.map(abs).max()!
        let u = Double(Float.ulpOfOne), epsilon = 0x1p-7
        let tolerance = u.squareRoot() * scale + 1e2 * u * abs(trainer.loss) / epsilon
        func lossAt(_ index: Int, _ shift: Double) throws -> Double {
            var theta = network.parameters
            theta[index] += shift                                   // exact in Float: |θ| ≲ 4, shift 2⁻⁷
            return try RitzTrainer(network: MultilayerPerceptron(architecture: network.architecture, parameters: theta),
                                   problem: Self.problem, trainingPoints: grid, loss: loss,
                                   optimizer: .gradientDescent(learningRate: 1), precision: .float32).loss
        }
        for index in 0..<network.parameterCount {
            let fd = (try lossAt(index, epsilon) - (try lossAt(index, -epsilon))) / (2 * epsilon)
            #expect(abs(gradient[index] - fd) <= tolerance, "parameter \(index): gradient \(gradient[index]) vs FD \(fd)")
        }
    }

    /// float32 training is reproducible, independent of the worker count, and trains.
    @Test func singlePrecisionTrainingIsReproducible() throws {
        let network = try Self.network([16, 16], seed: 3)
        let grid = try Self.problem.grid(pointCount: 257)
        func run(_ threads: Int) throws -> [Double] {
            var trainer = try RitzTrainer(network: network, problem: Self.problem, trainingPoints: grid,
                                          loss: .ritz(penalty: 100), optimizer: .adam(learningRate: 1e-2),
                                          parallelism: TrainingParallelism(chunkCount: 4, threads: threads), precision: .float32)
            var losses = [trainer.loss]
            for _ in 0..<30 { try trainer.step(); losses.append(trainer.loss) }
            return losses
        }
        let one = try run(1), two = try run(2)
        #expect(one.map(\.bitPattern) == two.map(\.bitPattern))
        #expect(one.last! < one.first!)
    }
}
