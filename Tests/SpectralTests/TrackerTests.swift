import Foundation
import Testing
import PoissonCore
import Spectral
import TestSupport

@Suite struct TrackerTests {
    static let paper = try! DiscretePoisson(problem: ReferenceProblems.paper(), pointCount: 1001)

    /// The paper's problem's grid with a seeded Gaussian interior and the Dirichlet ends.
    static func randomStart(seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        var u = paper.initialGuess()
        for j in 1..<(u.count - 1) { u[j] = rng.nextGaussian() }
        return u
    }

    /// Acceptance 2: after m Jacobi sweeps every sine coefficient of the error is
    /// `cos(kπ/(N+1))^m` times its initial value, read through the tracker's rows, N = 999.
    ///
    /// Tolerances. The sweep rounds each entry once per sweep, i.e. an absolute noise of
    /// ~ε·max|u| in every mode; measured, the deviation stays ≤ 2e-14 of the largest
    /// coefficient for every mode and m here. So:
    /// (a) every mode above 1e-12 of the largest (the issue's set) must match to 1e-12 of the
    ///     largest coefficient (absolute) — 50× above the observed noise;
    /// (b) the issue's relative bound 1e-9 is checked on the modes whose coefficient is above
    ///     1e-6 of the largest (measured worst there: 5e-11). Below that, round-off of size
    ///     ε·max is a relative error of ε·max/|a_k| > 1e-9 (measured 2.5e-9 at 1e-7, 1e-5 at
    ///     1e-11 of the largest), so a relative 1e-9 over the whole 1e-12 set is unattainable in
    ///     double precision and is not what (a) demands.
    @Test func jacobiContractsEachSineModeByItsEigenvalue() throws {
        let n = 1001, interior = n - 2
        let reference = Self.paper.directSolution()
        let start = Self.randomStart(seed: 7)
        var tracker = try SineModeTracker(reference: reference)   // all modes
        #expect(tracker.modes == Array(1...interior))
        tracker.record(step: 0, iterate: start)
        let initial = tracker.records.map(\.absoluteError)
        let largest = initial.max()!
        var jacobi = JacobiSweeps(problem: Self.paper, start: start)
        var coefficients = [Double](repeating: 0, count: interior + 1)
        var signedInitial = coefficients
        tracker.errorCoefficients(of: start, into: &signedInitial)

        for m in [1, 2, 10, 100, 1000] {
            jacobi.sweep(m - jacobi.sweepCount)
            tracker.record(step: m, iterate: jacobi.iterate)
            let rows = tracker.records.suffix(interior)
            #expect(rows.allSatisfy { $0.step == m && $0.basis == .sine })
            var worstAbsolute = 0.0, worstRelative = 0.0, checkedRelative = 0
            for row in rows {
                let k = row.mode
                let factor = pow(abs(cos(Double(k) * .pi / Double(interior + 1))), Double(m))
                let predicted = factor * initial[k - 1]
                guard predicted > 1e-12 * largest else { continue }
                worstAbsolute = max(worstAbsolute, abs(row.absoluteError - predicted) / largest)
                if predicted > 1e-6 * largest {
                    worstRelative = max(worstRelative, abs(row.absoluteError - predicted) / predicted)
                    checkedRelative += 1
                }
            }
            #expect(worstAbsolute <= 1e-12, "m = \(m): worst deviation \(worstAbsolute) of the largest coefficient")
            #expect(worstRelative <= 1e-9, "m = \(m): worst relative deviation \(worstRelative)")
            #expect(checkedRelative >= 2, "m = \(m): the relative check must cover modes")

            // The signs too: a_k(m) = λ_k^m a_k(0), λ_k < 0 for k > (N+1)/2.
            tracker.errorCoefficients(of: jacobi.iterate, into: &coefficients)
            var worstSigned = 0.0
            for k in 1...interior {
                let predicted = pow(cos(Double(k) * .pi / Double(interior + 1)), Double(m)) * signedInitial[k]
                worstSigned = max(worstSigned, abs(coefficients[k] - predicted) / largest)
            }
            #expect(worstSigned <= 1e-12, "m = \(m): signed deviation \(worstSigned)")
        }
    }

