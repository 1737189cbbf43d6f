/// Precomputed basis rows for projecting a vector on a *few* modes by direct dot products,
/// instead of a full transform.
///
/// A tracker that follows `m` sine modes (or `p` DFT peaks, two real rows each) of a length-`L`
/// vector needs `m·L` multiply-adds this way, against `O(L log L)` for the transform and the
/// transform's fixed costs; for the handful of modes a case tracks (the default is 10 sine
/// modes and 3 peaks) the projection is several times faster and allocates nothing inside FFTW.
/// `isWorthwhile(rows:length:)` makes the choice by a fixed rule, so it is deterministic: the
/// same tracker always takes the same path and gives bit-identical results run to run. Both paths
/// agree to round-off (`O(ε·√L)` relative to the largest coefficient).
struct ProjectionTable: Sendable {
    /// Entries per row `L`.
    let rowLength: Int
    /// Number of rows.
    let rowCount: Int
    /// Row-major `rowCount × rowLength`.
    private let rows: [Double]

    /// Rows `row(r, j)` for `r < rowCount`, `j < rowLength`.
    init(rowCount: Int, rowLength: Int, entry: (_ row: Int, _ column: Int) -> Double) {
        self.rowCount = rowCount
        self.rowLength = rowLength
        var rows = [Double](repeating: 0, count: rowCount * rowLength)
        for r in 0..<rowCount {
            for j in 0..<rowLength { rows[r * rowLength + j] = entry(r, j) }
        }
        self.rows = rows
    }

    /// The fixed rule: project when there are at most `2(⌊log2 L⌋ + 1)` rows (20 for L ≈ 1000,
    /// 34 for L ≈ 65536: there `rows·L` multiply-adds cost no more than a transform of
    /// `~5 L log2 L` flops with its fixed overheads) and the table stays within 2²¹ doubles
    /// (16 MiB).
    static func isWorthwhile(rows: Int, length: Int) -> Bool {
        let log2Length = Int.bitWidth - length.leadingZeroBitCount   // ⌊log2 L⌋ + 1
        return rows <= 2 * log2Length && rows * length <= 1 << 21
    }

    /// `Σ_j row(r, j) · x[j]` over `rowLength` entries of `x`: 2·`rowLength` flops, in four
    /// SIMD4 accumulators (a fixed summation order, so results are reproducible; separate
    /// multiply and add rather than FMA, so portable and `-target-cpu native` builds agree).
    func project(_ x: UnsafePointer<Double>, row r: Int) -> Double {
        let length = rowLength
        return rows.withUnsafeBufferPointer { table in
            let a = UnsafeRawPointer(table.baseAddress! + r * length)
            let b = UnsafeRawPointer(x)
            var s0 = SIMD4<Double>(), s1 = SIMD4<Double>(), s2 = SIMD4<Double>(), s3 = SIMD4<Double>()
            let stride = MemoryLayout<SIMD4<Double>>.size
            var j = 0, offset = 0
            while j + 16 <= length {
                s0 += a.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
                    * b.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
                s1 += a.loadUnaligned(fromByteOffset: offset + stride, as: SIMD4<Double>.self)
                    * b.loadUnaligned(fromByteOffset: offset + stride, as: SIMD4<Double>.self)
                s2 += a.loadUnaligned(fromByteOffset: offset + 2 * stride, as: SIMD4<Double>.self)
                    * b.loadUnaligned(fromByteOffset: offset + 2 * stride, as: SIMD4<Double>.self)
                s3 += a.loadUnaligned(fromByteOffset: offset + 3 * stride, as: SIMD4<Double>.self)
                    * b.loadUnaligned(fromByteOffset: offset + 3 * stride, as: SIMD4<Double>.self)
                j += 16
                offset += 4 * stride
            }
            var sum = ((s0 + s1) + (s2 + s3)).sum()
            let rowBase = table.baseAddress! + r * length
            while j < length {
                sum += rowBase[j] * x[j]
                j += 1
            }
            return sum
        }
    }
}
