import PoissonCore

/// The inner loops of the classical solvers, written on raw pointers so that release builds
/// carry no bounds or exclusivity checks, as plain scalar loops that the compiler vectorises.
///
/// Every kernel works on the *scaled* form of the equations, `tridiag(−1, 2, −1) u = F` with
/// `F_j = h² f_j`: a grid vector `u` of `n` points whose entries 0 and `n−1` hold the boundary
/// values, and a scaled right-hand side `F` (a grid vector too; its boundary entries are never
/// read). Scaling by `h²` once removes every `1/h²` from the loops, and makes full-weighting
/// restriction of a scaled residual a plain `[1 2 1]` sum, because `h_coarse² = 4 h_fine²`.
///
/// Kernels that end a step also report whether every value they wrote is finite, without a
/// second pass: each value's exponent field plus one exponent unit is OR-ed into an integer
/// flag (`finiteFlag`). The field of a finite double is at most `0x7FE`, so the sum stays below
/// the sign bit; ±∞ and NaN have the field `0x7FF`, and the add carries into bit 63. Integer OR
/// is associative, so the reduction vectorises with the sweep (a floating-point running sum
/// would chain every trip through the add latency).
///
/// The kernels are SPI (`@_spi(Kernels) import ClassicalSolvers`), not public API: the benchmark
/// package measures each one against its C reference; the solvers are the library's interface.
/// They are `@inlinable` so that a caller passing a literal `reportsFiniteness` gets the loop
/// specialised for it, as the solvers in this module do.
@_spi(Kernels)
public enum StencilKernels {
    // MARK: Finiteness flag

    public static let exponentMask: UInt64 = 0x7FF0_0000_0000_0000
    public static let exponentUnit: UInt64 = 0x0010_0000_0000_0000
    public static let signBit: UInt64 = 0x8000_0000_0000_0000

    /// `(bits(x) & exponent mask) + one exponent unit`: bit 63 is set exactly when `x` is ±∞ or
    /// NaN. OR these over many values; `isFinite(flag:)` then tests them all at once.
    @inlinable @inline(__always)
    public static func finiteFlag(_ x: Double) -> UInt64 { (x.bitPattern & exponentMask) &+ exponentUnit }

    /// Whether every value OR-ed into `flag` was finite.
    @inlinable @inline(__always)
    public static func isFinite(flag: UInt64) -> Bool { flag & signBit == 0 }

    // MARK: Jacobi

    /// Weighted Jacobi sweep `out_j = keep·u_j + neighbour·(u_{j−1} + u_{j+1} + F_j)` for
    /// `j = 1 … n−2` (`keep = 1 − ω`, `neighbour = ω/2`), boundary entries copied from `u`.
    /// 5 flops per interior point (3 adds, 2 multiplies). Returns whether all new values are
    /// finite when `reportsFiniteness` (otherwise `true`, and the flag costs nothing: pass a
    /// literal, the kernel is inlined). Aliasing: `out` must not overlap `u` or `f`.
    ///
    /// The neighbours are carried from one point to the next (`left ← centre ← right`) rather
    /// than loaded three times: the vectoriser then loads `u` once per vector and forms the
    /// shifted vectors with two permutes (`vpermt2pd`). With 512-bit vectors that beats three
    /// loads, two of which straddle a cache line whatever the alignment: measured on AMD Zen 5
    /// (N = 999) 91 ns carried vs 112–130 ns loaded, 67 ns carried without the flag. The form is
    /// fragile: carrying only `centre` and loading `u_{j−1}` makes LLVM give up on vectorising
    /// (680 ns, scalar). Check the loop in `objdump -d` after touching it.
    @inlinable @inline(__always)
    public static func weightedJacobi(from u: UnsafePointer<Double>, to out: UnsafeMutablePointer<Double>,
                                      scaledSource f: UnsafePointer<Double>, pointCount n: Int,
                                      keep: Double, neighbour: Double, reportsFiniteness: Bool = true) -> Bool {
        out[0] = u[0]
        out[n - 1] = u[n - 1]
        var flag: UInt64 = 0
        var left = u[0], centre = u[1]
        for j in 1..<(n - 1) {
            let right = u[j + 1]
            let value = keep * centre + neighbour * (left + right + f[j])
            out[j] = value
            if reportsFiniteness { flag |= finiteFlag(value) }
            left = centre
            centre = right
        }
        return isFinite(flag: flag)
    }

