import PoissonCore

/// The objective a `RitzTrainer` minimises over its training points `x_0 … x_{m−1}` (a uniform
/// grid of `m` points on `[a, b]`, both ends included, spacing `δx = (b − a)/(m − 1)`).
public enum TrainingLoss: Sendable {
    /// The Deep Ritz energy (E & Yu 2018; Xu et al. 2019, the seed paper's `I_emp`):
    ///
    /// `I(h) = Σ_{i=0}^{m−1} w_i (½ h'(x_i)² − g(x_i) h(x_i)) + β (h(a) − ua)² + β (h(b) − ub)²`,
    ///
    /// `h'` the exact input derivative from the tangent pass, `penalty` = `β` (> 0). The
    /// quadrature weights `w_i` are set by `quadrature`:
    /// - `.interior` (default, the paper's rule): `w_i = δx` at the interior points
    ///   `i = 1 … m−2` and `w_0 = w_{m−1} = 0` — the boundary points enter only through the
    ///   penalty (the paper's sum runs over `i = 1 … n−1` of its `n + 1` nodes). First-order
    ///   accurate at the ends: the minimiser's error is `≈ |u'(a)| δx/2` there.
    /// - `.trapezoid`: as above but `w_0 = w_{m−1} = δx/2` (the trapezoidal rule, second order).
    ///
    /// Stationarity gives `−h'' = g` inside and the Robin condition `h' = ±2β(h − u_b)` at the
    /// ends, so the penalty adds a boundary error `≈ |u'|/(2β)`.
    case ritz(penalty: Double, quadrature: RitzQuadrature = .interior)
    /// Least squares to a reference (the F-Principle's fitting experiment), the **mean** of
    /// squares over all `m` training points, boundary included:
    ///
    /// `L(h) = (1/m) Σ_{i=0}^{m−1} (h(x_i) − y_i)²`.
    ///
    /// Needs no input derivative, so the trainer runs the primal stream only (half the GEMM
    /// work of `ritz`).
    case leastSquares(target: FitTarget)
    /// The strong-form (PINN) residual of `−u'' = g`, the **mean** of squares over all `m`
    /// training points, boundary included, plus the Dirichlet penalty:
    ///
    /// `L(h) = (1/m) Σ_{i=0}^{m−1} (h''(x_i) + g(x_i))² + β (h(a) − ua)² + β (h(b) − ub)²`,
    ///
    /// `h''` the exact second input derivative from the second tangent stream, `penalty` = `β`
    /// (> 0). Needs three streams (`h`, `h'`, `h''`; `h'` only as the carrier of `ä`'s chain
    /// rule) and an activation with a continuous `σ''` (`Activation.isSmooth`).
    case pinn(penalty: Double)

    /// Throws `NeuralError.invalidHyperParameter` for a penalty `β ≤ 0` or non-finite.
    public func validate() throws {
        switch self {
        case .ritz(let penalty, _), .pinn(let penalty): try Validate.positive(penalty, "penalty β")
        case .leastSquares: break
        }
    }

    /// Whether the loss needs `h''` (so a smooth activation).
    public var needsSecondDerivative: Bool {
        if case .pinn = self { return true }
        return false
    }
}

/// Which training points carry the Deep Ritz integral (see `TrainingLoss.ritz`).
public enum RitzQuadrature: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Interior points weight `δx`, boundary points 0: the seed paper's rule.
    case interior
    /// Interior points weight `δx`, boundary points `δx/2`: the trapezoidal rule.
    case trapezoid
}

/// The reference `y` of a least-squares fit at the training points.
public enum FitTarget: Sendable {
    /// `y_i = f(x_i)`, sampled once when the trainer is created.
    case function(ScalarFunction)
    /// `y_i` given directly: one value per training point, in grid order (e.g. the discrete
    /// solution when the training points are the solver's grid).
    case values([Double])

