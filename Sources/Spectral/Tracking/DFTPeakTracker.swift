import Foundation

/// A read-only observer that records the paper's relative DFT error at chosen frequencies
/// (Xu et al., Fig. 4(b, c)):
///
///     Δ_F(k) = |F[h](k) − F[u](k)| / |F[u](k)|,   F[f](k) = Σ_{j=0}^{n−1} f_j e^{−2πijk/n},
///
/// over all `n` grid values (boundary included), `h` the iterate and `u` the reference.
/// The peaks are chosen once at `init` from `|F[u]|` (`PeakSelection`). Each `record` appends one
/// `ModeErrorRecord` per peak with `basis = .dft`, `absoluteError = |F[h](k) − F[u](k)| / n` and
/// `relativeError = Δ_F(k)` (`nil` where `|F[u](k)| ≤ ModeErrorRecord.referenceFloor ·
/// max_k |F[u](k)|`). It transforms the difference `h − u` (one transform; by linearity equal to
/// `F[h] − F[u]` up to round-off), so `Δ_F` of `h = 0` is exactly 1.
///
/// Cost per `record`: `n` subtractions, then either one real DFT of `n` points (`O(n log n)`,
/// `FourierTransform.flopsPerTransform`) or, for a few peaks (at most `⌊log2 n⌋ + 1` of them),
/// `4n` flops per peak of direct projection on precomputed cos/sin rows
/// (`usesDirectProjection`; same values to round-off, several times faster, and far faster for
/// prime `n` such as 2¹⁶+1). Allocation-free apart from amortised growth of `records`.
/// A `Sendable` value with independent copies (see `TransformWorkspace`).
public struct DFTPeakTracker: Sendable {
    /// Grid points `n` of the vectors fed in.
    public let pointCount: Int
    /// The tracked DFT indices, in recording order: for `.largest(p)` the peaks by decreasing
    /// `|F[u](k)|` (possibly fewer than `p`), for `.indices` the list as given.
    public let peaks: [Int]
    /// `|F[u](k)|` for `k = 0 … ⌊n/2⌋` (unnormalised, as `FourierTransform`): the spectrum the
    /// peaks were picked from (the paper's Fig. 4(a) inset, up to the factor `1/n`).
    public let referenceMagnitudes: [Double]
    /// Every row recorded so far, in the order recorded.
    public private(set) var records: [ModeErrorRecord] = []

    /// Whether `record` projects on precomputed cos/sin rows instead of running the DFT (a fixed
    /// rule on the number of peaks and `n`; see the type's cost note).
    public var usesDirectProjection: Bool { projection != nil }

    private let reference: [Double]
    /// `|F[u](k)|` at each peak, or 0 where it is round-off (no relative error).
    private let relativeDenominators: [Double]
    /// Rows `cos(2πjk/n)` and `−sin(2πjk/n)`, `j = 0 … n−1`, per peak, when projecting.
    private let projection: ProjectionTable?
    private var workspace: TransformWorkspace<FourierTransform>

    /// A tracker of `Δ_F` against `reference` (a grid vector, `n ≥ 3`). Throws `SpectralError`
    /// when `reference` is too short or not finite, `.largest(p)` has `p < 1`, or a listed index
    /// is outside `0 … ⌊n/2⌋` or repeated.
    public init(reference: [Double], peaks: PeakSelection) throws {
        let n = reference.count
        guard n >= 3, n <= fftwMaximumSize else {
            throw SpectralError.invalidSize(parameter: "reference length", value: n, range: 3...fftwMaximumSize)
        }
        try SpectralError.checkFinite(reference, parameter: "reference")
        let transform = try FourierTransform(count: n)
        var re = [Double](repeating: 0, count: transform.spectrumCount), im = re
        transform.transform(reference, real: &re, imaginary: &im)
        let magnitudes = zip(re, im).map { ($0 * $0 + $1 * $1).squareRoot() }
        let resolved: [Int]
        switch peaks {
        case .largest(let p):
            guard p >= 1 else {
                throw SpectralError.outOfRange(parameter: "number of peaks", value: Double(p), range: "at least 1")
            }
            resolved = PeakFinder.largestPeaks(of: magnitudes, count: p)
        case .indices(let list):
            try SpectralError.checkIndices(list, in: 0...(transform.spectrumCount - 1), parameter: "DFT index")
            resolved = list
        }
        let largest = magnitudes.max() ?? 0
        var atPeaks = resolved.map { magnitudes[$0] }
        var projection: ProjectionTable?
        if ProjectionTable.isWorthwhile(rows: 2 * resolved.count, length: n) {
            // Angles 2π(jk mod n)/n, reduced exactly in integers.
            let table = ProjectionTable(rowCount: 2 * resolved.count, rowLength: n) { r, j in
                let angle = 2 * Double.pi * Double((j * resolved[r / 2]) % n) / Double(n)
                return r % 2 == 0 ? cos(angle) : -sin(angle)
            }
            // |F[u](k)| at the peaks by the same path as the records, so that the iterate 0 has
            // Δ_F exactly 1.
            reference.withUnsafeBufferPointer { u in transform.signal.update(from: u.baseAddress!, count: n) }
            for i in resolved.indices {
                let re = table.project(transform.signal, row: 2 * i), im = table.project(transform.signal, row: 2 * i + 1)
                atPeaks[i] = (re * re + im * im).squareRoot()
            }
            projection = table
        }
        self.pointCount = n
        self.peaks = resolved
        self.referenceMagnitudes = magnitudes
        self.reference = reference
        self.relativeDenominators = atPeaks.map { $0 > ModeErrorRecord.referenceFloor * largest ? $0 : 0 }
        self.projection = projection
        self.workspace = TransformWorkspace(transform)
    }

    /// Appends one row per peak for `iterate` (a grid vector of `pointCount` entries,
    /// precondition) at `step`. Never changes the run; allocation-free apart from `records`.
    public mutating func record(step: Int, iterate: [Double]) {
        precondition(iterate.count == pointCount, "DFTPeakTracker: iterate has \(iterate.count) entries, expected \(pointCount)")
        let transform = workspace.unique()
        let signal = transform.signal, spectrum = transform.spectrum, n = pointCount
        iterate.withUnsafeBufferPointer { h in
            reference.withUnsafeBufferPointer { u in
                for j in 0..<n { signal[j] = h[j] - u[j] }
            }
        }
        if projection == nil { transform.executeForward() }
        let inverseCount = 1 / Double(n)
        peaks.withUnsafeBufferPointer { peaks in
            relativeDenominators.withUnsafeBufferPointer { denominators in
                for i in 0..<peaks.count {
                    let (re, im) = projection.map { ($0.project(signal, row: 2 * i), $0.project(signal, row: 2 * i + 1)) }
                        ?? spectrum[peaks[i]]
                    let difference = (re * re + im * im).squareRoot()
                    let d = denominators[i]
                    records.append(ModeErrorRecord(step: step, basis: .dft, mode: peaks[i],
                                                   absoluteError: difference * inverseCount,
                                                   relativeError: d > 0 ? difference / d : nil))
                }
            }
        }
    }

    /// Removes all recorded rows (keeping their storage).
    public mutating func removeAllRecords() { records.removeAll(keepingCapacity: true) }
}
