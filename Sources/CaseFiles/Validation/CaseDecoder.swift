import Foundation
import PoissonCore

/// Turns a case's key tree into a `CaseDefinition`, checking keys in schema order: within
/// each key a missing required key, then the type, then the range, then its consistency with
/// keys decoded before it. The first problem is thrown.
struct CaseDecoder {
    let reader: ValueReader

    // MARK: Unknown keys

    /// Throws for the first key (depth-first, document order) that the schema does not know.
    func checkKeys(_ mapping: CaseNode.Mapping, at path: [String]) throws {
        guard let children = CaseKeyTable.children(at: path) else { return }
        let valid = children.map(\.name)
        let sectionPath = path.joined(separator: ".")
        for entry in mapping.entries {
            guard let field = children.first(where: { $0.name == entry.key }) else {
                let shown = entry.key.count > 40 ? String(entry.key.prefix(37)) + "..." : entry.key
                let message = entry.key.count > 64
                    ? "unknown key '\(shown)' (valid keys: \(valid.joined(separator: ", ")))"
                    : CaseSchema.unknownKeyMessage(entry.key, valid: valid, sectionPath: sectionPath)
                throw reader.error(CaseSchema.joined(sectionPath, shown), message, line: entry.line)
            }
            if field.children != nil, case .mapping(let child) = entry.value {
                try checkKeys(child, at: path + [entry.key])
            }
        }
    }

    // MARK: Sections

    func decode(_ root: CaseNode.Mapping) throws -> CaseDefinition {
        try checkKeys(root, at: [])
        let top = SectionReader(reader, path: "", mapping: root, line: root.line)

        let name = try decodeName(top)
        let description = try top.text("description")
        _ = try top.required("problem")
        let problem = try decodeProblem(try top.section("problem"))
        _ = try top.required("grid")
        let grid = try decodeGrid(try top.section("grid"))
        let network = try decodeNetwork(try top.section("network"))
        let training = try decodeTraining(try top.section("training"), network: network, top: top, grid: grid)
        // A case without a network runs the classical side, with the default solver when the
        // section is absent (DESIGN: only name, problem and grid are required).
        let solver = try decodeSolver(try top.section("solver"), grid: grid, defaultWhenAbsent: network == nil)
        let hybrid = try decodeHybrid(try top.section("hybrid"), network: network, training: training, solver: solver)
        let tracking = try decodeTracking(try top.section("tracking"), problem: problem, grid: grid)
        return CaseDefinition(name: name, description: description, problem: problem, grid: grid,
                              network: network, training: training, solver: solver, hybrid: hybrid,
                              tracking: tracking)
    }

    /// Folder-safe: ASCII letters, digits, `-`, `_`, `.`; not `.` or `..`; 1…200 characters.
    func decodeName(_ top: SectionReader) throws -> String {
        let name = try top.text("name")
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        try top.check(!name.isEmpty, "name", "must not be empty")
        try top.check(name.count <= 200, "name", "must be at most 200 characters, got \(name.count)")
        if let bad = name.first(where: { !allowed.contains($0) }) {
            throw top.fail("name", "'\(name)' contains '\(bad)': a name is a folder name and may hold only "
                           + "letters a–z, A–Z, digits, '-', '_' and '.'")
        }
        try top.check(name != "." && name != "..", "name", "must not be '\(name)' (it names a folder outside the output)")
        return name
    }

    func decodeProblem(_ s: SectionReader) throws -> ProblemDefinition {
        let domain = try s.doubles("domain")!
        try s.check(domain.count == 2, "domain", "must be two numbers [a, b], got \(domain.count)")
        try s.check(domain[0] < domain[1], "domain", "[\(domain[0]), \(domain[1])] is empty: a must be below b")
        try s.check(domain[1] - domain[0] < .infinity, "domain", "b − a overflows a double")
        let source = try s.expression("source")!
        let exact = try s.expression("exact")
        let boundary = try s.doubles("boundary")!
        try s.check(boundary.count == 2, "boundary", "must be two numbers [u(a), u(b)], got \(boundary.count)")
        return ProblemDefinition(lower: domain[0], upper: domain[1], source: source, exact: exact,
                                 lowerValue: boundary[0], upperValue: boundary[1])
    }

