/// `tanh x` by a branch-free formula the compiler can vectorise (the C library's `tanh` is a
/// scalar call, ~20 ns each — as much as the GEMMs of a wide layer).
///
/// With `y = −2|x|` (clamped to `|x| ≤ 20`, where `tanh` rounds to ±1):
/// `tanh|x| = −m / (2 + m)`, `m = expm1(y)`, and `expm1(y) = 2^k (1 + q) − 1` with
/// `y = k ln2 + r`, `|r| ≤ ln2/2`, `q = e^r − 1` from its Taylor series to `r¹³/13!`
/// (truncation `< r¹⁴/14! ≈ 4e-18`, relative `≲ 1.2e-17`). Because `m ≈ −2|x|` is computed
/// with relative accuracy, small arguments keep full relative accuracy too (no `1 − e`
/// cancellation). Observed error: a few ulp against glibc's `tanh` (tested).
/// NaN propagates; `tanh(±∞) = ±1`; the sign is restored with `copysign`, so `tanh(−0) = −0`.
@inlinable @inline(__always)
public func fastTanh(_ x: Double) -> Double {
    let magnitude = x.magnitude
    let ax = magnitude < 20 ? magnitude : 20            // NaN → 20, fixed below
    let y = -2 * ax                                     // y ∈ [−40, 0]
    // k = round(y / ln2) by the 1.5·2⁵² shifter: the low bits of kd's pattern hold k.
    let shifter = 0x1.8p52
    let kd = (y * 0x1.71547652b82fep0) + shifter        // log2(e)
    let k = kd - shifter
    var r = y.addingProduct(-k, 0x1.62e42fefa3800p-1)   // y − k·ln2_hi (exact: ln2_hi has 42 bits)
    r = r.addingProduct(-k, 0x1.ef35793c76730p-45)      // − k·ln2_lo
    // p(r) = Σ_{j=2}^{13} r^{j−2}/j!, Horner from the top.
    var p = 1.0 / 6_227_020_800                          // 1/13!
    p = (1.0 / 479_001_600).addingProduct(p, r)          // 1/12!
    p = (1.0 / 39_916_800).addingProduct(p, r)           // 1/11!
    p = (1.0 / 3_628_800).addingProduct(p, r)            // 1/10!
    p = (1.0 / 362_880).addingProduct(p, r)              // 1/9!
    p = (1.0 / 40_320).addingProduct(p, r)               // 1/8!
    p = (1.0 / 5_040).addingProduct(p, r)                // 1/7!
    p = (1.0 / 720).addingProduct(p, r)                  // 1/6!
    p = (1.0 / 120).addingProduct(p, r)                  // 1/5!
    p = (1.0 / 24).addingProduct(p, r)                   // 1/4!
    p = (1.0 / 6).addingProduct(p, r)                    // 1/3!
    p = 0.5.addingProduct(p, r)                          // 1/2!
    let q = r.addingProduct(r * r, p)                    // e^r − 1
    // 2^k from kd's low bits: ((bits + 1023) << 52) puts k + 1023 in the exponent field.
    let twoK = Double(bitPattern: (kd.bitPattern &+ 1023) &<< 52)
    let m = (twoK - 1).addingProduct(twoK, q)            // expm1(y) = 2^k q + (2^k − 1)
    let t = -m / (2 + m)
    let signed = Double(signOf: x, magnitudeOf: t)
    return x.isNaN ? x : signed
}

/// `tanh x` in single precision by the same branch-free formula as `fastTanh(_: Double)`, with
/// single-precision constants: `y = −2|x|` clamped to `|x| ≤ 10` (where `tanh` rounds to ±1 in
/// `Float`), `k = round(y / ln2)` by the `1.5·2²³` shifter, `r = y − k ln2` with `ln2` split in
/// two (`ln2_hi` has 16 bits, so `k·ln2_hi` is exact for `|k| ≤ 29`), `q = e^r − 1` from its
/// Taylor series to `r⁸/8!` (truncation `< r⁹/9! ≈ 2.1e-10`, relative `≲ 1e-9`, far below
/// Float's `2⁻²⁴ ≈ 6e-8`), `m = 2^k (1 + q) − 1`, `tanh|x| = −m / (2 + m)`. Observed error: a
/// few ulp of `Float` against the double-precision `tanh` (tested).
/// NaN propagates; `tanh(±∞) = ±1`; `tanh(−0) = −0`.
@inlinable @inline(__always)
public func fastTanh(_ x: Float) -> Float {
    let magnitude = x.magnitude
    let ax = magnitude < 10 ? magnitude : 10             // NaN → 10, fixed below
    let y = -2 * ax                                      // y ∈ [−20, 0]
    let shifter: Float = 0x1.8p23
    let kd = (y * 0x1.715476p0) + shifter                // log2(e)
    let k = kd - shifter
    var r = y.addingProduct(-k, 0x1.62e4p-1)             // y − k·ln2_hi (exact)
    r = r.addingProduct(-k, 0x1.7f7d1cp-20)              // − k·ln2_lo
    var p: Float = 1.0 / 40_320                          // 1/8!
    p = Float(1.0 / 5_040).addingProduct(p, r)           // 1/7!
    p = Float(1.0 / 720).addingProduct(p, r)             // 1/6!
    p = Float(1.0 / 120).addingProduct(p, r)             // 1/5!
    p = Float(1.0 / 24).addingProduct(p, r)              // 1/4!
    p = Float(1.0 / 6).addingProduct(p, r)               // 1/3!
    p = Float(0.5).addingProduct(p, r)                   // 1/2!
    let q = r.addingProduct(r * r, p)                    // e^r − 1
    let twoK = Float(bitPattern: (kd.bitPattern &+ 127) &<< 23)
    let m = (twoK - 1).addingProduct(twoK, q)            // expm1(y) = 2^k q + (2^k − 1)
    let t = -m / (2 + m)
    let signed = Float(signOf: x, magnitudeOf: t)
    return x.isNaN ? x : signed
}
