import Foundation
import Hybrid
import PoissonCore
import Spectral
import SVGPlot

/// The figures of one case, after the seed paper's Fig. 4 (Xu et al. 2019):
/// - `solution.svg` — reference and network on the grid, inset `|F[u]|` with the tracked peaks (4a);
/// - `dnn-peaks.svg`, `solver-peaks.svg` — `Δ_F` at the peaks against step, a heat map (4b, 4c);
/// - `hybrid.svg` / `hybrid-work.svg` — max error against seconds / flops for every run (4d);
/// - `auto-decision.svg` — hybrid@auto's predicted solver cost at each decision against the
///   measured solver cost of every fixed hybrid (with `hybrid.policy: auto`);
/// - `modes-<run>.svg` — sine-mode error over mode × step for each run.
/// Runs that did not complete carry a status banner.
public struct CaseFigures {
    /// One rendered figure.
    public struct Figure: Sendable {
        /// File name under `figures/`.
        public var name: String
        public var caption: String
        public var svg: String
    }

    /// The result drawn: it carries the grid, the reference, its spectrum and the tolerance.
    public let result: HybridResult
    var grid: UniformGrid { result.grid }
    var reference: [Double] { result.reference }
    var tolerance: Double { result.tolerance }

    public init(result: HybridResult) {
        self.result = result
    }

    /// Every figure for this result (those whose data is missing are left out).
    public func render() throws -> [Figure] {
        var figures: [Figure] = []
        figures.append(try solution())
        for run in result.runs where run.kind == .dnn || run.kind == .solver {
            if let f = try peaks(of: run) { figures.append(f) }
        }
        if let f = try errorCurves(axis: .seconds) { figures.append(f) }
        if let f = try errorCurves(axis: .flops) { figures.append(f) }
        if let f = try filtered() { figures.append(f) }
        if let f = try autoDecision() { figures.append(f) }
        for run in result.runs {
            if let f = try modes(of: run) { figures.append(f) }
        }
        return figures
    }

    private func banner(for run: RunHistory) -> StatusBanner? {
        switch run.status {
        case .complete: return nil
        case .diverged(let step, let quantity): return StatusBanner("\(run.kind.name) diverged at step \(step) (\(quantity))")
        case .interrupted: return StatusBanner("\(run.kind.name) interrupted", severity: .warning)
        }
    }

    private var overallBanner: StatusBanner? {
        let bad = result.runs.compactMap { banner(for: $0)?.text }
        return bad.isEmpty ? nil : StatusBanner(bad.joined(separator: "; "), severity: result.interrupted ? .warning : .failure)
    }

    /// Fig. 4(a): the reference and the network's final values, inset `|F[u]|` over the first
    /// DFT indices with the tracked peaks marked.
    func solution() throws -> Figure {
        let x = grid.coordinates
        var plot = LinePlot(title: "Solution on the grid", xAxis: PlotAxis("x"), yAxis: PlotAxis("u(x)"))
        plot.series.append(LineSeries("reference", x: x, y: reference))
        if let network = result.networkFinal {
            plot.series.append(LineSeries("network (final)", x: x, y: network))
        }
        let spectrum = result.referenceDFTMagnitudes
        let shown = min(spectrum.count - 1, max(20, 2 * (result.peaks.max() ?? 0) + 2))
        let indices = (0...shown).map(Double.init)
        let magnitudes = (0...shown).map { spectrum[$0] / Double(reference.count) }
        plot.inset = LinePlotInset(
            title: "|F[u]|/n", xAxis: PlotAxis("DFT index"), yAxis: PlotAxis(),
            series: [LineSeries("|F[u]|", x: indices, y: magnitudes, showsInLegend: false)],
            annotations: result.peaks.filter { $0 <= shown }.map {
                PointAnnotation(x: Double($0), y: magnitudes[$0], label: "\($0)") })
        plot.status = overallBanner
        return Figure(name: "solution.svg",
                      caption: "The reference solution and the network's final output on the grid; inset: |F[u]| against DFT index, tracked peaks marked (the paper's Fig. 4(a)).",
                      svg: try plot.svg())
    }

