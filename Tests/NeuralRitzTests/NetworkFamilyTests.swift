#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import Testing
import PoissonCore
import TestSupport
@testable import NeuralRitz

/// Small networks of each input stage for the derivative tests.
enum FamilyNetworks {
    /// The stages checked: plain, MscaleDNN with uneven groups ([1, 2, 4] over 5 neurons:
    /// sizes 2, 2, 1), and 3 Fourier features of scale 0.7 (seeded).
    static func family(_ name: String) throws -> NetworkFamily {
        switch name {
        case "mlp": return .perceptron
        case "mscale": return .multiscale(scales: [1, 2, 4])
        default:
            var generator = SeededGenerator(seed: 17)
            return .fourier(try FourierFeatures(count: 3, scale: 0.7, using: &generator))
        }
    }
    static let names = ["mlp", "mscale", "fourier"]
    static let smooth: [Activation] = Activation.allCases.filter(\.isSmooth)

    /// A `[5, 3]` network of the stage `name`, seeded; for kinked activations the first seed
    /// whose pre-activations at `points` keep `margin` from every kink.
    static func make(_ name: String, _ activation: Activation, points: [Double] = [], margin: Double = 0,
                     widths: [Int] = [5, 3], seed: UInt64 = 1) throws -> MultilayerPerceptron {
        let architecture = try NetworkArchitecture(hiddenWidths: widths, activation: activation, family: try family(name))
        for attempt in seed..<(seed + 500) {
            var generator = SeededGenerator(seed: attempt)
            let network = try MultilayerPerceptron(
                architecture: architecture,
                initialization: GaussianInitialization(weightStandardDeviation: 0.8, biasStandardDeviation: 0.5),
                using: &generator)
            if activation.isSmooth || kinkDistance(network, points) > margin { return network }
        }
        throw NeuralError.emptyWidths
    }

    static func kinkDistance(_ network: MultilayerPerceptron, _ points: [Double]) -> Double {
        let z = points.flatMap { jetEvaluation(network, direction: nil, at: $0).preactivations }
        guard !z.isEmpty else { return .infinity }
        return network.architecture.activation == .relu
            ? z.map(abs).min()! : z.map { min(abs($0), abs($0 - 1)) }.min()!
    }
}

/// Every gradient entry of `loss` at `network` against the fourth-order central difference
/// `(−L(θ+2ε) + 8L(θ+ε) − 8L(θ−ε) + L(θ−2ε)) / 12ε`, ε = 1e-4 (truncation `O(ε⁴)`, round-off
/// `≈ u|L|/ε ≈ 1e-12|L|`), to 1e-6 relative to `max(|g|, |fd|, 1e-2·max_j |g_j|)`: components
/// below 1 % of the largest are judged against that 1 % (their FD round-off is the same size).
func expectGradientMatchesFiniteDifferences(_ network: MultilayerPerceptron, problem: PoissonProblem, grid: UniformGrid,
                                            loss: TrainingLoss, split: TrainingParallelism, _ label: String,
                                            sourceLocation: SourceLocation = #_sourceLocation) throws {
    func trainer(_ net: MultilayerPerceptron) throws -> RitzTrainer {
        try RitzTrainer(network: net, problem: problem, trainingPoints: grid, loss: loss,
                        optimizer: .gradientDescent(learningRate: 1), parallelism: split)
    }
    let gradient = try trainer(network).gradientAtCurrentParameters()
    let scale = 1e-2 * gradient.map(abs).max()!
    #expect(scale > 0, sourceLocation: sourceLocation)
    func lossAt(_ index: Int, _ shift: Double) throws -> Double {
        var theta = network.parameters
        theta[index] += shift
        return try trainer(try MultilayerPerceptron(architecture: network.architecture, parameters: theta)).loss
    }
    let epsilon = 1e-4
    for index in 0..<network.parameterCount {
        let fd = (-(try lossAt(index, 2 * epsilon)) + 8 * (try lossAt(index, epsilon))
                  - 8 * (try lossAt(index, -epsilon)) + (try lossAt(index, -2 * epsilon))) / (12 * epsilon)
        let error = abs(gradient[index] - fd) / max(abs(gradient[index]), abs(fd), scale)
        #expect(error <= 1e-6, "\(label) \(split.chunkCount) chunks: parameter \(index): gradient \(gradient[index]) vs FD \(fd)",
                sourceLocation: sourceLocation)
    }
}

