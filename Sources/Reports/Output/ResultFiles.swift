import Hybrid

/// Every file of one result folder (DESIGN.md, "Output"): `manifest.json`, the four tables,
/// and — unless figures are off — `figures/*.svg` and `report.html`, all from the result alone.
public struct ResultFiles {
    /// What the files describe.
    public var result: HybridResult
    /// The run's manifest (`manifest.json`, and the facts of the report).
    public var manifest: Manifest
    /// The report's title and description (the case's name and description).
    public var title: String
    public var description: String
    /// Whether to draw the figures and the report (`--no-figures` turns them off).
    public var figures: Bool

    public init(result: HybridResult, manifest: Manifest, title: String, description: String, figures: Bool = true) {
        self.result = result; self.manifest = manifest; self.title = title; self.description = description
        self.figures = figures
    }

    /// Writes every file into `folder` (its staging folder; committing it is the caller's).
    /// - Throws: the first error of a figure or of the folder's `write(_:to:)`.
    public func write(into folder: OutputFolder) throws {
        try folder.write(try manifest.json(), to: "manifest.json")
        try folder.write(ResultTables.curves(result).text, to: "curves.csv")
        try folder.write(ResultTables.modes(result).text, to: "modes.csv")
        try folder.write(ResultTables.summary(result).text, to: "summary.csv")
        try folder.write(ResultTables.solution(result).text, to: "solution.csv")
        guard figures else { return }
        let rendered = try CaseFigures(result: result).render()
        for figure in rendered { try folder.write(figure.svg, to: "figures/\(figure.name)") }
        let report = HTMLReport(title: title, description: description, manifest: manifest, result: result,
                                figures: rendered.map { ($0.name, $0.caption, $0.svg) })
        try folder.write(report.html(), to: "report.html")
    }
}
