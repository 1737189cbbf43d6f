// The SVGPlot module: standalone SVG 1.1 figures drawn by the package itself, with no external
// program, font file or network at run time.
//
// Layout:
//   Document/  the XML layer: `SVGElement` trees, escaping, compact number formatting, rich text
//   Scales/    `AxisScale` (linear, log10), nice 1-2-5 ticks, decade ticks (`AxisTicks`)
//   Style/     `RGBColor`, series palette, `DashPattern`, `MarkerShape`, `ColorRamp` (viridis-like)
//   Layout/    shared drawing of axes, legends, status banners and text-width estimates
//   Figures/   `LinePlot` (with optional inset), `HeatMap` (with colour bar)
//
// Every figure is a value: build it, then call `svg()` for a deterministic string (same input,
// byte-identical output). Figures expose structural classes (`axis x`, `axis y`, `legend`,
// `colorbar`, `status`, …) so tests and stylesheets can find their parts.
