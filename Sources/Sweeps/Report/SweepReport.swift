import Foundation
import Reports
import SVGPlot

/// `sweep-report.html`: what a sweep shows about the cost to tolerance.
///
/// The swept *size* axis is the numeric swept key with the most values (`grid.points` when
/// swept); keys named `*seed*` are *replicates*; every other swept key splits the points into
/// groups. For each group and run kind (`solver`, `dnn`, every `hybrid@n`, and "best hybrid", the
/// cheapest hybrid of each point that started from the network — not a `hybrid@auto` that
/// handed over from the zero guess) the report gives, against the size on log–log axes:
/// the median over replicates with the interquartile band (dashed), the least-squares power law
/// `cost ≈ C·size^p` through the medians, with the spread of `p` over replicates (min–max of the
/// per-seed fits); the size where the best hybrid first costs less than the solver alone
/// (interpolated in log–log between sizes, per replicate: median and range); and a verdict table
/// per size. Costs: exact flops and wall seconds to `max_error ≤ tolerance`, the extrapolated
/// figure where a run stopped before it (marked ≈).
public struct SweepReport {
    /// The sweep with its points' statuses.
    public var record: SweepRecord
    /// The merged results.
    public var table: SweepTable

    /// A report of `record` and `table`.
    public init(record: SweepRecord, table: SweepTable) {
        self.record = record
        self.table = table
    }

    /// The two clocks a cost is measured on.
    public enum Clock: String, CaseIterable, Sendable {
        case flops, seconds
        var column: String { "\(rawValue)_to_tol" }
        var unit: String { self == .flops ? "flops" : "s" }
    }

    /// One measured cost: the point, its run, the size, the replicate, the group and the cost.
    struct Cost {
        var run: String
        var size: Double
        var replicate: String
        var group: String
        var value: Double
        var extrapolated: Bool
    }

    /// The size axis: the numeric swept key with the most distinct values (grid.points first).
    var sizeKey: String? {
        let numeric = record.keys.enumerated().filter { index, key in
            !key.contains("seed") && record.points.allSatisfy { Double($0.values[index]) != nil }
        }
        if let grid = numeric.first(where: { $0.element == "grid.points" }) { return grid.element }
        return numeric.max { a, b in
            Set(record.points.map { $0.values[a.offset] }).count < Set(record.points.map { $0.values[b.offset] }).count
        }?.element
    }

    func costs(_ clock: Clock) -> [Cost] {
        guard let sizeKey, let sizeIndex = record.keys.firstIndex(of: sizeKey) else { return [] }
        let replicateIndices = record.keys.indices.filter { record.keys[$0].contains("seed") }
        let groupIndices = record.keys.indices.filter { $0 != sizeIndex && !replicateIndices.contains($0) }
        var result: [Cost] = []
        var bestHybrid: [String: Cost] = [:]
        for (entry, cells) in table.rows {
            guard let size = Double(entry.values[sizeIndex]), let run = cells["run"] else { continue }
            var value = cells[clock.column].flatMap(Double.init)
            var extrapolated = false
            if value == nil, let e = cells["extrapolated_\(clock.column)"].flatMap(Double.init) { value = e; extrapolated = true }
            guard let value else { continue }
            let replicate = replicateIndices.map { entry.values[$0] }.joined(separator: ",")
            let group = groupIndices.map { "\(record.keys[$0])=\(entry.values[$0])" }.joined(separator: ", ")
            let cost = Cost(run: run, size: size, replicate: replicate, group: group, value: value, extrapolated: extrapolated)
            result.append(cost)
            // A hybrid@auto that handed over from the zero guess is the solver alone plus the
            // policy's overhead (summary.csv's decision ends in `/zero`): it is shown as its
            // own run but is no hybrid, so timing noise cannot make it "beat" the solver.
            let fromZero = cells["decision"]?.hasSuffix("/zero") ?? false
            if run.hasPrefix("hybrid@"), !fromZero, (bestHybrid[entry.id]?.value ?? .infinity) > value {
                var best = cost
                best.run = "best hybrid"
                bestHybrid[entry.id] = best
            }
        }
        return result + bestHybrid.values.sorted { ($0.group, $0.size, $0.replicate) < ($1.group, $1.size, $1.replicate) }
    }

