extension DiscretePoisson {
    /// Flops per interior point of `accurateResidual(of:into:)`: the FMA product (3), three
    /// TwoSums (18), the doubling (1), the final sum (4) and the division by `h²` (1).
    public static let accurateResidualFlopsPerPoint = 27

    /// Writes the residual `r_j = g_j − (A u)_j` for `j = 1 … N` into `r[j]`, and 0 at the two
    /// boundary entries, **as if computed in twice the working precision**: the error is at most
    /// about `ε|r_j| + ε²·(h²|g_j| + 2|u_j| + |u_{j−1}| + |u_{j+1}|)/h²` (ε = 2⁻⁵³). The plainly
    /// rounded `residual(of:into:)` errs by `~ε·(|g_j| + 4 max|u|/h²)`, which is `~κ(A)·ε`
    /// relative for a rough `u`, and all of `r_j` for a `u` within round-off of the solution.
    ///
    /// How: `h²·r_j = h²g_j − (2u_j − u_{j−1} − u_{j+1})` is formed with error-free
    /// transformations (TwoSum for the second difference, a fused multiply-add for the exact
    /// product `h²g_j`), so every term enters exactly and only the sum of the small error terms,
    /// the final sum and the division by `h²` round. `h²` is `spacing·spacing` rounded to double,
    /// as in `directSolution()`. `u` must carry the Dirichlet values at its ends. Shapes:
    /// `u.count == r.count == n` (preconditions). `accurateResidualFlopsPerPoint` flops per
    /// point; allocation-free.
    public func accurateResidual(of u: [Double], into r: inout [Double]) {
        let n = pointCount
        precondition(u.count == n && r.count == n, "accurateResidual: vectors must have \(n) entries")
        let h2 = spacing * spacing
        u.withUnsafeBufferPointer { u in
            r.withUnsafeMutableBufferPointer { r in
                scaledResidual(u.baseAddress!, into: r.baseAddress! + 1)
                r[0] = 0
                r[n - 1] = 0
                for j in 1..<(n - 1) { r[j] /= h2 }
            }
        }
    }

    /// `out[j − 1] = h²g_j − (2u_j − u_{j−1} − u_{j+1})`, `j = 1 … N`, as if in twice the
    /// working precision (see `accurateResidual(of:into:)`); `u` points at a grid vector of `n` entries.
    func scaledResidual(_ u: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let h2 = spacing * spacing
        source.withUnsafeBufferPointer { g in
            for j in 1..<(pointCount - 1) {
                // h²g_j = p + pe exactly (FMA gives the product's rounding error).
                let p = h2 * g[j]
                let pe = (-p).addingProduct(h2, g[j])
                // u_{j−1} + u_{j+1} = a + ae; 2u_j − a = d + de (TwoSum, Knuth), so the
                // second difference is d + de − ae exactly.
                let (a, ae) = twoSum(u[j - 1], u[j + 1])
                let (d, de) = twoSum(2 * u[j], -a)
                // p − d = s + se; the small terms are summed last.
                let (s, se) = twoSum(p, -d)
                out[j - 1] = s + (((se + pe) - de) + ae)
            }
        }
    }
}

/// Knuth's TwoSum: `a + b = s + e` exactly, with `s = fl(a + b)` (no branch, any magnitudes).
@inline(__always) func twoSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
    let s = a + b
    let bb = s - a
    return (s, (a - (s - bb)) + (b - bb))
}