    func decodeGrid(_ s: SectionReader) throws -> GridDefinition {
        let points = try s.integer("points")
        return GridDefinition(points: points)
    }

    func decodeNetwork(_ s: SectionReader) throws -> NetworkDefinition? {
        guard s.mapping != nil else { return nil }
        let widths = try s.integers("widths")!
        try s.check(!widths.isEmpty, "widths", "must list at least one hidden layer width")
        let activation: ActivationKind = try s.keyword("activation")
        let initial = try s.section("init")
        let weightStd = try initial.double("weight_std")
        let biasStd = try initial.double("bias_std")
        let seed = try s.seed("seed")
        let precision: PrecisionKind = try s.keyword("precision")
        var network = NetworkDefinition(widths: widths, activation: activation, weightStd: weightStd, biasStd: biasStd,
                                        seed: seed, precision: precision)
        try decodeArchitecture(s, into: &network)
        return network
    }

    /// `network.architecture` with its own keys: `scales` (mscale only; each > 0, at most as
    /// many as first-layer neurons) and `features.{count, scale, seed}` (fourier only). A key
    /// of the other architecture is refused, naming it.
    func decodeArchitecture(_ s: SectionReader, into network: inout NetworkDefinition) throws {
        let architecture: ArchitectureKind = try s.keyword("architecture")
        network.architecture = architecture
        try s.refuseInapplicableKeys()
        switch architecture {
        case .mlp: break
        case .mscale:
            let scales = try s.doubles("scales")!
            try s.check(!scales.isEmpty, "scales", "must list at least one scale")
            try s.check(scales.count <= network.widths[0], "scales",
                        "\(scales.count) scale groups but the first hidden layer has \(network.widths[0]) neurons: "
                        + "give at most \(network.widths[0]) scales or widen the layer")
            network.scales = scales
        case .fourier:
            let f = try s.section("features")
            network.features = FourierFeaturesDefinition(count: try f.integer("count"), scale: try f.double("scale"),
                                                         seed: try f.seed("seed"))
        }
    }

    func decodeTraining(_ s: SectionReader, network: NetworkDefinition?, top: SectionReader,
                        grid: GridDefinition) throws -> TrainingDefinition? {
        if s.mapping == nil {
            if network != nil {
                throw reader.error("training", "missing: the 'network' section needs a 'training' section "
                                   + "(steps, optimizer, …; every key has a default, so 'training: {}' will do)",
                                   line: top.mapping?.line(of: "network"))
            }
            return nil
        }
        if network == nil {
            throw reader.error("network", "missing: the 'training' section needs a 'network' section "
                               + "(every key has a default, so 'network: {}' will do)", line: s.line)
        }
        let points = try s.optionalInteger("points")
        let loss: LossKind = try s.keyword("loss")
        // The least-squares fit has no boundary term (the mean of squares already includes both
        // ends), so a penalty given with it would silently mean nothing: refuse it.
        if loss == .fit, s.node("penalty") != nil {
            throw s.fail("penalty", "has no effect with loss 'fit' (a plain mean of squares over the training points, "
                         + "ends included); remove it, or use loss 'ritz'")
        }
        if loss == .pinn, let network, !network.activation.isSmooth {
            throw reader.error("network.activation", "'\(network.activation.rawValue)' has no continuous second derivative, "
                               + "and loss 'pinn' trains on h'': use tanh, sigmoid or sin", line: top.mapping?.line(of: "network"))
        }
        let penalty = try s.double("penalty")
        let o = try s.section("optimizer")
        let optimizer: OptimizerKind = try o.keyword("name")
        let learningRate = try o.double("learning_rate")
        let beta1 = try o.double("beta1")
        let beta2 = try o.double("beta2")
        let epsilon = try o.double("epsilon")
        let steps = try s.integer("steps")
        return TrainingDefinition(points: points, loss: loss, penalty: penalty, optimizer: optimizer,
                                  learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, steps: steps)
    }

