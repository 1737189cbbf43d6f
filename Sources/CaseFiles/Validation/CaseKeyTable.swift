import Foundation

/// The case schema, declared once (DESIGN.md, "Case file"). Every key of a case file is one
/// `CaseKey` in `CaseKeyTable.root`, in schema order; from this table follow
/// - the unknown-key check and its did-you-mean suggestions (`CaseDecoder.checkKeys`, `--set`
///   paths through `CaseLoader.keyPathProblem`, messages from `CaseSchema`);
/// - the defaults and ranges the decoder applies: `SectionReader.integer(_:)`, `double(_:)`,
///   `keyword(_:)`, `seed(_:)`, `text(_:)`, `expression(_:)`, `integers(_:)`, `doubles(_:)`
///   look the key up here, and a value out of range fails with the range's own message
///   ("must be in (0, 2), got 3", naming the file, key path and line);
/// - the resolved case (`CaseDefinition.resolvedTree`): keys in table order, each from its
///   entry's `resolve` (`nil` leaves the key out); a section is written when any of its keys is;
/// - the commented YAML block of `Cases/README.md` ("Every key, with its default"), generated
///   by `yamlReference` and checked by `CaseKeyTableTests`.
/// Checks between keys (switch_at ≤ training.steps, omega without weighted Jacobi, …) stay as
/// code in `CaseDecoder`.
///
/// ## Adding a key
/// 1. Add one entry below, where it should stand in the resolved case and the README:
///    `.integer`, `.number`, `.keyword(name, SomeKind.default, …)`, `.list`, `.text`, … with its
///    default (`.value(…)`, `.required(what)`, `.absent(sentence)` or `.computed(rule)`), its
///    `range` (per item for lists), a `doc` for the README comment (`{range}` and `{allowed}`
///    are filled in), an `example` when the default is not a value, and `resolve`, which reads
///    the key back out of a `CaseDefinition` (`nil` = not written). A new section is
///    `.section(name, default, doc:, [keys])`; a new top-level one is also listed in `root`.
/// 2. If the key has a model field, add the field and one decode line in `CaseDecoder`
///    (`let x = try s.integer("x")` takes the default and the range from the entry; a computed
///    default is passed in, as `s.double("omega", default: …)`).
/// 3. Re-record the README block: `POISSON_HYBRID_RECORD_DOCS=1 swift test --filter CaseKeyTableTests`
///    (it rewrites the block and fails once; run again).
enum CaseKeyTable {
    /// The top-level keys, in schema order.
    static let root: [CaseKey] = [
        .text("name", .required("the case name, also the output folder name"),
              doc: "Output folder name: ASCII letters, digits, - _ . ; not . or ..", example: "my-case",
              resolve: { .text($0.name) }),
        .text("description", .value(.text("")), doc: "free text shown by `poisson-hybrid cases`",
              resolve: { .text($0.description) }),
        problem,
        grid,
        network,
        training,
        solver,
        hybrid,
        tracking,
    ]

    /// `problem`.
    static let problem: CaseKey =
        .section("problem", .required("the equation: domain, source, optional exact and boundary"), [
            .list("domain", of: "two numbers [a, b]", .required("the interval [a, b]"), doc: "[a, b], finite, a < b",
                  example: "[-1, 1]", resolve: { .list([.number($0.problem.lower), .number($0.problem.upper)]) }),
            .expression("source", .required("the right-hand side g(x) of −u'' = g"),
                        doc: "g(x): numbers, x, pi, e, + - * / ^, ( ), sin cos tan exp log sqrt abs sinh cosh tanh",
                        example: "\"sin(x)\"", resolve: { .text($0.problem.source) }),
            .expression("exact", .absent("none"), doc: "Closed-form u; must match the boundary values",
                        example: "\"sin(x) - x*sin(1)\"", resolve: { $0.problem.exact.map(ResolvedValue.text) }),
            .list("boundary", of: "two numbers [ua, ub]", .value(.list([.number(0), .number(0)])), doc: "[u(a), u(b)]",
                  resolve: { .list([.number($0.problem.lowerValue), .number($0.problem.upperValue)]) }),
        ])

    /// `grid`.
    static let grid: CaseKey =
        .section("grid", .required("the solver grid: points"), [
            .integer("points", .required("grid points including both ends"),
                     range: .init(atLeast: 3, why: "both boundary points and at least one unknown"),
                     doc: "n {range}, both boundary points included (N = n − 2 unknowns)", example: "1001",
                     resolve: { .integer($0.grid.points) }),
        ])

