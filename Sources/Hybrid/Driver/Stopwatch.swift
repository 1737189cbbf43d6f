#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A monotonic wall clock accumulating only the intervals it is told to time, so the tracking
/// overhead between steps stays out of a run's `seconds`.
struct Stopwatch {
    private(set) var elapsed: Double = 0

    init(elapsed: Double = 0) { self.elapsed = elapsed }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// Runs `body`, adding its wall time to `elapsed`.
    @inline(__always)
    mutating func time<T>(_ body: () throws -> T) rethrows -> T {
        let start = Stopwatch.now()
        defer { elapsed += Stopwatch.now() - start }
        return try body()
    }
}