    func decodeSolver(_ s: SectionReader, grid: GridDefinition, defaultWhenAbsent: Bool) throws -> SolverDefinition? {
        guard s.mapping != nil || defaultWhenAbsent else { return nil }
        let method: SolverMethodKind = try s.keyword("method")
        let m = try s.section("multigrid")
        let cycle: CycleKind = try m.keyword("cycle")
        let preSmooth = try m.integer("pre_smooth")
        let postSmooth = try m.integer("post_smooth")
        try m.check(preSmooth + postSmooth > 0, "post_smooth",
                    "pre_smooth and post_smooth are both 0: a cycle without smoothing never reduces high modes")
        let smoother: SmootherKind = try m.keyword("smoother")
        let multigrid = MultigridDefinition(cycle: cycle, preSmooth: preSmooth, postSmooth: postSmooth, smoother: smoother)

        let usesOmega = CaseDefaults.usesOmega(method: method, smoother: smoother)
        let omega = try s.double("omega", default: CaseDefaults.omega(method: method, smoother: smoother))
        if !usesOmega && omega != 1 {
            let user = method == .multigrid ? "multigrid with the \(smoother.rawValue) smoother" : "method '\(method.rawValue)'"
            throw s.fail("omega", "ω = \(omega) has no effect with \(user): ω weights weighted-jacobi "
                         + "(as the method or as multigrid's smoother); remove it or use weighted-jacobi")
        }
        let storage: StorageKind = try s.keyword("storage")
        if storage == .dense && method != .jacobi && method != .weightedJacobi {
            throw s.fail("storage", "'dense' is only for jacobi and weighted-jacobi, not '\(method.rawValue)' (use stencil)")
        }
        let maxSweeps = try s.integer("max_sweeps")
        let tolerance = try s.double("tolerance")
        return SolverDefinition(method: method, omega: omega, storage: storage, multigrid: multigrid,
                                maxSweeps: maxSweeps, tolerance: tolerance)
    }

    func decodeHybrid(_ s: SectionReader, network: NetworkDefinition?, training: TrainingDefinition?,
                      solver: SolverDefinition?) throws -> HybridDefinition? {
        guard s.mapping != nil else { return nil }
        let policy: HandOverPolicyKind = try s.keyword("policy")
        // clock and decide_every are auto's, interleave is interleaved's: refused with another policy.
        try s.refuseInapplicableKeys()
        let interleave = policy == .interleaved ? try decodeInterleave(try s.section("interleave")) : nil
        var definition: HybridDefinition
        if policy == .interleaved {
            // The interleaved run needs only the solver; fixed hybrids beside it need the rest.
            guard solver != nil else {
                throw reader.error(s.childPath("interleave"), "the interleaved run corrects a classical solver's "
                                   + "iterate and needs a 'solver' section", line: s.node("interleave")?.line ?? s.line)
            }
            definition = network == nil && s.node("switch_at") == nil
                ? HybridDefinition(switchAt: [])
                : try decodeSwitchSteps(s, network: network, training: training, solver: solver)
        } else {
            definition = try decodeSwitchSteps(s, network: network, training: training, solver: solver)
        }
        definition.policy = policy
        if policy == .auto {
            definition.clock = try s.keyword("clock")
            definition.decideEvery = try s.integer("decide_every")
        }
        definition.interleave = interleave
        return definition
    }

