"""`make bench-peers`: the Swift NeuralBenchmarks Ritz steps beside the JAX peer, with ratios.

1. Sets up Benchmarks/.venv with JAX from PyPI when it is missing (`pip install jax[cpu]`).
2. In each of `--rounds` rounds (default 3, or BENCH_PEERS_ROUNDS): runs `swift package
   benchmark --target NeuralBenchmarks` on the four compared steps (both shapes, float64 and
   float32, 2 threads, the chunked default) and reads their p50 throughput (steps/s) from its
   text tables; then runs Peers/jax_ritz.py (the same four, median of 5 timed blocks).
3. Prints, per round and per shape and precision, Swift, JAX and the ratio, then the median
   ratio over the rounds. Alternating the two in rounds keeps a drift of the machine's speed
   over the minutes of a run (seen here: ±10 %) out of the ratios.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BENCHMARKS = os.path.dirname(HERE)
VENV = os.path.join(BENCHMARKS, ".venv")
PYTHON = os.path.join(VENV, "bin", "python")


def ensure_venv():
    if os.path.exists(PYTHON):
        probe = subprocess.run([PYTHON, "-c", "import jax"], capture_output=True)
        if probe.returncode == 0:
            return
    subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "jax[cpu]"], check=True)


def swift_rates():
    """{benchmark name: p50 steps/s} from package-benchmark's text output."""
    output = subprocess.run(["swift", "package", "--disable-sandbox", "benchmark", "--target", "NeuralBenchmarks",
                             "--filter", r"Ritz step .* 2 threads(, float32)?$"], cwd=BENCHMARKS, capture_output=True, text=True, check=True).stdout
    output = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", output)
    # package-benchmark prints integers; below ~20 steps/s the wall-clock milliseconds are the
    # finer figure, so steps/s = 1000 / (p50 ms) there, else the p50 throughput.
    rates, name, throughput = {}, None, {}
    for line in output.splitlines():
        if line.startswith("Ritz step"):
            name = line.strip()
            continue
        cells = [c.strip() for c in line.strip().strip("│").split("│")]
        if not name or len(cells) < 4:
            continue
        if cells[0].startswith("Throughput"):
            throughput[name] = float(cells[3])     # metric, p0, p25, p50, … (best to worst)
        elif cells[0].startswith("Time (wall clock)"):
            rates[name] = 1000.0 / float(cells[3])
    for key, value in throughput.items():
        if value >= 20 or key not in rates:
            rates[key] = value
    return rates, output


def jax_rates():
    """[{widths, precision, steps_per_second, …}] from one run of the JAX peer."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        path = f.name
    subprocess.run([PYTHON, os.path.join(HERE, "jax_ritz.py"), "--repeats", "5", "--json", path], check=True)
    with open(path) as f:
        peers = json.load(f)
    os.unlink(path)
    return peers


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_PEERS_ROUNDS", "3")),
                        help="rounds of Swift then JAX; the median ratio over them is reported")
    args = parser.parse_args()
    ensure_venv()
    ratios = {}
    for round_index in range(1, args.rounds + 1):
        rates, _ = swift_rates()
        peers = jax_rates()
        print(f"\nround {round_index}: shape        precision  Swift 2 threads (steps/s)  JAX (steps/s)  Swift/JAX")
        for peer in peers:
            widths = peer["widths"]
            suffix = ", float32" if peer["precision"] == "float32" else ""
            key = f"Ritz step {widths} 1001 points, 2 threads{suffix}".replace("'", "")
            ours = rates.get(key)
            shape = "1-" + "-".join(map(str, widths)) + "-1"
            if ours:
                ratios.setdefault((shape, peer["precision"]), []).append(ours / peer["steps_per_second"])
            ratio = f"{ours / peer['steps_per_second']:.2f}" if ours else "—"
            shown = f"{ours:.2f}" if ours is not None else "—"
            print(f"         {shape:18} {peer['precision']:9}  {shown:>25}  "
                  f"{peer['steps_per_second']:13.2f}  {ratio:>9}", flush=True)
    print(f"\nmedian over {args.rounds} round(s): shape  precision  Swift/JAX (each round)")
    for (shape, precision), values in ratios.items():
        rounds = ", ".join(f"{v:.2f}" for v in values)
        print(f"  {shape:18} {precision:9}  {statistics.median(values):.2f}  ({rounds})")
    print("(Swift: p50 of package-benchmark's iterations, default chunked training; JAX: median of 5 timed "
          "blocks; each round runs Swift, then JAX)")


if __name__ == "__main__":
    main()