    /// `network`.
    static let network: CaseKey =
        .section("network", .absent("no network"), doc: "Comes with `training` (each needs the other)", [
            .list("widths", of: "layer widths", .value(.integers([200, 200, 100])), range: .init(atLeast: 1),
                  doc: "hidden layer widths, each {range}", resolve: { $0.network.map { ResolvedValue.integers($0.widths) } }),
            .keyword("activation", ActivationKind.tanh, doc: "{allowed}",
                     resolve: { $0.network.map { ResolvedValue.word($0.activation.rawValue) } }),
            .section("init", doc: "Gaussian initial weights and biases", [
                // 0.1: small enough that a 200-wide tanh layer is not saturated at start
                // (pre-activations of order √200·0.1 ≈ 1.4), large enough to break symmetry.
                .number("weight_std", .value(.number(0.1)),
                        range: .init(above: 0, why: "zero weights leave every hidden unit identical"),
                        doc: "standard deviation of the weights, {range}", resolve: { $0.network.map { ResolvedValue.number($0.weightStd) } }),
                .number("bias_std", .value(.number(0.1)), range: .init(atLeast: 0),
                        doc: "standard deviation of the biases, {range}", resolve: { $0.network.map { ResolvedValue.number($0.biasStd) } }),
            ]),
            .seed("seed", .value(.unsigned(1)), doc: "0 … 2^64 − 1", resolve: { $0.network.map { ResolvedValue.unsigned($0.seed) } }),
            // float64 by default, so results compare bit for bit with earlier versions.
            .keyword("precision", PrecisionKind.float64,
                     doc: "{allowed} (parameters, Adam moments, activations, SGEMM; losses summed in double)",
                     resolve: { $0.network.map { ResolvedValue.word($0.precision.rawValue) } }),
            .keyword("architecture", ArchitectureKind.mlp, doc: "mlp | mscale (MscaleDNN) | fourier (Fourier features)",
                     resolve: { $0.network.map { ResolvedValue.word($0.architecture.rawValue) } }),
            // MscaleDNN's powers of two (Liu, Cai & Xu 2020).
            .list("scales", of: "positive numbers", .value(.list([1, 2, 4, 8, 16, 32].map(ResolvedValue.number))),
                  range: .init(above: 0),
                  doc: "with architecture mscale only. The first hidden layer split into equal groups,\n"
                     + "group i sees a_i·x (fixed, not trained); each a_i {range}, at most widths[0] of them",
                  resolve: { $0.network?.scales.map { ResolvedValue.list($0.map(ResolvedValue.number)) } })
                .only(when: "architecture", is: "mscale"),
            .section("features", doc: "with architecture fourier only. γ(x) = [cos 2πBx, sin 2πBx], B ~ N(0, scale²),\n"
                     + "drawn from their own seeded generator and fixed (manifest.json records them,\n"
                     + "fourier_frequencies); the first dense layer sees 2·count inputs", [
                .integer("count", .value(.integer(64)), range: .init(atLeast: 1, why: "the number of Fourier frequencies"),
                         doc: "frequencies, {range}", resolve: { $0.network?.features.map { ResolvedValue.integer($0.count) } }),
                // A common choice in Tancik et al. 2020's 1-d experiments.
                .number("scale", .value(.number(10)), range: .init(above: 0, why: "the standard deviation of the frequencies"),
                        doc: "standard deviation of B in cycles per unit of x, {range}",
                        resolve: { $0.network?.features.map { ResolvedValue.number($0.scale) } }),
                .seed("seed", .value(.unsigned(1)), doc: "the frequencies' own seed, 0 … 2^64 − 1",
                      resolve: { $0.network?.features.map { ResolvedValue.unsigned($0.seed) } }),
            ]).only(when: "architecture", is: "fourier"),
        ])