    /// Fig. 4(b)/(c): `Δ_F` at the tracked peaks against step, as a heat map.
    func peaks(of run: RunHistory) throws -> Figure? {
        let rows = run.modes.filter { $0.record.basis == .dft && $0.record.step > 0 }
        guard !rows.isEmpty else { return nil }
        let peaks = result.peaks
        let steps = Array(Set(rows.map(\.record.step))).sorted()
        let column = Dictionary(uniqueKeysWithValues: steps.enumerated().map { ($1, $0) })
        let row = Dictionary(uniqueKeysWithValues: peaks.enumerated().map { ($1, $0) })
        var values = [[Double]](repeating: [Double](repeating: .nan, count: steps.count), count: peaks.count)
        for r in rows {
            guard let i = row[r.record.mode], let j = column[r.record.step] else { continue }
            values[i][j] = r.record.relativeError ?? .nan
        }
        let isNetwork = run.kind == .dnn
        var map = HeatMap(
            title: isNetwork ? "ΔF at the tracked peaks: network" : "ΔF at the tracked peaks: \(run.kind.name)",
            values: values, columns: steps.map(Double.init), rows: .labels(peaks.map { "peak \($0)" }),
            xAxis: PlotAxis(isNetwork ? "training step" : "sweep", scale: .log10),
            yAxis: PlotAxis("DFT peak index"),
            colorScale: ColorScale(.linear, range: 0...1, label: "ΔF"))
        map.status = banner(for: run)
        let name = isNetwork ? "dnn-peaks.svg" : "solver-peaks.svg"
        let caption = isNetwork
            ? "Relative error ΔF(k) = |F[h](k) − F[u](k)|/|F[u](k)| at the tracked DFT peaks during training (the paper's Fig. 4(b)): low peaks converge first."
            : "ΔF at the tracked DFT peaks during the classical solve from a zero start (the paper's Fig. 4(c)): high peaks converge first."
        return Figure(name: name, caption: caption, svg: try map.svg())
    }

    enum Clock { case seconds, flops }

    /// Fig. 4(d): max error against wall time (or flops) for every run; hybrids dashed from the
    /// hand-over on.
    func errorCurves(axis: Clock) throws -> Figure? {
        guard !result.runs.isEmpty else { return nil }
        let xAxis = axis == .seconds ? PlotAxis("wall time", unit: "s") : PlotAxis("work", unit: "flops", scale: .log10)
        var plot = LinePlot(title: axis == .seconds ? "Max error against wall time" : "Max error against work",
                            xAxis: xAxis, yAxis: PlotAxis("max error", scale: .log10, minorTicks: true))
        let palette = SeriesStyle.palette
        var hybridIndex = 0
        for run in result.runs {
            var rows = run.curves
            let style: SeriesStyle
            switch run.kind {
            case .dnn:
                style = SeriesStyle(color: palette[2], drawsLine: true, marker: .star, markerStride: max(1, rows.count / 40))
            case .solver:
                style = SeriesStyle(color: palette[0])
            case .hybrid:
                rows = rows.filter { $0.phase == .solver }
                let dashes = [DashPattern.dashed, .dotted, .dashDot, .longDash, .dashDotDot, .shortDash, .longShort]
                style = SeriesStyle(color: palette[(3 + hybridIndex) % palette.count], dash: dashes[hybridIndex % dashes.count])
                hybridIndex += 1
            case .auto:
                rows = rows.filter { $0.phase == .solver }
                style = SeriesStyle(color: palette[1], drawsLine: true, marker: .diamond, markerStride: max(1, rows.count / 20))
            case .interleaved:
                style = SeriesStyle(color: palette[1 % palette.count], dash: .dotted)
            }
            let x = rows.map { axis == .seconds ? $0.seconds : Double($0.flops) }
            plot.series.append(LineSeries(run.kind.name, x: x, y: rows.map(\.maxError), style: style))
            if case .interleaved = run.kind, !run.corrections.isEmpty {
                // The rows right after each correction, as markers.
                let marked = Set(run.corrections)
                let after = rows.filter { marked.contains($0.step) }
                plot.series.append(LineSeries("corrections", x: after.map { axis == .seconds ? $0.seconds : Double($0.flops) },
                                              y: after.map(\.maxError),
                                              style: SeriesStyle(color: palette[1 % palette.count], drawsLine: false,
                                                                 marker: .circle, markerStride: max(1, after.count / 40))))
            }
        }
        if tolerance > 0 {
            plot.referenceLines = [ReferenceLine(.horizontal, at: tolerance, label: "tolerance")]
        }
        plot.status = overallBanner
        let name = axis == .seconds ? "hybrid.svg" : "hybrid-work.svg"
        let caption = axis == .seconds
            ? "Max error against wall time (tracking excluded): the network alone, the solver alone, and each hybrid from its hand-over on (the paper's Fig. 4(d))."
            : "The same against the exact floating-point operation count, which compares across machines."
        return Figure(name: name, caption: caption, svg: try plot.svg())
    }

