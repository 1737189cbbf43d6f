import Foundation
import Hybrid

/// `report.html`: one self-contained page — plain HTML with inline CSS and inline SVG, no
/// JavaScript and nothing fetched, so it opens from a `file://` URL offline.
///
/// Sections: the run's facts (status, version, seed, threads, BLAS kernels, wall time), the
/// summary table (cost to tolerance per run, the cheapest run in flops and in seconds
/// highlighted, extrapolated figures marked), a plain-words verdict, the figures, and the resolved
/// case as YAML.
public struct HTMLReport: Sendable {
    public var title: String
    public var description: String
    public var manifest: Manifest
    public var result: HybridResult
    /// Figures in display order: (file name, caption, SVG text).
    public var figures: [(name: String, caption: String, svg: String)]
    /// The result's tolerance on `max_error`.
    var tolerance: Double { result.tolerance }

    public init(title: String, description: String, manifest: Manifest, result: HybridResult,
                figures: [(name: String, caption: String, svg: String)]) {
        self.title = title; self.description = description; self.manifest = manifest; self.result = result
        self.figures = figures
    }

    /// The page as UTF-8 text.
    public func html() -> String {
        var page = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) — poisson-hybrid</title>
        <style>
        \(ReportPage.css)
        </style></head><body>
        <h1>\(escape(title))</h1>
        <p>\(escape(description))</p>
        <p><span class="status \(manifest.status)">\(manifest.status)</span></p>

        """
        page += facts()
        page += summaryTable()
        page += "<h2>Figures</h2>\n"
        for figure in figures {
            page += "<figure id=\"\(escape(figure.name))\">\n\(ReportPage.inlineSVG(figure.svg))\n"
            page += "<figcaption>\(escape(figure.caption)) <span class=\"note\">(figures/\(escape(figure.name)))</span></figcaption></figure>\n"
        }
        page += "<h2>Case</h2>\n<pre>\(escape(manifest.resolvedCase))</pre>\n"
        page += "<p class=\"note\">Written by poisson-hybrid \(escape(manifest.version)). Curves: curves.csv; per-mode errors: modes.csv; per-run costs: summary.csv.</p>\n"
        page += "</body></html>\n"
        return page
    }

    private func facts() -> String {
        var rows: [(String, String)] = [
            ("case", manifest.caseName),
            ("status", manifest.status),
            ("version", manifest.version + (manifest.gitCommit.map { " (\($0.prefix(12)))" } ?? "")),
            ("seed", manifest.seed.map(String.init) ?? "—"),
            ("BLAS threads", String(manifest.threads)),
            ("BLAS kernels", manifest.blasCore ?? "—"),
            ("started", manifest.startTime),
            ("wall time", String(format1(manifest.wallSeconds)) + " s"),
            ("tolerance", "max_error ≤ \(tolerance)"),
        ]
        if !manifest.overrides.isEmpty { rows.append(("overrides", manifest.overrides.joined(separator: ", "))) }
        var html = "<h2>Run</h2>\n<dl class=\"facts\">\n"
        for (k, v) in rows { html += "<dt>\(escape(k))</dt><dd>\(escape(v))</dd>\n" }
        return html + "</dl>\n"
    }

    private func summaryTable() -> String {
        let runs = result.runs
        // The cheapest run to tolerance on each clock (measured hits only).
        let bestFlops = runs.filter { $0.toleranceHit != nil }.min { $0.toleranceHit!.flops < $1.toleranceHit!.flops }?.kind
        let bestSeconds = runs.filter { $0.toleranceHit != nil }.min { $0.toleranceHit!.seconds < $1.toleranceHit!.seconds }?.kind
        var html = "<h2>Cost to tolerance</h2>\n<table>\n<tr><th class=\"name\">run</th><th>switch at</th><th>steps to tol</th><th>flops to tol</th><th>seconds to tol</th><th>final max error</th><th class=\"name\">status</th></tr>\n"
        var anyExtrapolated = false
        for run in runs {
            var classes: [String] = []
            if run.kind == bestFlops { classes.append("best-flops") }
            if run.kind == bestSeconds { classes.append("best-seconds") }
            var steps = "—", flops = "—", seconds = "—"
            if let hit = run.toleranceHit {
                steps = String(hit.step); flops = scientific(Double(hit.flops)); seconds = format4(hit.seconds)
            } else if let ex = run.extrapolation?.estimate {
                anyExtrapolated = true
                steps = "≈\(ex.step)*"; flops = "≈" + scientific(Double(ex.flops)) + "*"; seconds = "≈" + format4(ex.seconds) + "*"
            }
            var status = run.status.word
            if case .diverged(let step, _) = run.status { status += " at step \(step)" }
            html += "<tr class=\"\(classes.joined(separator: " "))\"><td class=\"name\">\(escape(run.kind.name))</td>"
            html += "<td>\(run.kind.switchAt.map(String.init) ?? "—")</td><td>\(steps)</td><td class=\"flops\">\(flops)</td>"
            html += "<td class=\"seconds\">\(seconds)</td><td>\(scientific(run.finalMaxError))</td><td class=\"name\">\(escape(status))</td></tr>\n"
        }
        html += "</table>\n"
        if anyExtrapolated {
            html += "<p class=\"note\">* extrapolated from the measured asymptotic rate: the run stopped at max_sweeps before reaching the tolerance.</p>\n"
        }
        html += "<p>\(escape(verdict(bestFlops: bestFlops, bestSeconds: bestSeconds)))</p>\n"
        return html
    }

    /// The plain-words statement of what the summary table shows.
    public func verdict(bestFlops: RunKind?, bestSeconds: RunKind?) -> String {
        guard let bestFlops, let bestSeconds else {
            return "No run reached the tolerance max_error ≤ \(tolerance)."
        }
        func describe(_ kind: RunKind) -> String {
            switch kind {
            case .dnn: return "the network alone"
            case .solver: return "the classical solver alone"
            case .hybrid(let n): return "the hybrid switching after \(n) training steps"
            case .auto(let n): return "the automatic switch (after \(n.map(String.init) ?? "?") training steps)"
            case .interleaved: return "the solver with interleaved neural corrections"
            }
        }
        let hybridWins = { (k: RunKind) -> Bool in
            switch k {
            case .hybrid, .auto, .interleaved: return true
            case .dnn, .solver: return false
            }
        }
        var text = "Fewest flops to tolerance: \(describe(bestFlops)). Least wall time to tolerance: \(describe(bestSeconds))."
        if !hybridWins(bestFlops) && !hybridWins(bestSeconds) && result.runs.contains(where: { hybridWins($0.kind) }) {
            text += " No switch point beat the best single method on either clock for this case."
        }
        return text
    }
}



private func scientific(_ v: Double) -> String {
    guard v.isFinite else { return "—" }
    return String(format: "%.3e", v)
}
private func format4(_ v: Double) -> String { String(format: "%.4f", v) }
private func format1(_ v: Double) -> String { String(format: "%.1f", v) }
