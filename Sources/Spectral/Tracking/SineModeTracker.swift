import Foundation

/// A read-only observer that records the error of an iterate in the sine eigenbasis, mode by
/// mode: `a_k(iterate − reference)` with the `SineTransform` normalisation
/// `e_j = Σ_{k=1}^{N} a_k sin(kπj/(N+1))`.
///
/// These are the eigenvectors of `A` and of the Jacobi iteration matrix, so for Jacobi each
/// recorded coefficient shrinks by exactly `cos(kπ/(N+1))` per sweep (DESIGN.md; the paper's
/// `α_k^{t+1} = λ_k α_k^t`). Each `record` appends one `ModeErrorRecord` per tracked mode with
/// `absoluteError = |a_k(iterate − reference)|` and `relativeError = absoluteError /
/// |a_k(reference)|` (`nil` where `|a_k(reference)| ≤ ModeErrorRecord.referenceFloor ·
/// max_k |a_k(reference)|`).
///
/// Only the interior entries `1 … N` enter (the sine basis vanishes at both ends); iterates are
/// expected to carry the Dirichlet values. Non-finite iterate entries give NaN rows.
///
/// `precision` chooses the arithmetic of every coefficient — the records, `errorCoefficients`
/// and the reference coefficients that divide the relative errors:
/// - `.double` (the default). Cost per `record`: `N` subtractions, then either one DST-I
///   (`O(N log N)`, `SineTransform.flopsPerTransform`) or, when only a few modes are tracked (at
///   most `2(⌊log2 N⌋ + 1)` of them: 20 at N = 999), `2N` flops per mode of direct projection on
///   precomputed sine rows (`usesDirectProjection`; same values to round-off, several times
///   faster). Each coefficient is correct to ~ε of the *largest* one.
/// - `.quad`: the binary128 `QuadSineTransform` of `iterate − reference` (difference formed in
///   binary128) for any number of modes, never projection. Each coefficient is correct to ~1 ulp
///   of *itself*, so relative errors and per-mode contraction factors can be checked many decades
///   below the largest mode; ~200× the cost of a double DST at N = 999, x86-64 only (`init` throws
///   `SpectralError.unavailable` elsewhere).
///
/// Nothing is allocated per call except amortised growth of `records`. A `Sendable` value: copies
/// are independent (each gets its own FFTW buffers on first use, see `TransformWorkspace`).
public struct SineModeTracker: Sendable {
    /// Grid points `n` of the vectors fed in (`N = n − 2` modes).
    public let pointCount: Int
    /// The tracked modes, in recording order (each in `1 … N`).
    public let modes: [Int]
    /// `a_k(reference)` for each tracked mode, signed, aligned with `modes` (computed in
    /// `precision`).
    public let referenceCoefficients: [Double]
    /// The arithmetic of the transforms (fixed at `init`; see the type's documentation).
    public let precision: TransformPrecision
    /// Every row recorded so far, in the order recorded (per call: the modes in `modes` order).
    public private(set) var records: [ModeErrorRecord] = []

    /// Whether `record` projects on precomputed sine rows instead of running the DST (a fixed
    /// rule on the number of modes and `N`; see the type's cost note).
    public var usesDirectProjection: Bool { projection != nil }

    private let reference: [Double]
    /// `|a_k(reference)|` for each tracked mode, or 0 where it is round-off (no relative error).
    private let relativeDenominators: [Double]
    /// Rows `(2/(N+1)) sin(kπj/(N+1))`, `j = 1 … N`, for each tracked mode, when projecting.
    private let projection: ProjectionTable?
    /// The double transform (`precision == .double`; `nil` for `.quad`).
    private var workspace: TransformWorkspace<SineTransform>?
    /// The binary128 transform (`precision == .quad`; `nil` for `.double`).
    private var quadWorkspace: TransformWorkspace<QuadSineTransform>?

    /// A tracker of the error against `reference` (a grid vector of `n ≥ 3` entries: the discrete
    /// or the exact solution on the grid), computing in `precision`. Throws `SpectralError` when
    /// `reference` is too short or not finite, a mode is outside `1 … N` or listed twice, or
    /// `.quad` is unavailable on this machine.
    public init(reference: [Double], modes selection: ModeSelection = .all,
                precision: TransformPrecision = .double) throws {
        guard reference.count >= 3 else {   // the upper limit is `SineTransform`'s
            throw SpectralError.invalidSize(parameter: "reference length", value: reference.count, range: 3...Int.max)
        }
        try SpectralError.checkFinite(reference, parameter: "reference")
        let interior = reference.count - 2
        let modes: [Int]
        switch selection {
        case .all: modes = Array(1...interior)
        case .indices(let list):
            try SpectralError.checkIndices(list, in: 1...interior, parameter: "sine mode")
            modes = list
        }
        var a = [Double](repeating: 0, count: interior + 1)
        let largest: Double
        var projection: ProjectionTable?
        switch precision {
        case .double:
            let transform = try SineTransform(interiorCount: interior)
            transform.coefficients(ofGridVector: reference, into: &a)
            largest = a.reduce(0) { max($0, abs($1)) }
            if ProjectionTable.isWorthwhile(rows: modes.count, length: interior) {
                // sin(kπj/(N+1)) with the integer part jk reduced mod 2(N+1) exactly.
                let period = 2 * (interior + 1), scale = 2 / Double(interior + 1)
                let table = ProjectionTable(rowCount: modes.count, rowLength: interior) { r, column in
                    scale * sin(Double(((column + 1) * modes[r]) % period) * .pi / Double(interior + 1))
                }
                // The reference coefficients by the same path as the records, so that the iterate 0
                // has relative error exactly 1.
                reference.withUnsafeBufferPointer { u in transform.interior.update(from: u.baseAddress! + 1, count: interior) }
                for (r, k) in modes.enumerated() { a[k] = table.project(transform.interior, row: r) }
                projection = table
            }
            self.workspace = TransformWorkspace(transform)
        case .quad:
            // Every mode through the binary128 transform, the denominators included.
            let transform = try QuadSineTransform(interiorCount: interior)
            transform.coefficients(ofGridVector: reference, into: &a)
            largest = a.reduce(0) { max($0, abs($1)) }
            self.quadWorkspace = TransformWorkspace(transform)
        }
        self.pointCount = reference.count
        self.modes = modes
        self.precision = precision
        self.reference = reference
        self.referenceCoefficients = modes.map { a[$0] }
        self.relativeDenominators = modes.map { abs(a[$0]) > ModeErrorRecord.referenceFloor * largest ? abs(a[$0]) : 0 }
        self.projection = projection
    }

