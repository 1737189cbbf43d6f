/// What every HTML page of the package shares (`report.html`, `sweep-report.html`): the inline
/// style sheet, HTML escaping and inlining an SVG figure — so the pages look alike and stay
/// self-contained (no JavaScript, nothing fetched; they open offline from a `file://` URL).
public enum ReportPage {
    /// The inline CSS of every page.
    public static let css = """
        body { font-family: -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; line-height: 1.45; }
        h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; margin-top: 2rem; }
        .status { display: inline-block; padding: 0.1rem 0.6rem; border-radius: 0.3rem; font-weight: bold; }
        .status.complete { background: #e3f4e1; color: #1d5e1a; } .status.diverged { background: #fde2e1; color: #8a1c17; }
        .status.interrupted { background: #fff1d6; color: #7a4b00; }
        table { border-collapse: collapse; margin: 0.8rem 0; font-variant-numeric: tabular-nums; }
        th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: right; } th { background: #f3f3f3; }
        td.name, th.name { text-align: left; } tr.best-flops td.flops, tr.best-seconds td.seconds { background: #e3f4e1; font-weight: bold; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; } dl.facts dt { font-weight: bold; } dl.facts dd { margin: 0; }
        figure { margin: 1.5rem 0; } figure svg { max-width: 100%; height: auto; } figcaption { color: #555; font-size: 0.92rem; }
        pre { background: #f7f7f7; padding: 0.8rem; overflow-x: auto; font-size: 0.85rem; }
        .note { color: #555; font-size: 0.9rem; }
        """

    /// `s` with `&`, `<`, `>` and `"` escaped for HTML text and attribute values.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    /// An SVG document ready to inline in HTML: its XML declaration removed.
    public static func inlineSVG(_ svg: String) -> String {
        guard svg.hasPrefix("<?xml"), let end = svg.range(of: "?>") else { return svg }
        return String(svg[end.upperBound...])
    }
}

/// `ReportPage.escape`, for this module's pages.
func escape(_ s: String) -> String { ReportPage.escape(s) }