    /// Plain (ω = 1) Jacobi sweep `out_j = ½ (u_{j−1} + u_{j+1} + F_j)`, boundary entries
    /// copied from `u`. 3 flops per interior point (2 adds, 1 multiply). Returns whether all new
    /// values are finite when `reportsFiniteness` (otherwise `true`). Aliasing: `out` must not
    /// overlap `u` or `f`. The neighbours are carried from one point to the next, as in
    /// `weightedJacobi` (one load of `u` per vector and two permutes, not three loads).
    @inlinable @inline(__always)
    public static func plainJacobi(from u: UnsafePointer<Double>, to out: UnsafeMutablePointer<Double>,
                                   scaledSource f: UnsafePointer<Double>, pointCount n: Int,
                                   reportsFiniteness: Bool = true) -> Bool {
        out[0] = u[0]
        out[n - 1] = u[n - 1]
        var flag: UInt64 = 0
        var left = u[0], centre = u[1]
        for j in 1..<(n - 1) {
            let right = u[j + 1]
            let value = 0.5 * (left + right + f[j])
            out[j] = value
            if reportsFiniteness { flag |= finiteFlag(value) }
            left = centre
            centre = right
        }
        return isFinite(flag: flag)
    }

    /// The fused coefficients of a Jacobi sweep with weight ω, computed once per solver:
    /// `keep = 1 − ω`, `neighbour = ω/2`, and whether ω = 1 (the plain 3-flop kernel).
    public struct JacobiWeights: Sendable, Equatable, Hashable {
        public let keep: Double
        public let neighbour: Double
        public let isPlain: Bool

        public init(weight: Double) {
            keep = 1 - weight
            neighbour = 0.5 * weight
            isPlain = weight == 1
        }

        /// Flops per interior point of a sweep: 3 for ω = 1, 5 otherwise.
        public var flopsPerPoint: Int { isPlain ? 3 : 5 }
    }

    /// One Jacobi sweep: the plain kernel when ω = 1 (3 flops per interior point), the weighted
    /// one otherwise (5 flops per interior point). Returns whether all new values are finite
    /// when `reportsFiniteness` (otherwise `true`). Aliasing: `out` must not overlap `u` or `f`.
    @inlinable @inline(__always)
    public static func jacobi(_ weights: JacobiWeights, from u: UnsafePointer<Double>, to out: UnsafeMutablePointer<Double>,
                              scaledSource f: UnsafePointer<Double>, pointCount n: Int,
                              reportsFiniteness: Bool = true) -> Bool {
        if weights.isPlain {
            return plainJacobi(from: u, to: out, scaledSource: f, pointCount: n, reportsFiniteness: reportsFiniteness)
        }
        return weightedJacobi(from: u, to: out, scaledSource: f, pointCount: n,
                              keep: weights.keep, neighbour: weights.neighbour, reportsFiniteness: reportsFiniteness)
    }

    // MARK: Gauss–Seidel

    /// Lexicographic (forward, j = 1 … n−2) Gauss–Seidel sweep in place,
    /// `u_j ← ½ (u_{j−1} + (u_{j+1} + F_j))` with `u_{j−1}` already updated. 3 flops per interior
    /// point. The bracket keeps the loop-carried dependency to one add and one multiply (the
    /// sweep is inherently sequential). Returns whether all new values are finite when
    /// `reportsFiniteness` (otherwise `true`). Aliasing: `u` must not overlap `f`.
    @inlinable @inline(__always)
    public static func gaussSeidel(_ u: UnsafeMutablePointer<Double>, scaledSource f: UnsafePointer<Double>,
                                   pointCount n: Int, reportsFiniteness: Bool = true) -> Bool {
        var flag: UInt64 = 0
        var left = u[0]
        for j in 1..<(n - 1) {
            let value = 0.5 * (left + (u[j + 1] + f[j]))
            u[j] = value
            left = value
            if reportsFiniteness { flag |= finiteFlag(value) }
        }
        return isFinite(flag: flag)
    }

