import Foundation
import Testing
import PoissonCore
import TestSupport
@testable import NeuralRitz

/// The network value type: the documented parameter layout, initialisation, evaluation.
@Suite struct NetworkTests {
    /// A 1 → 2 → 1 tanh network with hand-placed parameters gives the hand-computed value,
    /// which pins the documented layout `[W | b]` column-major per layer.
    @Test func parameterLayoutIsTheDocumentedOne() throws {
        let architecture = try NetworkArchitecture(hiddenWidths: [2], activation: .tanh)
        // Layer 1 block (2 × 2): W1 = [0.5; −1.5] (column 0), b1 = [0.25; 0.75] (column 1).
        // Layer 2 block (1 × 3): W2 = [2, −3], b2 = 0.125.
        let theta = [0.5, -1.5, 0.25, 0.75, 2, -3, 0.125]
        let network = try MultilayerPerceptron(architecture: architecture, parameters: theta)
        #expect(network.parameterCount == 7 && architecture.parameterCount == 7)
        #expect(network.layers.map(\.offset) == [0, 4])
        #expect(network.layers[0].weightIndex(output: 1, input: 0) == 1)
        #expect(network.layers[0].biasIndex(output: 1) == 3)
        #expect(network.layers[1].weightIndex(output: 0, input: 1) == 5)
        #expect(network.layers[1].biasIndex(output: 0) == 6)
        let x = 0.3
        let a1 = tanh(0.5 * x + 0.25), a2 = tanh(-1.5 * x + 0.75)
        let expected = 2 * a1 - 3 * a2 + 0.125
        let derivative = 2 * (1 - a1 * a1) * 0.5 - 3 * (1 - a2 * a2) * -1.5
        let (h, hp) = network.valuesAndDerivatives(at: [x])
        expectClose(h[0], expected, relative: 1e-14)
        expectClose(hp[0], derivative, relative: 1e-14)
    }

    /// Same seed → the same network; the sample standard deviations of a wide layer match
    /// `σ_W`, `σ_b` within 5 % (n ≈ 2000 draws: the relative standard error is ≈ 1.6 %);
    /// `σ_b = 0` gives zero biases.
    @Test func gaussianInitialisationIsSeededAndScaled() throws {
        let architecture = try NetworkArchitecture(hiddenWidths: [2000])
        let initialization = try GaussianInitialization(weightStandardDeviation: 0.3, biasStandardDeviation: 2)
        var g1 = SeededGenerator(seed: 42), g2 = SeededGenerator(seed: 42)
        let a = try MultilayerPerceptron(architecture: architecture, initialization: initialization, using: &g1)
        let b = try MultilayerPerceptron(architecture: architecture, initialization: initialization, using: &g2)
        #expect(a == b)
        let layer = a.layers[0]
        let weights = (0..<2000).map { a.parameters[layer.weightIndex(output: $0, input: 0)] }
        let biases = (0..<2000).map { a.parameters[layer.biasIndex(output: $0)] }
        func deviation(_ v: [Double]) -> Double { (v.reduce(0) { $0 + $1 * $1 } / Double(v.count)).squareRoot() }
        #expect(abs(deviation(weights) / 0.3 - 1) < 0.05)
        #expect(abs(deviation(biases) / 2 - 1) < 0.05)
        var g3 = SeededGenerator(seed: 1)
        let zeroBias = try MultilayerPerceptron(
            architecture: architecture,
            initialization: GaussianInitialization(weightStandardDeviation: 1, biasStandardDeviation: 0), using: &g3)
        #expect((0..<2000).allSatisfy { zeroBias.parameters[layer.biasIndex(output: $0)] == 0 })
    }

    /// Evaluation in chunks (300 points = 3 chunks of ≤ 128) equals point-by-point evaluation
    /// to round-off (GEMMs of different widths may block sums differently).
    @Test func chunkedEvaluationMatchesPointwise() throws {
        let network = try Networks.make([9, 6], .sigmoid, seed: 5)
        let points = (0..<300).map { -1 + 2 * Double($0) / 299 }
        let (values, derivatives) = network.valuesAndDerivatives(at: points)
        for i in stride(from: 0, to: 300, by: 37) {
            let (h, hp) = network.valuesAndDerivatives(at: [points[i]])
            expectClose(values[i], h[0], relative: 1e-13, absolute: 1e-15)
            expectClose(derivatives[i], hp[0], relative: 1e-13, absolute: 1e-15)
        }
        #expect(network.values(at: []).isEmpty)
    }

