import ArcadeCore

/// Options of one simulation run that are not part of the hardware description.
public struct SimulationOptions: Sendable {
    /// Report a peer simulator's numbers exactly, quirks included (e.g. `scalesim`); nil = Arcade's own.
    public var compatibility: String?
    /// Also run the family's slow reference model (e.g. PE by PE) and report whether it agrees.
    public var checkAgainstReference: Bool
    /// Run even when the estimated work is absurd (hours); without it such a run is an `InputError`
    /// naming the estimate and the limit (`arcade simulate --allow-huge`).
    public var allowHuge: Bool
    /// Called as the run moves on (systolic: before each layer; DRAM: while reading the trace and
    /// every 2^18 completed requests), so that a long run on a terminal shows where it is
    /// (`arcade simulate` draws a status line); nil: nobody listens. Must be cheap: it runs on the
    /// model's thread.
    public var progress: SimulationProgress.Handler?
    /// Also render the peer's own report files into `SimulationReport.peerReportFiles`; only for a
    /// `compatibility` mode in the family's `peerReportModes` (`arcade simulate --report-dir`).
    public var peerReports: Bool
    /// Also run the family's SystemC reference model (a separate process) and report whether it
    /// agrees and both run times (`arcade simulate --reference systemc`).
    public var systemCReference: Bool

    public init(compatibility: String? = nil, checkAgainstReference: Bool = false, allowHuge: Bool = false,
                peerReports: Bool = false, systemCReference: Bool = false) {
        self.compatibility = compatibility
        self.checkAgainstReference = checkAgainstReference
        self.allowHuge = allowHuge
        self.peerReports = peerReports
        self.systemCReference = systemCReference
    }
}

/// Where a run is: `done` of `total` finished. Without a `unit`, `item` is the one now running
/// (layer 3 of 20, 'Conv3'); with one, `done` counts `unit`s of the phase `item` (read trace,
/// 1,048,576 of 274,668,907 bytes).
public struct SimulationProgress: Sendable, Equatable {
    public typealias Handler = @Sendable (SimulationProgress) -> Void
    public var done: Int
    public var total: Int
    public var item: String
    public var unit: String?

    public init(done: Int, total: Int, item: String, unit: String? = nil) {
        self.done = done
        self.total = total
        self.item = item
        self.unit = unit
    }

    /// "3/20 'Conv3'" or "read trace 1048576/274668907 bytes (0%)".
    public var description: String {
        guard let unit else { return (done < total ? "\(done + 1)/\(total) " : "") + item }
        let percent = total > 0 ? done * 100 / total : 100
        return "\(item) \(done)/\(total) \(unit) (\(percent)%)"
    }
}

/// A hardware family: built from an architecture file, runs a workload, returns a report.
///
/// Adding a family = one folder under `ArcadeHardware/` with a type conforming to this protocol,
/// plus one line in `HardwareRegistry.families`. The CLI, the JSON/table printers and the HDF5
/// writer work from the `SimulationReport` alone, and from the declarations below (metrics with
/// units, delay and energy for derived objectives such as `edp`, help texts), so no shared file
/// names a family or its metrics. `FamilyConformanceTests` runs every family on every architecture
/// under `Architectures/<family>/` and checks the report against these declarations.
public protocol HardwareModel: Sendable {
    /// The `family:` key of architecture files, e.g. `systolic`.
    static var family: String { get }
    /// One line for `--help` and `arcade list`.
    static var summary: String { get }
    /// What workload files this family reads, for `--help` and error messages.
    static var workloadDescription: String { get }
    /// Peer simulators whose numbers `--compat` can reproduce.
    static var compatibilityModes: [String] { get }
    /// The compatibility modes (of `compatibilityModes`) whose peer's own report files the family
    /// writes with `SimulationOptions.peerReports`, each with the files' names for `--help`,
    /// e.g. `["scalesim": "COMPUTE_REPORT.csv, …"]`.
    static var peerReportModes: [String: String] { get }

