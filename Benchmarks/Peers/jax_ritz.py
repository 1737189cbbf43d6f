"""JAX peer of NeuralBenchmarks: Deep Ritz + Adam training steps of the same shapes.

Trains 1-200-200-100-1 and 1-4000-500-400-1 tanh networks on 1001 uniform points of [-1, 1]
with the Deep Ritz energy of poisson-hybrid (`TrainingLoss.ritz`, interior quadrature):

    I(h) = sum_{i=1}^{m-2} dx (1/2 h'(x_i)^2 - g(x_i) h(x_i)) + beta (h(a) - ua)^2 + beta (h(b) - ub)^2

with g(x) = sin x + 4 sin 4x - 8 sin 8x + 16 sin 24x, beta = 1000, ua = ub = 0, and Adam
(lr 1e-4, beta1 0.9, beta2 0.999, eps 1e-8), full batch, one jit-compiled step, in float64 and
float32. h' is the exact input derivative (jax.jvp), as the Swift trainer's tangent pass.
Initialisation: weights and biases N(0, 0.1^2) (JAX's own generator, so not the same numbers).

Prints one line per (shape, precision): median steps/s over --repeats timed blocks, and the
same as JSON at the end (for scripts/bench-peers). CPU only; threads as XLA decides unless
XLA_FLAGS / taskset say otherwise (the script reports os.sched_getaffinity).
"""
import argparse
import json
import os
import statistics
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20, help="steps per timed block (small network x10)")
    parser.add_argument("--repeats", type=int, default=3, help="timed blocks; the median is reported")
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()

    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    import jax
    import jax.numpy as jnp

    results = []
    for precision in ("float64", "float32"):
        jax.config.update("jax_enable_x64", precision == "float64")
        dtype = jnp.float64 if precision == "float64" else jnp.float32
        for widths in ([200, 200, 100], [4000, 500, 400]):
            rate = measure(jax, jnp, dtype, widths, args)
            record = {"widths": widths, "precision": precision, "steps_per_second": rate,
                      "jax": jax.__version__, "cpus": len(os.sched_getaffinity(0))}
            results.append(record)
            print(f"JAX {jax.__version__} {precision} 1-{'-'.join(map(str, widths))}-1 "
                  f"1001 points: {rate:.2f} steps/s ({record['cpus']} CPUs)", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


def measure(jax, jnp, dtype, widths, args):
    m, beta, lr, b1, b2, eps = 1001, 1000.0, 1e-4, 0.9, 0.999, 1e-8
    x = jnp.linspace(-1.0, 1.0, m, dtype=dtype)
    dx = 2.0 / (m - 1)
    g = jnp.sin(x) + 4 * jnp.sin(4 * x) - 8 * jnp.sin(8 * x) + 16 * jnp.sin(24 * x)
    weights = jnp.full((m,), dx, dtype=dtype).at[0].set(0).at[-1].set(0)

    sizes = [1] + widths + [1]
    key = jax.random.PRNGKey(1)
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        key, kw, kb = jax.random.split(key, 3)
        params.append((0.1 * jax.random.normal(kw, (fan_in, fan_out), dtype),
                       0.1 * jax.random.normal(kb, (fan_out,), dtype)))

    def network(params, points):            # points: (m, 1) -> (m,)
        a = points
        for w, b in params[:-1]:
            a = jnp.tanh(a @ w + b)
        w, b = params[-1]
        return (a @ w + b)[:, 0]

    def loss(params):
        points = x[:, None]
        h, dh = jax.jvp(lambda p: network(params, p), (points,), (jnp.ones_like(points),))
        interior = jnp.sum(weights * (0.5 * dh * dh - g * h))
        return interior + beta * h[0] ** 2 + beta * h[-1] ** 2

    @jax.jit
    def step(params, m1, m2, t):
        value, grads = jax.value_and_grad(loss)(params)
        t = t + 1
        m1 = jax.tree_util.tree_map(lambda m, g: b1 * m + (1 - b1) * g, m1, grads)
        m2 = jax.tree_util.tree_map(lambda v, g: b2 * v + (1 - b2) * g * g, m2, grads)
        scale = lr * jnp.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        eps_hat = eps * jnp.sqrt(1 - b2 ** t)
        params = jax.tree_util.tree_map(lambda p, m, v: p - scale * m / (jnp.sqrt(v) + eps_hat), params, m1, m2)
        return params, m1, m2, t, value

    zeros = jax.tree_util.tree_map(jnp.zeros_like, params)
    state = (params, zeros, zeros, jnp.asarray(0, dtype))
    out = step(*state)                          # compile and warm up
    jax.block_until_ready(out)
    state = out[:4]
    steps = args.steps * (10 if widths[0] < 1000 else 1)
    rates = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        for _ in range(steps):
            out = step(*state)
            state = out[:4]
        jax.block_until_ready(out)
        rates.append(steps / (time.perf_counter() - start))
    return statistics.median(rates)


if __name__ == "__main__":
    main()
