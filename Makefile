# poisson-hybrid — the two commands a fresh machine needs:
#   make run    build (release) and run the default case into Output/default/
#   make test   the whole test suite
# Both install the Debian packages they build against (libfftw3-dev, libopenblas-dev,
# pkg-config) when missing.

SWIFT   ?= swift
CASE    ?=
ARGS    ?=
RELEASE := .build/release/poisson-hybrid

.PHONY: all deps build run test bench check-report crossover clean

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
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	bash scripts/test-slurm

# Benchmarks live in their own package (Benchmarks/) so that library users and `make test`
# never build package-benchmark. BENCH_ARGS filters, e.g. BENCH_ARGS="--target SolverBenchmarks".
bench: deps
	cd Benchmarks && $(SWIFT) package --disable-sandbox benchmark $(BENCH_ARGS)

# Render Output/default/report.html to a PNG with headless Chromium (installed when missing).
check-report:
	bash scripts/check-report

# The crossover study: Sweeps/crossover.yaml (Cases/crossover.yaml on grids of 1001 … 16385
# points, tens of minutes) and multigrid alone for reference; reports in Output/crossover*/.
# SWEEP=crossover-seeds for the three-seed version.
SWEEP ?= crossover
crossover: build
	$(RELEASE) sweep run $(SWEEP) $(ARGS)
	$(RELEASE) sweep run crossover-multigrid $(ARGS)

clean:
	rm -rf .build Benchmarks/.build
