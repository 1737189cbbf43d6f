import Foundation

/// A closed set of words a case file may use for one option. The raw value is the spelling in
/// the YAML file (and in the resolved case); decoding compares case-insensitively and treats
/// `_` like `-`, so `Weighted_Jacobi` reads as `weighted-jacobi`. Unknown words are errors that
/// list the allowed spellings.
public protocol CaseKeyword: RawRepresentable, CaseIterable, Sendable, Hashable, Codable
where RawValue == String {}

extension CaseKeyword {
    /// The allowed spellings, in declaration order, for error messages and documentation.
    public static var allowedSpellings: [String] { allCases.map(\.rawValue) }

    /// The keyword spelled `text` (case-insensitive, `_` ≡ `-`), or `nil`.
    static func matching(_ text: String) -> Self? {
        func normal(_ s: String) -> String { s.lowercased().replacingOccurrences(of: "_", with: "-") }
        let wanted = normal(text)
        return allCases.first { normal($0.rawValue) == wanted }
    }
}

/// The hidden-layer activation σ of the network (`network.activation`).
public enum ActivationKind: String, CaseKeyword {
    /// σ(z) = tanh z — the default, smooth and odd.
    case tanh
    /// σ(z) = 1/(1 + e^{−z}).
    case sigmoid
    /// σ(z) = max(0, z); its second derivative vanishes, so a Ritz network of ReLUs is piecewise linear.
    case relu
    /// σ(z) = sin z.
    case sin
    /// σ(z) = ReLU(z)·ReLU(1 − z) (MscaleDNN's): the bump z(1 − z) on (0, 1); σ' jumps at 0 and 1.
    case srelu
    /// σ(z) = sin(2πz)·srelu(z) (MscaleDNN's); σ'' jumps at 0 and 1.
    case s2relu

    /// Whether σ'' is continuous (tanh, sigmoid, sin): what `training.loss: pinn` needs.
    public var isSmooth: Bool { self == .tanh || self == .sigmoid || self == .sin }
}

/// The network's input stage (`network.architecture`).
public enum ArchitectureKind: String, CaseKeyword {
    /// The plain multilayer perceptron: the first layer sees x.
    case mlp
    /// MscaleDNN: the first hidden layer split into equal groups, group i sees a_i·x (`network.scales`).
    case mscale
    /// Fourier features γ(x) = [cos 2πBx, sin 2πBx], B ~ N(0, scale²) (`network.features`).
    case fourier
}

/// The floating-point format the network is trained in (`network.precision`).
public enum PrecisionKind: String, CaseKeyword {
    /// IEEE binary64 (DGEMM): the default.
    case float64
    /// IEEE binary32 (SGEMM): twice the GEMM rate, half the network's memory.
    case float32
}

/// The training loss (`training.loss`).
public enum LossKind: String, CaseKeyword {
    /// Deep Ritz energy `Σ_i (½ h'(x_i)² − g(x_i) h(x_i)) δx + β (h(a)−ua)² + β (h(b)−ub)²`.
    case ritz
    /// Least squares to the reference solution, `Σ_i (h(x_i) − u(x_i))² δx` plus the same boundary penalty.
    case fit
    /// The strong-form (PINN) residual `(1/m) Σ_i (h''(x_i) + g(x_i))²` plus the boundary penalty.
    case pinn
}

/// The optimizer (`training.optimizer.name`).
public enum OptimizerKind: String, CaseKeyword {
    /// Adam (Kingma & Ba 2015) with `learning_rate`, `beta1`, `beta2`, `epsilon`.
    case adam
    /// Plain full-batch gradient descent `θ ← θ − η ∇L` with `learning_rate` η.
    case gradientDescent = "gradient-descent"
}

/// The classical solver (`solver.method`).
public enum SolverMethodKind: String, CaseKeyword {
    /// Jacobi, iteration matrix `I − D⁻¹A`, mode factor `cos(kπ/(N+1))`.
    case jacobi
    /// Weighted Jacobi with weight ω (`solver.omega`), mode factor `1 − ω(1 − cos(kπ/(N+1)))`.
    case weightedJacobi = "weighted-jacobi"
    /// Lexicographic Gauss–Seidel.
    case gaussSeidel = "gauss-seidel"
    /// Red-black Gauss–Seidel.
    case redBlack = "red-black"
    /// Geometric multigrid, configured by `solver.multigrid`; one step is one cycle.
    case multigrid
}

/// How the Jacobi operator is stored (`solver.storage`).
public enum StorageKind: String, CaseKeyword {
    /// The three-point stencil: an O(N) sweep.
    case stencil
    /// The assembled N×N matrix and a BLAS matrix–vector product per sweep: O(N²) flops and
    /// 8N² bytes — the cost model of the paper's own Jacobi. Only for (weighted) Jacobi.
    case dense
}

/// The multigrid cycle shape (`solver.multigrid.cycle`).
public enum CycleKind: String, CaseKeyword {
    /// One coarse-grid correction per level.
    case v = "V"
    /// Two coarse-grid corrections per level.
    case w = "W"
    /// An F-cycle: a W-like descent followed by V-cycles on the way up.
    case f = "F"
}

/// The multigrid smoother (`solver.multigrid.smoother`). Weighted Jacobi takes its weight
/// from `solver.omega`.
public enum SmootherKind: String, CaseKeyword {
    /// Jacobi sweeps; poor smoother of the highest modes (factor cos(kπ/(N+1)) → −1).
    case jacobi
    /// Weighted Jacobi with weight `solver.omega` (default 2/3).
    case weightedJacobi = "weighted-jacobi"
    /// Lexicographic Gauss–Seidel sweeps.
    case gaussSeidel = "gauss-seidel"
    /// Red-black Gauss–Seidel sweeps.
    case redBlack = "red-black"
}

/// What errors are measured against (`tracking.reference`).
public enum ReferenceKind: String, CaseKeyword {
    /// The discrete solution `A⁻¹f` of the grid (a direct tridiagonal solve) — the default;
    /// every solver converges to it.
    case discrete
    /// The closed form `problem.exact` sampled on the grid (required then); includes the
    /// O(h²) discretization error.
    case exact
}

/// Which DFT peaks of the reference to track (`tracking.peaks`).
public enum PeakSpec: Sendable, Equatable, Hashable {
    /// The `count` largest local maxima of |DFT(reference)|, found by the tracker.
    case count(Int)
    /// These DFT indices (1…n/2), e.g. the paper's `[1, 3, 8]`.
    case indices([Int])
}

/// Which sine eigenmodes `k` (1…N) of the error to record (`tracking.modes`).
public enum ModeSpec: Sendable, Equatable, Hashable {
    /// Every mode 1…N.
    case all
    /// These modes, each in 1…N, no repeats.
    case list([Int])
}

/// How hand-overs are decided (`hybrid.policy`).
public enum HandOverPolicyKind: String, CaseKeyword {
    /// Only the fixed `switch_at` list (the default).
    case fixed
    /// `hybrid@auto` beside the fixed list: the switch decided from the residual alone.
    case auto
    /// The `interleaved` run beside the fixed list: the solver with neural corrections.
    case interleaved
}

/// The clock a policy minimises (`hybrid.clock`).
public enum ClockKind: String, CaseKeyword {
    /// Exact flop counts (the default).
    case flops
    /// Wall seconds, measured on the fly.
    case seconds
}
