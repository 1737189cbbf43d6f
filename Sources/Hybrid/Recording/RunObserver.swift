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
    /// One Gaussian filter per width of the setup (`tracking.filter.delta`), in the sine basis.
    var filters: [SineGaussianFilter]
    private var residual: [Double]

    init(discrete: DiscretePoisson, reference: [Double], sineModes: [Int], peaks: PeakSelection,
         filterWidths: [Double] = []) throws {
        self.discrete = discrete
        self.reference = reference
        self.sine = try SineModeTracker(reference: reference, modes: sineModes)
        self.dft = try DFTPeakTracker(reference: reference, peaks: peaks)
        self.filters = try filterWidths.map { try SineGaussianFilter(grid: discrete.grid, width: $0, target: reference) }
        self.residual = [Double](repeating: 0, count: discrete.pointCount)
    }

    /// The errors of `iterate` against the reference.
    mutating func metrics(of iterate: [Double]) -> RunMetrics {
        var metrics = RunMetrics(maxError: GridNorms.maxDifference(iterate, reference),
                                 l2Error: GridNorms.l2Difference(iterate, reference, spacing: discrete.spacing),
                                 residualMax: discrete.residualMaxNorm(of: iterate))
        for i in filters.indices {
            let errors = filters[i].lowHighErrors(iterate: iterate)
            metrics.filtered.append(RunMetrics.FilteredError(low: errors.low, high: errors.high))
        }
        return metrics
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
    /// The paper's filtered errors `(e_low, e_high)` for each filter width of the setup, in
    /// `HybridSetup.filterWidths` order (see `GaussianFilter`); empty without filters.
    public var filtered: [FilteredError] = []

    public init(maxError: Double, l2Error: Double, residualMax: Double) {
        self.maxError = maxError; self.l2Error = l2Error; self.residualMax = residualMax
    }

    /// The relative errors of the low- and high-frequency parts (Xu et al., Sec. 4).
    public struct FilteredError: Sendable, Equatable {
        /// `‖y_low − u_low‖ / ‖y_low‖`.
        public var low: Double
        /// `‖y_high − u_high‖ / ‖y_high‖`.
        public var high: Double
        public init(low: Double, high: Double) { self.low = low; self.high = high }
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
