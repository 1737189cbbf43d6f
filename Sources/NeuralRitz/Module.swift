// The NeuralRitz module: see README.md (Layout) and DESIGN.md for what it holds.
