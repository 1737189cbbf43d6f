/// The defaults that are rules rather than values: `CaseKeyTable` states each rule for the
/// README, and the decoder computes it here. Every other default is a value in the table.
public enum CaseDefaults {
    /// 2/3: the weight that damps the upper half of the spectrum best for the 1-d Laplacian
    /// (|1 − ω(1 − cos θ)| ≤ 1/3 for θ ∈ [π/2, π]).
    public static let weightedJacobiOmega = 2.0 / 3.0

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
