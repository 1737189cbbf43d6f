import Foundation

/// Which steps of a phase are recorded (a row in `curves.csv`, spectra in `modes.csv`): step 0,
/// every `every` steps, the phase's last step, and — with `recordsPerDecade > 0` — the
/// log-spaced steps `round(10^(i/recordsPerDecade))`. Steps are counted within the phase
/// (training steps in the network phase, sweeps or cycles in a solver phase).
public struct RecordSchedule: Sendable, Equatable {
    /// Record every this many steps (`tracking.every`, ≥ 1).
    public var every: Int
    /// Extra log-spaced records per decade of the phase's steps (`tracking.per_decade`, 0 = off).
    public var recordsPerDecade: Int

    public init(every: Int, recordsPerDecade: Int = 0) {
        self.every = max(1, every)
        self.recordsPerDecade = max(0, recordsPerDecade)
    }

    /// The log-spaced steps `round(10^(i/recordsPerDecade)) ≤ limit`, ascending and distinct
    /// (empty when off).
    public func logSpacedSteps(upTo limit: Int) -> [Int] {
        guard recordsPerDecade > 0, limit >= 1 else { return [] }
        var steps: [Int] = []
        var i = 0
        while true {
            let step = Int(pow(10, Double(i) / Double(recordsPerDecade)).rounded())
            if step > limit { break }
            if step != steps.last { steps.append(step) }
            i += 1
        }
        return steps
    }

    /// A cursor over the record steps of a phase of `budget` steps.
    func cursor(budget: Int) -> Cursor { Cursor(every: every, budget: budget, logSteps: logSpacedSteps(upTo: budget)) }

    /// Walks the record steps in order with integer arithmetic and one index (no hashing).
    struct Cursor {
        let every: Int
        let budget: Int
        let logSteps: [Int]
        private var logIndex = 0

        init(every: Int, budget: Int, logSteps: [Int]) {
            self.every = every; self.budget = budget; self.logSteps = logSteps
        }

        /// The first record step after `step`: the next multiple of `every`, the next log-spaced
        /// step or the budget, whichever comes first. Call with increasing `step`.
        mutating func next(after step: Int) -> Int {
            while logIndex < logSteps.count && logSteps[logIndex] <= step { logIndex += 1 }
            var next = min(budget, (step / every + 1) * every)
            if logIndex < logSteps.count { next = min(next, logSteps[logIndex]) }
            return max(next, step + 1)
        }
    }
}