    /// hybrid@auto's decisions: at every decision step the solver cost it predicted from the
    /// residual alone (on its own clock), against what the solver phase of each fixed hybrid
    /// (and the solver alone, at step 0) measured from its hand-over to the tolerance — and, at
    /// the chosen step, its own predicted and measured cost.
    func autoDecision() throws -> Figure? {
        guard let auto = result.runs.first(where: { if case .auto = $0.kind { return true }; return false }),
              let decision = auto.decision, !decision.trace.isEmpty else { return nil }
        let flops = decision.clock == .flops
        var plot = LinePlot(title: "hybrid@auto: predicted and measured solver cost to tolerance",
                            xAxis: PlotAxis("training steps before the hand-over"),
                            yAxis: PlotAxis(flops ? "solver work" : "solver time", unit: flops ? "flops" : "s",
                                            scale: .log10, minorTicks: true))
        let palette = SeriesStyle.palette
        let predicted = decision.trace.filter { $0.predictedSolverCost.isFinite && $0.predictedSolverCost > 0 }
        plot.series.append(LineSeries("predicted at each decision", x: predicted.map { Double($0.step) },
                                      y: predicted.map(\.predictedSolverCost), style: SeriesStyle(color: palette[1])))
        var measured: [(Double, Double)] = []
        for run in result.runs {
            guard let hit = run.toleranceHit, let at = run.kind.switchAt else { continue }
            switch run.kind {
            case .solver, .hybrid: break
            default: continue
            }
            guard let start = run.curves.first(where: { $0.phase == .solver }) else { continue }
            let cost = flops ? Double(hit.flops - start.flops) : hit.seconds - start.seconds
            if cost > 0 { measured.append((Double(at), cost)) }
        }
        measured.sort { $0.0 < $1.0 }
        if !measured.isEmpty {
            plot.series.append(LineSeries("measured (fixed switches)", x: measured.map(\.0), y: measured.map(\.1),
                                          style: SeriesStyle(color: palette[0], drawsLine: false, marker: .circle)))
        }
        if let actual = decision.actualSolverCost, actual > 0 {
            plot.series.append(LineSeries("hybrid@auto measured", x: [Double(decision.step)], y: [actual],
                                          style: SeriesStyle(color: palette[2], drawsLine: false, marker: .star)))
        }
        plot.referenceLines = [ReferenceLine(.vertical, at: Double(decision.step), label: "chosen: \(decision.step)")]
        plot.status = banner(for: auto)
        return Figure(name: "auto-decision.svg",
                      caption: "The automatic switch (\(decision.reason.rawValue), \(decision.clock.rawValue) clock): the solver cost it predicted from the residual alone at each decision, against the solver cost each fixed hybrid measured from its hand-over.",
                      svg: try plot.svg())
    }

