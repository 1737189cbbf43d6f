/// An invalid argument to a spectral transform, tracker or filter: thrown by the initialisers
/// instead of trapping, so a bad case file (a mode index beyond the grid, a negative filter
/// width, a reference with a NaN) ends in a readable message.
public enum SpectralError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A size is below its minimum (e.g. a DFT of fewer than 2 points) or beyond FFTW's 32-bit
    /// sizes.
    case invalidSize(parameter: String, value: Int, range: ClosedRange<Int>)
    /// A requested mode or DFT index lies outside the valid range for the grid.
    case indexOutOfRange(parameter: String, index: Int, range: ClosedRange<Int>)
    /// A mode or DFT index appears twice in a list.
    case duplicateIndex(parameter: String, index: Int)
    /// A vector does not have the length the transform was planned for.
    case lengthMismatch(parameter: String, expected: Int, actual: Int)
    /// A real parameter is outside its allowed range (`range` says which).
    case outOfRange(parameter: String, value: Double, range: String)
    /// The named vector is not finite at `index`.
    case nonFinite(parameter: String, index: Int, value: Double)
    /// FFTW returned no plan for the named transform (it should not for the sizes allowed).
    case planningFailed(transform: String, size: Int)
    /// The named transform cannot run on this machine (`reason` says why), e.g. the binary128
    /// `QuadSineTransform` away from x86-64.
    case unavailable(transform: String, reason: String)

    public var description: String {
        switch self {
        case .invalidSize(let name, let value, let range):
            let bound = range.upperBound == Int.max ? "at least \(range.lowerBound)"
                : "in \(range.lowerBound)...\(range.upperBound)"
            return "\(name) = \(value) is not a valid size: must be \(bound)"
        case .indexOutOfRange(let name, let index, let range):
            return "\(name) \(index) is out of range: must be in \(range.lowerBound)...\(range.upperBound)"
        case .duplicateIndex(let name, let index):
            return "\(name) \(index) is listed more than once"
        case .lengthMismatch(let name, let expected, let actual):
            return "\(name) has \(actual) entries, expected \(expected)"
        case .outOfRange(let name, let value, let range):
            return "\(name) = \(value) is out of range: must be \(range)"
        case .nonFinite(let name, let index, let value):
            return "\(name) is not finite at entry \(index): value \(value)"
        case .planningFailed(let transform, let size):
            return "FFTW could not plan the \(transform) of size \(size)"
        case .unavailable(let transform, let reason):
            return "the \(transform) is not available here: \(reason)"
        }
    }
}

extension SpectralError {
    /// Throws `nonFinite` naming the first entry of `v` that is NaN or infinite.
    static func checkFinite(_ v: [Double], parameter: String) throws {
        for (j, x) in v.enumerated() where !x.isFinite {
            throw SpectralError.nonFinite(parameter: parameter, index: j, value: x)
        }
    }

    /// Checks that `indices` lie in `range` and are distinct.
    static func checkIndices(_ indices: [Int], in range: ClosedRange<Int>, parameter: String) throws {
        var seen = Set<Int>()
        for k in indices {
            guard range.contains(k) else { throw SpectralError.indexOutOfRange(parameter: parameter, index: k, range: range) }
            guard seen.insert(k).inserted else { throw SpectralError.duplicateIndex(parameter: parameter, index: k) }
        }
    }
}