    /// Acceptance 2 literally: after m plain-Jacobi sweeps from a random start, every sine
    /// coefficient of the error equals `cos(kπ/(N+1))^m` times its initial value, to 1e-9
    /// relative, over all modes whose predicted coefficient is above 1e-12 of the largest; N = 999.
    ///
    /// Two things make that attainable (the test above documents the double-precision floor):
    /// - an exact iteration. Source 0 on [0, 1], so the discrete solution — the reference — is 0
    ///   and the iterate *is* the error; the start is seeded integers in [−1000, 1000]. Then each
    ///   sweep `½(u_{j−1} + u_{j+1} + 0)` is exact in double up to 42 sweeps (the values are
    ///   multiples of 2^−m below 2^10), so the stored iterate is exactly `J^m e_0`. The premise is
    ///   verified, not assumed: the solver's iterate must equal, bit for bit after every sweep, the
    ///   one computed in integers (`2^m u` satisfies `U_{m+1}[j] = U_m[j−1] + U_m[j+1]`).
    /// - a transform accurate per coefficient: the `.quad` tracker (binary128 DST-I), so each
    ///   recorded coefficient is that of the exact iterate to ~1 ulp of itself.
    /// The prediction `cos(kπ/(N+1))^m · a_k(0)` takes the cosine as `sin((N+1−2k)π/(2(N+1)))` of
    /// an exactly reduced argument (accurate relative to itself even near k = (N+1)/2) and `a_k(0)`
    /// from the quad tracker: ~m·few ulp. Measured worst relative deviations (printed): 4e-16 at
    /// m = 1 growing to 8e-15 at m = 40, signed and unsigned alike; 1e-9 is the issue's bound.
    ///
    /// Coverage: 998, 998, 996, 951, 822, 649 modes are checked at m = 1, 2, 5, 10, 20, 40. At
    /// m ≥ 5 the set reaches down to 1–2e-12 of the largest (asserted: below 1e-9); at m = 1, 2 it
    /// cannot (|cos| ≥ sin(π/(N+1)) ≈ 3.1e-3; measured 1e-4 and 5e-7). The double tracker fed the
    /// same exact iterates misses 1e-9 on the same set at m ≥ 5 (measured 1.3–1.7e-5; asserted:
    /// why `.quad` exists) and meets it at m = 1, 2 (1.3e-13, 5.6e-11), where the set is shallow.
    @Test(.enabled(if: QuadSineTransform.isAvailable, "binary128 needs an x86-64 build"))
    func exactJacobiContractsEachSineModeByItsEigenvalueInQuadPrecision() throws {
        let n = 1001, interior = n - 2
        let problem = try DiscretePoisson(
            problem: PoissonProblem(lower: 0, upper: 1, source: ScalarFunction(expression: "0")), pointCount: n)
        let zero = [Double](repeating: 0, count: n)
        #expect(problem.directSolution() == zero, "the discrete solution of f = 0 is 0")

        var rng = SeededGenerator(seed: 2024)
        var scaled = [Int](repeating: 0, count: n)   // 2^m · u_m, exactly
        for j in 1...interior { scaled[j] = Int.random(in: -1000...1000, using: &rng) }
        let start = scaled.map(Double.init)
        var jacobi = JacobiSweeps(problem: problem, start: start)

        var quad = try SineModeTracker(reference: zero, precision: .quad)
        var double = try SineModeTracker(reference: zero)
        #expect(quad.precision == .quad && quad.modes == Array(1...interior) && !quad.usesDirectProjection)
        quad.record(step: 0, iterate: start)
        double.record(step: 0, iterate: start)
        let initial = quad.records.map(\.absoluteError)
        var signedInitial = [Double](repeating: 0, count: interior + 1), coefficients = signedInitial
        quad.errorCoefficients(of: start, into: &signedInitial)
        #expect((1...interior).allSatisfy { abs(signedInitial[$0]) == initial[$0 - 1] })

        // cos(kπ/(N+1)) = sin((N+1−2k)π/(2(N+1))), the integer reduced exactly.
        let eigenvalues = (0...interior).map { k in sin(Double(interior + 1 - 2 * k) * .pi / Double(2 * (interior + 1))) }
        for m in [1, 2, 5, 10, 20, 40] {
            while jacobi.sweepCount < m {
                jacobi.sweep()
                var next = scaled
                for j in 1...interior { next[j] = scaled[j - 1] + scaled[j + 1] }
                scaled = next
                let power = Double(1 << jacobi.sweepCount)
                let exact = jacobi.iterate.indices.allSatisfy { j in
                    jacobi.iterate[j].bitPattern == (Double(scaled[j]) / power).bitPattern
                }
                try #require(exact, "sweep \(jacobi.sweepCount) is not exact: the premise fails")
            }
            quad.record(step: m, iterate: jacobi.iterate)
            double.record(step: m, iterate: jacobi.iterate)
            quad.errorCoefficients(of: jacobi.iterate, into: &coefficients)
            let quadRows = quad.records.suffix(interior), doubleRows = Array(double.records.suffix(interior))
            #expect(quadRows.allSatisfy { $0.step == m && $0.basis == .sine && $0.relativeError == nil })

            let predicted = (1...interior).map { k in pow(abs(eigenvalues[k]), Double(m)) * initial[k - 1] }
            let largest = predicted.max()!
            var worstQuad = 0.0, worstSigned = 0.0, worstDouble = 0.0, checked = 0, smallest = Double.infinity
            for (i, row) in quadRows.enumerated() {
                let k = row.mode, p = predicted[k - 1]
                guard p > 1e-12 * largest else { continue }
                checked += 1
                smallest = min(smallest, p / largest)
                worstQuad = max(worstQuad, abs(row.absoluteError - p) / p)
                worstDouble = max(worstDouble, abs(doubleRows[i].absoluteError - p) / p)
                let signed = pow(eigenvalues[k], Double(m)) * signedInitial[k]
                worstSigned = max(worstSigned, abs(coefficients[k] - signed) / p)
            }
            print("m = \(m): \(checked) modes checked, smallest \(smallest) of the largest; worst relative deviation "
                  + "quad \(worstQuad) (signed \(worstSigned)), double \(worstDouble)")
            #expect(checked >= 2, "m = \(m)")
            #expect(worstQuad <= 1e-9, "m = \(m): worst relative deviation \(worstQuad)")
            #expect(worstSigned <= 1e-9, "m = \(m): worst signed relative deviation \(worstSigned)")
            if m >= 5 {
                #expect(smallest < 1e-9, "m = \(m): the checked modes reach only \(smallest) of the largest")
                #expect(worstDouble > 1e-9, "m = \(m): the double tracker reaches \(worstDouble)")
            }
        }
    }

