/// The peaks of a DFT magnitude spectrum `|F[u](k)|`, `k = 0 … ⌊n/2⌋`: the frequencies the paper
/// tracks with `Δ_F` (its Fig. 4(a) inset marks them as black dots).
public enum PeakFinder {
    /// The indices of the `count` largest *strict local maxima* of `magnitudes`, largest first
    /// (equal magnitudes: smaller index first).
    ///
    /// Index `k` is a strict local maximum when `1 ≤ k ≤ m − 2` (`m = magnitudes.count`) and
    /// `magnitudes[k] > magnitudes[k − 1]` and `magnitudes[k] > magnitudes[k + 1]`. So `k = 0`
    /// (the mean) is never a peak, and neither is the last index `⌊n/2⌋` (its right-hand
    /// neighbour is the mirror `F(n − k)` outside the half spectrum: equal for odd `n`, so it
    /// could not be strict there). Fewer than `count` indices are returned when fewer maxima
    /// exist (none for a constant or monotone spectrum); `count ≤ 0` returns `[]`.
    /// NaN magnitudes compare false and are never peaks. Cost `O(m + p log p)` for `p` maxima.
    public static func largestPeaks(of magnitudes: [Double], count: Int) -> [Int] {
        guard count > 0, magnitudes.count >= 3 else { return [] }
        var peaks: [Int] = []
        for k in 1..<(magnitudes.count - 1)
        where magnitudes[k] > magnitudes[k - 1] && magnitudes[k] > magnitudes[k + 1] {
            peaks.append(k)
        }
        peaks.sort { magnitudes[$0] > magnitudes[$1] || (magnitudes[$0] == magnitudes[$1] && $0 < $1) }
        return Array(peaks.prefix(count))
    }
}

/// Which DFT indices a `DFTPeakTracker` follows (the case file's `tracking.peaks`: a count or a
/// list).
public enum PeakSelection: Sendable, Equatable, Hashable {
    /// The `p` largest strict local maxima of `|F[reference]|` (`PeakFinder.largestPeaks`).
    case largest(Int)
    /// An explicit list of DFT indices, each in `0 … ⌊n/2⌋` (the paper hand-picked 1, 3, 8).
    case indices([Int])
}