    /// The target at every training point; throws `NeuralError.targetCountMismatch` or
    /// `.nonFiniteTarget`.
    func sample(on grid: UniformGrid) throws -> [Double] {
        let values: [Double]
        switch self {
        case .function(let f): values = (0..<grid.pointCount).map { f(grid.coordinate($0)) }
        case .values(let given):
            guard given.count == grid.pointCount else {
                throw NeuralError.targetCountMismatch(expected: grid.pointCount, got: given.count)
            }
            values = given
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw NeuralError.nonFiniteTarget(index: bad, x: grid.coordinate(bad), value: values[bad])
        }
        return values
    }
}

/// A loss prepared for one training grid: per-point constants computed once, and the two
/// operations a step needs — the value from `[h | h']`, and the seeds `[∂L/∂h | ∂L/∂h']`
/// written over `[h | h']` — with their exact flop counts.
struct PreparedLoss: Sendable {
    enum Kind: Sendable {
        /// `weights[i] = w_i`, `sourceWeights[i] = w_i g(x_i)`, `negatedSourceWeights = −sourceWeights`.
        case ritz(penalty: Double, lowerValue: Double, upperValue: Double, weights: [Double],
                  sourceWeights: [Double], negatedSourceWeights: [Double])
        case leastSquares(targets: [Double])
        /// `sources[i] = g(x_i)`.
        case pinn(penalty: Double, lowerValue: Double, upperValue: Double, sources: [Double])
    }
    var kind: Kind
    let pointCount: Int

    init(_ loss: TrainingLoss, problem: PoissonProblem, grid: UniformGrid) throws {
        try loss.validate()
        pointCount = grid.pointCount
        switch loss {
        case .ritz(let penalty, let quadrature):
            let g = try problem.source.sample(on: grid, name: "source")
            let m = grid.pointCount
            var weights = [Double](repeating: grid.spacing, count: m)
            weights[0] = quadrature == .trapezoid ? 0.5 * grid.spacing : 0
            weights[m - 1] = weights[0]
            let sourceWeights = (0..<m).map { weights[$0] * g[$0] }
            kind = .ritz(penalty: penalty, lowerValue: problem.lowerValue, upperValue: problem.upperValue,
                         weights: weights, sourceWeights: sourceWeights,
                         negatedSourceWeights: sourceWeights.map { -$0 })
        case .leastSquares(let target):
            kind = .leastSquares(targets: try target.sample(on: grid))
        case .pinn(let penalty):
            kind = .pinn(penalty: penalty, lowerValue: problem.lowerValue, upperValue: problem.upperValue,
                         sources: try problem.source.sample(on: grid, name: "source"))
        }
    }

    /// Streams the loss needs: 2 (values and derivatives) for Ritz, 1 for least squares, 3
    /// (values, first and second derivatives) for the PINN residual.
    var streams: Int {
        switch kind {
        case .ritz: return 2
        case .leastSquares: return 1
        case .pinn: return 3
        }
    }

    /// The loss's sum over the points `range` (a chunk of the training points) from that
    /// chunk's network output `output = [h | h']` (`streams · range.count` entries: the chunk's
    /// values, then its derivatives).
    ///
    /// Ritz: `Σ_{i ∈ range} (½w_i·h'_i·h'_i − (w_i g_i)·h_i)` (`½w_i` formed on the fly; 6 flops
    /// a point, accumulated left to right from 0). Points of weight 0 are summed too (their
    /// terms are 0). Least squares: `Σ_{i ∈ range} (h_i − y_i)²` (3 flops a point). PINN:
    /// `Σ_{i ∈ range} (h''_i + g_i)²` (3 flops a point; `h''` is the third block of `output`).
    /// In `Float` the outputs are widened and the sum is formed in `Double`, as for `Double`.
    func partialValue<S: NetworkScalar>(_ output: UnsafePointer<S>, range: Range<Int>) -> Double {
        let count = range.count, start = range.lowerBound
        switch kind {
        case .ritz(_, _, _, let weights, let sourceWeights, _):
            var sum = 0.0
            weights.withUnsafeBufferPointer { w in
                sourceWeights.withUnsafeBufferPointer { wg in
                    for i in 0..<count {
                        let h = Double(output[i]), derivative = Double(output[count + i])
                        sum += (0.5 * w[start + i]) * derivative * derivative - wg[start + i] * h
                    }
                }
            }
            return sum
        case .leastSquares(let targets):
            var sum = 0.0
            targets.withUnsafeBufferPointer { y in
                for i in 0..<count {
                    let r = Double(output[i]) - y[start + i]
                    sum += r * r
                }
            }
            return sum
        case .pinn(_, _, _, let sources):
            var sum = 0.0
            sources.withUnsafeBufferPointer { g in
                for i in 0..<count {
                    let r = Double(output[2 * count + i]) + g[start + i]
                    sum += r * r
                }
            }
            return sum
        }
    }

