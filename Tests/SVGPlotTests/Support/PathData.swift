/// Reading SVG path data back in tests: subpath count and coordinates.
enum PathData {
    /// Number of subpaths (`M` commands) in `d`.
    static func subpathCount(_ d: String) -> Int {
        d.filter { $0 == "M" }.count
    }

    /// Absolute coordinate pairs after `M`/`L` commands (the only ones line paths use).
    static func points(_ d: String) -> [(Double, Double)] {
        var points: [(Double, Double)] = []
        var current = ""
        var command: Character = " "
        func flush() {
            let numbers = current.split(separator: " ").compactMap { Double($0) }
            if (command == "M" || command == "L"), numbers.count == 2 { points.append((numbers[0], numbers[1])) }
            current = ""
        }
        for character in d {
            if character.isLetter {
                flush()
                command = character
            } else {
                current.append(character)
            }
        }
        flush()
        return points
    }
}
