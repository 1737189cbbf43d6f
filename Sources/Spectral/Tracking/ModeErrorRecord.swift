/// The basis a mode error is measured in (`modes.csv`'s `basis` column).
public enum SpectralBasis: String, Sendable, CaseIterable, Equatable, Hashable {
    /// The sine eigenbasis of `A` (DST-I coefficients `a_k`, `k = 1 … N`): see `SineTransform`.
    case sine
    /// The DFT over all `n` grid values (`F[f](k)`, `k = 0 … ⌊n/2⌋`): see `FourierTransform`.
    case dft
}

/// One tidy row of a tracker: the error of an iterate in one mode at one step
/// (`modes.csv`: `step, basis, mode, abs_error, rel_error`).
///
/// - `sine` rows: `absoluteError = |a_k(iterate − reference)|`, the amplitude of mode `k` of the
///   error (`SineTransform` normalisation: `e_j = Σ_k a_k sin(kπj/(N+1))`, units of `u`);
///   `relativeError = absoluteError / |a_k(reference)|`.
/// - `dft` rows: `absoluteError = |F[h](k) − F[u](k)| / n` (the DFT of the error divided by `n`,
///   i.e. numpy's `fft(e)[k]/n`, in units of `u`); `relativeError = Δ_F(k) =
///   |F[h](k) − F[u](k)| / |F[u](k)|`, the paper's measure (the `1/n` cancels).
///
/// `relativeError` is `nil` where the reference coefficient is round-off: `|c_k| ≤
/// referenceFloor · max_k' |c_k'|` over the reference's coefficients in that basis.
public struct ModeErrorRecord: Sendable, Equatable, Hashable {
    /// Step of the run the iterate belongs to (training steps, then solver steps).
    public var step: Int
    /// Basis of `mode`.
    public var basis: SpectralBasis
    /// Sine mode `k ∈ 1 … N` or DFT index `k ∈ 0 … ⌊n/2⌋`.
    public var mode: Int
    /// Absolute error in this mode (see the type's documentation for each basis).
    public var absoluteError: Double
    /// Relative error in this mode, or `nil` where the reference coefficient is round-off.
    public var relativeError: Double?

    /// A reference coefficient at or below this fraction of the largest one (in the same basis)
    /// is treated as round-off and gets no relative error. `1e-12 ≈ 4500 ulp`: the transforms'
    /// own error is `O(ε log n)` relative to the largest coefficient, far below this for every
    /// `n` FFTW's 32-bit interface allows, while genuine coefficients of the smooth references
    /// here (decaying like `k⁻¹ … k⁻³`) stay well above it.
    public static let referenceFloor = 1e-12

    public init(step: Int, basis: SpectralBasis, mode: Int, absoluteError: Double, relativeError: Double?) {
        self.step = step
        self.basis = basis
        self.mode = mode
        self.absoluteError = absoluteError
        self.relativeError = relativeError
    }
}

/// Which sine modes a `SineModeTracker` records (the case file's `tracking.modes`: a list or
/// `all`).
public enum ModeSelection: Sendable, Equatable, Hashable {
    /// Every mode `k = 1 … N`.
    case all
    /// The listed modes, each in `1 … N`, recorded in the order given.
    case indices([Int])
}