    /// The loss from the chunk sums `partials` (in chunk order, added left to right) and the
    /// network values at the two ends, `first = h(x_0)`, `last = h(x_{m−1})`.
    /// Ritz: `Σ_c partials_c + β r_a r_a + β r_b r_b`, `r = h − u` (4 flops each).
    /// Least squares: `(Σ_c partials_c) · (1/m)` (2 flops). PINN: `(Σ_c partials_c) · (1/m)`
    /// `+ β r_a r_a + β r_b r_b` (10 flops). Plus `C − 1` adds for `C` chunks.
    func value(partials: UnsafeBufferPointer<Double>, first: Double, last: Double) -> Double {
        var sum = 0.0
        for partial in partials { sum += partial }
        switch kind {
        case .ritz(let beta, let ua, let ub, _, _, _):
            let ra = first - ua, rb = last - ub
            sum += beta * ra * ra
            sum += beta * rb * rb
            return sum
        case .leastSquares:
            return sum * (1 / Double(pointCount))
        case .pinn(let beta, let ua, let ub, _):
            sum = sum * (1 / Double(pointCount))
            let ra = first - ua, rb = last - ub
            sum += beta * ra * ra
            sum += beta * rb * rb
            return sum
        }
    }

    /// Overwrites a chunk's output `[h | h']` (points `range`) with `[∂L/∂h | ∂L/∂h']`.
    ///
    /// Ritz: `∂I/∂h_i = −w_i g_i` (precomputed) plus `2β (h − u)` at the two ends (2 flops +
    /// 1 add each, in the chunks holding `x_0` and `x_{m−1}`), `∂I/∂h'_i = w_i h'_i` (1 flop a
    /// point). Least squares: `∂L/∂h_i = (2/m)(h_i − y_i)` (2 flops a point, plus 1 for `2/m`
    /// per chunk). PINN: `∂L/∂h_i = 0` but `2β (h − u)` at the two ends (2 flops each),
    /// `∂L/∂h'_i = 0`, `∂L/∂h''_i = (2/m)(h''_i + g_i)` (2 flops a point, plus 2 per chunk for
    /// `2/m` and `2β`). Every seed is formed in `Double` and rounded to `S` once.
    func seed<S: NetworkScalar>(_ output: UnsafeMutablePointer<S>, range: Range<Int>) {
        let m = pointCount, count = range.count, start = range.lowerBound
        switch kind {
        case .ritz(let beta, let ua, let ub, let weights, _, let negatedSourceWeights):
            let twoBeta = 2 * beta
            let holdsFirst = start == 0, holdsLast = range.upperBound == m
            let lowerSeed = holdsFirst ? twoBeta * (Double(output[0]) - ua) : 0
            let upperSeed = holdsLast ? twoBeta * (Double(output[count - 1]) - ub) : 0
            weights.withUnsafeBufferPointer { w in
                negatedSourceWeights.withUnsafeBufferPointer { wg in
                    for i in 0..<count {
                        output[i] = S(wg[start + i])
                        output[count + i] = S(w[start + i] * Double(output[count + i]))
                    }
                }
            }
            if holdsFirst { output[0] = S(Double(output[0]) + lowerSeed) }
            if holdsLast { output[count - 1] = S(Double(output[count - 1]) + upperSeed) }
        case .leastSquares(let targets):
            let scale = 2 / Double(m)
            targets.withUnsafeBufferPointer { y in
                for i in 0..<count { output[i] = S(scale * (Double(output[i]) - y[start + i])) }
            }
        case .pinn(let beta, let ua, let ub, let sources):
            let scale = 2 / Double(m), twoBeta = 2 * beta
            let holdsFirst = start == 0, holdsLast = range.upperBound == m
            let lowerSeed = holdsFirst ? twoBeta * (Double(output[0]) - ua) : 0
            let upperSeed = holdsLast ? twoBeta * (Double(output[count - 1]) - ub) : 0
            sources.withUnsafeBufferPointer { g in
                for i in 0..<count {
                    output[i] = 0
                    output[count + i] = 0
                    output[2 * count + i] = S(scale * (Double(output[2 * count + i]) + g[start + i]))
                }
            }
            if holdsFirst { output[0] = S(lowerSeed) }
            if holdsLast { output[count - 1] = S(upperSeed) }
        }
    }