    /// `hybrid.interleave`: the correction network (widths required) and its training, whose
    /// Adam constants are `training.optimizer`'s defaults (the section does not offer them).
    func decodeInterleave(_ s: SectionReader) throws -> InterleaveDefinition {
        func adam(_ key: String) -> Double { CaseKeyTable.defaultValue("training.optimizer.\(key)", \.numberValue) }
        // Every value is checked before the required widths, so a bad value is named as such.
        let every = try s.integer("every")
        let steps = try s.integer("steps")
        let t = try s.section("training")
        let o = try t.section("optimizer")
        let training = TrainingDefinition(points: try t.optionalInteger("points"), loss: .ritz, penalty: try t.double("penalty"),
                                          optimizer: try o.keyword("name"), learningRate: try o.double("learning_rate"),
                                          beta1: adam("beta1"), beta2: adam("beta2"), epsilon: adam("epsilon"), steps: steps)
        let n = try s.section("network")
        let activation: ActivationKind = try n.keyword("activation")
        let initial = try n.section("init")
        let weightStd = try initial.double("weight_std"), biasStd = try initial.double("bias_std")
        let seed = try n.seed("seed")
        // A correction network given without its widths is a mistake, not a request for the default.
        if n.mapping != nil && n.node("widths") == nil {
            throw n.fail("widths", "missing: an interleave network needs its hidden layer widths, e.g. [40, 40]")
        }
        let widths = try n.integers("widths")!
        try n.check(!widths.isEmpty, "widths", "must list at least one hidden layer width")
        let network = NetworkDefinition(widths: widths, activation: activation, weightStd: weightStd, biasStd: biasStd,
                                        seed: seed, precision: .float64)
        return InterleaveDefinition(every: every, steps: steps, network: network, training: training)
    }

    /// `hybrid.switch_at`, which needs the network, its training and the solver.
    func decodeSwitchSteps(_ s: SectionReader, network: NetworkDefinition?, training: TrainingDefinition?,
                           solver: SolverDefinition?) throws -> HybridDefinition {
        let missing = [network == nil ? "network" : nil, training == nil ? "training" : nil, solver == nil ? "solver" : nil]
            .compactMap { $0 }
        if !missing.isEmpty {
            throw reader.error("hybrid", "hybrid runs hand a trained network to a classical solver and need "
                               + "'network', 'training' and 'solver' sections; missing: \(missing.joined(separator: ", "))",
                               line: s.line)
        }
        let steps = training!.steps
        guard let node = s.node("switch_at") else {
            return HybridDefinition(switchAt: CaseDefaults.switchAt(steps: steps))
        }
        let path = s.childPath("switch_at")
        // Read item by item here, so each item's range, reach and repeats are checked in list order.
        let values = try reader.list(node, path, of: "training steps", reader.integer)
        try s.check(!values.isEmpty, "switch_at", "must list at least one training step (0 = the solver alone)")
        let range = s.entry("switch_at").range
        for (i, v) in values.enumerated() {
            try s.checkRange(range?.violation(of: v), at: "\(path)[\(i)]", line: itemLine(node, i))
            if v > steps {
                throw reader.error("\(path)[\(i)]", "step \(v) is beyond training.steps = \(steps): the network "
                                   + "never reaches that step", line: itemLine(node, i))
            }
            if values[..<i].contains(v) {
                throw reader.error("\(path)[\(i)]", "lists \(v) twice", line: itemLine(node, i))
            }
        }
        return HybridDefinition(switchAt: values.sorted())
    }