    /// `training`.
    static let training: CaseKey =
        .section("training", .absent("none"), doc: "Comes with `network`; `training: {}` takes all defaults", [
            .integer("points", .absent("the grid"),
                     range: .init(atLeast: 3, why: "both ends and at least one interior point"),
                     doc: "The network's own uniform sample of [a, b], {range}", example: "1001",
                     resolve: { d in d.training.map { ResolvedValue.integer($0.points ?? d.grid.points) } }),
            .keyword("loss", LossKind.ritz, doc: "ritz (Deep Ritz energy) | fit (least squares to the reference)\n"
                     + "| pinn (mean of (h'' + g)² over the sample + β boundary terms; needs a\n"
                     + "smooth activation: tanh, sigmoid or sin — relu, srelu, s2relu are refused)",
                     resolve: { $0.training.map { ResolvedValue.word($0.loss.rawValue) } }),
            // β = 1000, the DESIGN example; E & Yu used 500 for their 2-d problem.
            .number("penalty", .value(.number(1000)), range: .init(above: 0, why: "the boundary penalty β"),
                    doc: "boundary penalty β {range}; ritz only (refused with fit)",
                    resolve: { $0.training.flatMap { $0.loss == .fit ? nil : ResolvedValue.number($0.penalty) } }),
            .section("optimizer", [
                .keyword("name", OptimizerKind.adam, doc: "{allowed}",
                         resolve: { $0.training.map { ResolvedValue.word($0.optimizer.rawValue) } }),
                // Cautious for wide networks; small cases use 1e-3.
                .number("learning_rate", .value(.number(1e-4)), range: .init(above: 0), doc: "{range}",
                        resolve: { $0.training.map { ResolvedValue.number($0.learningRate) } }),
                // Kingma & Ba's recommended constants.
                .number("beta1", .value(.number(0.9)), range: .init(atLeast: 0, below: 1), doc: "{range}, Adam only",
                        resolve: { $0.training.flatMap { $0.optimizer == .adam ? ResolvedValue.number($0.beta1) : nil } }),
                .number("beta2", .value(.number(0.999)), range: .init(atLeast: 0, below: 1), doc: "{range}, Adam only",
                        resolve: { $0.training.flatMap { $0.optimizer == .adam ? ResolvedValue.number($0.beta2) : nil } }),
                .number("epsilon", .value(.number(1e-8)), range: .init(above: 0), doc: "{range}, Adam only",
                        resolve: { $0.training.flatMap { $0.optimizer == .adam ? ResolvedValue.number($0.epsilon) : nil } }),
            ]),
            .integer("steps", .value(.integer(1000)), range: .init(atLeast: 0), doc: "{range}",
                     resolve: { $0.training.map { ResolvedValue.integer($0.steps) } }),
        ])

    /// `solver`.
    static let solver: CaseKey =
        .section("solver", .computed("Jacobi with these defaults when the case has no network,\nno solver (the network alone) when it has one"), [
            .keyword("method", SolverMethodKind.jacobi, doc: "{allowed}", resolve: { $0.solver.map { ResolvedValue.word($0.method.rawValue) } }),
            .number("omega", .computed("2/3 for weighted-jacobi (as method or multigrid smoother), else 1"),
                    range: .init(above: 0, below: 2), doc: "\nIn {range}; it must be 1 where weighted-jacobi is not used",
                    example: "1.0", resolve: { $0.solver.map { ResolvedValue.number($0.omega) } }),
            .keyword("storage", StorageKind.stencil,
                     doc: "stencil (O(N) sweep) | dense (assembled matrix, O(N²), jacobi/weighted-jacobi only)",
                     resolve: { $0.solver.map { ResolvedValue.word($0.storage.rawValue) } }),
            .section("multigrid", doc: "read when method is multigrid", [
                .keyword("cycle", CycleKind.v, doc: "{allowed}", resolve: { $0.solver.map { ResolvedValue.word($0.multigrid.cycle.rawValue) } }),
                .integer("pre_smooth", .value(.integer(2)), range: .init(atLeast: 0), doc: "smoothing sweeps before restriction, {range}",
                         resolve: { $0.solver.map { ResolvedValue.integer($0.multigrid.preSmooth) } }),
                .integer("post_smooth", .value(.integer(1)), range: .init(atLeast: 0),
                         doc: "smoothing sweeps after prolongation, {range}; not both 0",
                         resolve: { $0.solver.map { ResolvedValue.integer($0.multigrid.postSmooth) } }),
                .keyword("smoother", SmootherKind.weightedJacobi, doc: "{allowed}",
                         resolve: { $0.solver.map { ResolvedValue.word($0.multigrid.smoother.rawValue) } }),
            ]),
            // Enough for plain Jacobi to reach 1e-3 on 1001 points (≈3e5 sweeps).
            .integer("max_sweeps", .value(.integer(1_000_000)), range: .init(atLeast: 1), doc: "{range} (cycles for multigrid)",
                     resolve: { $0.solver.map { ResolvedValue.integer($0.maxSweeps) } }),
            .number("tolerance", .value(.number(1e-4)), range: .init(above: 0, why: "runs stop when max_error ≤ tolerance"),
                    doc: "{range}; a run stops when max_error ≤ tolerance", resolve: { $0.solver.map { ResolvedValue.number($0.tolerance) } }),
        ])

