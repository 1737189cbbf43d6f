# poisson-hybrid — the two commands a fresh machine needs:
#   make run    build (release) and run the default case into Output/default/
#   make test   the whole test suite
# Both install the Debian packages they build against (libfftw3-dev, libopenblas-dev,
# pkg-config) when missing.

SWIFT   ?= swift
CASE    ?=
ARGS    ?=
RELEASE := .build/release/poisson-hybrid

.PHONY: all deps build run test bench clean

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

clean:
	rm -rf .build Benchmarks/.build
