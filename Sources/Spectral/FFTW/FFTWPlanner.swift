import CFFTW
import CFFTWQuad
import Synchronization

/// FFTW's planner (plan creation, plan destruction, the wisdom it keeps) is global state and is
/// not thread-safe; only `fftw_execute*` on an existing plan is. Every planner call in this
/// module goes through this lock — the package's one allowed piece of global mutable state.
/// The quad-precision library (`QuadSineTransform`) keeps planner state of its own; its planner
/// calls take the same lock (one lock is simpler, and plans are made rarely).
let fftwPlannerLock = Mutex<Void>(())

/// Planner flags used for every plan: `FFTW_ESTIMATE`.
///
/// `FFTW_MEASURE` times candidate algorithms and may pick a different one from run to run, so
/// the same input could give results differing in the last bits between runs. `FFTW_ESTIMATE`
/// chooses the algorithm by a fixed heuristic from the size alone: plans (and therefore the
/// results, bit for bit) are reproducible across runs on one machine and build, planning costs
/// microseconds, and the input arrays are never touched while planning. The price is a
/// transform perhaps up to ~2× slower than a measured plan, irrelevant at the sizes tracked here.
let fftwPlannerFlags = UInt32(FFTW_ESTIMATE)

/// Runs FFTW planner calls (`body`) under the planner lock and returns what they return.
func makePlan<Plans>(_ body: () -> Plans) -> Plans {
    fftwPlannerLock.withLock { _ in body() }
}

/// Destroys a plan under the planner lock.
func destroyPlan(_ plan: fftw_plan) {
    fftwPlannerLock.withLock { _ in fftw_destroy_plan(plan) }
}

/// Destroys a quad-precision sine plan (and its buffers) under the planner lock.
func destroyQuadSinePlan(_ plan: OpaquePointer) {
    fftwPlannerLock.withLock { _ in cfftwq_sine_plan_destroy(plan) }
}

/// FFTW's own operation count of one execution of `plan`: additions + multiplications + 2 per
/// fused multiply-add (FFTW's `fftw_flops`, an exact count of its arithmetic, not a bound).
func flopCount(of plan: fftw_plan) -> Int {
    var add = 0.0, mul = 0.0, fma = 0.0
    fftw_flops(plan, &add, &mul, &fma)
    return Int(add + mul + 2 * fma)
}

/// Largest size FFTW's 32-bit interface (`fftw_plan_*_1d` takes an `int`) accepts.
let fftwMaximumSize = Int(Int32.max)