    /// `hybrid`.
    static let hybrid: CaseKey =
        .section("hybrid", .absent("no hybrid runs"), doc: "Needs network, training and solver (policy interleaved alone: a solver)", [
            .keyword("policy", HandOverPolicyKind.fixed,
                     doc: "fixed (the switch_at list) | auto (hybrid@auto beside it) |\ninterleaved (the interleaved run beside it)",
                     resolve: { $0.hybrid.map { ResolvedValue.word($0.policy.rawValue) } }),
            .list("switch_at", of: "training steps", .computed("[0, steps/4, steps/2, steps]; none without a network"),
                  range: .init(atLeast: 0),
                  doc: "Distinct, each {range} and at most training.steps", example: "[0, 250, 500, 1000]",
                  resolve: { $0.hybrid.flatMap { $0.switchAt.isEmpty ? nil : ResolvedValue.integers($0.switchAt) } }),
            .keyword("clock", ClockKind.flops, doc: "the clock it minimises, {allowed}",
                     resolve: { $0.hybrid.flatMap { $0.policy == .auto ? ResolvedValue.word($0.clock.rawValue) : nil } })
                .only(when: "policy", is: "auto"),
            .integer("decide_every", .value(.integer(10)), range: .init(atLeast: 1, why: "training steps between decisions"),
                     doc: "least training steps between decisions, {range}",
                     resolve: { $0.hybrid.flatMap { $0.policy == .auto ? ResolvedValue.integer($0.decideEvery) : nil } })
                .only(when: "policy", is: "auto"),
            interleave.only(when: "policy", is: "interleaved"),
        ])

    /// `hybrid.interleave` (policy interleaved only).
    static let interleave: CaseKey =
        .section("interleave", doc: "the correction network; policy interleaved needs a solver section", [
            .integer("every", .value(.integer(25)), range: .init(atLeast: 1, why: "solver steps between corrections"),
                     doc: "solver steps between corrections, {range}",
                     resolve: { $0.hybrid?.interleave.map { ResolvedValue.integer($0.every) } }),
            .integer("steps", .value(.integer(50)), range: .init(atLeast: 1, why: "training steps per correction"),
                     doc: "Deep Ritz steps per correction (warm-started), {range}",
                     resolve: { $0.hybrid?.interleave.map { ResolvedValue.integer($0.steps) } }),
            .section("network", doc: "the correction network", [
                .list("widths", of: "layer widths", .value(.integers([40, 40])),
                      range: .init(atLeast: 1), doc: "hidden layer widths, each {range}; required when network is given",
                      resolve: { $0.hybrid?.interleave.map { ResolvedValue.integers($0.network.widths) } }),
                .keyword("activation", ActivationKind.tanh, doc: "{allowed}",
                         resolve: { $0.hybrid?.interleave.map { ResolvedValue.word($0.network.activation.rawValue) } }),
                .section("init", doc: "Gaussian initial weights and biases", [
                    .number("weight_std", .value(.number(0.5)),
                            range: .init(above: 0, why: "zero weights leave every hidden unit identical"),
                            doc: "{range}", resolve: { $0.hybrid?.interleave.map { ResolvedValue.number($0.network.weightStd) } }),
                    .number("bias_std", .value(.number(0.5)), range: .init(atLeast: 0),
                            doc: "{range}", resolve: { $0.hybrid?.interleave.map { ResolvedValue.number($0.network.biasStd) } }),
                ]),
                .seed("seed", .value(.unsigned(1)), doc: "0 … 2^64 − 1",
                      resolve: { $0.hybrid?.interleave.map { ResolvedValue.unsigned($0.network.seed) } }),
            ]),
            .section("training", doc: "the correction network's Deep Ritz training on −e'' = r, e = 0 at both ends", [
                .integer("points", .absent("the grid"), range: .init(atLeast: 3, why: "both ends and at least one interior point"),
                         doc: "its own uniform sample of [a, b], {range}; r is averaged onto it", example: "201",
                         resolve: { d in d.hybrid?.interleave.map { ResolvedValue.integer($0.training.points ?? d.grid.points) } }),
                .number("penalty", .value(.number(1000)), range: .init(above: 0, why: "the boundary penalty β"),
                        doc: "boundary penalty β {range}",
                        resolve: { $0.hybrid?.interleave.map { ResolvedValue.number($0.training.penalty) } }),
                .section("optimizer", [
                    .keyword("name", OptimizerKind.adam, doc: "{allowed}",
                             resolve: { $0.hybrid?.interleave.map { ResolvedValue.word($0.training.optimizer.rawValue) } }),
                    .number("learning_rate", .value(.number(1e-3)), range: .init(above: 0), doc: "{range}",
                            resolve: { $0.hybrid?.interleave.map { ResolvedValue.number($0.training.learningRate) } }),
                ]),
            ]),
        ])

