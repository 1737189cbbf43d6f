# poisson-hybrid — the two commands a fresh machine needs:
#   make run    build (release) and run the default case into Output/default/
#   make test   the whole test suite
# Both install the Debian packages they build against (libfftw3-dev, libopenblas-dev,
# pkg-config) when missing.

SWIFT   ?= swift
CASE    ?=
ARGS    ?=
RELEASE := .build/release/poisson-hybrid

.PHONY: all deps build run test bench bench-peers check-report check-library docs crossover auto-study clean

all: build

deps:
	@bash scripts/install-deps

build: deps
	$(SWIFT) build -c release --product poisson-hybrid

run: build
	$(RELEASE) run $(CASE) $(ARGS)

# The SLURM path runs on a real single-node cluster started by scripts/test-slurm (installed
# from Debian when missing; skipped with a message when not root).
test: deps
	bash scripts/check-dependencies
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	bash scripts/test-slurm

# Benchmarks live in their own package (Benchmarks/) so that library users and `make test`
# never build package-benchmark. BENCH_ARGS filters, e.g. BENCH_ARGS="--target SolverBenchmarks".
bench: deps
	cd Benchmarks && $(SWIFT) package --disable-sandbox benchmark $(BENCH_ARGS)

# The README's library example, built and run from a throwaway package that does `import PoissonHybrid`.
check-library: deps
	bash scripts/check-library

# DocC documentation of every library module, one static site in .build/docs (open index.html
# through a local web server, e.g. `python3 -m http.server -d .build/docs`). Fails on any warning.
DOC_TARGETS := PoissonHybrid PoissonCore ClassicalSolvers Spectral NeuralRitz Hybrid CaseFiles CaseBinding SVGPlot Reports Sweeps
docs: deps
	$(SWIFT) package --disable-sandbox generate-documentation $(addprefix --target ,$(DOC_TARGETS)) \
		--enable-experimental-combined-documentation --transform-for-static-hosting --output-path .build/docs \
		> .build/docs.log 2>&1 || { cat .build/docs.log; exit 1; }
	@grep -E "warning:|Generated" -A3 .build/docs.log
	@! grep -q "warning:" .build/docs.log || { echo "make docs: documentation warnings (see above)"; exit 1; }

# The NeuralBenchmarks Ritz steps beside a JAX peer (same shapes, loss and optimizer, float64 and
# float32), with ratios. Sets up Benchmarks/.venv with JAX from PyPI on first use.
bench-peers: deps
	python3 Benchmarks/Peers/bench_peers.py

# Render Output/default/report.html to a PNG with headless Chromium (installed when missing).
check-report:
	bash scripts/check-report

# The crossover study: Sweeps/crossover.yaml (Cases/crossover.yaml on grids of 1001 … 16385
# points, tens of minutes; with hybrid@auto), multigrid alone for reference and the interleaved run
# (Sweeps/crossover-interleaved.yaml); reports in Output/crossover*/.
# SWEEP=crossover-seeds for the three-seed version.
SWEEP ?= crossover
crossover: build
	$(RELEASE) sweep run $(SWEEP) $(ARGS)
	$(RELEASE) sweep run crossover-multigrid $(ARGS)
	$(RELEASE) sweep run crossover-interleaved $(ARGS)

# hybrid@auto against the best switch in hindsight (scripts/auto-study; POINTS, CLOCKS select the
# grids and clocks, default 1001 … 16385 and both; hours at 16385): Output/auto-study/table.txt.
auto-study: build
	bash scripts/auto-study

clean:
	rm -rf .build Benchmarks/.build
