/// Everything Arcade reports for one layer on a systolic array. Access counts are in words
/// (SCALE-Sim's unit; multiply by `wordBytes` for bytes).
public struct SystolicLayerResult: Equatable, Sendable {
    public var name: String
    /// Total cycles including stalls.
    public var cycles: Int
    /// Cycles the array waited on DRAM (0 with unlimited bandwidth).
    public var stallCycles: Int
    public var macs: Int
    public var folds: Int
    /// MACs / ((cycles − stalls) · R · C), percent — SCALE-Sim's "Compute Util %".
    public var computeUtilization: Double
    /// MACs / (cycles · R · C), percent — SCALE-Sim's "Overall Util %".
    public var overallUtilization: Double
    /// Mean fraction of PEs mapped per fold, percent.
    public var mappingEfficiency: Double
    public var sramReadsIfmap: Int
    public var sramReadsFilter: Int
    public var sramWritesOfmap: Int
    public var dramReadsIfmap: Int
    public var dramReadsFilter: Int
    public var dramWritesOfmap: Int
    /// Where SCALE-Sim's traces of this layer start and stop (its detailed access report); set in
    /// `.scaleSim` mode for one SCALE-Sim layer (a depthwise channel, not their sum), else nil.
    public var scaleSimTimeline: ScaleSimTimeline?

    public init(name: String, cycles: Int, stallCycles: Int, macs: Int, folds: Int,
                computeUtilization: Double, overallUtilization: Double, mappingEfficiency: Double,
                sramReadsIfmap: Int, sramReadsFilter: Int, sramWritesOfmap: Int,
                dramReadsIfmap: Int, dramReadsFilter: Int, dramWritesOfmap: Int) {
        self.name = name
        self.cycles = cycles
        self.stallCycles = stallCycles
        self.macs = macs
        self.folds = folds
        self.computeUtilization = computeUtilization
        self.overallUtilization = overallUtilization
        self.mappingEfficiency = mappingEfficiency
        self.sramReadsIfmap = sramReadsIfmap
        self.sramReadsFilter = sramReadsFilter
        self.sramWritesOfmap = sramWritesOfmap
        self.dramReadsIfmap = dramReadsIfmap
        self.dramReadsFilter = dramReadsFilter
        self.dramWritesOfmap = dramWritesOfmap
    }
}

/// Whose conventions the numbers follow.
public enum SystolicReportingMode: String, Sendable, CaseIterable {
    /// Arcade's own: exact cycle counts (no off-by-one), on-chip partial-sum accumulation.
    case native
    /// Exactly SCALE-Sim 3.0.0's reported numbers, quirks included (README lists them).
    case scaleSim = "scalesim"
}
