import Foundation
import SVGPlot

/// Figures shaped like the ones the report draws (the paper's Fig. 4 panels and more), built
/// from closed-form stand-in data so the tests need nothing but this module.
enum Gallery {
    /// The paper's reference solution u = g₀(x) − g₀(1)·x on 1001 points of [−1, 1].
    static func referenceSolution(points: Int = 1001) -> (x: [Double], u: [Double]) {
        func g0(_ x: Double) -> Double { sin(x) + sin(4 * x) / 4 - sin(8 * x) / 8 + sin(24 * x) / 36 }
        let x = (0..<points).map { -1 + 2 * Double($0) / Double(points - 1) }
        return (x, x.map { g0($0) - g0(1) * $0 })
    }

    /// Fig. 4(a): reference and network output, inset |F[u]| over the first 20 DFT indices with
    /// the tracked peaks as black dots.
    static func solution() -> LinePlot {
        let (x, u) = referenceSolution()
        let network = zip(x, u).map { $1 + 0.02 * sin(3 * $0) }
        let n = Double(u.count)
        let magnitudes = (0..<20).map { k -> Double in
            var re = 0.0, im = 0.0
            for (j, value) in u.enumerated() {
                let angle = -2 * Double.pi * Double(k * j) / n
                re += value * cos(angle)
                im += value * sin(angle)
            }
            return (re * re + im * im).squareRoot() / n
        }
        let indices = (0..<20).map(Double.init)
        var plot = LinePlot(title: "Solution on the grid", xAxis: PlotAxis("x"), yAxis: PlotAxis("u(x)"))
        plot.series = [
            LineSeries("reference u", x: x, y: u),
            LineSeries("network (5000 steps)", x: x, y: network),
        ]
        plot.inset = LinePlotInset(
            title: "|F[u]|", xAxis: PlotAxis("DFT index"), yAxis: PlotAxis(),
            series: [LineSeries("|F[u]|", x: indices, y: magnitudes)],
            annotations: [1, 3, 8].map { PointAnnotation(x: Double($0), y: magnitudes[$0], label: "\($0)") })
        return plot
    }

    /// Fig. 4(b)/(c): Δ_F at three peaks against step (log x), colour 0…1.
    static func peaks(run: String = "network", status: StatusBanner? = nil) -> HeatMap {
        let steps = stride(from: 0, through: 2500, by: 50).map(Double.init)
        let timescales = [20.0, 300.0, 900.0]
        let values = timescales.map { tau in steps.map { exp(-$0 / tau) } }
        return HeatMap(title: "\u{0394}F at the tracked peaks (\(run))", values: values, columns: steps,
                       rows: .labels(["peak 1", "peak 3", "peak 8"]),
                       xAxis: PlotAxis("training step", scale: .log10), yAxis: PlotAxis("DFT peak"),
                       colorScale: ColorScale(.linear, range: 0...1, label: "\u{0394}F"), status: status)
    }

    /// Fig. 4(d): max error (log y) against time for the network (stars), the solver, and
    /// dashed hybrid runs starting where they leave the network.
    static func hybrid() -> LinePlot {
        let t = stride(from: 0.0, through: 120, by: 1.0).map { $0 }
        let dnn = t.map { 0.6 * exp(-$0 / 3) + 8e-3 * (1.2 + sin($0)) }
        let solver = t.map { 0.59 * exp(-$0 / 400) }
        var plot = LinePlot(title: "Max error against time", xAxis: PlotAxis("time", unit: "s"),
                            yAxis: PlotAxis("max error", scale: .log10, minorTicks: true))
        plot.series.append(LineSeries("dnn", x: t, y: dnn,
                                      style: SeriesStyle(color: SeriesStyle.palette[2], drawsLine: false, marker: .star, markerStride: 4)))
        plot.series.append(LineSeries("solver", x: t, y: solver, style: .automatic(index: 0)))
        for (k, start) in [2.0, 10.0, 60.0].enumerated() {
            let x = t.filter { $0 >= start }
            let e0 = 0.6 * exp(-start / 3) + 8e-3 * (1.2 + sin(start))
            var style = SeriesStyle.automatic(index: k + 1)
            style.dash = DashPattern.sequence[k + 1]
            plot.series.append(LineSeries("hybrid@\([100, 500, 3000][k])", x: x,
                                          y: x.map { e0 * exp(-($0 - start) / 40) + 1e-3 }, style: style))
        }
        plot.referenceLines = [ReferenceLine(.horizontal, at: 1e-3, label: "tolerance")]
        return plot
    }

    /// Sine-mode error over mode × step, log colour 1e-12…1, with a gap of missing values.
    static func modes() -> HeatMap {
        let modes = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512].map(Double.init)
        let steps = stride(from: 0, through: 20000, by: 500).map(Double.init)
        let values = modes.map { k in
            steps.map { s -> Double in
                if s == 4000 { return .nan }
                let lambda = cos(k * Double.pi / 1000)
                return abs(pow(lambda, s)) / k
            }
        }
        return HeatMap(title: "Sine-mode error (solver)", values: values, columns: steps, rows: .positions(modes),
                       xAxis: PlotAxis("sweep"), yAxis: PlotAxis("mode k", scale: .log10),
                       colorScale: ColorScale(.log10, range: 1e-12...1, label: "|a_k(e)|"))
    }

    /// A run that diverged: what was recorded, then NaN; banner on top.
    static func diverged() -> LinePlot {
        let steps = (0..<60).map(Double.init)
        let loss = steps.map { $0 < 40 ? exp($0 / 8) : .nan }
        return LinePlot(title: "Loss (diverged run)", xAxis: PlotAxis("step"),
                        yAxis: PlotAxis("loss", scale: .log10),
                        series: [LineSeries("dnn", x: steps, y: loss)],
                        status: StatusBanner("diverged at step 40"), legendPlacement: .below)
    }

    /// A figure with nothing recorded yet (interrupted before the first record).
    static func empty() -> LinePlot {
        LinePlot(title: "Max error against work", xAxis: PlotAxis("work", unit: "flop", scale: .log10),
                 yAxis: PlotAxis("max error", scale: .log10),
                 series: [LineSeries("solver", x: [], y: [])],
                 status: StatusBanner("interrupted", severity: .warning))
    }

    /// Every gallery figure, rendered, by file name.
    static func all() throws -> [(name: String, svg: String)] {
        [
            ("solution", try solution().svg()),
            ("dnn-peaks", try peaks().svg()),
            ("solver-peaks", try peaks(run: "solver", status: StatusBanner("interrupted at sweep 2500", severity: .warning)).svg()),
            ("hybrid", try hybrid().svg()),
            ("modes-solver", try modes().svg()),
            ("diverged", try diverged().svg()),
            ("empty", try empty().svg()),
        ]
    }
}
