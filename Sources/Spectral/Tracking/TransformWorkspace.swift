/// A transform object that can make an independent twin (same size, own plan and buffers).
protocol FreshlyCopyable: AnyObject {
    func freshCopy() -> Self
}

extension SineTransform: FreshlyCopyable {}
extension FourierTransform: FreshlyCopyable {}
extension QuadSineTransform: FreshlyCopyable {}

/// Copy-on-write ownership of an FFTW transform inside a value type.
///
/// The value types of this module (`SineModeTracker`, `DFTPeakTracker`, `ResidualModeEstimator`,
/// `GaussianFilter`) are `Sendable` and have value semantics even though their scratch space is
/// a class with FFTW buffers. This is sound because the transform is reachable **only** through
/// `unique()`, which is `mutating`: the caller has exclusive access to this value, and after the
/// check no other value — on this thread or another — references the same object (a shared one is
/// replaced by a fresh twin first; the reference count test is atomic, as for `Array`'s buffer).
/// Hence no two threads can ever execute on the same buffers. The first `unique()` after a copy
/// plans a new transform (microseconds); every later call is free.
struct TransformWorkspace<Transform: FreshlyCopyable>: @unchecked Sendable {
    private var transform: Transform

    init(_ transform: Transform) { self.transform = transform }

    /// The transform, exclusively owned by this value from now on.
    @inline(__always) mutating func unique() -> Transform {
        if !isKnownUniquelyReferenced(&transform) { transform = transform.freshCopy() }
        return transform
    }
}
