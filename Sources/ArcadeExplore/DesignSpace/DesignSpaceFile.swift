import ArcadeCore
import ArcadeResults
import ArcadeHardware
import ArcadeKernel
import Foundation
import Yams

/// Reads design-space files.
///
/// A design space names a base architecture and a workload, the knobs to vary, constraints on
/// them, and the objectives. Every search agent and every sweep sees exactly this encoding.
///
/// ```yaml
/// name: systolic-resnet18
/// architecture: ../../Architectures/systolic/scalesim-32x32-os.yaml   # relative to this file
/// workload: ../conv/resnet18.csv                                       # relative to this file
/// compat: scalesim            # optional: a --compat mode of the architecture's family
/// parameters:                 # keys are dotted paths into the architecture YAML (e.g. controller.scheduler)
///   rows: {range: [8, 128], step: 8}           # 8, 16, …, 128 (step defaults to 1)
///   columns: {powers_of_two: [8, 256]}         # 8, 16, 32, …, 256
///   dataflow: {choices: [os, ws, is]}          # categorical (unordered), in the order written
///   ifmap_sram_kib: {values: [64, 128, 256]}   # explicit numbers (sorted ascending)
/// constraints:                # all must hold; checked before simulating
///   - rows * columns <= 16384
///   - dataflow != 'is' or rows <= 64
/// objectives:                 # all turned into minimisation
///   - minimize: cycles
///   - minimize: area_mm2
///   # - maximize: overall_utilization           # minimises −value
///   # - target: {metric: cycles, value: 500000} # ArchGym-style: minimises |v − target| / |target|
/// ```
///
/// - Parameters: the dimensions of the encoded space, in file order; index order is value order for
///   numeric kinds. Each key must be accepted by the architecture's family; the values of every
///   parameter are tried on the base architecture at load time (all of them up to 256, else 256
///   spread evenly, both ends included).
/// - Constraints: `+ - * /`, parentheses, numbers, parameter names, `'strings'` (for categorical
///   parameters, with `==`/`!=`), `<= < >= > == !=`, `and`, `or`, `not` (usual precedence).
/// - Objectives: numeric totals of the family's report (`arcade list` lists them with units) and
///   the derived metrics (`DerivedMetric`: energy × delay from the family's declared energy and
///   delay totals, in µJ·µs). Checked by simulating one
///   feasible point at load time.
///
/// Errors (`InputError`, exit 2) name the file, line and field: empty ranges, step ≤ 0, unknown
/// keys or parameters, parameters or values the architecture rejects, malformed expressions (with
/// the column), unknown metrics, and constraints no point satisfies (checked exhaustively up to one
/// million points, else on 100,000 seeded samples).
public enum DesignSpaceFile {
    /// Up to this many points, load proves (un)satisfiability by enumeration.
    public static let exhaustiveCheckLimit = 1_000_000
    /// Above it, the number of seeded random points tried.
    public static let sampledCheckCount = 100_000

