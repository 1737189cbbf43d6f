import Foundation

/// The band within which a value from a run agrees with the golden value, in log10 space with a
/// round-off floor:
///
///     |log10|got| − log10|expected|| ≤ log10(1 + relativeTolerance)
///     or  |got − expected| ≤ floor · scale
///
/// where `scale` is the largest `|expected|` of that column in that run (see `CellComparison`).
/// The first test is a relative tolerance that treats a curve spanning many decades the same at
/// every height (errors fall from 1 to 1e-10; a fixed absolute tolerance would be meaningless
/// at one end). The second admits round-off: a quantity that has decayed to the noise of its
/// own computation (a sine mode at 1e-17 when the run started at 1, a max error at 1e-15 after
/// multigrid converged) carries an absolute error of about `ε · scale`, not a relative one, and
/// different FFTW/BLAS kernels or libm versions change it arbitrarily in relative terms.
///
/// Exact cases: an empty cell matches only an empty cell (a value against an empty cell is a
/// drift); cells that both read as integers (counts: `step`, `flops`, …) must be equal; text
/// cells must be equal; `0` matches `0` (and `-0`); values of opposite signs never match through
/// the relative test. A band with both tolerances zero is exact equality of values.
public struct ToleranceBand: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// `r` in `log10(1 + r)`: the largest relative difference (as a ratio `got/expected − 1`)
    /// accepted at any height of the curve.
    public let relativeTolerance: Double
    /// The round-off allowance as a fraction of the column's scale in that run.
    public let floor: Double

    /// The default of `poisson-hybrid compare`: `rtol 1e-6`, `floor 1e-12`. Measured on this
    /// project's machine, swapping OpenBLAS kernels (Haswell, SkylakeX, Prescott) moves the small
    /// hybrid case's curves by at most 6e-13 in log10 and its mode errors by at most 2.4e-16 of
    /// the scale; both limits leave three orders of magnitude above such noise and stay three
    /// orders below any change to an algorithm (a 1 % change of ω moves a curve by ≳ 1e-3).
    public static let standard = ToleranceBand(uncheckedRelative: 1e-6, floor: 1e-12)

    /// Exact equality of every value.
    public static let exact = ToleranceBand(uncheckedRelative: 0, floor: 0)

    /// A band; throws `RegressionError.invalidBand` unless both tolerances are finite and ≥ 0.
    public init(relativeTolerance: Double, floor: Double = ToleranceBand.standard.floor) throws {
        guard relativeTolerance.isFinite, relativeTolerance >= 0 else {
            throw RegressionError.invalidBand("the relative tolerance must be a finite number ≥ 0, got \(relativeTolerance)")
        }
        guard floor.isFinite, floor >= 0 else {
            throw RegressionError.invalidBand("the floor must be a finite number ≥ 0, got \(floor)")
        }
        self.init(uncheckedRelative: relativeTolerance, floor: floor)
    }

    private init(uncheckedRelative: Double, floor: Double) {
        self.relativeTolerance = uncheckedRelative
        self.floor = floor
    }

    /// The half-width of the band in log10 space, `log10(1 + relativeTolerance)`.
    public var logWidth: Double { log1p(relativeTolerance) / M_LN10 }

    /// `rtol 1e-06 (|Δlog10| ≤ 4.3e-07), floor 1e-12 of the scale`.
    public var description: String {
        "rtol \(short(relativeTolerance)) (|Δlog10| ≤ \(short(logWidth))), floor \(short(floor)) of the scale"
    }

    /// `|log10|got| − log10|expected||` for two non-zero values of the same sign, else `+∞`.
    /// Computed as `|log1p(got/expected − 1)| / ln 10`, accurate for ratios near 1.
    public static func logDistance(got: Double, expected: Double) -> Double {
        guard got != 0, expected != 0, (got > 0) == (expected > 0), got.isFinite, expected.isFinite else {
            return got == expected ? 0 : .infinity
        }
        let ratio = got / expected
        guard ratio.isFinite, ratio > 0 else { return .infinity }
        return abs(log1p(ratio - 1)) / M_LN10
    }

    /// Whether two cells agree within the band, given the column's `scale` in that run.
    public func compare(got: String, expected: String, scale: Double) -> CellComparison {
        CellComparison(got: got, expected: expected, band: self, scale: scale)
    }
}

/// The comparison of one cell of a run with the golden cell (see `ToleranceBand` for the rule).
public struct CellComparison: Sendable, Equatable {
    /// True when the cells agree within the band.
    public let isWithinBand: Bool
    /// `|log10|got| − log10|expected||`: `0` for equal cells, `+∞` when the values cannot be
    /// compared in log space (empty against a value, zero against non-zero, opposite signs,
    /// text that differs).
    public let logDistance: Double
    /// `|got − expected| / scale` for numbers (`+∞` when not both numbers, `0` when equal).
    public let scaledDifference: Double

    /// Compares the cell texts `got` and `expected` within `band`; `scale` is the largest
    /// `|expected|` of this column in this run (0 if none).
    public init(got: String, expected: String, band: ToleranceBand, scale: Double) {
        if got == expected {
            isWithinBand = true; logDistance = 0; scaledDifference = 0
            return
        }
        if got.isEmpty || expected.isEmpty {
            isWithinBand = false; logDistance = .infinity; scaledDifference = .infinity
            return
        }
        if let g = Int(got), let e = Int(expected) {
            // Counts are exact: any difference is a drift, however small relative to the value.
            isWithinBand = g == e
            logDistance = ToleranceBand.logDistance(got: Double(g), expected: Double(e))
            scaledDifference = scale > 0 ? abs(Double(g) - Double(e)) / scale : (g == e ? 0 : .infinity)
            return
        }
        guard let g = Double(got), let e = Double(expected) else {
            isWithinBand = false; logDistance = .infinity; scaledDifference = .infinity
            return
        }
        let distance = ToleranceBand.logDistance(got: g, expected: e)
        let difference = abs(g - e)
        logDistance = distance
        scaledDifference = scale > 0 ? difference / scale : (difference == 0 ? 0 : .infinity)
        isWithinBand = g == e || distance <= band.logWidth || difference <= band.floor * scale
    }
}

/// A compact rendering of a tolerance or distance, two significant digits: `1e-06`, `4.3e-07`,
/// `0.25`, `∞`.
func short(_ x: Double) -> String {
    if x.isInfinite { return x > 0 ? "∞" : "-∞" }
    return String(format: "%.2g", x)
}