    /// `tracking`.
    static let tracking: CaseKey =
        .section("tracking", [
            .integer("every", .value(.integer(50)), range: .init(atLeast: 1), doc: "record every k steps, {range}",
                     resolve: { .integer($0.tracking.every) }),
            .keyword("reference", ReferenceKind.discrete,
                     doc: "discrete (direct solve of the grid system) | exact (needs problem.exact)",
                     resolve: { .word($0.tracking.reference.rawValue) }),
            .choice("peaks", "a count of DFT peaks or a list of DFT indices", .value(.integer(3)), range: .init(atLeast: 1),
                    doc: "a count of DFT peaks ({range}, at most n/2) or a list of\nDFT indices in 1 … n/2, e.g. [1, 3, 8]",
                    resolve: { d in
                        switch d.tracking.peaks {
                        case .count(let c): return .integer(c)
                        case .indices(let list): return .integers(list)
                        }
                    }),
            .choice("modes", "'all' or a list of sine modes", .computed("powers of two up to N"),
                    doc: "A list of sine modes in 1 … N, or all", example: "[1, 2, 4, 8]",
                    resolve: { d in
                        switch d.tracking.modes {
                        case .all: return .word("all")
                        case .list(let list): return .integers(list)
                        }
                    }),
            .integer("per_decade", .value(.integer(0)), range: .init(atLeast: 0, atMost: 100, why: "records per decade of steps"),
                     doc: "Extra records at log-spaced steps round(10^(i/per_decade)) of\neach phase (training steps, then sweeps), {range}: resolves early steps",
                     resolve: { .integer($0.tracking.perDecade) }),
            .section("filter", .absent("none"), [
                .choice("delta", "a width or a list of widths", .absent("no filter"),
                        range: .init(above: 0, why: "the Gaussian filter's width δ, a variance in squared units of x"),
                        doc: "The paper's filtering view (Sec. 4): a Gaussian low-pass of\nwidth δ {range} (a variance, squared units of x; one or a list) in the sine\nbasis; curves.csv gains e_low_<δ>, e_high_<δ> and figures/filter.svg",
                        example: "0.01",
                        resolve: { d in d.tracking.filterWidths.isEmpty ? nil : ResolvedValue.list(d.tracking.filterWidths.map(ResolvedValue.number)) }),
            ]),
        ])

    /// The entry at a dotted `path` such as `solver.max_sweeps`, or `nil`.
    static func entry(at path: String) -> CaseKey? {
        var level = root
        var found: CaseKey?
        for component in path.split(separator: ".") {
            guard let key = level.first(where: { $0.name == component }) else { return nil }
            found = key
            level = key.children ?? []
        }
        return found
    }

    /// The keys of the section at `path` (`[]` = the top level), or `nil` when `path` is not a section.
    static func children(at path: [String]) -> [CaseKey]? {
        path.isEmpty ? root : entry(at: path.joined(separator: "."))?.children
    }

    /// Every key path of the table with its last component, depth-first in table order.
    static let allPaths: [(path: String, key: String)] = {
        var paths: [(String, String)] = []
        func walk(_ keys: [CaseKey], _ prefix: String) {
            for key in keys {
                let path = prefix.isEmpty ? key.name : "\(prefix).\(key.name)"
                paths.append((path, key.name))
                if let children = key.children { walk(children, path) }
            }
        }
        walk(root, "")
        return paths
    }()

    /// The dotted paths of the free-text keys (text and expressions), which `--set` takes verbatim.
    static let textPaths: Set<String> = Set(allPaths.map(\.path).filter { path in
        switch entry(at: path)?.kind {
        case .text, .expression: return true
        default: return false
        }
    })