    /// Median and quartiles of one run kind at each size.
    struct Summary {
        var sizes: [Double]
        var median: [Double], lower: [Double], upper: [Double]
        var extrapolated: [Bool]
        var fit: (exponent: Double, coefficient: Double)?
        var exponentRange: ClosedRange<Double>?
    }

    func summarize(_ costs: [Cost]) -> Summary {
        let sizes = Array(Set(costs.map(\.size))).sorted()
        var median: [Double] = [], lower: [Double] = [], upper: [Double] = [], extrapolated: [Bool] = []
        for size in sizes {
            let here = costs.filter { $0.size == size }
            let values = here.map(\.value)
            median.append(SweepStatistics.quantile(values, 0.5)!)
            lower.append(SweepStatistics.quantile(values, 0.25)!)
            upper.append(SweepStatistics.quantile(values, 0.75)!)
            extrapolated.append(here.contains { $0.extrapolated })
        }
        let exponents = Dictionary(grouping: costs, by: \.replicate).values.compactMap { replicate in
            SweepStatistics.powerLaw(x: replicate.map(\.size), y: replicate.map(\.value))?.exponent
        }
        return Summary(sizes: sizes, median: median, lower: lower, upper: upper, extrapolated: extrapolated,
                       fit: SweepStatistics.powerLaw(x: sizes, y: median),
                       exponentRange: exponents.isEmpty ? nil : exponents.min()!...exponents.max()!)
    }

    /// Run kinds in display order: solver, dnn, best hybrid, then hybrid@n by n.
    func runs(in costs: [Cost]) -> [String] {
        let names = Set(costs.map(\.run))
        let fixed = ["solver", "dnn", "best hybrid"].filter(names.contains)
        let hybrids = names.filter { $0.hasPrefix("hybrid@") }.sorted {
            (Int($0.dropFirst(7)) ?? Int.max, $0) < (Int($1.dropFirst(7)) ?? Int.max, $1)
        }
        return fixed + hybrids + names.subtracting(fixed).subtracting(hybrids).sorted()
    }

    /// The figures: per clock and group, the cost to tolerance against the size.
    public func figures() throws -> [(name: String, caption: String, svg: String)] {
        guard let sizeKey else { return [] }
        var figures: [(String, String, String)] = []
        for clock in Clock.allCases {
            let all = costs(clock)
            let groups = Array(Set(all.map(\.group))).sorted()
            for (g, group) in groups.enumerated() {
                let costs = all.filter { $0.group == group }
                var plot = LinePlot(title: "Cost to tolerance (\(clock.unit))" + (group.isEmpty ? "" : " — \(group)"),
                                    xAxis: PlotAxis(sizeKey, scale: .log10), yAxis: PlotAxis("cost to tolerance", unit: clock.unit, scale: .log10),
                                    identifier: "sweep-\(clock.rawValue)-\(g)")
                for (r, run) in runs(in: costs).enumerated() {
                    let summary = summarize(costs.filter { $0.run == run })
                    let color = SeriesStyle.palette[r % SeriesStyle.palette.count]
                    var label = run
                    if let fit = summary.fit { label += String(format: " (∝ n^%.2f)", fit.exponent) }
                    plot.series.append(LineSeries(label, x: summary.sizes, y: summary.median,
                                                  style: SeriesStyle(color: color, marker: .circle)))
                    if summary.lower != summary.upper {
                        for band in [summary.lower, summary.upper] {
                            plot.series.append(LineSeries("\(run) IQR", x: summary.sizes, y: band,
                                                          style: SeriesStyle(color: color, dash: .dashed, lineWidth: 0.8),
                                                          showsInLegend: false))
                        }
                    }
                    if let fit = summary.fit, summary.sizes.count >= 2 {
                        let xs = [summary.sizes.first!, summary.sizes.last!]
                        plot.series.append(LineSeries("\(run) fit", x: xs, y: xs.map { fit.coefficient * pow($0, fit.exponent) },
                                                      style: SeriesStyle(color: color, dash: .dotted, lineWidth: 1),
                                                      showsInLegend: false))
                    }
                }
                let name = "sweep-\(clock.rawValue)\(groups.count > 1 ? "-\(g + 1)" : "").svg"
                let caption = "Cost to max_error ≤ tolerance in \(clock == .flops ? "exact flops" : "wall seconds") against "
                    + "\(sizeKey): median over seeds (markers), interquartile band (dashed), least-squares power law "
                    + "through the medians (dotted; the exponent in the legend)."
                figures.append((name, caption, try plot.svg()))
            }
        }
        return figures
    }