    /// Exact flops of the loss value over `chunkCount` chunks (`partialValue` on every chunk
    /// and `value(partials:first:last:)`).
    func valueFlops(chunkCount: Int) -> Int { valueFlops + (chunkCount - 1) }

    /// Exact flops of `seed` over `chunkCount` chunks (the per-chunk constants `2β`, `2/m`
    /// are formed once per chunk).
    func seedFlops(chunkCount: Int) -> Int {
        let constants: Int
        if case .pinn = kind { constants = 2 } else { constants = 1 }
        return seedFlops + constants * (chunkCount - 1)
    }

    /// Exact flops of `value` (per-step constants such as `½δx` included).
    var valueFlops: Int {
        switch kind {
        case .ritz: return 6 * pointCount + 8
        case .leastSquares: return 3 * pointCount + 2
        case .pinn: return 3 * pointCount + 10
        }
    }

    /// Exact flops of `seed`.
    var seedFlops: Int {
        switch kind {
        case .ritz: return 1 + 2 * 3 + pointCount
        case .leastSquares: return 1 + 2 * pointCount
        case .pinn: return 2 + 2 * 2 + 2 * pointCount
        }
    }
}

extension PreparedLoss {
    /// This Ritz or PINN loss with the source replaced by `samples` (`g(x_i)` at every training
    /// point, in order); weights, penalty and boundary values kept. Throws
    /// `NeuralError.targetCountMismatch` / `.nonFiniteTarget` for a wrong count or a non-finite
    /// sample, `.invalidHyperParameter` for a least-squares loss (it has no source).
    func replacingSource(samples: [Double]) throws -> PreparedLoss {
        guard samples.count == pointCount else { throw NeuralError.targetCountMismatch(expected: pointCount, got: samples.count) }
        if let bad = samples.firstIndex(where: { !$0.isFinite }) {
            throw NeuralError.nonFiniteTarget(index: bad, x: .nan, value: samples[bad])
        }
        var copy = self
        switch kind {
        case .ritz(let penalty, let lower, let upper, let weights, _, _):
            let sourceWeights = (0..<pointCount).map { weights[$0] * samples[$0] }
            copy.kind = .ritz(penalty: penalty, lowerValue: lower, upperValue: upper, weights: weights,
                              sourceWeights: sourceWeights, negatedSourceWeights: sourceWeights.map { -$0 })
        case .pinn(let penalty, let lower, let upper, _):
            copy.kind = .pinn(penalty: penalty, lowerValue: lower, upperValue: upper, sources: samples)
        case .leastSquares:
            throw NeuralError.invalidHyperParameter(parameter: "replaced source of a least-squares loss", value: .nan,
                                                    range: "a Ritz or PINN loss")
        }
        return copy
    }

    /// The arithmetic of `replacingSource(samples:)`: the Ritz loss forms `w_i g_i` and its
    /// negation (`2m`); the PINN loss keeps the samples as they are (0).
    var sourceReplacementFlops: Int {
        if case .ritz = kind { return 2 * pointCount }
        return 0
    }
}