    /// The paper's filtering view (Xu et al., Sec. 4): `e_low` (solid) and `e_high` (dashed)
    /// against step for the network and the solver alone, for the first filter width — on one
    /// scale, so the network's low-first and Jacobi's high-first order show side by side.
    func filtered() throws -> Figure? {
        guard let delta = result.filterWidths.first else { return nil }
        var plot = LinePlot(title: "Low- and high-frequency errors (δ = \(delta))", xAxis: PlotAxis("step", scale: .log10),
                            yAxis: PlotAxis("relative error", scale: .log10, minorTicks: true))
        let palette = SeriesStyle.palette
        for run in result.runs where run.kind == .dnn || run.kind == .solver {
            let rows = run.curves.filter { $0.step > 0 && !$0.metrics.filtered.isEmpty }
            guard !rows.isEmpty else { continue }
            let color = run.kind == .dnn ? palette[2] : palette[0]
            let x = rows.map { Double($0.step) }
            plot.series.append(LineSeries("\(run.kind.name) low", x: x, y: rows.map { $0.metrics.filtered[0].low },
                                          style: SeriesStyle(color: color)))
            plot.series.append(LineSeries("\(run.kind.name) high", x: x, y: rows.map { $0.metrics.filtered[0].high },
                                          style: SeriesStyle(color: color, dash: .dashed)))
        }
        guard !plot.series.isEmpty else { return nil }
        plot.referenceLines = [ReferenceLine(.horizontal, at: 0.1, label: "0.1")]
        plot.status = overallBanner
        return Figure(name: "filter.svg",
                      caption: "The relative errors e_low of the low-frequency part (solid) and e_high of the high-frequency rest (dashed) under a Gaussian filter of width δ = \(delta), for the network alone and the solver alone (the paper's Sec. 4): the network fits the low part first, Jacobi the high part.",
                      svg: try plot.svg())
    }

    /// Sine-mode error (log colour) over mode × step for one run.
    func modes(of run: RunHistory) throws -> Figure? {
        let rows = run.modes.filter { $0.record.basis == .sine && $0.record.step > 0 }
        guard !rows.isEmpty else { return nil }
        let modes = Array(Set(rows.map(\.record.mode))).sorted()
        let steps = Array(Set(rows.map(\.record.step))).sorted()
        let column = Dictionary(uniqueKeysWithValues: steps.enumerated().map { ($1, $0) })
        let row = Dictionary(uniqueKeysWithValues: modes.enumerated().map { ($1, $0) })
        var values = [[Double]](repeating: [Double](repeating: .nan, count: steps.count), count: modes.count)
        var largest = 0.0
        for r in rows {
            guard let i = row[r.record.mode], let j = column[r.record.step] else { continue }
            values[i][j] = r.record.absoluteError
            largest = max(largest, r.record.absoluteError)
        }
        let top = largest > 0 ? Foundation.pow(10, (Foundation.log10(largest)).rounded(.up)) : 1
        var map = HeatMap(
            title: "Sine-mode error |a_k(e)|: \(run.kind.name)", values: values, columns: steps.map(Double.init),
            rows: modes.count <= 16 ? .labels(modes.map(String.init)) : .positions(modes.map(Double.init)),
            xAxis: PlotAxis("step", scale: .log10),
            yAxis: PlotAxis("sine mode k", scale: modes.count > 16 ? .log10 : .linear),
            colorScale: ColorScale(.log10, range: (top * 1e-12)...top, label: "|a_k(e)|"))
        map.status = banner(for: run)
        // The interleaved run's corrections, as ticks on the top edge (at most 200 drawn).
        let stride = max(1, run.corrections.count / 200)
        map.columnMarks = run.corrections.enumerated().filter { $0.offset % stride == 0 }.map { Double($0.element) }
        let fileName = "modes-" + run.kind.name.replacingOccurrences(of: "@", with: "-") + ".svg"
        return Figure(name: fileName,
                      caption: "Error in each tracked sine eigenmode of the discrete operator over the steps of \(run.kind.name): Jacobi kills high modes first, the network low modes first." + (run.corrections.isEmpty ? "" : " Ticks on the top edge: the neural corrections."),
                      svg: try map.svg())
    }
}