    /// Acceptance 3: the residual-based estimate `−a_k(r)/μ_k` equals the tracker's
    /// `a_k(u − u*)` against the discrete solution to 1e-10 relative **per mode** (every mode
    /// above 1e-6 of the largest; below that the DSTs' own round-off, ~1e-17 of the largest
    /// coefficient, is what remains).
    ///
    /// Neither side carries `κ(A)·ε` from its inputs: the estimator's residual is formed as if in
    /// twice the working precision (`DiscretePoisson.accurateResidual`; a plainly rounded residual of a
    /// rough iterate carries ε·4|u|/h² per entry, 3e-10 relative in the lowest modes, measured)
    /// and `directSolution()` refines Thomas's solution to about an ulp. For the smooth iterates
    /// a solver produces (zero start, Jacobi sweeps) the double DST then suffices (measured
    /// ≤ 1.2e-11). A rough Gaussian iterate has a residual spectrum spanning κ(A) = 4e5, so its
    /// double DST loses ~κ(A)·ε in the low modes (1.2e-10, measured; checked normwise here) and
    /// the estimator's `.quad` DST is what gives every mode (checked per mode, both sides quad).
    @Test func residualEstimateEqualsReferenceBasedError() throws {
        let problem = Self.paper, interior = problem.interiorCount
        let reference = problem.directSolution()
        var fromResidual = [Double](repeating: .nan, count: interior + 1)
        var fromReference = fromResidual
        var jacobi = JacobiSweeps(problem: problem, start: problem.initialGuess())
        jacobi.sweep(100)
        var cases: [(String, [Double], TransformPrecision, perMode: Bool)] = [
            ("Gaussian", Self.randomStart(seed: 3), .double, false),
            ("zero start", problem.initialGuess(), .double, true),
            ("100 Jacobi sweeps", jacobi.iterate, .double, true),
        ]
        if QuadSineTransform.isAvailable {
            cases.append(("Gaussian", Self.randomStart(seed: 3), .quad, true))
            cases.append(("100 Jacobi sweeps", jacobi.iterate, .quad, true))
        }
        for (name, u, precision, perMode) in cases {
            var estimator = try ResidualModeEstimator(problem: problem, precision: precision)
            var tracker = try SineModeTracker(reference: reference, precision: precision)
            estimator.modeErrors(of: u, into: &fromResidual)
            tracker.errorCoefficients(of: u, into: &fromReference)
            #expect(fromResidual[0] == 0)
            let largest = GridNorms.maxNorm(fromReference)
            let normwise = GridNorms.maxDifference(fromResidual, fromReference) / largest
            var worst = 0.0, checked = 0
            for k in 1...interior where abs(fromReference[k]) > 1e-6 * largest {
                worst = max(worst, abs(fromResidual[k] - fromReference[k]) / abs(fromReference[k]))
                checked += 1
            }
            print("acceptance 3, \(name) (\(precision)): \(checked) modes, worst per-mode relative difference \(worst), normwise \(normwise)")
            #expect(normwise <= 1e-11, "\(name) (\(precision)): normwise \(normwise)")
            if perMode {
                #expect(worst <= 1e-10, "\(name) (\(precision)): worst per-mode relative difference \(worst)")
                #expect(checked >= 3)
            }
        }
        let estimator = try ResidualModeEstimator(problem: problem)
        // The eigenvalues are A's: A v_k = μ_k v_k for a sampled pure mode.
        let k = 8
        var mode = (0..<problem.pointCount).map { j in sin(Double(j * k) * .pi / Double(interior + 1)) }
        mode[problem.pointCount - 1] = 0
        var applied = [Double](repeating: 0, count: problem.pointCount)
        problem.applyOperator(mode, into: &applied)
        expectClose(applied[123], estimator.eigenvalues[k] * mode[123], relative: 1e-9)
    }