    /// Red-black Gauss–Seidel sweep in place: first every odd ("red") point
    /// `j = 1, 3, 5, …`, then every even ("black") interior point `j = 2, 4, …`, each with
    /// `u_j ← ½ (u_{j−1} + u_{j+1} + F_j)`. Within one colour the updates are independent.
    /// 3 flops per interior point. Returns whether all new values are finite when
    /// `reportsFiniteness` (otherwise `true`). Aliasing: `u` must not overlap `f`.
    @inlinable @inline(__always)
    public static func redBlackGaussSeidel(_ u: UnsafeMutablePointer<Double>, scaledSource f: UnsafePointer<Double>,
                                           pointCount n: Int, reportsFiniteness: Bool = true) -> Bool {
        let end = n - 1
        var flag: UInt64 = 0
        for colour in 1...2 {
            var j = colour
            while j < end {
                let value = 0.5 * (u[j - 1] + u[j + 1] + f[j])
                u[j] = value
                if reportsFiniteness { flag |= finiteFlag(value) }
                j += 2
            }
        }
        return isFinite(flag: flag)
    }

    // MARK: Grid transfer and residual

    /// Full-weighting restriction of a scaled fine-grid vector to the scaled coarse right-hand
    /// side: `F^c_i = R_{2i−1} + 2 R_{2i} + R_{2i+1}` for `i = 1 … n_c−2` — that is
    /// `h_c² · ¼[1 2 1] r` with `h_c = 2h`. Boundary entries of `coarse` are set to 0.
    /// 3 flops per coarse interior point. `fine` has `2(n_c − 1) + 1` points. Aliasing:
    /// `coarse` must not overlap `fine`.
    ///
    /// The odd fine value is carried to the next coarse point (`left ← right`), so each fine
    /// value is loaded once and the vectoriser de-interleaves contiguous vectors with permutes
    /// instead of loading three strided streams: measured on AMD Zen 5, 49 ns vs 158 ns at
    /// n = 1001 and 103 µs vs 174 µs at n = 2²⁰ + 1, same values.
    @inlinable @inline(__always)
    public static func restrictFullWeighting(_ fine: UnsafePointer<Double>, into coarse: UnsafeMutablePointer<Double>,
                                             coarsePointCount nc: Int) {
        coarse[0] = 0
        coarse[nc - 1] = 0
        var left = fine[1]
        for i in 1..<(nc - 1) {
            let right = fine[2 * i + 1]
            coarse[i] = left + 2 * fine[2 * i] + right
            left = right
        }
    }

