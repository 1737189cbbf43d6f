import Foundation

/// The statistics of a sweep report: quartiles over seeds, least-squares power laws on log–log
/// axes, and the interpolated point where one cost curve crosses another.
public enum SweepStatistics {
    /// The `p`-quantile (0…1) of `values` by linear interpolation between order statistics
    /// (type 7, as numpy and R by default); nil for no values.
    public static func quantile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let position = p * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }

    /// The power law `y = coefficient · x^exponent` that fits `(x, y)` best in least squares on
    /// `log y` against `log x`; nil with fewer than two distinct positive x or any non-positive y.
    public static func powerLaw(x: [Double], y: [Double]) -> (exponent: Double, coefficient: Double)? {
        let pairs = zip(x, y).filter { $0.0 > 0 && $0.1 > 0 && $0.0.isFinite && $0.1.isFinite }
        guard Set(pairs.map(\.0)).count >= 2 else { return nil }
        let lx = pairs.map { log($0.0) }, ly = pairs.map { log($0.1) }
        let mx = lx.reduce(0, +) / Double(lx.count), my = ly.reduce(0, +) / Double(ly.count)
        let sxx = lx.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let sxy = zip(lx, ly).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let slope = sxy / sxx
        return (slope, exp(my - slope * mx))
    }

    /// Where a crossing happens along `x` (increasing): the first x at which `challenger < incumbent`.
    public enum Crossover: Sendable, Equatable {
        /// The challenger is cheaper already at the smallest x.
        case atOrBelow(Double)
        /// Interpolated between two x where the order changes, on log–log axes.
        case at(Double)
        /// The challenger is never cheaper in the range.
        case none
    }

    /// The first x where `challenger` becomes cheaper than `incumbent`, interpolating
    /// `log(challenger/incumbent)` linearly in `log x` between the last x where it is not and the
    /// first where it is. Points where either is missing are skipped.
    public static func crossover(x: [Double], incumbent: [Double?], challenger: [Double?]) -> Crossover {
        var previous: (lx: Double, d: Double)?
        for i in x.indices {
            guard let a = incumbent[i], let b = challenger[i], a > 0, b > 0, x[i] > 0 else { continue }
            let d = log(b / a), lx = log(x[i])
            if d < 0 {
                guard let (plx, pd) = previous else { return .atOrBelow(x[i]) }
                return .at(exp(plx + (lx - plx) * pd / (pd - d)))
            }
            previous = (lx, d)
        }
        return .none
    }
}
