import PoissonCore
import Spectral

/// The read-only observer of one run: computes a curve row's errors and the spectral records of
/// an iterate (a grid vector) at a recorded step. It owns its trackers' FFTW plans and buffers,
/// so recording allocates nothing beyond the rows it appends.
struct RunObserver {
    let discrete: DiscretePoisson
    let reference: [Double]
    var sine: SineModeTracker
    var dft: DFTPeakTracker
    private var residual: [Double]

    init(discrete: DiscretePoisson, reference: [Double], sineModes: [Int], peaks: PeakSelection) throws {
        self.discrete = discrete
        self.reference = reference
        self.sine = try SineModeTracker(reference: reference, modes: sineModes)
        self.dft = try DFTPeakTracker(reference: reference, peaks: peaks)
        self.residual = [Double](repeating: 0, count: discrete.pointCount)
    }

    /// The errors of `iterate` against the reference.
    func metrics(of iterate: [Double]) -> RunMetrics {
        RunMetrics(maxError: GridNorms.maxDifference(iterate, reference),
                   l2Error: GridNorms.l2Difference(iterate, reference, spacing: discrete.spacing),
                   residualMax: discrete.residualMaxNorm(of: iterate))
    }

    /// Records the spectral errors of `iterate` at `step` and returns them as rows of `run`.
    mutating func modeRows(run: String, step: Int, iterate: [Double]) -> [ModeRow] {
        let sineStart = sine.records.count, dftStart = dft.records.count
        sine.record(step: step, iterate: iterate)
        dft.record(step: step, iterate: iterate)
        return sine.records[sineStart...].map { ModeRow(run: run, record: $0) }
            + dft.records[dftStart...].map { ModeRow(run: run, record: $0) }
    }

    /// The DFT peak indices in use.
    var peakIndices: [Int] { dft.peaks }
}

/// The errors of a grid vector `u` against the reference `r` that a curve row reports. A new
/// metric is a field here and its line in `RunObserver.metrics(of:)`, plus its column in
/// Reports' `OutputColumns.curves`.
public struct RunMetrics: Sendable, Equatable {
    /// `max_j |u_j − r_j|` over all `n` grid points.
    public var maxError: Double
    /// The discrete L² error `sqrt(h Σ_j (u_j − r_j)²)`.
    public var l2Error: Double
    /// `max_j |g_j − (A u)_j|` over the interior points.
    public var residualMax: Double

    public init(maxError: Double, l2Error: Double, residualMax: Double) {
        self.maxError = maxError; self.l2Error = l2Error; self.residualMax = residualMax
    }

    /// Every metric NaN: a row whose errors are not recorded yet (a phase fills them in when
    /// its recorder finishes).
    public static let unrecorded = RunMetrics(maxError: .nan, l2Error: .nan, residualMax: .nan)
}

/// What a phase records of each recorded grid vector, in order: the curve errors and the
/// spectral rows (`RunObserver`'s), made wherever its `BackgroundRecorder` runs it.
struct PhaseRecording: IterateRecording, Sendable {
    var observer: RunObserver
    let run: String
    /// The errors of every recorded grid vector, in recording order.
    private(set) var metrics: [RunMetrics] = []
    /// The mode rows of every recorded iterate, in recording order.
    private(set) var modes: [ModeRow] = []

    init(observer: RunObserver, run: String) {
        self.observer = observer
        self.run = run
    }

    mutating func record(step: Int, iterate: [Double]) {
        metrics.append(observer.metrics(of: iterate))
        modes += observer.modeRows(run: run, step: step, iterate: iterate)
    }
}
