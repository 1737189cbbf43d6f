// The SVGPlot module: standalone SVG figures (see README.md, Layout).
