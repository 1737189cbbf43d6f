# poisson-hybrid — the two commands a fresh machine needs:
#   make run    build (release) and run the default case into Output/default/
#   make test   the whole test suite
# Both install the Debian packages they build against (libfftw3-dev, libopenblas-dev,
# pkg-config) when missing.

SWIFT   ?= swift
CASE    ?=
ARGS    ?=
RELEASE := .build/release/poisson-hybrid

.PHONY: all deps build run test bench bench-peers check-report crossover clean

all: build

deps:
	@bash scripts/install-deps

build: deps
	$(SWIFT) build -c release --product poisson-hybrid

run: build
	$(RELEASE) run $(CASE) $(ARGS)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Benchmarks live in their own package (Benchmarks/) so that library users and `make test`
# never build package-benchmark. BENCH_ARGS filters, e.g. BENCH_ARGS="--target SolverBenchmarks".
bench: deps
	cd Benchmarks && $(SWIFT) package --disable-sandbox benchmark $(BENCH_ARGS)

# The NeuralBenchmarks Ritz steps beside a JAX peer (same shapes, loss and optimizer, float64 and
# float32), with ratios. Sets up Benchmarks/.venv with JAX from PyPI on first use.
bench-peers: deps
	python3 Benchmarks/Peers/bench_peers.py

# Render Output/default/report.html to a PNG with headless Chromium (installed when missing).
check-report:
	bash scripts/check-report

# The crossover study: Cases/crossover.yaml on grids of 1001 … 16385 points (tens of minutes).
crossover:
	bash scripts/crossover

clean:
	rm -rf .build Benchmarks/.build
