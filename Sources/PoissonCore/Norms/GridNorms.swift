/// Norms of grid vectors and of differences between them.
///
/// `maxNorm` is `max_j |v_j|`; `l2Norm` is the discrete L² norm `sqrt(h Σ_j v_j²)`, the
/// trapezoid-free Riemann sum that approximates `‖v‖_{L²(a,b)}` (boundary entries included; for
/// errors they are zero). Both run over every entry given.
public enum GridNorms {
    /// `max_j |v_j|` over all entries (0 for an empty array). NaN entries propagate as NaN.
    public static func maxNorm(_ v: [Double]) -> Double {
        v.withUnsafeBufferPointer { p in
            var m = 0.0
            for x in p {
                let a = abs(x)
                if a > m || a.isNaN { m = a }
                if m.isNaN { return m }
            }
            return m
        }
    }

    /// `max_j |u_j − v_j|`; the arrays must have equal length.
    public static func maxDifference(_ u: [Double], _ v: [Double]) -> Double {
        precondition(u.count == v.count, "maxDifference: lengths \(u.count) and \(v.count) differ")
        var m = 0.0
        for j in u.indices {
            let a = abs(u[j] - v[j])
            if a > m || a.isNaN { m = a }
            if m.isNaN { return m }
        }
        return m
    }

    /// Discrete L² norm `sqrt(h Σ_j v_j²)` with spacing `h`.
    public static func l2Norm(_ v: [Double], spacing h: Double) -> Double {
        var s = 0.0
        for x in v { s += x * x }
        return (h * s).squareRoot()
    }

    /// Discrete L² norm of the difference, `sqrt(h Σ_j (u_j − v_j)²)`.
    public static func l2Difference(_ u: [Double], _ v: [Double], spacing h: Double) -> Double {
        precondition(u.count == v.count, "l2Difference: lengths \(u.count) and \(v.count) differ")
        var s = 0.0
        for j in u.indices { let d = u[j] - v[j]; s += d * d }
        return (h * s).squareRoot()
    }
}