/// The multiscale and Fourier input stages and the PINN loss against independent references:
/// finite differences, a BLAS-free jet evaluation (`jetEvaluation`) and hand-derived counts.
@Suite struct NetworkFamilyTests {
    static let problem = ReferenceProblems.sine()
    static let target = ScalarFunction { x in cos(2 * x) + 0.3 * x }
    static let losses: [(String, TrainingLoss)] = [
        ("ritz", .ritz(penalty: 10)), ("fit", .leastSquares(target: .function(target))), ("pinn", .pinn(penalty: 10)),
    ]

    /// Acceptance: every parameter × {mlp, mscale, fourier} × {ritz, fit, pinn} × every smooth
    /// activation, float64, one batch and 3 chunks on 2 workers.
    @Test(arguments: FamilyNetworks.names, FamilyNetworks.smooth)
    func gradientMatchesFiniteDifferences(family: String, activation: Activation) throws {
        let grid = try Self.problem.grid(pointCount: 7)
        let network = try FamilyNetworks.make(family, activation)
        for (name, loss) in Self.losses {
            for split in [TrainingParallelism.singleBatch, try TrainingParallelism(chunkCount: 3, threads: 2)] {
                try expectGradientMatchesFiniteDifferences(network, problem: Self.problem, grid: grid, loss: loss,
                                                           split: split, "\(family) \(activation) \(name)")
            }
        }
    }

    /// The forward pass with both tangents equals the jet reference (`h`, `h'`, `h''`) to
    /// round-off (the two differ in summation order only), for every activation; the one- and
    /// two-stream passes give the same `h`, `h'`.
    @Test(arguments: FamilyNetworks.names, Activation.allCases)
    func forwardPassMatchesTheJetReference(family: String, activation: Activation) throws {
        let points = stride(from: -1.0, through: 1.0, by: 0.25).map { $0 }
        let network = try FamilyNetworks.make(family, activation, points: points, margin: 1e-3)
        let (h, hp, hpp) = network.valuesAndSecondDerivatives(at: points)
        for (i, x) in points.enumerated() {
            let reference = jetEvaluation(network, direction: nil, at: x).output
            expectClose(h[i], reference.v.v, relative: 1e-12, absolute: 1e-13, "\(family) h(\(x))")
            expectClose(hp[i], reference.d1.v, relative: 1e-12, absolute: 1e-12, "\(family) h'(\(x))")
            expectClose(hpp[i], reference.d2.v, relative: 1e-12, absolute: 1e-11, "\(family) h''(\(x))")
        }
        let (h2, hp2) = network.valuesAndDerivatives(at: points)
        expectClose(h2, h, relative: 1e-14, absolute: 1e-15)
        expectClose(hp2, hp, relative: 1e-14, absolute: 1e-14)
        expectClose(network.values(at: points), h, relative: 1e-14, absolute: 1e-15)
    }