    /// The scaled residual `R_j = F_j − (2u_j − u_{j−1} − u_{j+1})` of the fine level, restricted
    /// by full weighting to the coarse right-hand side `F^c_i = R_{2i−1} + 2R_{2i} + R_{2i+1}`
    /// (i = 1 … n_c−2; boundary entries 0) in one pass, without storing `R`. Same values and the
    /// same flops as storing `R` and restricting it: each fine residual is computed once, 4 flops
    /// per fine interior point (`R_j`) plus 3 per coarse interior point, `4N_f + 3N_c`.
    /// Aliasing: `coarse` must not overlap `u` or `f`.
    ///
    /// Two loops with the same arithmetic, chosen by size — the streaming one above
    /// `streamingCoarsePoints` coarse points; `streaming` forces one (tests compare them):
    /// - in cache, the odd residual and the two `u` values it shares with the next coarse point
    ///   are carried from one point to the next, so each `u_j` is loaded once (LLVM vectorises it
    ///   with permutes that de-interleave `u` and `f`);
    /// - streaming from memory, eight coarse points at a time in explicit 8- and 16-lane vectors:
    ///   the 16 residuals `R_{2i} … R_{2i+15}` from contiguous (unaligned) loads of `u` and `f`,
    ///   their even lanes the centres, their odd lanes the right neighbours, the left neighbours
    ///   the odd lanes shifted by one (the first carried from the previous block); the last
    ///   `(n_c − 2) mod 8` points take the carried loop.
    ///
    /// Measured on AMD EPYC (AVX-512, 1 MiB L2, a 32 MiB L3 shared with other tenants): at
    /// n = 2²⁰ + 1 the carried loop ran at 1.04–1.14× the C reference (paired benchmark, p50
    /// of nine runs) and the vector loop at 0.89–0.95× (six runs); at n = 1001 the carried
    /// loop is the faster (0.46–0.68× C against 0.55×). Through `MultigridSolver.step` (V(2,1), the
    /// kernels alternated in one process), the vector loop everywhere made a cycle 0–8 % slower
    /// than the carried loop everywhere up to 2¹⁸ + 1 points and 5–7 % faster at 2²⁰ + 1 and
    /// 2²¹ + 1 points (2¹⁹ + 1: 0.93–1.04×); with the choice by size a cycle takes 0.96–1.02×
    /// as long up to 2¹⁸ + 1 points and 0.91–0.96× from 2¹⁹ + 1 to 2²¹ + 1.
    @inlinable @inline(__always)
    public static func restrictResidual(of u: UnsafePointer<Double>, scaledSource f: UnsafePointer<Double>,
                                        into coarse: UnsafeMutablePointer<Double>, coarsePointCount nc: Int,
                                        streaming: Bool? = nil) {
        coarse[0] = 0
        coarse[nc - 1] = 0
        let first = f[1] - (2 * u[1] - u[0] - u[2])                     // R_1
        guard streaming ?? (nc > streamingCoarsePoints) else {
            return restrictResidualCarried(of: u, scaledSource: f, into: coarse, coarsePointCount: nc, from: 1, left: first)
        }
        var left = first, i = 1
        while i + 8 <= nc - 1 {
            let j = 2 * i
            let r = loadLanes(f + j) - (2 * loadLanes(u + j) - loadLanes(u + j - 1) - loadLanes(u + j + 1))
            let centre = r.evenHalf, right = r.oddHalf                   // R_{2i+2k}, R_{2i+2k+1}
            let shifted = SIMD8(left, right[0], right[1], right[2], right[3], right[4], right[5], right[6])
            UnsafeMutableRawPointer(coarse + i).storeBytes(of: shifted + 2 * centre + right, as: SIMD8<Double>.self)
            left = right[7]
            i += 8
        }
        restrictResidualCarried(of: u, scaledSource: f, into: coarse, coarsePointCount: nc, from: i, left: left)
    }

    /// `restrictResidual`'s carried loop over the coarse points `start … n_c−2`, given
    /// `left = R_{2·start−1}`. A function of its own so that each caller's loop is compiled for
    /// its own start: with one loop after a branch that may have advanced `i`, LLVM left it
    /// scalar (a V(2,1) cycle on 16385 points then took 1.9× as long).
    @inlinable @inline(__always)
    static func restrictResidualCarried(of u: UnsafePointer<Double>, scaledSource f: UnsafePointer<Double>,
                                        into coarse: UnsafeMutablePointer<Double>, coarsePointCount nc: Int,
                                        from start: Int, left first: Double) {
        guard start < nc - 1 else { return }
        var left = first
        var odd = u[2 * start - 1], even = u[2 * start]                  // u_{j−1}, u_j
        for i in start..<(nc - 1) {
            let j = 2 * i
            let nextOdd = u[j + 1], nextEven = u[j + 2]
            let centre = f[j] - (2 * even - odd - nextOdd)
            let right = f[j + 1] - (2 * nextOdd - even - nextEven)
            coarse[i] = left + 2 * centre + right
            left = right
            odd = nextOdd
            even = nextEven
        }
    }

