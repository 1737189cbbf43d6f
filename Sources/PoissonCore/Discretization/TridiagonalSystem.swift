/// Direct solution of a tridiagonal linear system by the Thomas algorithm (Gaussian
/// elimination without pivoting), `O(m)` time.
///
/// Row `i` reads `lower[i]·y[i−1] + diagonal[i]·y[i] + upper[i]·y[i+1] = rhs[i]`
/// (`lower[0]` and `upper[m−1]` are ignored). Stable without pivoting for diagonally dominant
/// matrices such as `tridiag(−1, 2, −1)`.
public enum TridiagonalSystem {
    /// Solves the system in place: on return `rhs` holds `y`. `scratch` must have `m` entries
    /// and is overwritten (the modified super-diagonal); nothing is allocated.
    /// Flop count: `8m − 6` (see `flopCount(size:)`).
    public static func solve(lower: UnsafeBufferPointer<Double>, diagonal: UnsafeBufferPointer<Double>,
                             upper: UnsafeBufferPointer<Double>, rhs: UnsafeMutableBufferPointer<Double>,
                             scratch: UnsafeMutableBufferPointer<Double>) {
        let m = rhs.count
        precondition(lower.count >= m && diagonal.count >= m && upper.count >= m && scratch.count >= m)
        guard m > 0 else { return }
        var beta = diagonal[0]
        scratch[0] = upper[0] / beta
        rhs[0] = rhs[0] / beta
        if m == 1 { return }
        for i in 1..<m {
            beta = diagonal[i] - lower[i] * scratch[i - 1]
            scratch[i] = upper[i] / beta
            rhs[i] = (rhs[i] - lower[i] * rhs[i - 1]) / beta
        }
        for i in stride(from: m - 2, through: 0, by: -1) {
            rhs[i] -= scratch[i] * rhs[i + 1]
        }
    }

    /// Solves `tridiag(−1, 2, −1) y = rhs` in place (the Poisson matrix without the `1/h²`);
    /// `scratch` needs `m` entries. Constant coefficients let the elimination factors be
    /// computed on the fly: `c_0 = −1/2`, `c_i = −1/(2 + c_{i−1})`.
    /// Flop count: `6m − 4` (see `poissonFlopCount(size:)`).
    public static func solvePoisson(rhs: UnsafeMutableBufferPointer<Double>,
                                    scratch: UnsafeMutableBufferPointer<Double>) {
        let m = rhs.count
        precondition(scratch.count >= m)
        guard m > 0 else { return }
        // Forward sweep with c_i = upper_i/beta_i = −1/beta_i and beta_i = 2 − lower_i·c_{i−1}.
        var beta = 2.0
        scratch[0] = -1.0 / beta
        rhs[0] = rhs[0] / beta
        if m == 1 { return }
        for i in 1..<m {
            beta = 2.0 + scratch[i - 1]          // 2 − (−1)·c_{i−1}
            scratch[i] = -1.0 / beta
            rhs[i] = (rhs[i] + rhs[i - 1]) / beta  // (rhs_i − (−1)·y_{i−1}) / beta
        }
        for i in stride(from: m - 2, through: 0, by: -1) {
            rhs[i] -= scratch[i] * rhs[i + 1]
        }
    }

    /// Exact flop count of `solve` for size `m ≥ 1`: 2 divisions at row 0, then per row 2
    /// (beta) + 1 (division) + 3 (rhs) flops, then 2 per back-substitution row.
    public static func flopCount(size m: Int) -> Int { m <= 0 ? 0 : 2 + 6 * (m - 1) + 2 * (m - 1) }

    /// Exact flop count of `solvePoisson` for size `m ≥ 1`: 2 divisions at row 0, then per row
    /// 1 add (beta) + 1 division (c) + 1 add and 1 division (rhs), then 2 per back row.
    public static func poissonFlopCount(size m: Int) -> Int { m <= 0 ? 0 : 2 + 4 * (m - 1) + 2 * (m - 1) }
}
