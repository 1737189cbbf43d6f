// The poisson-hybrid command-line tool. The `run`, `cases`, `validate` and `compare`
// subcommands land with the driver; until then it reports what the library can show.
import PoissonCore

print("poisson-hybrid: the CLI lands with the hybrid driver; see README.md")