    func decodeTracking(_ s: SectionReader, problem: ProblemDefinition, grid: GridDefinition) throws -> TrackingDefinition {
        let every = try s.integer("every")
        let perDecade = try s.integer("per_decade")
        let reference: ReferenceKind = try s.keyword("reference")
        if reference == .exact && problem.exact == nil {
            throw s.fail("reference", "'exact' needs problem.exact (the closed-form solution), which this case does not give; "
                         + "add it or use 'discrete'")
        }
        let half = grid.points / 2
        var peaks = PeakSpec.count(CaseKeyTable.defaultInteger(s.childPath("peaks")))
        if let node = s.node("peaks") {
            let path = s.childPath("peaks")
            if case .sequence = node {
                let indices = try reader.list(node, path, of: "DFT indices", reader.integer)
                try s.check(!indices.isEmpty, "peaks", "must list at least one DFT index (or give a count)")
                for (i, k) in indices.enumerated() {
                    if k < 1 || k > half {
                        throw reader.error("\(path)[\(i)]", "DFT index \(k) is outside 1…\(half) (n/2 for n = \(grid.points) grid points)",
                                           line: itemLine(node, i))
                    }
                    if indices[..<i].contains(k) { throw reader.error("\(path)[\(i)]", "lists \(k) twice", line: itemLine(node, i)) }
                }
                peaks = .indices(indices)
            } else {
                guard case .scalar(let scalar) = node, !scalar.isQuoted, ValueReader.isDecimalLiteral(scalar.text) else {
                    throw reader.error(path, "must be a count of peaks or a list of DFT indices such as [1, 3, 8], got \(node.kindDescription)",
                                       line: node.line)
                }
                let count = try s.integer("peaks")
                try s.check(count <= half, "peaks", "\(count) peaks exceed the \(half) DFT indices of \(grid.points) grid points")
                peaks = .count(count)
            }
        }
        var modes = ModeSpec.list(CaseDefaults.modes(interiorCount: grid.interiorCount))
        if let node = s.node("modes") {
            let path = s.childPath("modes")
            if case .scalar(let scalar) = node {
                guard scalar.text.lowercased() == "all" else {
                    throw reader.error(path, "must be 'all' or a list of sine modes such as [1, 2, 4], got \(node.kindDescription)",
                                       line: node.line)
                }
                modes = .all
            } else {
                let list = try reader.list(node, path, of: "sine modes", reader.integer)
                try s.check(!list.isEmpty, "modes", "must list at least one mode (or say 'all')")
                let n = grid.interiorCount
                for (i, k) in list.enumerated() {
                    if k < 1 || k > n {
                        throw reader.error("\(path)[\(i)]", "mode \(k) is outside 1…\(n) (N = grid.points − 2)", line: itemLine(node, i))
                    }
                    if list[..<i].contains(k) { throw reader.error("\(path)[\(i)]", "lists \(k) twice", line: itemLine(node, i)) }
                }
                modes = .list(list)
            }
        }
        var filterWidths: [Double] = []
        let filter = try s.section("filter")
        if let node = filter.node("delta") {
            let path = filter.childPath("delta")
            if case .sequence = node {
                filterWidths = try reader.list(node, path, of: "filter widths", reader.double)
                try filter.check(!filterWidths.isEmpty, "delta", "must list at least one width δ > 0")
            } else {
                filterWidths = [try reader.double(node, path)]
            }
            var isList = false
            if case .sequence = node { isList = true }
            for (i, delta) in filterWidths.enumerated() {
                let at = isList ? "\(path)[\(i)]" : path
                try filter.checkRange(filter.entry("delta").range?.violation(of: delta), at: at,
                                      line: isList ? itemLine(node, i) : node.line)
                if filterWidths[..<i].contains(delta) {
                    throw reader.error(at, "lists \(delta) twice", line: itemLine(node, i))
                }
            }
        }
        return TrackingDefinition(every: every, reference: reference, peaks: peaks, modes: modes, perDecade: perDecade,
                                  filterWidths: filterWidths)
    }

    /// The line of item `i` of a list node.
    func itemLine(_ node: CaseNode, _ i: Int) -> Int? { Self.itemLine(node, i) }

    /// The line of item `i` of a list node.
    static func itemLine(_ node: CaseNode, _ i: Int) -> Int? {
        if case .sequence(let items, let line) = node { return i < items.count ? items[i].line : line }
        return node.line
    }

    // MARK: Resources and sampling

