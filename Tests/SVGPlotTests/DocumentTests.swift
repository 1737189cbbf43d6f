import Foundation
import Testing
@testable import SVGPlot

@Suite struct DocumentTests {
    @Test func escapesMarkupCharactersInTextAndAttributes() {
        #expect(XMLEscaping.escapeText(#"a<b & c>d "q""#) == #"a&lt;b &amp; c&gt;d "q""#)
        #expect(XMLEscaping.escapeAttribute(#"a<b & "q""#) == "a&lt;b &amp; &quot;q&quot;")
        #expect(XMLEscaping.escapeAttribute("tab\tline\n") == "tab&#9;line&#10;")
        // A control character XML cannot carry at all becomes U+FFFD instead of breaking the file.
        #expect(XMLEscaping.escapeText("bell\u{07}") == "bell\u{FFFD}")
        #expect(XMLEscaping.escapeText("plain Δ 10⁻³") == "plain Δ 10⁻³")
    }

    @Test func labelsWithMarkupCharactersSurviveARoundTrip() throws {
        let nasty = #"<Fig & "1"> 'a'"#
        var plot = LinePlot(title: nasty, xAxis: PlotAxis("x & y", unit: "<m>"), yAxis: PlotAxis(#"say "hi""#))
        plot.series = [LineSeries("a<b>&c", x: [0, 1], y: [0, 1])]
        plot.status = StatusBanner("stopped <early> & \"hard\"")
        plot.referenceLines = [ReferenceLine(.vertical, at: 0.5, label: "<switch>")]
        let svg = try plot.svg()
        #expect(!svg.contains("<Fig"), "raw markup leaked into the output")
        let root = try parseSVG(svg)
        #expect(root.children.first?.allText == nasty)
        #expect(root.all(class: "title").first?.allText == nasty)
        #expect(root.all(class: "axis x").first?.all(class: "axis-label").first?.allText == "x & y (<m>)")
        #expect(root.all(class: "axis y").first?.all(class: "axis-label").first?.allText == #"say "hi""#)
        #expect(root.all(class: "legend").first?.allText.contains("a<b>&c") == true)
        #expect(root.all(class: "status").first?.allText.contains("stopped <early> & \"hard\"") == true)
        #expect(root.all(class: "reference-lines").first?.allText == "<switch>")
    }

    @Test func numbersAreCompactAndLocaleFree() {
        #expect(SVGNumber.format(12.5) == "12.5")
        #expect(SVGNumber.format(3.0) == "3")
        #expect(SVGNumber.format(-0.001) == "0")
        #expect(SVGNumber.format(1.0 / 3.0) == "0.33")
        #expect(SVGNumber.format(-2.25) == "-2.25")
        #expect(SVGNumber.format(0.07) == "0.07")
        #expect(SVGNumber.format(1234567.891) == "1234567.89")
        #expect(SVGNumber.format(0.1234, fractionDigits: 3) == "0.123")
        #expect(SVGNumber.format(.nan) == "0")
        #expect(SVGNumber.list([1, 2.5, -3]) == "1 2.5 -3")
    }

    @Test func superscriptsAreTspansThatReturnToTheBaseline() throws {
        let text = RichText([.plain("10"), .superscript("−3"), .plain(" s")])
        #expect(text.description == "10^(−3) s")
        let element = SVGElement("text", children: text.nodes(fontSize: 10))
        #expect(element.rendered() == #"<text>10<tspan dy="-4" font-size="7">−3</tspan><tspan dy="4"> s</tspan></text>"#)
        _ = try parseSVG(element.rendered())
    }

    @Test func elementsWriteAttributesInOrderAndSelfCloseWhenEmpty() {
        var group = SVGElement("g", ["class": "a", "opacity": 0.5])
        group.append(SVGElement("rect", ["x": 1, "y": 2.25]))
        group.setAttribute("class", "b")
        #expect(group.rendered() == "<g class=\"b\" opacity=\"0.5\">\n<rect x=\"1\" y=\"2.25\"/>\n</g>")
    }

    /// Same input, byte-identical output — for every figure kind, and for equal values built
    /// separately (no hidden state such as dictionary order or counters).
    @Test func renderingIsDeterministic() throws {
        let first = try Gallery.all(), second = try Gallery.all()
        #expect(first.map(\.svg) == second.map(\.svg))
        let a = try Gallery.hybrid().svg()
        var copy = Gallery.hybrid()
        copy.series = copy.series.map { $0 }
        #expect(try copy.svg() == a)
        #expect(try copy.svg().data(using: .utf8) == a.data(using: .utf8))
    }
}
