/// The rows of a heat map: named categories or numeric positions.
public enum HeatMapRows: Sendable, Equatable {
    /// One equal-height band per row, labelled with the given text (e.g. "peak 1", "peak 3");
    /// row 0 at the bottom.
    case labels([String])
    /// Rows at numeric y positions (e.g. mode numbers), strictly increasing, drawn on the heat
    /// map's y-axis scale; each cell reaches halfway (in scale coordinates) to its neighbours.
    /// Up to 16 rows (and no explicit y range) are labelled at their own positions; more rows
    /// get the axis scale's usual ticks.
    case positions([Double])

    var count: Int {
        switch self {
        case .labels(let labels): labels.count
        case .positions(let positions): positions.count
        }
    }
}

/// A heat map: `values[row][column]` drawn as coloured cells over a grid whose columns sit at
/// x positions (linear or log x, e.g. step counts) and whose rows are labelled categories or
/// numeric positions (linear or log y, e.g. mode numbers), with a colour bar.
///
/// ```swift
/// let map = HeatMap(title: "Δ_F at the tracked peaks (network)",
///                   values: deltaF,                       // [peak][record]
///                   columns: steps.map(Double.init),      // > 0 on a log x axis
///                   rows: .labels(["peak 1", "peak 3", "peak 8"]),
///                   xAxis: PlotAxis("training step", scale: .log10),
///                   yAxis: PlotAxis("DFT peak"),
///                   colorScale: ColorScale(.linear, range: 0...1, label: "Δ_F"))
/// let svg = try map.svg()
/// ```
///
/// Cells: column c spans from halfway (in the x scale's coordinates) to column c−1 to halfway to
/// column c+1; the first and last columns reach as far out as they reach in. Columns (and numeric
/// rows) a log axis cannot show (≤ 0) are dropped together with their values. NaN values are
/// drawn in the no-data colour, and a "no data" swatch then appears under the colour bar.
/// Neighbouring cells of a row with identical colour are merged into one `<rect>`, so smooth
/// regions stay small. Structure: `title`, `status`, `plot-area` (`cells`, `frame`), `axis x`,
/// `axis y`, `colorbar`. Cost: O(rows × columns).
public struct HeatMap: Sendable, Equatable {
    /// The title, drawn above the plot and used as the SVG `<title>`.
    public var title: String
    /// Cell values, `values[row][column]`; every row has `columns.count` entries.
    public var values: [[Double]]
    /// x position of each column, strictly increasing.
    public var columns: [Double]
    /// Row labels or positions; `rows.count == values.count`.
    public var rows: HeatMapRows
    /// The horizontal axis (its scale places the columns; its range, if set, crops the view).
    public var xAxis: PlotAxis
    /// The vertical axis (its title always shows; its scale and range apply to numeric rows).
    public var yAxis: PlotAxis
    /// Values → colours, and the colour bar's ticks and label.
    public var colorScale: ColorScale
    /// A notice for runs that did not complete, or `nil`.
    public var status: StatusBanner?
    /// Figure width in px (≥ 120).
    public var width: Double
    /// Figure height in px (≥ 120).
    public var height: Double
    /// The root `<svg>`'s `id`, or `nil` (the figure uses no other ids).
    public var identifier: String?
    /// Column positions (in `columns`' units) marked by a short tick on the plot's top edge, e.g.
    /// the steps at which something changed the run; positions outside the x range are skipped.
    public var columnMarks: [Double] = []

    /// A heat map; axes default to an untitled linear x and an untitled y.
    public init(title: String, values: [[Double]], columns: [Double], rows: HeatMapRows,
                xAxis: PlotAxis = PlotAxis(), yAxis: PlotAxis = PlotAxis(), colorScale: ColorScale,
                status: StatusBanner? = nil, width: Double = 640, height: Double = 360, identifier: String? = nil) {
        self.title = title
        self.values = values
        self.columns = columns
        self.rows = rows
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.colorScale = colorScale
        self.status = status
        self.width = width
        self.height = height
        self.identifier = identifier
    }

    /// The figure as standalone SVG 1.1 text.
    /// - Throws: `PlotError` for an invalid size, range, row/column shape or ordering.
    public func svg() throws(PlotError) -> String {
        try document().rendered()
    }

    /// The figure as a document tree.
    /// - Throws: `PlotError` for an invalid size, range, row/column shape or ordering.
    public func document() throws(PlotError) -> SVGDocument {
        try validateSize(width: width, height: height)
        try xAxis.validate(name: "x")
        try yAxis.validate(name: "y")
        try colorScale.validate()
        guard rows.count == values.count else { throw .rowCountMismatch(expected: values.count, actual: rows.count) }
        for (r, row) in values.enumerated() where row.count != columns.count {
            throw .rowLengthMismatch(row: r, expected: columns.count, actual: row.count)
        }
        let columnEdges = try HeatMapLayout.edges(of: columns, scale: xAxis.scale, axis: "column")
        let rowEdges: HeatMapLayout.Edges
        switch rows {
        case .labels(let labels):
            rowEdges = HeatMapLayout.Edges(kept: Array(labels.indices), edges: (0...labels.count).map { Double($0) - 0.5 })
        case .positions(let positions):
            rowEdges = try HeatMapLayout.edges(of: positions, scale: yAxis.scale, axis: "row")
        }
        return HeatMapLayout(map: self, columnEdges: columnEdges, rowEdges: rowEdges).document()
    }
}