    public static func load(path: String) throws -> DesignSpace {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw InputError(file: path, exists ? "cannot read the design-space file (not UTF-8 text)" : "design-space file not found")
        }
        return try load(text: text, path: path)
    }

    /// Parses `text` as if read from `path` (relative paths resolve against `path`'s folder).
    public static func load(text: String, path: String) throws -> DesignSpace {
        let yaml = DesignSpaceYAML(file: path)
        let root = try yaml.compose(text)
        let entries = try yaml.mapping(root, field: nil, allowed: ["name", "architecture", "workload", "compat",
                                                                     "parameters", "constraints", "objectives"])
        func entry(_ key: String) -> (key: String, keyNode: Node, value: Node)? { entries.first { $0.key == key } }
        func required(_ key: String, _ what: String) throws -> (key: String, keyNode: Node, value: Node) {
            guard let found = entry(key) else { throw InputError(file: path, line: root.mark?.line, field: key, "is required (\(what))") }
            return found
        }
        func resolve(_ key: String, _ what: String) throws -> (path: String, text: String) {
            let node = try required(key, what).value
            let relative = try yaml.scalar(node, field: key)
            let resolved = resolvePath(relative, against: path)
            guard let data = FileManager.default.contents(atPath: resolved) else {
                throw yaml.error(node, key, "cannot read '\(resolved)' (paths are relative to the space file)")
            }
            // A binary workload (a gzip'd trace) enters the space's hash through its bytes' digest.
            guard let contents = String(data: data, encoding: .utf8) else {
                let hash = data.withUnsafeBytes { ContentChecksum.fnv1a($0) }
                return (resolved, "binary \(data.count) bytes fnv1a64 \(String(hash, radix: 16))")
            }
            return (resolved, contents)
        }

        let name = try entry("name").map { try yaml.scalar($0.value, field: "name") }
            ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let (architecturePath, architectureText) = try resolve("architecture", "the base architecture YAML")
        let (workloadPath, workloadText) = try resolve("workload", "the workload file")
        guard ["yaml", "yml"].contains(URL(fileURLWithPath: architecturePath).pathExtension.lowercased()) else {
            throw yaml.error(entry("architecture")?.value, "architecture", "design spaces need a .yaml architecture (keys are set by name)")
        }
        let baseModel = try HardwareRegistry.loadArchitecture(path: architecturePath)
        let family = type(of: baseModel)
        var compatibility: String?
        if let compat = entry("compat") {
            let mode = try yaml.scalar(compat.value, field: "compat")
            guard family.compatibilityModes.contains(mode) else {
                let allowed = family.compatibilityModes.isEmpty ? "(none for this family)" : family.compatibilityModes.joined(separator: ", ")
                throw yaml.error(compat.value, "compat", "'\(mode)' is not a compatibility mode of family '\(family.family)'; allowed: \(allowed)")
            }
            compatibility = mode
        }

        let parameterEntries = try yaml.mapping(try required("parameters", "a mapping of architecture keys to values").value,
                                                field: "parameters")
        guard !parameterEntries.isEmpty else { throw yaml.error(entry("parameters")?.value, "parameters", "needs at least one parameter") }
        let parameters = try parameterEntries.map { try DesignParameter.parse(name: $0.key, node: $0.value, yaml: yaml) }
        let architecture = try template(architectureText, architecturePath, keys: parameters.map(\.name), parameters, yaml)
        try checkValues(of: parameters, architectureText, architecturePath, yaml)

        var constraints: [DesignSpace.Constraint] = []
        if let constraintEntry = entry("constraints") {
            for (index, node) in try yaml.list(constraintEntry.value, field: "constraints").enumerated() {
                constraints.append(try constraint(node, field: "constraints[\(index)]", parameters: parameters, yaml: yaml))
            }
        }
        let objectiveEntry = try required("objectives", "a list such as '- minimize: cycles'")
        let objectiveNodes = try yaml.list(objectiveEntry.value, field: "objectives")
        guard !objectiveNodes.isEmpty else { throw yaml.error(objectiveEntry.value, "objectives", "needs at least one objective") }
        let objectives = try objectiveNodes.enumerated().map { try DesignObjective.parse(yaml, $0.element, field: "objectives[\($0.offset)]") }
        for (index, objective) in objectives.enumerated() {
            if let first = objectives[..<index].firstIndex(where: { $0.label == objective.label }) {
                throw yaml.error(objectiveNodes[index], "objectives[\(index)]",
                                 "repeats objectives[\(first)] ('\(objective.label)'); allowed: each objective once")
            }
        }

        let space = DesignSpace(name: name, file: path, architecturePath: architecturePath, workloadPath: workloadPath,
                                compatibility: compatibility, parameters: parameters, constraints: constraints,
                                objectives: objectives, text: text,
                                hash: DesignSpaceHash.fnv1a([text, architectureText, workloadText]), architecture: architecture)
        let line = entry("constraints")?.keyNode.mark?.line
        try dryRun(space, line: line)
        return space
    }

    /// Seeded feasible points the dry run tries after the first when that one reports no metrics.
    public static let dryRunSamples = 32

    /// Dry-runs the first feasible point; if it reports no metrics — it deadlocks (a FIFO too
    /// shallow) or does not fit its device (an FPGA corner) — tries seeded feasible samples, then
    /// the other end of the space. Any other error is the space's, at once.
    static func dryRun(_ space: DesignSpace, line: Int?) throws {
        var tried: [[Int]] = []
        var lastReason = ""
        /// True when `point` reported metrics; false when it deadlocked or does not fit its device.
        func attempt(_ point: [Int]) throws -> Bool {
            guard !tried.contains(point) else { return false }
            tried.append(point)
            do {
                try dryRun(space, at: point)
                return true
            } catch let deadlock as DeadlockReport {
                lastReason = "\(deadlock)"
            } catch let error as InputError where error.isDesignLimit {
                lastReason = error.message
            }
            return false
        }
        // The candidates are found only when the one before failed: most spaces stop at the first.
        if try attempt(firstFeasiblePoint(space, line: line)) { return }
        var generator = SplitMix64(seed: 0xD1A7_2A11)
        for _ in 0..<(dryRunSamples * 8) where tried.count <= dryRunSamples {
            let point = space.encoding.sample(using: &generator)
            if space.isFeasible(point), try attempt(point) { return }
        }
        if try attempt(firstFeasiblePoint(space, line: line, fromBottom: !smallestFirst(space))) { return }
        throw InputError(file: space.file, line: line, "none of the \(tried.count) feasible points tried at load could be "
                         + "simulated (deadlock or over the device's budget); the last: \(lastReason)")
    }

    /// `relative` as seen from the folder of `file` (`InputPath.resolve`).
    public static func resolvePath(_ relative: String, against file: String) -> String {
        InputPath.resolve(relative, against: file)
    }

    static func template(_ text: String, _ file: String, keys: [String], _ parameters: [DesignParameter],
                         _ yaml: DesignSpaceYAML) throws -> DesignSpaceArchitecture {
        do {
            return try DesignSpaceArchitecture(baseText: text, file: file, keys: keys)
        } catch let error as InputError where error.file == nil {
            let line = parameters.first { $0.name == error.field }?.line
            throw InputError(file: yaml.file, line: line, field: error.field.map { "parameters.\($0)" }, error.message)
        }
    }

    /// Values of one parameter tried at load: all of them up to this many, else this many spread
    /// evenly over the index range, both ends included. Each try builds an architecture from YAML
    /// (about 0.2 ms in a debug build), so trying all of a 1M-value parameter took minutes; a value
    /// between two accepted ones that the family still rejects fails at its point, with the reason.
    public static let checkedValuesPerParameter = 256

    /// The indices `checkValues` tries for a parameter of `count` values, ascending.
    static func checkedIndices(count: Int) -> [Int] {
        let limit = checkedValuesPerParameter
        guard count > limit else { return Array(0..<count) }
        return (0..<limit).map { $0 * (count - 1) / (limit - 1) }
    }

    /// Tries the values of every parameter on the base architecture (others as in the base file),
    /// so a key the family does not read, or a value it rejects, is reported at the parameter's line.
    /// Every value up to `checkedValuesPerParameter`, else that many spread over the range.
    static func checkValues(of parameters: [DesignParameter], _ text: String, _ file: String, _ yaml: DesignSpaceYAML) throws {
        for parameter in parameters {
            let single = try template(text, file, keys: [parameter.name], [parameter], yaml)
            for value in checkedIndices(count: parameter.values.count).map({ parameter.values[$0] }) {
                do {
                    _ = try DesignSpaceArchitecture.model(text: single.text(values: [value]), file: file, basePath: file)
                } catch let error as InputError {
                    if error.isDesignLimit { continue }         // too big with the base's other values: an infeasible point, not a bad value
                    let field = "parameters.\(parameter.name)"
                    if error.field == parameter.name, error.message.hasPrefix("unknown key") {
                        throw InputError(file: yaml.file, line: parameter.line, field: field,
                                         "is not a key of the '\(single.family)' architecture (\(error.message))")
                    }
                    throw InputError(file: yaml.file, line: parameter.line, field: field,
                                     "value '\(value)' is rejected by the architecture: \(error.message)")
                }
            }
        }
    }

    static func constraint(_ node: Node, field: String, parameters: [DesignParameter],
                           yaml: DesignSpaceYAML) throws -> DesignSpace.Constraint {
        let text = try yaml.scalar(node, field: field)
        do {
            let expression = try DesignSpaceExpression(text, parameters: parameters.map(\.name),
                                                       numeric: parameters.map { $0.numericValues.allSatisfy { $0 != nil } })
            return DesignSpace.Constraint(expression: expression, line: node.mark?.line)
        } catch {
            // Column in the file: the scalar's start, plus one for an opening quote.
            let quoted = node.scalar.map { $0.style == .singleQuoted || $0.style == .doubleQuoted } ?? false
            let fileColumn = node.mark.map { $0.column + (quoted ? 1 : 0) + error.column - 1 }
            // At most `excerptWidth` characters of the expression around the column, so a 100k-character
            // constraint gives a one-line excerpt, not the whole text.
            let characters = Array(text)
            let excerptWidth = 100
            let start = max(0, min(error.column - 1 - excerptWidth / 2, characters.count - excerptWidth))
            let end = min(characters.count, start + excerptWidth)
            let excerpt = (start > 0 ? "…" : "") + String(characters[start..<end]) + (end < characters.count ? "…" : "")
            let caret = String(repeating: " ", count: error.column - 1 - start + (start > 0 ? 1 : 0)) + "^"
            throw InputError(file: yaml.file, line: node.mark?.line, field: field,
                             "column \(fileColumn ?? error.column): \(error.message)\n    \(excerpt)\n    \(caret)")
        }
    }

    static func smallestFirst(_ space: DesignSpace) -> Bool {
        HardwareRegistry.family(named: space.family)?.smallestPointIsQuickest ?? false
    }

    static func firstFeasiblePoint(_ space: DesignSpace, line: Int?, fromBottom: Bool? = nil) throws -> [Int] {
        let encoding = space.encoding
        let total = encoding.cardinality
        if total <= exhaustiveCheckLimit {
            // From the top: the largest values come first, which for most families is the quickest dry
            // run; from the bottom for families whose work grows with their knobs (dataflow sizes).
            let fromBottom = fromBottom ?? smallestFirst(space)
            let ranks: [Int] = fromBottom ? Array(0..<total) : Array((0..<total).reversed())
            for rank in ranks where space.isFeasible(encoding.point(rank: rank)) { return encoding.point(rank: rank) }
            throw InputError(file: space.file, line: line, field: "constraints",
                             "no design point satisfies the constraints (all \(total) points checked)")
        }
        var generator = SplitMix64(seed: 0x5EED_DE51_6E00)
        for _ in 0..<sampledCheckCount {
            let point = encoding.sample(using: &generator)
            if space.isFeasible(point) { return point }
        }
        throw InputError(file: space.file, line: line, field: "constraints",
                         "no design point satisfies the constraints among \(sampledCheckCount) seeded random samples of the "
                             + "\(total == Int.max ? "more than \(Int.max)" : String(total)) points; they are probably unsatisfiable")
    }

    /// Simulates `point` once so unknown metrics are reported at load, not after an hour of search.
    static func dryRun(_ space: DesignSpace, at point: [Int]) throws {
        let report: SimulationReport
        do {
            report = try space.simulate(point)
        } catch let error as InputError where !error.isDesignLimit {
            throw InputError(file: space.file, "the feasible point \(space.decode(point)) tried at load could not be simulated: \(error)")
        }
        let available = DesignObjective.availableMetrics(in: report)
        for (index, objective) in space.objectives.enumerated() where DesignObjective.metric(objective.metric, in: report) == nil {
            throw InputError(file: space.file, line: objective.line, field: "objectives[\(index)]",
                             "unknown metric '\(objective.metric)'; the '\(space.family)' report has: \(available.joined(separator: ", "))")
        }
    }
}