    /// Refuses a case whose estimated memory exceeds `limit`, naming the key behind the largest part.
    func checkResources(_ definition: CaseDefinition, limit: ResourceLimit) throws {
        let estimate = ResourceEstimate(for: definition)
        guard estimate.totalBytes > limit.memoryBytes else { return }
        let f = ResourceEstimate.format(bytes:)
        let total = f(estimate.totalBytes), available = "\(f(limit.memoryBytes)) available (\(limit.source))"
        if estimate.historyBytes >= max(estimate.networkBytes, estimate.denseMatrixBytes, estimate.gridBytes) {
            throw reader.error("tracking.every", "recording every \(definition.tracking.every) steps "
                               + "(up to \(definition.solver?.maxSweeps ?? 0) sweeps per solver run, "
                               + "\(definition.training?.steps ?? 0) training steps) needs an estimated "
                               + "\(f(estimate.historyBytes)) of recorded history (case total \(total)), more than the "
                               + "\(available); record less often, track fewer modes, or lower solver.max_sweeps",
                               line: nil)
        }
        if estimate.networkBytes >= max(estimate.denseMatrixBytes, estimate.gridBytes), let network = definition.network {
            let points = definition.training?.points ?? definition.grid.points
            let units = network.widths.reduce(0, +)
            throw reader.error("network.widths", "the network needs an estimated \(f(estimate.networkBytes)) "
                               + "(activations, tangents and gradients of \(points) training points × \(units) hidden units, "
                               + "\(String(format: "%.3g", network.parameterCount)) parameters; case total \(total)), "
                               + "more than the \(available)", line: nil)
        }
        if estimate.denseMatrixBytes >= estimate.gridBytes {
            let n = definition.grid.interiorCount
            throw reader.error("solver.storage", "dense storage needs 8N² = \(f(estimate.denseMatrixBytes)) for N = \(n) unknowns "
                               + "(case total \(total)), more than the \(available); use 'stencil'", line: nil)
        }
        throw reader.error("grid.points", "\(definition.grid.points) grid points need an estimated \(f(estimate.gridBytes)) "
                           + "of grid vectors (case total \(total)), more than the \(available)", line: nil)
    }

    /// Samples the expressions where they will be used: the source on the grid and on the training
    /// sample, the exact solution on the grid (and the training sample when it is fitted).
    /// The exact solution must also meet the boundary values.
    func checkSampling(_ definition: CaseDefinition, lines: (source: Int?, exact: Int?)) throws {
        let problem = try definition.makeProblem()
        let grid = try definition.makeGrid()
        let training = try definition.makeTrainingGrid()
        func sample(_ function: ScalarFunction, _ key: String, line: Int?) throws -> [Double] {
            var values: [Double] = []
            for (g, what) in [(grid, "grid"), (training, "training")] {
                guard let g else { continue }
                if what == "training" && g == grid { continue }
                do {
                    let v = try function.sample(on: g, name: key)
                    if what == "grid" { values = v }
                } catch PoissonError.nonFiniteFunction(_, let index, let x, let value) {
                    throw reader.error(key, "is not finite at x = \(x) (\(what) point \(index) of \(g.pointCount)): value \(value)",
                                       line: line)
                }
            }
            return values
        }
        _ = try sample(problem.source, "problem.source", line: lines.source)
        if let exact = problem.exact {
            let values = try sample(exact, "problem.exact", line: lines.exact)
            let scale = max(1, values.map(abs).max() ?? 0)
            let tolerance = 1e-6 * scale
            let ends = [(values.first!, problem.lowerValue, problem.lower, "u(a)"), (values.last!, problem.upperValue, problem.upper, "u(b)")]
            for (value, wanted, x, label) in ends where abs(value - wanted) > tolerance {
                throw reader.error("problem.exact", "gives \(label) = u(\(x)) = \(value), but problem.boundary sets \(wanted) "
                                   + "(they must agree within 1e-6·max(1, max|u|))", line: lines.exact)
            }
        }
    }
}
