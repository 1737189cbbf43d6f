import Foundation
import Testing
@testable import SVGPlot

@Suite struct GalleryTests {
    /// Every figure kind parses as XML and carries a title, both axes and a legend or colour bar.
    /// With `SVGPLOT_GALLERY=<dir>` the figures are also written there for viewing.
    @Test func everyFigureParsesAndHasItsParts() throws {
        let figures = try Gallery.all()
        let folder = ProcessInfo.processInfo.environment["SVGPLOT_GALLERY"].map { URL(fileURLWithPath: $0) }
        if let folder { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        for (name, svg) in figures {
            if let folder { try svg.write(to: folder.appendingPathComponent(name + ".svg"), atomically: true, encoding: .utf8) }
            let root = try parseSVG(svg)
            #expect(root.name == "svg", "\(name)")
            #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg", "\(name)")
            #expect(root.attributes["version"] == "1.1", "\(name)")
            #expect(root.children.first?.name == "title", "\(name): <title> must be the first child")
            #expect(root.children.first?.allText.isEmpty == false, "\(name)")
            #expect(root.all(class: "title").count == 1, "\(name): visible title")
            #expect(root.all(class: "axis x").count >= 1, "\(name)")
            #expect(root.all(class: "axis y").count >= 1, "\(name)")
            #expect(root.all(class: "legend").count + root.all(class: "colorbar").count == 1, "\(name)")
        }
    }
}