    /// The page, with `figures` inlined.
    public func html(figures: [(name: String, caption: String, svg: String)]) -> String {
        let e = ReportPage.escape
        let totals = Dictionary(grouping: record.points, by: \.status).mapValues(\.count)
        var page = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(e(record.sweep)) — poisson-hybrid sweep</title>
        <style>
        \(ReportPage.css)
        </style></head><body>
        <h1>\(e(record.sweep))</h1>
        <p>\(e(record.description))</p>
        <p class="note">\(record.points.count) points over \(e(record.keys.joined(separator: " × "))); \
        \(e(PointStatus.allCases.compactMap { s in totals[s].map { "\($0) \(s.rawValue)" } }.joined(separator: ", "))). \
        Base case: \(e(record.base)).</p>

        """
        page += verdicts()
        page += "<h2>Figures</h2>\n"
        if figures.isEmpty { page += "<p class=\"note\">No numeric swept key (other than seeds) to plot against, or no finished point.</p>\n" }
        for figure in figures {
            page += "<figure id=\"\(e(figure.name))\">\n\(ReportPage.inlineSVG(figure.svg))\n"
            page += "<figcaption>\(e(figure.caption)) <span class=\"note\">(figures/\(e(figure.name)))</span></figcaption></figure>\n"
        }
        page += pointsTable()
        page += "<p class=\"note\">Written by poisson-hybrid sweep collect. Per point and run: sweep.csv; statuses: sweep.json.</p>\n"
        page += "</body></html>\n"
        return page
    }

    func verdicts() -> String {
        guard let sizeKey else { return "" }
        let e = ReportPage.escape
        var html = "<h2>Verdict</h2>\n"
        for clock in Clock.allCases {
            let all = costs(clock)
            for group in Array(Set(all.map(\.group))).sorted() {
                let costs = all.filter { $0.group == group }
                let solver = summarize(costs.filter { $0.run == "solver" })
                let best = summarize(costs.filter { $0.run == "best hybrid" })
                let dnn = summarize(costs.filter { $0.run == "dnn" })
                html += "<h3>\(clock == .flops ? "Flops" : "Seconds") to tolerance\(group.isEmpty ? "" : " — \(e(group))")</h3>\n"
                // Crossover per replicate.
                var crossings: [Double] = [], atStart = 0, never = 0
                for (_, replicate) in Dictionary(grouping: costs, by: \.replicate) {
                    let sizes = Array(Set(replicate.map(\.size))).sorted()
                    func value(_ run: String, _ size: Double) -> Double? { replicate.first { $0.run == run && $0.size == size }?.value }
                    switch SweepStatistics.crossover(x: sizes, incumbent: sizes.map { value("solver", $0) },
                                                     challenger: sizes.map { value("best hybrid", $0) }) {
                    case .at(let x): crossings.append(x)
                    case .atOrBelow(let x): crossings.append(x); atStart += 1
                    case .none: never += 1
                    }
                }
                let replicates = crossings.count + never
                var sentence: String
                if crossings.isEmpty {
                    sentence = "No hybrid beats the solver alone at any \(e(sizeKey)) swept"
                } else {
                    let over = never == 0 ? "\(replicates) seed\(replicates == 1 ? "" : "s")"
                        : "the \(crossings.count) of \(replicates) seeds where it does"
                    sentence = String(format: "A hybrid first beats the solver alone at %@ ≈ %.0f (median over %@",
                                      e(sizeKey), SweepStatistics.quantile(crossings, 0.5)!, over)
                    let range = String(format: "%.0f–%.0f", crossings.min()!, crossings.max()!)
                    if crossings.count > 1, String(format: "%.0f", crossings.min()!) != String(format: "%.0f", crossings.max()!) {
                        sentence += "; range \(range)"
                    }
                    sentence += ")"
                    if atStart > 0 { sentence += "; in \(atStart) it wins already at the smallest size (the crossover is at or below it)" }
                    if never > 0 { sentence += "; in the other \(never) it never does within the sizes swept" }
                }
                html += "<p>\(sentence).</p>\n"
                for (name, s) in [("solver", solver), ("best hybrid", best), ("dnn", dnn)] {
                    guard let fit = s.fit else { continue }
                    var text = String(format: "%@: cost ∝ %@^%.2f", name, e(sizeKey), fit.exponent)
                    if let range = s.exponentRange,
                       String(format: "%.2f", range.lowerBound) != String(format: "%.2f", range.upperBound) {
                        text += String(format: " (exponent %.2f–%.2f over seeds)", range.lowerBound, range.upperBound)
                    }
                    html += "<p class=\"note\">\(text)</p>\n"
                }
                html += "<table><tr><th>\(e(sizeKey))</th><th>solver</th><th>best hybrid</th><th>network alone</th><th class=\"name\">cheapest</th></tr>\n"
                for (i, size) in solver.sizes.enumerated() {
                    func cell(_ s: Summary) -> (String, Double?) {
                        guard let j = s.sizes.firstIndex(of: size) else { return ("—", nil) }
                        let mark = s.extrapolated[j] ? "≈ " : ""
                        let spread = s.lower[j] != s.upper[j] ? String(format: " [%.3g–%.3g]", s.lower[j], s.upper[j]) : ""
                        return (mark + String(format: "%.3e", s.median[j]) + spread, s.median[j])
                    }
                    let cells = [cell(solver), cell(best), cell(dnn)]
                    let names = ["solver", "best hybrid", "network alone"]
                    let winner = cells.indices.filter { cells[$0].1 != nil }.min { cells[$0].1! < cells[$1].1! }.map { names[$0] } ?? "—"
                    html += "<tr><td>\(String(format: "%.0f", solver.sizes[i]))</td>" + cells.map { "<td>\(e($0.0))</td>" }.joined()
                        + "<td class=\"name\">\(winner)</td></tr>\n"
                }
                html += "</table>\n"
            }
        }
        return html + "<p class=\"note\">Medians over seeds with the interquartile range in brackets; ≈ marks a cost "
            + "extrapolated from the run's asymptotic rate (it stopped at max_sweeps).</p>\n"
    }

    func pointsTable() -> String {
        let e = ReportPage.escape
        var html = "<h2>Points</h2>\n<table><tr><th>#</th><th class=\"name\">id</th>"
            + record.keys.map { "<th class=\"name\">\(e($0))</th>" }.joined() + "<th class=\"name\">status</th></tr>\n"
        for entry in record.points {
            html += "<tr><td>\(entry.index)</td><td class=\"name\"><a href=\"\(e(entry.folder))/\">\(e(entry.id))</a></td>"
                + entry.values.map { "<td class=\"name\">\(e($0))</td>" }.joined()
                + "<td class=\"name\">\(e(entry.status.rawValue))\(entry.detail.map { " — \(e($0))" } ?? "")</td></tr>\n"
        }
        return html + "</table>\n"
    }
}