    /// `h'` and `h''` against differences of `h` itself (no reference network involved):
    /// `h' ≈ (h₋₂ − 8h₋₁ + 8h₁ − h₂)/12ε`, `h'' ≈ (−h₋₂ + 16h₋₁ − 30h₀ + 16h₁ − h₂)/12ε²`,
    /// ε = 1e-3: truncation `ε⁴|h⁽⁵⁾|/30`, `ε⁴|h⁽⁶⁾|/90` ≲ 1e-9 for these small networks (the
    /// Fourier ones have `|ω| ≲ 10`), round-off ≈ 1e-13 and ≈ 1e-9 (`64u|h|/12ε²`); 1e-6
    /// relative to `max(|·|, 1)` separates a wrong derivative from both.
    @Test(arguments: FamilyNetworks.names, FamilyNetworks.smooth)
    func derivativesMatchDifferencesOfTheValues(family: String, activation: Activation) throws {
        let points = stride(from: -0.9, through: 0.9, by: 0.3).map { $0 }
        let network = try FamilyNetworks.make(family, activation)
        let (_, hp, hpp) = network.valuesAndSecondDerivatives(at: points)
        let epsilon = 1e-3
        for (i, x) in points.enumerated() {
            let h = network.values(at: (-2...2).map { x + Double($0) * epsilon })
            let first = (h[0] - 8 * h[1] + 8 * h[3] - h[4]) / (12 * epsilon)
            let second = (-h[0] + 16 * h[1] - 30 * h[2] + 16 * h[3] - h[4]) / (12 * epsilon * epsilon)
            #expect(abs(hp[i] - first) <= 1e-6 * max(abs(hp[i]), 1), "\(family) \(activation) h'(\(x)) = \(hp[i]), FD \(first)")
            #expect(abs(hpp[i] - second) <= 1e-6 * max(abs(hpp[i]), 1), "\(family) \(activation) h''(\(x)) = \(hpp[i]), FD \(second)")
        }
    }

