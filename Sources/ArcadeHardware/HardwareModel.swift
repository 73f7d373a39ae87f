import ArcadeCore

/// Options of one simulation run that are not part of the hardware description.
public struct SimulationOptions: Sendable {
    /// Report a peer simulator's numbers exactly, quirks included (e.g. `scalesim`); nil = Arcade's own.
    public var compatibility: String?
    /// Also run the family's slow reference model (e.g. PE by PE) and report whether it agrees.
    public var checkAgainstReference: Bool

    public init(compatibility: String? = nil, checkAgainstReference: Bool = false) {
        self.compatibility = compatibility
        self.checkAgainstReference = checkAgainstReference
    }
}

/// A hardware family: built from an architecture file, runs a workload, returns a report.
///
/// Adding a family = one folder under `ArcadeHardware/` with a type conforming to this protocol,
/// plus one line in `HardwareRegistry.families`. The CLI, the JSON/table printers and the HDF5
/// writer work from the `SimulationReport` alone, so they need no change.
public protocol HardwareModel: Sendable {
    /// The `family:` key of architecture files, e.g. `systolic`.
    static var family: String { get }
    /// One line for `--help` and `arcade list`.
    static var summary: String { get }
    /// What workload files this family reads, for `--help` and error messages.
    static var workloadDescription: String { get }
    /// Peer simulators whose numbers `--compat` can reproduce.
    static var compatibilityModes: [String] { get }

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
}