    /// The default of the keyword key at `path` (for the model's memberwise defaults).
    static func defaultKeyword<K: CaseKeyword>(_ path: String, as type: K.Type = K.self) -> K {
        guard let key = entry(at: path), let value = key.defaultKeyword(as: K.self) else {
            preconditionFailure("CaseKeyTable: '\(path)' has no default of type \(K.self)")
        }
        return value
    }

    /// The default of the integer key at `path` (for the model's memberwise defaults).
    static func defaultInteger(_ path: String) -> Int {
        guard case .value(.integer(let value)) = entry(at: path)?.defaultValue else {
            preconditionFailure("CaseKeyTable: '\(path)' has no integer default")
        }
        return value
    }

    /// The condition under which the key at `path` applies — its own or an enclosing
    /// section's — as the dotted path of the sibling keyword and the word it must have.
    static func condition(for path: String) -> (keyPath: String, value: String)? {
        var level = root, prefix: [Substring] = [], found: (String, String)?
        for component in path.split(separator: ".") {
            guard let key = level.first(where: { $0.name == component }) else { return nil }
            if let c = key.condition { found = ((prefix + [Substring(c.key)]).joined(separator: "."), c.value) }
            prefix.append(component)
            level = key.children ?? []
        }
        return found
    }

    /// The default of the value key at `path`, read by `value` (for defaults the model needs
    /// outside the decoder, such as an mscale network's scales).
    static func defaultValue<T>(_ path: String, _ value: (ResolvedValue) -> T?) -> T {
        guard case .value(let resolved) = entry(at: path)?.defaultValue, let typed = value(resolved) else {
            preconditionFailure("CaseKeyTable: '\(path)' has no default of type \(T.self)")
        }
        return typed
    }

    // MARK: README

    /// Column of the `#` of every README comment (keys longer than this get three spaces).
    static let commentColumn = 31

    /// The commented YAML block of `Cases/README.md`: every key with its default (or an example
    /// when the default is not a value), and a comment saying REQUIRED or the default rule, then
    /// the entry's doc with `{range}` and `{allowed}` filled in. Ends with a newline.
    static var yamlReference: String {
        var lines: [String] = []
        func walk(_ keys: [CaseKey], indent: Int, commented: Bool) {
            let pad = String(repeating: " ", count: indent)
            for key in keys {
                let value = key.children == nil ? key.shownValue.map { " " + $0 } ?? "" : ""
                // A conditional key (and everything under it) is shown commented out, so that
                // the block stays a valid case with every default.
                let off = commented || key.condition != nil
                let head = off ? "\(pad)# \(key.name):\(value)" : "\(pad)\(key.name):\(value)"
                let comment = key.readmeComment.split(separator: "\n", omittingEmptySubsequences: false)
                if let first = comment.first, !first.isEmpty {
                    lines.append(head + String(repeating: " ", count: max(commentColumn - head.count, 3)) + "# " + first)
                    for more in comment.dropFirst() {
                        lines.append(String(repeating: " ", count: commentColumn) + "# " + more)
                    }
                } else {
                    lines.append(head)
                }
                if let children = key.children { walk(children, indent: indent + 2, commented: off) }
            }
        }
        walk(root, indent: 0, commented: false)
        return lines.joined(separator: "\n") + "\n"
    }
}

/// One key of the case schema: its name, what it holds, its default, its range and its doc
/// line; a section holds `children`. See `CaseKeyTable` for how each part is used.
struct CaseKey: Sendable {
    /// What a key holds; it names the value in type errors and picks the reader.
    enum Kind: Sendable, Equatable {
        /// A mapping of further keys.
        case section
        /// A whole number (`1e6` allowed).
        case integer
        /// A finite real number.
        case number
        /// A whole number in 0…2⁶⁴−1.
        case seed
        /// Free text.
        case text
        /// An expression in `x` (PoissonCore's grammar).
        case expression
        /// One of these spellings (a `CaseKeyword`'s `allowedSpellings`).
        case keyword([String])
        /// A list of the items described.
        case list(of: String)
        /// A value of several shapes, as described (e.g. a count or a list).
        case choice(String)
    }

    /// What a key takes when the case leaves it out (or gives `null`).
    enum Default: Sendable {
        /// No default: the case must give it. The text says what it is, for the "missing" error.
        case required(String)
        /// This value (in the resolved case's form).
        case value(ResolvedValue)
        /// The key stays absent; the sentence says what that means ("none", "the grid").
        case absent(String)
        /// Computed from other keys by the rule stated (the decoder applies it).
        case computed(String)
        /// A section whose keys take their own defaults.
        case keys
    }