    /// Acceptance 5: Jacobi on the paper's problem from zero, Δ_F at the paper's peaks 1, 3, 8
    /// recorded every 50 sweeps; the first recorded sweep with Δ_F < 0.1 is ordered
    /// peak 8 < peak 3 < peak 1 (Fig. 4(c): roughly 5e2, 3e3, 2e4 in the paper).
    /// Each crossing is cross-checked against the exact modal prediction
    /// `e_m = Σ_k λ_k^m a_k(e_0) v_k` (no Jacobi involved): Δ_F of that at the crossing sweep is
    /// below 0.1 and 50 sweeps earlier above it.
    @Test func jacobiConvergesHighPeaksFirst() throws {
        let problem = Self.paper, n = problem.pointCount, interior = n - 2
        let reference = problem.directSolution()
        var tracker = try DFTPeakTracker(reference: reference, peaks: .indices([1, 3, 8]))
        var jacobi = JacobiSweeps(problem: problem, start: problem.initialGuess())
        var crossing: [Int: Int] = [:]
        tracker.record(step: 0, iterate: jacobi.iterate)
        while crossing.count < 3 && jacobi.sweepCount < 400_000 {
            jacobi.sweep(50)
            tracker.record(step: jacobi.sweepCount, iterate: jacobi.iterate)
            for row in tracker.records.suffix(3) where crossing[row.mode] == nil && row.relativeError! < 0.1 {
                crossing[row.mode] = row.step
            }
        }
        let c8 = try #require(crossing[8]), c3 = try #require(crossing[3]), c1 = try #require(crossing[1])
        print("Δ_F < 0.1 first at sweep: peak 8 → \(c8), peak 3 → \(c3), peak 1 → \(c1)")
        #expect(c8 < c3 && c3 < c1)

        // Modal prediction through the (separately verified) transforms.
        let sine = try SineTransform(interiorCount: interior)
        let fourier = try FourierTransform(count: n)
        var a0 = [Double](repeating: 0, count: interior + 1)
        sine.coefficients(ofGridVector: problem.initialGuess().enumerated().map { $1 - reference[$0] }, into: &a0)
        var am = a0, em = [Double](repeating: 0, count: n)
        var re = [Double](repeating: 0, count: n / 2 + 1), im = re, refRe = re, refIm = re
        fourier.transform(reference, real: &refRe, imaginary: &refIm)
        func predictedDeltaF(peak: Int, sweeps m: Int) -> Double {
            for k in 1...interior { am[k] = a0[k] * pow(cos(Double(k) * .pi / Double(interior + 1)), Double(m)) }
            sine.gridVector(fromCoefficients: am, into: &em)
            fourier.transform(em, real: &re, imaginary: &im)
            return (re[peak] * re[peak] + im[peak] * im[peak]).squareRoot()
                / (refRe[peak] * refRe[peak] + refIm[peak] * refIm[peak]).squareRoot()
        }
        for (peak, m) in [(8, c8), (3, c3), (1, c1)] {
            #expect(predictedDeltaF(peak: peak, sweeps: m) < 0.1, "peak \(peak) at \(m)")
            #expect(predictedDeltaF(peak: peak, sweeps: m - 50) >= 0.1, "peak \(peak) at \(m - 50)")
        }
    }