    /// Convenience: track the listed modes.
    public init(reference: [Double], modes: [Int]) throws {
        try self.init(reference: reference, modes: .indices(modes))
    }

    /// Appends one row per tracked mode for `iterate` (a grid vector of `pointCount` entries,
    /// precondition) at `step`. Never changes the run; allocation-free apart from `records`
    /// growth.
    public mutating func record(step: Int, iterate: [Double]) {
        if precision == .quad {
            recordInQuadPrecision(step: step, iterate: iterate)
            return
        }
        let transform = loadError(of: iterate)
        let projection = self.projection, modes = self.modes
        if projection == nil { transform.executeOnInterior() }
        let scale = transform.coefficientScale
        appendRows(step: step) { i in
            projection?.project(transform.interior, row: i) ?? scale * transform.unscaledCoefficient(modes[i])
        }
    }

    /// Appends one row per tracked mode at `step`; `coefficient(i)` is the signed coefficient of
    /// `modes[i]`.
    @inline(__always)
    private mutating func appendRows(step: Int, coefficient: (Int) -> Double) {
        let modes = self.modes, denominators = relativeDenominators
        for i in 0..<modes.count {
            let absolute = abs(coefficient(i))
            let d = denominators[i]
            records.append(ModeErrorRecord(step: step, basis: .sine, mode: modes[i], absoluteError: absolute,
                                           relativeError: d > 0 ? absolute / d : nil))
        }
    }

    /// The signed coefficients `a_k(iterate − reference)` of **every** mode into `a[1] … a[N]`
    /// (`a[0] = 0`; `a.count == N + 1`), by the DST, without recording anything.
    /// Allocation-free.
    public mutating func errorCoefficients(of iterate: [Double], into a: inout [Double]) {
        precondition(a.count == pointCount - 1, "SineModeTracker: coefficient array has \(a.count) entries, expected \(pointCount - 1)")
        if precision == .quad {
            precondition(iterate.count == pointCount, "SineModeTracker: iterate has \(iterate.count) entries, expected \(pointCount)")
            quadWorkspace!.unique().coefficients(ofGridVector: iterate, minus: reference, into: &a)
            return
        }
        let transform = loadError(of: iterate)
        transform.executeOnInterior()
        let scale = transform.coefficientScale
        a.withUnsafeMutableBufferPointer { a in
            a[0] = 0
            for k in 1..<a.count { a[k] = scale * transform.unscaledCoefficient(k) }
        }
    }

    /// Removes all recorded rows (keeping their storage), e.g. between runs sharing a tracker.
    public mutating func removeAllRecords() { records.removeAll(keepingCapacity: true) }

    /// `record` for `precision == .quad`: the binary128 transform of `iterate − reference`, then
    /// one row per tracked mode.
    private mutating func recordInQuadPrecision(step: Int, iterate: [Double]) {
        precondition(iterate.count == pointCount, "SineModeTracker: iterate has \(iterate.count) entries, expected \(pointCount)")
        let transform = quadWorkspace!.unique()
        iterate.withUnsafeBufferPointer { u in
            reference.withUnsafeBufferPointer { r in
                transform.execute(interior: u.baseAddress! + 1, minus: r.baseAddress! + 1)
            }
        }
        let modes = self.modes
        appendRows(step: step) { i in transform.coefficient(modes[i]) }
    }

    /// Loads `iterate − reference` (interior entries) into the double transform's input slots.
    private mutating func loadError(of iterate: [Double]) -> SineTransform {
        precondition(iterate.count == pointCount, "SineModeTracker: iterate has \(iterate.count) entries, expected \(pointCount)")
        let transform = workspace!.unique()
        let input = transform.interior, interior = pointCount - 2
        iterate.withUnsafeBufferPointer { u in
            reference.withUnsafeBufferPointer { r in
                for j in 0..<interior { input[j] = u[j + 1] - r[j + 1] }
            }
        }
        return transform
    }
}