    /// Evaluation on several workers (700 points: 5 chunks of 128 and one of 60, dealt round
    /// robin) gives the bits of one worker for every output stream, and those equal
    /// point-by-point evaluation to round-off (a chunk written at the wrong offset, or two
    /// workers sharing buffers, fails); a trainer's `values(on:)`, which uses its workers,
    /// gives the same bits for 1 and 3 of them.
    @Test func evaluationOnWorkersMatchesOneWorker() throws {
        #expect(BLASRuntime.threadCount == 1)
        // Bit-for-bit equality, reported as one Boolean (the arrays are long).
        func sameBits(_ a: [Double], _ b: [Double]) -> Bool { a.map(\.bitPattern) == b.map(\.bitPattern) }
        let network = try Networks.make([40, 30], .tanh, seed: 7)
        let points = (0..<700).map { -1 + 2 * Double($0) / 699 }
        let one = network.valuesAndSecondDerivatives(at: points, threads: 1)
        for threads in [2, 3, 8] {
            let many = network.valuesAndSecondDerivatives(at: points, threads: threads)
            #expect(sameBits(many.values, one.values))
            #expect(sameBits(many.derivatives, one.derivatives))
            #expect(sameBits(many.secondDerivatives, one.secondDerivatives))
            #expect(sameBits(network.values(at: points, threads: threads), one.values))
            #expect(sameBits(network.valuesAndDerivatives(at: points, threads: threads).derivatives, one.derivatives))
        }
        let many = network.valuesAndSecondDerivatives(at: points, threads: 3)
        for i in [0, 127, 128, 300, 639, 640, 699] {
            let single = network.valuesAndSecondDerivatives(at: [points[i]])
            expectClose(many.values[i], single.values[0], relative: 1e-13, absolute: 1e-15)
            expectClose(many.derivatives[i], single.derivatives[0], relative: 1e-13, absolute: 1e-14)
            expectClose(many.secondDerivatives[i], single.secondDerivatives[0], relative: 1e-12, absolute: 1e-13)
        }
        #expect(network.values(at: [], threads: 4).isEmpty)

        let problem = ReferenceProblems.sine()
        let grid = try problem.grid(pointCount: 700)
        let trained = try [1, 3].map { threads in
            try RitzTrainer(network: network, problem: problem, trainingPoints: try problem.grid(pointCount: 65),
                            loss: .ritz(penalty: 100), optimizer: .adam(learningRate: 1e-3),
                            parallelism: TrainingParallelism(chunkCount: 2, threads: threads)).values(on: grid)
        }
        #expect(sameBits(trained[1], trained[0]))
        #expect(sameBits(trained[0], network.values(at: grid.coordinates)))
    }

    /// `fastTanh` is within 4 ulp of the C library's `tanh` (relative, and at least one ulp of
    /// the smallest normal scale) over `|x| ≤ 25` and tiny arguments, keeps full relative
    /// accuracy near 0, and handles ±0, ±∞ and NaN.
    @Test func fastTanhMatchesTheCLibrary() {
        var worst = 0.0
        var xs: [Double] = stride(from: -25.0, through: 25.0, by: 0.0013).map { $0 }
        xs += (1...300).map { pow(10, -Double($0) / 10) }
        xs += xs.map { -$0 }
        for x in xs {
            let reference = tanh(x)
            let ulps = abs(fastTanh(x) - reference) / reference.ulp
            worst = max(worst, ulps)
        }
        #expect(worst <= 4, "worst error \(worst) ulp")
        #expect(fastTanh(0.0) == 0 && fastTanh(-0.0).sign == .minus)
        #expect(fastTanh(Double.infinity) == 1 && fastTanh(-Double.infinity) == -1)
        #expect(fastTanh(Double.nan).isNaN)
        #expect(fastTanh(800.0) == 1 && fastTanh(-800.0) == -1)
    }

    /// The single-precision `fastTanh` is within 4 ulp of `Float` of the correctly rounded
    /// reference `Float(tanh(Double(x)))` over `|x| ≤ 25` and tiny arguments (the kernel's own
    /// error is `≲ 1e-9` relative before its last few roundings), and handles ±0, ±∞, NaN.
    @Test func singlePrecisionFastTanhMatchesTheDoubleReference() {
        var worst: Float = 0
        var xs: [Float] = stride(from: Float(-25), through: 25, by: 0.00071).map { $0 }
        xs += (1...370).map { Float(pow(10, -Double($0) / 10)) }.filter { $0 >= Float.leastNormalMagnitude }
        xs += xs.map { -$0 }
        for x in xs {
            let reference = Float(tanh(Double(x)))
            worst = max(worst, abs(fastTanh(x) - reference) / reference.ulp)
        }
        #expect(worst <= 4, "worst error \(worst) ulp")
        #expect(fastTanh(Float(0)) == 0 && fastTanh(Float(-0.0)).sign == .minus)
        #expect(fastTanh(Float.infinity) == 1 && fastTanh(-Float.infinity) == -1)
        #expect(fastTanh(Float.nan).isNaN)
        #expect(fastTanh(Float(80)) == 1 && fastTanh(Float(-80)) == -1)
    }
}