    /// Every total the family reports, in report order, with its unit. Reports may hold no other totals.
    static var metrics: [MetricDescriptor] { get }
    /// The total that is the run's duration (unit of quantity time), for derived objectives; nil = none.
    static var delayMetric: String? { get }
    /// The total that is the run's energy (unit of quantity energy), for derived objectives; nil = none.
    static var energyMetric: String? { get }
    /// Shipped workloads, repository-relative, smallest first: the first runs on every shipped
    /// architecture in the conformance suite, so keep it tiny.
    static var exampleWorkloads: [String] { get }
    /// Example `arcade simulate` argument lists for `--help` (repository-relative paths, checked by the
    /// conformance suite to exist), e.g. `[["Architectures/dram/ddr4-2400.yaml", "Workloads/dram/…"]]`.
    static var exampleSimulations: [[String]] { get }
    /// A malformed workload (file extension, text) that `simulate` must reject with an `InputError`.
    static var malformedWorkloadExample: (fileExtension: String, text: String) { get }
    /// Peers' architecture formats `load(foreignFile:text:)` reads, for `--help`; nil = none.
    static var foreignArchitectureFormats: String? { get }
    /// What `--reference slow` does for this family, for `--help`; nil = it has no reference model.
    static var referenceModelDescription: String? { get }
    /// What `--reference systemc` runs for this family, for `--help`; nil = it has no SystemC reference.
    static var systemCReferenceDescription: String? { get }
    /// Report attributes holding whole input texts: stored in HDF5, left out of tables and JSON.
    static var inputTextAttributes: Set<String> { get }
    /// Whether a design point with every knob at its smallest value is the quickest to simulate
    /// (a dataflow graph at the smallest N) rather than the one with every knob at its largest (a
    /// systolic array with the most PEs, the default): the point a design space's load-time dry run uses.
    static var smallestPointIsQuickest: Bool { get }

    /// Builds the model from an architecture file's top-level mapping (`family` already read).
    /// Must read every key it accepts and call `finish()` so unknown keys are errors.
    init(architecture: ConfigSection, sourceText: String) throws

    /// Builds the model from a file in a peer's own format (e.g. a SCALE-Sim `.cfg`), or returns nil
    /// when the extension is not one this family reads.
    static func load(foreignFile path: String, text: String) throws -> Self?

    /// Runs `workloadPath` and reports. Bad workload input throws `InputError`.
    func simulate(workloadPath: String, options: SimulationOptions) throws -> SimulationReport
}

extension HardwareModel {
    public static func load(foreignFile path: String, text: String) throws -> Self? { nil }
    public static var compatibilityModes: [String] { [] }
    public static var peerReportModes: [String: String] { [:] }
    public static var exampleSimulations: [[String]] { [] }
    public static var delayMetric: String? { nil }
    public static var energyMetric: String? { nil }
    public static var foreignArchitectureFormats: String? { nil }
    public static var referenceModelDescription: String? { nil }
    public static var systemCReferenceDescription: String? { nil }
    public static var inputTextAttributes: Set<String> { ReportRendering.inputTextAttributes }
    public static var smallestPointIsQuickest: Bool { false }
}

extension HardwareModel {
    /// Throws unless `--compat compatibility` of this family writes peer report files
    /// (`arcade simulate --report-dir`), naming what is allowed.
    public static func checkPeerReports(compatibility: String?) throws {
        let modes = peerReportModes.keys.sorted()
        guard !modes.isEmpty else {
            let others = HardwareRegistry.families.flatMap { family in
                family.peerReportModes.keys.sorted().map { "\(family.family) with --compat \($0)" }
            }
            throw InputError(field: "--report-dir", "the \(family) family writes no peer simulator's report files; "
                                 + "allowed: \(others.joined(separator: ", "))")
        }
        guard let compatibility, peerReportModes[compatibility.lowercased()] != nil else {
            throw InputError(field: "--report-dir", "needs --compat naming the peer whose report files to write; allowed: "
                                 + modes.map { "--compat \($0) (\(peerReportModes[$0]!))" }.joined(separator: ", "))
        }
    }
}