    /// The key as written in the file.
    var name: String
    var kind: Kind
    var defaultValue: Default
    /// The allowed values (of each item, for lists); `nil` = any value of the kind.
    var range: ValueRange?
    /// The README comment after the default rule; `{range}` and `{allowed}` are filled in.
    var doc: String
    /// The value the README shows when the default is not a value (required, absent, computed).
    var example: String?
    /// The key's value in a resolved case, `nil` when the case leaves it out (sections: `nil`).
    var resolve: (@Sendable (CaseDefinition) -> ResolvedValue?)?
    /// A section's keys in schema order; `nil` for a value.
    var children: [CaseKey]?
    /// When set, the key is read only when its sibling keyword `key` has this `value`
    /// (`network.scales` only with `architecture: mscale`); given otherwise it is refused, and
    /// the README shows it commented out.
    var condition: Condition?

    /// A sibling keyword and the value under which a key applies.
    struct Condition: Sendable, Equatable {
        /// The sibling key's name (same section).
        var key: String
        /// The word it must have.
        var value: String
    }

    /// This key, read only when the sibling keyword `key` is `value`.
    func only(when key: String, is value: String) -> CaseKey {
        var copy = self
        copy.condition = Condition(key: key, value: value)
        return copy
    }

    /// The README comment: `REQUIRED.` or `default: <rule>.`, then the doc.
    var readmeComment: String {
        var text = doc.replacingOccurrences(of: "{range}", with: range?.text ?? "")
        if case .keyword(let spellings) = kind {
            text = text.replacingOccurrences(of: "{allowed}", with: spellings.joined(separator: " | "))
        }
        let rule: String
        switch defaultValue {
        case .required: rule = "REQUIRED"
        case .absent(let sentence), .computed(let sentence): rule = "default: " + sentence
        case .value, .keys: return text
        }
        if text.isEmpty { return rule }
        return rule + (text.hasPrefix("\n") ? "." : ". ") + text
    }

    /// The value written after the key in the README: the default, else the example.
    var shownValue: String? {
        if case .value(let value) = defaultValue { return value.inline }
        return example
    }

    /// The default as a `K`, when it is a value spelled as one of `K`'s words.
    func defaultKeyword<K: CaseKeyword>(as type: K.Type) -> K? {
        guard case .value(.word(let word)) = defaultValue else { return nil }
        return K.matching(word)
    }

    // MARK: Builders

    /// A section of further keys, each with its own default.
    static func section(_ name: String, _ children: [CaseKey]) -> CaseKey {
        section(name, .keys, children)
    }

    /// A section of further keys.
    static func section(_ name: String, _ defaultValue: Default = .keys, doc: String = "", _ children: [CaseKey]) -> CaseKey {
        CaseKey(name: name, kind: .section, defaultValue: defaultValue, doc: doc, children: children)
    }

    /// A whole number.
    static func integer(_ name: String, _ defaultValue: Default, range: ValueRange? = nil, doc: String, example: String? = nil,
                        resolve: @escaping @Sendable (CaseDefinition) -> ResolvedValue?) -> CaseKey {
        CaseKey(name: name, kind: .integer, defaultValue: defaultValue, range: range, doc: doc, example: example, resolve: resolve)
    }

    /// A real number.
    static func number(_ name: String, _ defaultValue: Default, range: ValueRange? = nil, doc: String, example: String? = nil,
                       resolve: @escaping @Sendable (CaseDefinition) -> ResolvedValue?) -> CaseKey {
        CaseKey(name: name, kind: .number, defaultValue: defaultValue, range: range, doc: doc, example: example, resolve: resolve)
    }

    /// A seed in 0…2⁶⁴−1.
    static func seed(_ name: String, _ defaultValue: Default, doc: String,
                     resolve: @escaping @Sendable (CaseDefinition) -> ResolvedValue?) -> CaseKey {
        CaseKey(name: name, kind: .seed, defaultValue: defaultValue, doc: doc, resolve: resolve)
    }

    /// Free text.
    static func text(_ name: String, _ defaultValue: Default, doc: String, example: String? = nil,
                     resolve: @escaping @Sendable (CaseDefinition) -> ResolvedValue?) -> CaseKey {
        CaseKey(name: name, kind: .text, defaultValue: defaultValue, doc: doc, example: example, resolve: resolve)
    }

