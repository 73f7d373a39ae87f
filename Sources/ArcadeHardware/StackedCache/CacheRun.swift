import ArcadeCore
import ArcadeKernel
import ArcadeWorkloads

/// One run of a trace on a hierarchy: the chip (core, levels, memory) built on one kernel and run
/// to the end.
struct CacheRun {
    let hierarchy: CacheHierarchy
    let core: CacheCore
    let cycles: Int64
    let period: Picoseconds
    let events: UInt64
    /// With a DRAM memory: its report of the misses and write-backs.
    let dramReport: SimulationReport?
    let memoryTransactions: Int

    /// The chip of a run, built and not yet run: what `run` and `CacheExternalPort` share.
    struct Assembly {
        let hierarchy: CacheHierarchy
        let chip: Chip
        let core: CacheCore
        let dram: DRAMMemoryComponent?
        let clock: ClockDomain

        init(_ architecture: CacheArchitecture, trace: [AddressAccess], compat: Bool, progress: (@Sendable (Int) -> Void)?,
             fastPaths: Bool) {
            hierarchy = CacheHierarchy(levels: architecture.levels, instructionLevel: architecture.instructionLevel,
                                       compat: compat)
            clock = architecture.clock
            chip = Chip()
            let memory: any MemoryTarget
            var dram: DRAMMemoryComponent? = nil
            var transactionBytes = architecture.levels.last!.lineBytes
            var capacity: UInt64? = nil
            switch architecture.memory {
            case .dram(let model, _):
                let component = DRAMMemoryComponent(config: model.config)
                transactionBytes = model.config.organization.accessBytes
                capacity = model.config.organization.capacityBytes.map { UInt64($0) }
                dram = component
                memory = component
            case .fixed(let latency, let width):
                memory = FixedLatencyMemory(clock: clock, latencyCycles: UInt64(latency), bytesPerCycle: width)
            }
            self.dram = dram
            core = CacheCore(trace: trace, hierarchy: hierarchy, clock: clock,
                             window: architecture.outstandingAccesses, transactionBytes: transactionBytes,
                             memoryCapacity: capacity, progress: progress, fastPaths: fastPaths)
            _ = chip.add(core)
            for level in hierarchy.levels + (hierarchy.instructionLevel.map { [$0] } ?? []) { _ = chip.add(level) }
            _ = chip.add(memory)
            let last = hierarchy.levels.last!
            last.core = core
            core.port = MemoryPort(target: memory, initiator: last.id)
            chip.start(core)
        }
    }

    /// `onComplete`: told each timed access's completion (trace index, time); runs without the
    /// fast paths (same results, `CacheFastPathTests`), whose loops do not report.
    static func run(_ architecture: CacheArchitecture, trace: AddressTrace, compat: Bool,
                    progress: SimulationProgress.Handler? = nil, fastPaths: Bool = true,
                    onComplete: ((Int, Picoseconds) -> Void)? = nil) throws -> CacheRun {
        let total = trace.accesses.count
        var report: (@Sendable (Int) -> Void)? = nil
        if let progress {
            report = { @Sendable (done: Int) -> Void in
                progress(SimulationProgress(done: done, total: total, item: "trace", unit: "accesses"))
            }
        }
        let assembly = Assembly(architecture, trace: trace.accesses, compat: compat, progress: report,
                                fastPaths: fastPaths && onComplete == nil)
        assembly.core.onComplete = onComplete
        let hierarchy = assembly.hierarchy, core = assembly.core, clock = assembly.clock
        let outcome = assembly.chip.run()
        if let deadlock = outcome.deadlock { throw deadlock }
        if compat { hierarchy.forceWriteBack() }
        let end = max(core.endTime, outcome.endTime)
        let cycles = Int64(clock.cycles(covering: end))
        var dramReport: SimulationReport? = nil
        if let dram = assembly.dram, case .dram(let model, _) = architecture.memory {
            let dramCycles = dram.lastCompletionCycle
            let result = DRAMRunResult(cycles: dramCycles, lastAcceptCycle: dram.lastAcceptCycle, requests: dram.accepted,
                                       channels: dram.finish(at: dramCycles))
            dramReport = DRAMReport.make(result: result, config: model.config, traceName: trace.name,
                                         architectureText: "", workloadText: "")
        }
        return CacheRun(hierarchy: hierarchy, core: core, cycles: cycles, period: clock.periodPicoseconds,
                        events: outcome.events, dramReport: dramReport, memoryTransactions: core.memoryTransactions)
    }
}
