// PoissonHybrid: one import for the whole library. Each concept keeps its own module (see
// README.md, "Layout"); this module only re-exports them, so `import PoissonHybrid` gives the
// problem and grid (PoissonCore), the classical solvers, the spectral trackers, the neural Ritz
// trainer, the hybrid driver, the case files and their binding to the driver, the SVG plots, the
// reports and the parameter sweeps.

@_exported import PoissonCore
@_exported import ClassicalSolvers
@_exported import Spectral
@_exported import NeuralRitz
@_exported import Hybrid
@_exported import CaseFiles
@_exported import CaseBinding
@_exported import SVGPlot
@_exported import Reports
@_exported import Sweeps