    /// An expression in `x`.
    static func expression(_ name: String, _ defaultValue: Default, doc: String, example: String,
                           resolve: @escaping @Sendable (CaseDefinition) -> ResolvedValue?) -> CaseKey {
        CaseKey(name: name, kind: .expression, defaultValue: defaultValue, doc: doc, example: example, resolve: resolve)
    }

    /// One of `K`'s words, `defaultValue` when left out.
    static func keyword<K: CaseKeyword>(_ name: String, _ defaultValue: K, doc: String,
                                        resolve: @escaping @Sendable (CaseDefinition) -> ResolvedValue?) -> CaseKey {
        CaseKey(name: name, kind: .keyword(K.allowedSpellings), defaultValue: .value(.word(defaultValue.rawValue)), doc: doc,
                resolve: resolve)
    }

    /// A list of `what` (`range` applies to each item).
    static func list(_ name: String, of what: String, _ defaultValue: Default, range: ValueRange? = nil, doc: String,
                     example: String? = nil, resolve: @escaping @Sendable (CaseDefinition) -> ResolvedValue?) -> CaseKey {
        CaseKey(name: name, kind: .list(of: what), defaultValue: defaultValue, range: range, doc: doc, example: example,
                resolve: resolve)
    }

    /// A value of several shapes, decoded by code in `CaseDecoder` (`range` applies to its numbers).
    static func choice(_ name: String, _ what: String, _ defaultValue: Default, range: ValueRange? = nil, doc: String,
                       example: String? = nil, resolve: @escaping @Sendable (CaseDefinition) -> ResolvedValue?) -> CaseKey {
        CaseKey(name: name, kind: .choice(what), defaultValue: defaultValue, range: range, doc: doc, example: example,
                resolve: resolve)
    }
}

/// The allowed values of a number as data: a lower and an upper bound, each inclusive or
/// exclusive, and why. Both the decoder's check and its message ("must be in (0, 2), got 3")
/// and the README's `{range}` come from it.
struct ValueRange: Sendable, Equatable {
    /// A bound and whether the bound itself is allowed.
    struct Bound: Sendable, Equatable {
        var value: Double
        var isIncluded: Bool
    }

    var lower: Bound?
    var upper: Bound?
    /// Why the range is what it is, shown in the error in parentheses.
    var why: String?

    /// `≥ lower`, `> lower` or neither, and `≤ upper`, `< upper` or neither.
    init(atLeast: Double? = nil, above: Double? = nil, atMost: Double? = nil, below: Double? = nil, why: String? = nil) {
        lower = atLeast.map { Bound(value: $0, isIncluded: true) } ?? above.map { Bound(value: $0, isIncluded: false) }
        upper = atMost.map { Bound(value: $0, isIncluded: true) } ?? below.map { Bound(value: $0, isIncluded: false) }
        self.why = why
    }

    /// Whether `value` lies in the range.
    func contains(_ value: Double) -> Bool {
        if let lower, lower.isIncluded ? value < lower.value : value <= lower.value { return false }
        if let upper, upper.isIncluded ? value > upper.value : value >= upper.value { return false }
        return true
    }

    /// `≥ 3`, `> 0`, `(0, 2)`, `[0, 1)`, or `0…100` for a closed range.
    var text: String {
        switch (lower, upper) {
        case (let l?, let u?):
            if l.isIncluded && u.isIncluded { return "\(Self.format(l.value))…\(Self.format(u.value))" }
            return (l.isIncluded ? "[" : "(") + "\(Self.format(l.value)), \(Self.format(u.value))" + (u.isIncluded ? "]" : ")")
        case (let l?, nil): return (l.isIncluded ? "≥ " : "> ") + Self.format(l.value)
        case (nil, let u?): return (u.isIncluded ? "≤ " : "< ") + Self.format(u.value)
        case (nil, nil): return "any value"
        }
    }

    /// The error for `value` outside the range, `nil` inside: "must be ≥ 1, got 0",
    /// "must be in (0, 2), got 2.5", with `why` in parentheses after the range.
    func violation<T: BinaryInteger>(of value: T) -> String? {
        contains(Double(value)) ? nil : message(got: "\(value)")
    }

    /// As for integers; the value is shown as Swift prints it.
    func violation(of value: Double) -> String? {
        contains(value) ? nil : message(got: "\(value)")
    }

    private func message(got value: String) -> String {
        let range = lower != nil && upper != nil ? "in " + text : text
        return "must be \(range)" + (why.map { " (\($0))" } ?? "") + ", got \(value)"
    }

    /// Whole bounds without a fraction (`0`, not `0.0`).
    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)"
    }
}
