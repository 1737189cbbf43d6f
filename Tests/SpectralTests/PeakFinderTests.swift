import Testing
import PoissonCore
import Spectral
import TestSupport

@Suite struct PeakFinderTests {
    @Test func findsStrictLocalMaximaLargestFirst() {
        //                  k: 0  1  2  3  4  5  6  7  8
        let m: [Double] = [9, 5, 1, 3, 3, 2, 7, 1, 8]
        // k = 1 is below its left neighbour here: not a peak.
        #expect(PeakFinder.largestPeaks(of: m, count: 5) == [6])
        let p: [Double] = [1, 5, 1, 3, 3, 2, 7, 1, 8]
        // k = 0 and the last index are never peaks; 3 and 4 tie (not strict); peaks are 1 and 6.
        #expect(PeakFinder.largestPeaks(of: p, count: 5) == [6, 1])
        #expect(PeakFinder.largestPeaks(of: p, count: 1) == [6])
        #expect(PeakFinder.largestPeaks(of: p, count: 0) == [])
        #expect(PeakFinder.largestPeaks(of: [1, 2, 3, 4], count: 3) == [])
        #expect(PeakFinder.largestPeaks(of: [1, 2], count: 3) == [])
        // Equal peak heights: smaller index first.
        #expect(PeakFinder.largestPeaks(of: [0, 2, 0, 2, 0], count: 2) == [1, 3])
    }

    /// Acceptance 4: on the paper's problem at n = 1001 the largest peaks of |F[u]| include the
    /// paper's indices 1 and 8 (3 is a shoulder, not a strict maximum: paper-facts §4), for the
    /// discrete and the exact reference; and Δ_F of the zero function is 1 at every peak.
    @Test(arguments: ["discrete", "exact"])
    func paperProblemPeaks(reference kind: String) throws {
        let discrete = try DiscretePoisson(problem: ReferenceProblems.paper(), pointCount: 1001)
        let reference = kind == "discrete" ? discrete.directSolution() : try #require(try discrete.exactSolution())
        let transform = try FourierTransform(count: 1001)
        var re = [Double](repeating: 0, count: 501), im = re
        transform.transform(reference, real: &re, imaginary: &im)
        let magnitudes = zip(re, im).map { ($0 * $0 + $1 * $1).squareRoot() }
        let top = PeakFinder.largestPeaks(of: magnitudes, count: 3)
        #expect(top.contains(1) && top.contains(8), "top peaks \(top)")
        #expect(top.first == 1)
        // The paper-facts recomputation: |F[u](1)|/n ≈ 0.242, |F[u](8)|/n ≈ 0.0112.
        expectClose(magnitudes[1] / 1001, 0.242, relative: 5e-3)
        expectClose(magnitudes[8] / 1001, 0.0112, relative: 5e-3)

        for selection in [PeakSelection.largest(3), .indices([1, 3, 8])] {
            var tracker = try DFTPeakTracker(reference: reference, peaks: selection)
            #expect(tracker.referenceMagnitudes == magnitudes)
            tracker.record(step: 0, iterate: [Double](repeating: 0, count: 1001))
            #expect(tracker.records.count == tracker.peaks.count)
            for row in tracker.records {
                // F[0 − u] = −F[u]: the ratio is 1 up to the last bit.
                expectClose(try #require(row.relativeError), 1, relative: 4 * Double.ulpOfOne, "peak \(row.mode)")
                expectClose(row.absoluteError, magnitudes[row.mode] / 1001, relative: 1e-14)
                #expect(row.basis == .dft && row.step == 0)
            }
        }
    }
}