    /// Above this many coarse points `restrictResidual` takes its streaming loop: 2¹⁸, a fine
    /// grid of more than 2¹⁹ intervals, whose `u` and `f` (8 MiB) exceed a core's share of the
    /// last-level cache on the machines measured (see `restrictResidual`).
    @inlinable public static var streamingCoarsePoints: Int { 1 << 18 }

    /// The 16 values `p[0] … p[15]`, from an address of any alignment.
    @inlinable @inline(__always)
    static func loadLanes(_ p: UnsafePointer<Double>) -> SIMD16<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Double>.self)
    }

    /// Linear interpolation of a coarse-grid correction added to the fine iterate in place:
    /// `u_{2i} += e_i` (i = 1 … n_c−2) and `u_{2i+1} += ½ (e_i + e_{i+1})` (i = 0 … n_c−2);
    /// the fine boundary entries are untouched (the correction vanishes there). One pass over
    /// the fine vector. Flops: `(n_c − 2)` + `3 (n_c − 1)`. Aliasing: `coarse` must not overlap
    /// `fine`.
    @inlinable @inline(__always)
    public static func interpolateAndCorrect(_ coarse: UnsafePointer<Double>, into fine: UnsafeMutablePointer<Double>,
                                             coarsePointCount nc: Int) {
        fine[1] += 0.5 * (coarse[0] + coarse[1])
        for i in 1..<(nc - 1) {
            fine[2 * i] += coarse[i]
            fine[2 * i + 1] += 0.5 * (coarse[i] + coarse[i + 1])
        }
    }

    /// The same correction written to another vector: `out_{2i} = u_{2i} + e_i`
    /// (i = 1 … n_c−2), `out_{2i+1} = u_{2i+1} + ½ (e_i + e_{i+1})` (i = 0 … n_c−2), boundary
    /// entries copied from `u` — bit for bit the values the in-place kernel leaves in `u`. Lets a
    /// Jacobi post-smoother with an odd sweep count start from its scratch buffer and end in
    /// `u`, with no copy. Flops: `(n_c − 2)` + `3 (n_c − 1)`. Aliasing: `out` must not overlap
    /// `u` or `coarse` (use the in-place kernel for `out == u`).
    @inlinable @inline(__always)
    public static func interpolateAndCorrect(_ coarse: UnsafePointer<Double>, adding u: UnsafePointer<Double>,
                                             into out: UnsafeMutablePointer<Double>, coarsePointCount nc: Int) {
        let last = 2 * (nc - 1)
        out[0] = u[0]
        out[last] = u[last]
        out[1] = u[1] + 0.5 * (coarse[0] + coarse[1])
        for i in 1..<(nc - 1) {
            out[2 * i] = u[2 * i] + coarse[i]
            out[2 * i + 1] = u[2 * i + 1] + 0.5 * (coarse[i] + coarse[i + 1])
        }
    }

    /// Linear interpolation of a coarse grid vector onto the fine interior (the FMG
    /// prolongation of a solution from a coarse grid too small for the cubic one):
    /// `u_{2i} = v_i` (i = 1 … n_c−2), `u_{2i+1} = ½ (v_i + v_{i+1})` (i = 0 … n_c−2); fine
    /// boundary entries untouched. Flops: `2 (n_c − 1)`. Aliasing: `fine` must not overlap `coarse`.
    @inlinable @inline(__always)
    public static func interpolate(_ coarse: UnsafePointer<Double>, into fine: UnsafeMutablePointer<Double>,
                            coarsePointCount nc: Int) {
        fine[1] = 0.5 * (coarse[0] + coarse[1])
        for i in 1..<(nc - 1) {
            fine[2 * i] = coarse[i]
            fine[2 * i + 1] = 0.5 * (coarse[i] + coarse[i + 1])
        }
    }

    /// Cubic interpolation of a coarse grid vector onto the fine grid (the FMG prolongation of a
    /// solution, one order above the discretization so that it adds no O(h²) error of its own):
    /// `u_{2i} = v_i` (i = 1 … n_c−2) and, for the odd points, the cubic through the four
    /// nearest coarse values — `(−v_{i−1} + 9v_i + 9v_{i+1} − v_{i+2})/16` inside (5 flops) and the
    /// one-sided `(5v_0 + 15v_1 − 5v_2 + v_3)/16` (and its mirror) next to the boundary (7 flops).
    /// Needs `n_c ≥ 4`. Flops: `5 (n_c − 3) + 14`. Fine boundary entries untouched. Aliasing: `fine`
    /// must not overlap `coarse`.
    @inlinable @inline(__always)
    public static func interpolateCubic(_ coarse: UnsafePointer<Double>, into fine: UnsafeMutablePointer<Double>,
                                 coarsePointCount nc: Int) {
        let sixteenth = 1.0 / 16
        let last = nc - 1
        fine[1] = (5 * coarse[0] + 15 * coarse[1] - 5 * coarse[2] + coarse[3]) * sixteenth
        for i in 1..<(nc - 2) {
            fine[2 * i] = coarse[i]
            fine[2 * i + 1] = (9 * (coarse[i] + coarse[i + 1]) - (coarse[i - 1] + coarse[i + 2])) * sixteenth
        }
        fine[2 * last - 2] = coarse[last - 1]
        fine[2 * last - 1] = (5 * coarse[last] + 15 * coarse[last - 1] - 5 * coarse[last - 2] + coarse[last - 3]) * sixteenth
    }

    /// Flops of the FMG prolongation onto the fine grid of a coarse grid of `nc` points: cubic
    /// (`5(n_c − 3) + 14`) when `n_c ≥ 4`, linear (`2(n_c − 1)`) otherwise.
    public static func solutionInterpolationFlops(coarsePointCount nc: Int) -> Int {
        nc >= 4 ? 5 * (nc - 3) + 14 : 2 * (nc - 1)
    }

    /// Direct solve of `tridiag(−1, 2, −1) u_int = F_int` with the boundary values in `u_0`,
    /// `u_{n−1}` folded in (`u_1 += u_0`, `u_{n−2} += u_{n−1}`): the interior of `u` receives the
    /// exact discrete solution (Thomas algorithm, `TridiagonalSystem.solvePoisson`).
    /// `scratch` needs `n − 2` entries. Flops: `TridiagonalSystem.poissonFlopCount(size: n−2) + 2`.
    /// Aliasing: `u`, `f` and `scratch` must not overlap.
    @inlinable @inline(__always)
    public static func directSolve(_ u: UnsafeMutablePointer<Double>, scaledSource f: UnsafePointer<Double>,
                            pointCount n: Int, scratch: UnsafeMutablePointer<Double>) {
        let m = n - 2
        (u + 1).update(from: f + 1, count: m)
        u[1] += u[0]
        u[n - 2] += u[n - 1]
        TridiagonalSystem.solvePoisson(rhs: UnsafeMutableBufferPointer(start: u + 1, count: m),
                                       scratch: UnsafeMutableBufferPointer(start: scratch, count: m))
    }

    /// Flops of `directSolve` for a grid of `n` points.
    public static func directSolveFlops(pointCount n: Int) -> Int {
        TridiagonalSystem.poissonFlopCount(size: n - 2) + 2
    }

    /// Whether `u_1 … u_{n−2}` are all finite, in one vectorised pass: the probe for steps whose
    /// last kernel does not report it itself. Bookkeeping, not counted as flops.
    @inlinable @inline(__always)
    public static func interiorIsFinite(_ u: UnsafePointer<Double>, pointCount n: Int) -> Bool {
        var flag: UInt64 = 0
        for j in 1..<(n - 1) {
            flag |= finiteFlag(u[j])
        }
        return isFinite(flag: flag)
    }
}
