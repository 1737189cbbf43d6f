/// The value every optional key takes when a case file leaves it out. `Cases/README.md`
/// repeats this table for users; a test checks that a minimal case resolves to these.
///
/// | key | default |
/// |---|---|
/// | `description` | `""` |
/// | `problem.exact` | none |
/// | `problem.boundary` | `[0, 0]` |
/// | `network.widths` | `[200, 200, 100]` |
/// | `network.activation` | `tanh` |
/// | `network.precision` | `float64` |
/// | `network.architecture` | `mlp` |
/// | `network.scales` (mscale) | `[1, 2, 4, 8, 16, 32]` |
/// | `network.features` (fourier) | `count 64`, `scale 10`, `seed 1` |
/// | `network.init.weight_std`, `bias_std` | `0.1`, `0.1` |
/// | `network.seed` | `1` |
/// | `training.points` | the grid |
/// | `training.loss` | `ritz` |
/// | `training.penalty` | `1000` |
/// | `training.optimizer` | `adam`, `learning_rate 1e-4`, `beta1 0.9`, `beta2 0.999`, `epsilon 1e-8` |
/// | `training.steps` | `1000` |
/// | `solver.method` | `jacobi` |
/// | `solver.omega` | `2/3` for weighted Jacobi (method or multigrid smoother), else `1` |
/// | `solver.storage` | `stencil` |
/// | `solver.multigrid` | `V`, `pre_smooth 2`, `post_smooth 1`, `weighted-jacobi` |
/// | `solver.max_sweeps` | `1000000` |
/// | `solver.tolerance` | `1e-4` |
/// | `hybrid.switch_at` | `[0, steps/4, steps/2, steps]` (distinct) |
/// | `tracking.every` | `50` |
/// | `tracking.reference` | `discrete` |
/// | `tracking.peaks` | `3` |
/// | `tracking.modes` | powers of two `1, 2, 4, …` up to N |
/// | `tracking.per_decade` | `0` (no extra log-spaced records) |
///
/// `network` and `training` come together: one without the other is an error, not a default.
/// `solver` defaults to the row above (Jacobi) when a case has no network, and is absent
/// (network only) when a case has a network but no `solver` section.
public enum CaseDefaults {
    /// `description`: empty.
    public static let description = ""
    /// `problem.boundary`: homogeneous Dirichlet values `u(a) = u(b) = 0`.
    public static let boundary: (Double, Double) = (0, 0)
    /// `network.widths`: the DESIGN example, three hidden layers.
    public static let widths = [200, 200, 100]
    /// `network.precision`: float64, so results compare bit for bit with earlier versions.
    public static let precision = PrecisionKind.float64
    /// `network.architecture`: the plain MLP, the seed papers' network.
    public static let architecture = ArchitectureKind.mlp
    /// `network.scales` of an mscale network: MscaleDNN's powers of two (Liu, Cai & Xu 2020).
    public static let scales: [Double] = [1, 2, 4, 8, 16, 32]
    /// `network.features` of a fourier network: 64 frequencies of standard deviation 10 (a
    /// common choice in Tancik et al. 2020's 1-d experiments), seed 1.
    public static let features = FourierFeaturesDefinition(count: 64, scale: 10, seed: 1)
    /// `network.activation`: tanh, the F-Principle papers' choice.
    public static let activation = ActivationKind.tanh
    /// 0.1: small enough that a 200-wide tanh layer is not saturated at start (pre-activations
    /// of order √200·0.1 ≈ 1.4), large enough to break symmetry.
    public static let weightStd = 0.1
    /// `network.init.bias_std`: as the weights.
    public static let biasStd = 0.1
    /// `network.seed`.
    public static let seed: UInt64 = 1
    /// `training.loss`: the Deep Ritz energy.
    public static let loss = LossKind.ritz
    /// β = 1000, the DESIGN example; E & Yu used 500 for their 2-d problem.
    public static let penalty = 1000.0
    /// `training.optimizer.name`.
    public static let optimizer = OptimizerKind.adam
    /// `training.optimizer.learning_rate`: cautious for wide networks; small cases use 1e-3.
    public static let learningRate = 1e-4
    /// `training.optimizer.beta1`: Kingma & Ba's recommended constant.
    public static let beta1 = 0.9
    /// `training.optimizer.beta2` (Kingma & Ba).
    public static let beta2 = 0.999
    /// `training.optimizer.epsilon` (Kingma & Ba).
    public static let epsilon = 1e-8
    /// `training.steps`.
    public static let steps = 1000
    /// `solver.method`: the paper's solver.
    public static let method = SolverMethodKind.jacobi
    /// 2/3: the weight that damps the upper half of the spectrum best for the 1-d Laplacian
    /// (|1 − ω(1 − cos θ)| ≤ 1/3 for θ ∈ [π/2, π]).
    public static let weightedJacobiOmega = 2.0 / 3.0
    /// `solver.storage`: the O(N) sweep.
    public static let storage = StorageKind.stencil
    /// `solver.multigrid`: a V(2,1) cycle smoothed by weighted Jacobi.
    public static let multigrid = MultigridDefinition(cycle: .v, preSmooth: 2, postSmooth: 1,
                                                      smoother: .weightedJacobi)
    /// `solver.max_sweeps`: enough for plain Jacobi to reach 1e-3 on 1001 points (≈3e5 sweeps).
    public static let maxSweeps = 1_000_000
    /// `solver.tolerance` on `max_error`.
    public static let tolerance = 1e-4
    /// `tracking.every`.
    public static let every = 50
    /// `tracking.per_decade`: no extra log-spaced records.
    public static let perDecade = 0
    /// `tracking.reference`: the discrete solution, which every solver converges to.
    public static let reference = ReferenceKind.discrete
    /// `tracking.peaks`: the three largest DFT peaks of the reference, like the paper.
    public static let peaks = PeakSpec.count(3)

    /// `0, ⌊steps/4⌋, ⌊steps/2⌋, steps` without repeats: the solver alone, two hand-overs and the
    /// fully trained network.
    public static func switchAt(steps: Int) -> [Int] {
        Array(Set([0, steps / 4, steps / 2, steps])).sorted()
    }

    /// The powers of two `1, 2, 4, …` not above `N` (interior count).
    public static func modes(interiorCount: Int) -> [Int] {
        var modes: [Int] = [], k = 1
        while k <= interiorCount { modes.append(k); k *= 2 }
        return modes
    }

    /// The default relaxation weight for a method and smoother: 2/3 where weighted Jacobi is
    /// used, 1 elsewhere (where ω has no meaning).
    public static func omega(method: SolverMethodKind, smoother: SmootherKind) -> Double {
        usesOmega(method: method, smoother: smoother) ? weightedJacobiOmega : 1
    }

    /// Whether `solver.omega` is read: weighted Jacobi as the method or as multigrid's smoother.
    public static func usesOmega(method: SolverMethodKind, smoother: SmootherKind) -> Bool {
        method == .weightedJacobi || (method == .multigrid && smoother == .weightedJacobi)
    }
}