    /// Rows: one per tracked mode per call, in `modes` order, with the documented values; the
    /// relative error is nil exactly where the reference coefficient is round-off.
    @Test func recordsAreTidyRows() throws {
        // Reference = 3·(mode 2) + 0.5·(mode 5): every other coefficient is round-off.
        let n = 65, interior = n - 2
        var reference = [Double](repeating: 0, count: n)
        for j in 1...interior {
            let angle = Double(j) * Double.pi / Double(interior + 1)
            reference[j] = 3 * sin(2 * angle) + 0.5 * sin(5 * angle)
        }
        var tracker = try SineModeTracker(reference: reference, modes: [5, 2, 7])
        #expect(tracker.modes == [5, 2, 7])
        expectClose(tracker.referenceCoefficients[0], 0.5, relative: 1e-13)
        expectClose(tracker.referenceCoefficients[1], 3, relative: 1e-13)
        let zero = [Double](repeating: 0, count: n)
        tracker.record(step: 0, iterate: zero)
        tracker.record(step: 50, iterate: reference)
        #expect(tracker.records.map(\.mode) == [5, 2, 7, 5, 2, 7])
        #expect(tracker.records.map(\.step) == [0, 0, 0, 50, 50, 50])
        let first = Array(tracker.records.prefix(3))
        expectClose(first[0].absoluteError, 0.5, relative: 1e-13)
        expectClose(try #require(first[0].relativeError), 1, relative: 1e-13)
        expectClose(try #require(first[1].relativeError), 1, relative: 1e-13)
        #expect(first[2].relativeError == nil, "mode 7 of the reference is round-off")
        #expect(first[2].absoluteError <= 1e-14)
        #expect(tracker.records.suffix(3).allSatisfy { $0.absoluteError == 0 })

        tracker.removeAllRecords()
        #expect(tracker.records.isEmpty)
    }

    /// A tracker following a few modes projects on precomputed rows; one following many runs the
    /// transform. Both paths give the same rows to round-off (the FFT and the dot products sum in
    /// different orders: ~1e-16 of the largest coefficient; 1e-13 allows for N = 999's growth).
    @Test func projectionAndTransformPathsAgree() throws {
        let reference = Self.paper.directSolution()
        let iterate = Self.randomStart(seed: 11)
        // The paper's u is odd about x = 0, so its odd-numbered sine modes are round-off (no
        // relative error): modes 1 and 999 check that both paths agree on that too.
        let few = [1, 8, 500, 999, 2]
        var projected = try SineModeTracker(reference: reference, modes: few)
        var transformed = try SineModeTracker(reference: reference, modes: .all)
        #expect(projected.usesDirectProjection && !transformed.usesDirectProjection)
        projected.record(step: 3, iterate: iterate)
        transformed.record(step: 3, iterate: iterate)
        let largest = transformed.records.map(\.absoluteError).max()!
        let largestReference = transformed.referenceCoefficients.map(abs).max()!
        for (i, row) in projected.records.enumerated() {
            let other = transformed.records[row.mode - 1]
            #expect(other.mode == row.mode && other.step == row.step)
            #expect(abs(row.absoluteError - other.absoluteError) <= 1e-13 * largest, "sine mode \(row.mode)")
            #expect((row.relativeError == nil) == (row.mode % 2 == 1), "sine mode \(row.mode)")
            #expect((row.relativeError == nil) == (other.relativeError == nil), "sine mode \(row.mode)")
            // Relative errors divide by |a_k(reference)|: the paths' round-off in it, ~1e-16 of
            // the largest reference coefficient, is relative 1e-16·largest/|a_k(reference)|.
            if let r = row.relativeError, let o = other.relativeError {
                expectClose(r, o, relative: 1e-13 * largestReference / abs(projected.referenceCoefficients[i]))
            }
        }

        let manyPeaks = Array(0...40)   // 82 rows: beyond the projection rule at n = 1001
        var dftProjected = try DFTPeakTracker(reference: reference, peaks: .indices([8, 3, 1]))
        var dftTransformed = try DFTPeakTracker(reference: reference, peaks: .indices(manyPeaks))
        #expect(dftProjected.usesDirectProjection && !dftTransformed.usesDirectProjection)
        dftProjected.record(step: 0, iterate: iterate)
        dftTransformed.record(step: 0, iterate: iterate)
        let dftLargest = dftTransformed.records.map(\.absoluteError).max()!
        for row in dftProjected.records {
            let other = dftTransformed.records[row.mode]
            #expect(other.mode == row.mode)
            #expect(abs(row.absoluteError - other.absoluteError) <= 1e-13 * dftLargest, "DFT index \(row.mode)")
            expectClose(try #require(row.relativeError), try #require(other.relativeError), relative: 1e-12)
        }
    }

    /// Copies are independent values: recording into a copy leaves the original untouched,
    /// and both keep giving correct results (each has its own FFTW buffers after the copy).
    @Test func trackersHaveValueSemantics() throws {
        let reference = Self.paper.directSolution()
        var original = try SineModeTracker(reference: reference, modes: [1, 8])
        original.record(step: 0, iterate: Self.paper.initialGuess())
        var copy = original
        copy.record(step: 1, iterate: reference)
        original.record(step: 2, iterate: Self.paper.initialGuess())
        #expect(copy.records.map(\.step) == [0, 0, 1, 1])
        #expect(original.records.map(\.step) == [0, 0, 2, 2])
        #expect(original.records[2] == original.records[0].with(step: 2))
        #expect(original.records[3] == original.records[1].with(step: 2))

        var peaks = try DFTPeakTracker(reference: reference, peaks: .largest(2))
        #expect(peaks.peaks == [1, 8])
        var peaksCopy = peaks
        peaksCopy.record(step: 0, iterate: reference)
        peaks.record(step: 0, iterate: Self.paper.initialGuess())
        #expect(peaksCopy.records.allSatisfy { $0.absoluteError == 0 && $0.relativeError == 0 })
        #expect(peaks.records.allSatisfy { abs($0.relativeError! - 1) < 1e-15 })
    }

    /// Trackers are Sendable values: copies recorded concurrently on several threads agree with a
    /// serial run.
    @Test func concurrentCopiesAgree() async throws {
        let reference = Self.paper.directSolution()
        let tracker = try DFTPeakTracker(reference: reference, peaks: .indices([1, 3, 8]))
        let iterates = (0..<4).map { Self.randomStart(seed: 20 + UInt64($0)) }
        var serial = tracker
        for (i, u) in iterates.enumerated() { serial.record(step: i, iterate: u) }
        let parallel = await withTaskGroup(of: (Int, [ModeErrorRecord]).self) { group in
            for (i, u) in iterates.enumerated() {
                group.addTask {
                    var mine = tracker
                    for _ in 0..<20 { mine.record(step: i, iterate: u) }
                    return (i, Array(mine.records.suffix(3)))
                }
            }
            var rows = [[ModeErrorRecord]](repeating: [], count: iterates.count)
            for await (i, r) in group { rows[i] = r }
            return rows.flatMap { $0 }
        }
        #expect(parallel == serial.records)
    }

    @Test func invalidArgumentsThrow() throws {
        let reference = Self.paper.directSolution()
        #expect(throws: SpectralError.indexOutOfRange(parameter: "sine mode", index: 1000, range: 1...999)) {
            try SineModeTracker(reference: reference, modes: [1, 1000])
        }
        #expect(throws: SpectralError.duplicateIndex(parameter: "sine mode", index: 8)) {
            try SineModeTracker(reference: reference, modes: [8, 8])
        }
        #expect(throws: SpectralError.indexOutOfRange(parameter: "DFT index", index: 501, range: 0...500)) {
            try DFTPeakTracker(reference: reference, peaks: .indices([501]))
        }
        #expect(throws: SpectralError.self) { try DFTPeakTracker(reference: reference, peaks: .largest(0)) }
        var bad = reference
        bad[17] = .nan
        // NaN ≠ NaN, so the error is matched by its case and index rather than by equality.
        let error = #expect(throws: SpectralError.self) { try SineModeTracker(reference: bad) }
        guard case .nonFinite(_, let index, _)? = error else { Issue.record("wrong error \(String(describing: error))"); return }
        #expect(index == 17)
        #expect(throws: SpectralError.self) { try DFTPeakTracker(reference: [0, 1], peaks: .largest(1)) }
    }
}

extension ModeErrorRecord {
    /// The same row at another step.
    func with(step: Int) -> ModeErrorRecord {
        var r = self
        r.step = step
        return r
    }
}
