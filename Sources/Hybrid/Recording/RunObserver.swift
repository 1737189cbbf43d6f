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

    /// The errors of `iterate` against the reference: max, discrete L², residual max.
    func errors(of iterate: [Double]) -> (max: Double, l2: Double, residual: Double) {
        (GridNorms.maxDifference(iterate, reference),
         GridNorms.l2Difference(iterate, reference, spacing: discrete.spacing),
         discrete.residualMaxNorm(of: iterate))
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

/// What a solver phase records of each recorded iterate, in order: the curve errors and the
/// spectral rows (`RunObserver`'s), made wherever its `BackgroundRecorder` runs it.
struct SolverPhaseRecording: IterateRecording, Sendable {
    var observer: RunObserver
    let run: String
    /// `(max, l2, residual)` errors of every recorded iterate, in recording order.
    private(set) var errors: [(max: Double, l2: Double, residual: Double)] = []
    /// The mode rows of every recorded iterate, in recording order.
    private(set) var modes: [ModeRow] = []

    init(observer: RunObserver, run: String) {
        self.observer = observer
        self.run = run
    }

    mutating func record(step: Int, iterate: [Double]) {
        errors.append(observer.errors(of: iterate))
        modes += observer.modeRows(run: run, step: step, iterate: iterate)
    }
}
