import Foundation
import Testing
@testable import SVGPlot

@Suite struct TickTests {
    @Test func logAxisGrowsToWholeDecadesAndLabelsEach() {
        let ticks = AxisTicks.logarithmic(covering: 3e-4...2)
        #expect(ticks.range == 1e-4...1e1)
        #expect(ticks.labelledValues == [1e-4, 1e-3, 1e-2, 1e-1, 1, 10])
        #expect(ticks.labelTexts == ["10^(−4)", "10^(−3)", "10^(−2)", "10^(−1)", "10^0", "10^1"])
        let plain = AxisTicks.logarithmic(covering: 3e-4...2, labelStyle: .exponent)
        #expect(plain.labelTexts == ["1e-4", "1e-3", "1e-2", "1e-1", "1e0", "1e1"])
    }

    @Test func explicitLogRangeKeepsItsEndsAndTicksInside() {
        let ticks = AxisTicks.logarithmic(covering: 3e-4...2, expand: false)
        #expect(ticks.range == 3e-4...2)
        #expect(ticks.labelledValues == [1e-3, 1e-2, 1e-1, 1])
    }

    @Test func manyDecadesAreLabelledSparselyButAllTicked() {
        let ticks = AxisTicks.logarithmic(covering: 1e-12...1, maximumLabels: 8)
        #expect(ticks.major.count == 13, "one major tick per decade")
        #expect(ticks.labelledValues == [1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1])
        #expect(ticks.step == 2)
    }

    /// Under a decade of data: the axis grows to the enclosing 1, 2, 5 × 10ᵈ and labels those;
    /// a range inside one decade falls back to nice linear values, still all positive and inside.
    @Test func lessThanADecadeStillGetsReadableLabels() {
        let one = AxisTicks.logarithmic(covering: 0.2...0.6)
        #expect(one.range == 0.2...1)
        #expect(one.labelTexts == ["0.2", "0.5", "1"])
        let narrow = AxisTicks.logarithmic(covering: 0.31...0.42)
        #expect(narrow.range == 0.2...0.5)
        #expect(narrow.labelTexts == ["0.2", "0.5"])
        let decade = AxisTicks.logarithmic(covering: 1...10)
        #expect(decade.labelTexts == ["1", "2", "5", "10"])
        let inside = AxisTicks.logarithmic(covering: 0.2...0.45, expand: false)
        #expect(inside.labelledValues.count >= 2)
        #expect(inside.labelledValues.allSatisfy { $0 >= 0.2 && $0 <= 0.45 })
        let single = AxisTicks.logarithmic(covering: 5...5)
        #expect(single.range.lowerBound < 5 && single.range.upperBound > 5)
        #expect(single.labelledValues.count >= 2)
    }

    @Test func logMinorTicksSitAtTwoToNine() {
        let ticks = AxisTicks.logarithmic(covering: 1e-3...1e-1, minorTicks: true)
        #expect(ticks.minor.count == 16)
        #expect(ticks.minor.first.map { abs($0 - 2e-3) < 1e-15 } == true)
    }

    @Test func linearTicksAreNiceOneTwoFiveSteps() {
        let unit = AxisTicks.linear(covering: 0...1)
        #expect(unit.step == 0.2)
        #expect(unit.labelTexts == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        let negative = AxisTicks.linear(covering: -3.7...12.2)
        #expect(negative.range == -5...15)
        #expect(negative.labelTexts == ["−5", "0", "5", "10", "15"])
        let large = AxisTicks.linear(covering: 0...4.2e9)
        #expect(large.labelTexts.last == "5×10^9")
    }

    /// Property over many ranges: the step is 1, 2 or 5 × 10ᵏ, there are at most 6 intervals,
    /// the expanded range covers the data, and every tick is an integer multiple of the step.
    @Test func niceTickPropertiesHoldOverManyRanges() {
        var lows: [Double] = []
        for e in -6...6 { for m in [-7.3, -1.0, 0.0, 0.37, 1.0, 2.9] { lows.append(m * pow(10, Double(e))) } }
        for lo in lows {
            for span in [1e-5, 0.03, 0.7, 1, 3.3, 17, 450, 9.9e7] {
                let ticks = AxisTicks.linear(covering: lo...(lo + span))
                let exponent = floor(log10(ticks.step))
                let mantissa = (ticks.step / pow(10, exponent)).rounded()
                #expect([1, 2, 5].contains(mantissa), "step \(ticks.step) for \(lo)…\(lo + span)")
                #expect(ticks.major.count - 1 <= 6)
                // Data within 1e-9 of a step from a tick counts as on it (round-off in the data
                // must not add a whole empty step), so coverage is checked with that slack.
                let slack = 1e-9 * ticks.step
                #expect(ticks.range.lowerBound <= lo + slack && ticks.range.upperBound >= lo + span - slack,
                        "\(ticks.range) for \(lo)…\(lo + span)")
                for tick in ticks.major {
                    // value / step carries a rounding error of a few ulp(k): relative slack.
                    let k = tick.value / ticks.step
                    #expect(abs(k - k.rounded()) < 1e-9 + 1e-12 * abs(k), "tick \(tick.value) not a multiple of \(ticks.step)")
                }
            }
        }
    }

    @Test func degenerateLinearRangesAreWidened() {
        let zero = AxisTicks.linear(covering: 0...0)
        #expect(zero.range.lowerBound < 0 && zero.range.upperBound > 0)
        let point = AxisTicks.linear(covering: 5...5)
        #expect(point.range.lowerBound < 5 && point.range.upperBound > 5)
        #expect(point.major.count >= 2)
    }

    @Test func linearMinorTicksSubdivideTheStep() {
        let ticks = AxisTicks.linear(covering: 0...1, minorTicks: true)   // step 0.2 → 4 parts
        #expect(ticks.minor.count == 5 * 3)
        let fives = AxisTicks.linear(covering: 0...10, minorTicks: true)   // step 2 → 4 parts
        #expect(fives.step == 2)
        #expect(fives.minor.count == 5 * 3)
    }
}