    /// The dot-product test `⟨J v, w⟩ = ⟨v, Jᵀ w⟩` for `θ ↦ [h | h' | h'']` (and the one- and
    /// two-stream maps): `J v` from the jet reference's parameter-direction parts, `Jᵀ w` from
    /// the library's backward pass with random seeds `w`. Agreement to 1e-12 relative.
    @Test(arguments: FamilyNetworks.names, Activation.allCases)
    func backwardPassIsTheTransposeOfTheTangentMaps(family: String, activation: Activation) throws {
        let points = [-0.9, -0.55, -0.2, 0.15, 0.5, 0.85]
        let network = try FamilyNetworks.make(family, activation, points: points, margin: 0.02)
        var generator = SeededGenerator(seed: 99)
        let direction = (0..<network.parameterCount).map { _ in generator.nextGaussian() }
        let m = points.count
        let jv = points.map { jetEvaluation(network, direction: direction, at: $0).output }
        for streams in [3, 2, 1] {
            let seeds = (0..<(streams * m)).map { _ in generator.nextGaussian() }
            var left = 0.0
            for i in 0..<m {
                left += jv[i].v.t * seeds[i]
                if streams >= 2 { left += jv[i].d1.t * seeds[m + i] }
                if streams == 3 { left += jv[i].d2.t * seeds[2 * m + i] }
            }
            let jtw = libraryTransposedProduct(network, points: points, streams: streams, seeds: seeds)
            let right = zip(direction, jtw).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs(left - right) <= 1e-12 * max(abs(left), abs(right)),
                    "\(family) \(activation), \(streams) stream(s): ⟨Jv, w⟩ = \(left), ⟨v, Jᵀw⟩ = \(right)")
        }
    }

    /// The PINN loss is its documented formula, from `h`, `h''` of the network.
    @Test func pinnLossFollowsItsFormula() throws {
        let problem = try PoissonProblem(lower: -1, upper: 1, lowerValue: 0.25, upperValue: -0.5,
                                         source: ScalarFunction { x in 1 + x * x })
        let grid = try problem.grid(pointCount: 9)
        for family in FamilyNetworks.names {
            let network = try FamilyNetworks.make(family, .tanh)
            let x = grid.coordinates, m = x.count, beta = 7.0
            let (h, _, hpp) = network.valuesAndSecondDerivatives(at: x)
            let residual = (0..<m).reduce(0.0) { $0 + pow(hpp[$1] + problem.source(x[$1]), 2) } / Double(m)
            let expected = residual + beta * pow(h[0] - 0.25, 2) + beta * pow(h[m - 1] + 0.5, 2)
            let trainer = try RitzTrainer(network: network, problem: problem, trainingPoints: grid,
                                          loss: .pinn(penalty: beta), optimizer: .gradientDescent(learningRate: 1))
            expectClose(trainer.loss, expected, relative: 1e-12, "\(family)")
        }
    }

    /// Flops derived by hand (see `TrainingTests.flopAccounting` for the MLP's Ritz count), 5
    /// points, Adam (12P + 10 a step):
    /// - PINN, 1 → 3 → 1 tanh (P = 10), `n = 3·5 = 15` columns. Forward: layer 1 fused
    ///   3·5·(2 + 3 + 6 + 3) = 210, output GEMM 2·1·15·4 = 120, loss 3·5 + 10 = 25 → 355.
    ///   Backward: seeds 2 + 4 + 2·5 = 16, output gradient 2·1·4·15 = 120, adjoint 2·3·15·1 = 90,
    ///   layer 1 3·5·(2 + 3 + 6 + 16) = 405 → 631. Adam 130.
    /// - Ritz, mscale [1, 2] on 1 → 4 → 1 (P = 13), `n = 10`. Forward: layer 1 4·5·(2 + 3 + 1
    ///   + 2) = 160, output GEMM 2·1·10·5 = 100, loss 38 → 298. Backward: seeds 12, GEMMs 100 +
    ///   2·4·10·1 = 80, layer 1 4·5·(2 + 6 + 8 + 3) = 380 → 572. Adam 12·13 + 10 = 166.
    /// - Ritz, 2 Fourier features on 4 → 3 → 1 (P = 19), `n = 10`. Forward: layer 1 GEMM
    ///   2·3·10·5 = 300, tanh 3·5·6 = 90, output GEMM 80, loss 38 → 508; the embedding once
    ///   5·2·7 = 70. Backward: seeds 12, output gradient 80, adjoint 60, activation 3·5·4 = 60,
    ///   layer 1 gradient 2·3·5·10 = 300 (no adjoint) → 512. Adam 12·19 + 10 = 238.
    /// - Ritz, 1 → 3 → 1 srelu: forward 3·5·(2 + 6 + 1) + 80 + 38 = 253, backward 12 + 80 + 60 +
    ///   3·5·(2 + 9 + 8) = 437; s2relu: forward 3·5·(2 + 14 + 1) + 118 = 373, backward 152 +
    ///   3·5·(2 + 32 + 8) = 782 (per-entry counts in `ActivationKernels.swift`). Least squares
    ///   with srelu: forward 3·5·(2 + 4) + 2·1·5·4 + 17 = 147.
    @Test func flopAccounting() throws {
        let problem = ReferenceProblems.sine()
        let grid = try problem.grid(pointCount: 5)
        func trainer(_ family: NetworkFamily, _ widths: [Int], _ loss: TrainingLoss) throws -> RitzTrainer {
            var generator = SeededGenerator(seed: 1)
            let network = try MultilayerPerceptron(
                architecture: NetworkArchitecture(hiddenWidths: widths, activation: .tanh, family: family),
                initialization: GaussianInitialization(weightStandardDeviation: 0.5, biasStandardDeviation: 0.5),
                using: &generator)
            return try RitzTrainer(network: network, problem: problem, trainingPoints: grid, loss: loss,
                                   optimizer: .adam(learningRate: 1e-3))
        }
        var pinn = try trainer(.perceptron, [3], .pinn(penalty: 10))
        #expect(pinn.initialEvaluationFlops == 355)
        #expect(pinn.flopsPerStep == 631 + 130 + 355)
        try pinn.step()
        #expect(pinn.flopCount == 355 + 1116)
        let mscale = try trainer(.multiscale(scales: [1, 2]), [4], .ritz(penalty: 10))
        #expect(mscale.initialEvaluationFlops == 298)
        #expect(mscale.flopsPerStep == 572 + 166 + 298)
        var features = SeededGenerator(seed: 5)
        let fourier = try trainer(.fourier(try FourierFeatures(count: 2, scale: 1, using: &features)), [3], .ritz(penalty: 10))
        #expect(fourier.initialEvaluationFlops == 508 + 70)
        #expect(fourier.flopsPerStep == 512 + 238 + 508)
        #expect(fourier.matrixProductsPerStep.map(\.description)
                == ["NN 3×10×5", "NN 1×10×4", "NT 1×4×10", "TN 3×10×1", "NT 3×5×10"])
        #expect(fourier.network.evaluationFlops(pointCount: 5, withDerivatives: true) == 300 + 90 + 80 + 70)
        for (activation, forward, backward) in [(Activation.srelu, 253, 437), (.s2relu, 373, 782)] {
            var generator = SeededGenerator(seed: 1)
            let network = try MultilayerPerceptron(
                architecture: NetworkArchitecture(hiddenWidths: [3], activation: activation),
                initialization: GaussianInitialization(weightStandardDeviation: 0.5, biasStandardDeviation: 0.5),
                using: &generator)
            let ritz = try RitzTrainer(network: network, problem: problem, trainingPoints: grid, loss: .ritz(penalty: 10),
                                       optimizer: .adam(learningRate: 1e-3))
            #expect(ritz.initialEvaluationFlops == forward && ritz.flopsPerStep == backward + 130 + forward, "\(activation)")
            if activation == .srelu {
                let fit = try RitzTrainer(network: network, problem: problem, trainingPoints: grid,
                                          loss: .leastSquares(target: .function(problem.exact!)),
                                          optimizer: .adam(learningRate: 1e-3))
                #expect(fit.initialEvaluationFlops == 147)
            }
        }
    }

    /// Chunked training of the new stages is bit-identical for 1, 2 and 3 workers (the sums'
    /// order depends on the chunk count only), and it trains.
    @Test(arguments: ["mscale", "fourier"])
    func chunkedTrainingIsIndependentOfTheWorkerCount(family: String) throws {
        let network = try FamilyNetworks.make(family, .tanh, widths: [8, 6])
        let grid = try Self.problem.grid(pointCount: 61)
        for loss in [TrainingLoss.ritz(penalty: 100), .pinn(penalty: 100)] {
            func run(_ threads: Int) throws -> [Double] {
                var trainer = try RitzTrainer(network: network, problem: Self.problem, trainingPoints: grid, loss: loss,
                                              optimizer: .adam(learningRate: 1e-2),
                                              parallelism: TrainingParallelism(chunkCount: 4, threads: threads))
                var losses = [trainer.loss]
                for _ in 0..<15 { try trainer.step(); losses.append(trainer.loss) }
                return losses + trainer.network.parameters
            }
            let one = try run(1)
            #expect(try run(2).map(\.bitPattern) == one.map(\.bitPattern))
            #expect(try run(3).map(\.bitPattern) == one.map(\.bitPattern))
            #expect(one[15] < one[0])
        }
    }

    /// float32 agrees with float64 at the same Float-representable parameters: the loss to
    /// `1e3·u` (Ritz) or `1e4·u` (PINN: `h''` carries the Fourier `ω²` and more products) and
    /// the gradient to the same fraction of its largest entry.
    @Test(arguments: FamilyNetworks.names)
    func singlePrecisionMatchesDoublePrecision(family: String) throws {
        let drawn = try FamilyNetworks.make(family, .tanh, widths: [10, 8])
        let network = try MultilayerPerceptron(architecture: drawn.architecture,
                                               parameters: drawn.parameters.map { Double(Float($0)) })
        let grid = try Self.problem.grid(pointCount: 41)
        let u = Double(Float.ulpOfOne)
        for (loss, factor) in [(TrainingLoss.ritz(penalty: 10), 1e3), (.pinn(penalty: 10), 1e4)] {
            let split = try TrainingParallelism(chunkCount: 3, threads: 2)
            let double = try RitzTrainer(network: network, problem: Self.problem, trainingPoints: grid, loss: loss,
                                         optimizer: .adam(learningRate: 1e-3), parallelism: split)
            let single = try RitzTrainer(network: network, problem: Self.problem, trainingPoints: grid, loss: loss,
                                         optimizer: .adam(learningRate: 1e-3), parallelism: split, precision: .float32)
            #expect(abs(single.loss - double.loss) <= factor * u * abs(double.loss), "\(family) \(loss)")
            let g64 = double.gradientAtCurrentParameters(), g32 = single.gradientAtCurrentParameters()
            let worst = zip(g32, g64).map { abs($0 - $1) }.max()!
            #expect(worst <= factor * u * g64.map(abs).max()!, "\(family) \(loss)")
        }
    }

    /// Bad input stages and PINN with a kinked activation are refused with their own errors.
    @Test func badSettingsAreRefused() throws {
        #expect(throws: NeuralError.emptyScales) { try NetworkArchitecture(hiddenWidths: [4], family: .multiscale(scales: [])) }
        #expect(throws: NeuralError.self) { try NetworkArchitecture(hiddenWidths: [4], family: .multiscale(scales: [1, 0])) }
        #expect(throws: NeuralError.self) { try NetworkArchitecture(hiddenWidths: [4], family: .multiscale(scales: [1, -2])) }
        #expect(throws: NeuralError.tooManyScaleGroups(groups: 3, firstWidth: 2)) {
            try NetworkArchitecture(hiddenWidths: [2, 5], family: .multiscale(scales: [1, 2, 3]))
        }
        var generator = SeededGenerator(seed: 1)
        #expect(throws: NeuralError.self) { try FourierFeatures(count: 0, scale: 1, using: &generator) }
        #expect(throws: NeuralError.self) { try FourierFeatures(count: 4, scale: 0, using: &generator) }
        #expect(throws: NeuralError.self) { try FourierFeatures(count: 4, scale: .nan, using: &generator) }
        let grid = try Self.problem.grid(pointCount: 9)
        for activation in Activation.allCases where !activation.isSmooth {
            let network = try FamilyNetworks.make("mlp", activation)
            #expect(throws: NeuralError.nonSmoothActivation(activation: activation, loss: "pinn")) {
                try RitzTrainer(network: network, problem: Self.problem, trainingPoints: grid, loss: .pinn(penalty: 10),
                                optimizer: .adam(learningRate: 1e-3))
            }
            _ = try RitzTrainer(network: network, problem: Self.problem, trainingPoints: grid, loss: .ritz(penalty: 10),
                                optimizer: .adam(learningRate: 1e-3))
        }
        // The frequencies are `scale · N(0, 1)` in draw order from the given generator.
        var draw = SeededGenerator(seed: 9), replay = SeededGenerator(seed: 9)
        let features = try FourierFeatures(count: 5, scale: 2.5, using: &draw)
        #expect(features.frequencies == (0..<5).map { _ in 2.5 * replay.nextGaussian() })
        #expect(try NetworkArchitecture(hiddenWidths: [3], family: .fourier(features)).layerWidths == [10, 3, 1])
        // The group rule: [1, 2, 4] over 5 neurons → groups of 2, 2, 1.
        let mscale = try NetworkArchitecture(hiddenWidths: [5], family: .multiscale(scales: [1, 2, 4]))
        #expect(mscale.firstLayerScales == [1, 1, 2, 2, 4])
        #expect(mscale.parameterCount == 5 * 2 + 6)
    }
}
