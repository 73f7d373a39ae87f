import ArcadeCore
import ArcadeKernel

/// One step's cost on PIM and on each baseline.
struct PIMStepCost {
    var pimNanoseconds: Double
    var pimEnergyNanojoules: Double
    var noPIMNanoseconds: Double
    var noPIMEnergyNanojoules: Double
    var gpuNanoseconds: Double
    var cpuNanoseconds: Double
    /// PIM memory cycles of a kernel (0 for host ops), and the no-PIM baseline's.
    var pimCycles: Int64
    var noPIMCycles: Int64
    var macs: Int
    var computeCommands: Int
}

/// Everything a run produced, before it becomes a report.
struct PIMRunResult {
    var steps: [PIMStep]
    var costs: [PIMStepCost]
    /// Memory cycles from the start to the end of the last step.
    var cycles: Int64
    var stats: PIMChannelStats
}

/// Builds the chip (host + PIM memory on one kernel), runs the program, and prices every step on
/// the baselines.
enum PIMRun {
    /// Channel commands above which a run needs `--allow-huge`: about a minute and a half at the
    /// measured ~0.9 µs per command, baselines included (GPT-2 medium on aim-gddr6.yaml, ~43k
    /// commands per token: 8 tokens 1.85 s, 32 tokens 2.73 s).
    static let commandLimit = 100_000_000

    static func run(_ architecture: PIMArchitecture, workload: PIMWorkload, workloadName: String,
                    progress: SimulationProgress.Handler? = nil, allowHuge: Bool = false) throws -> PIMRunResult {
        let units = architecture.units
        if let type = workload.dataType, type != units.dataType {
            throw InputError(file: workloadName, field: "data_type", "the workload is \(type.rawValue) but the PIM units "
                             + "compute in \(units.dataType.rawValue); allowed: \(units.dataType.rawValue)")
        }
        let organization = architecture.memory.organization
        let builder = PIMKernelBuilder(pim: units, organization: organization)
        let channels = architecture.channels
        let program = PIMProgram.lower(workload, channels: channels)
        let baseRows = try placeRegions(program, builder: builder, architecture: architecture, workloadName: workloadName)
        if !allowHuge {
            let commands = estimatedCommands(program, builder: builder, architecture: architecture)
            if commands > Double(commandLimit) {
                throw InputError(file: workloadName, "about \(Int(commands)) PIM commands per channel, more than the limit "
                                 + "\(commandLimit) (about a minute and a half); pass --allow-huge to run it anyway")
            }
        }
        if case .elementwise(_, let elements, _) = workload {
            let needed = 3 * elements * units.dataType.bytes
            if needed > architecture.capacityBytes {
                throw InputError(file: workloadName, field: "elements", "the operands need \(needed) bytes; the memory holds "
                                 + "\(architecture.capacityBytes)")
            }
        }
        let chip = Chip()
        let memory = chip.add(PIMMemoryComponent(architecture: architecture))
        let readResults = architecture.readResults
        let split = architecture.splitInputs
        let host = chip.add(PIMHost(steps: program.steps, kernel: { index in
            switch program.steps[index].work {
            case .gemv(let outputs, let inputs, let distinct, let batch, let region):
                let shape = builder.splitShape(outputs: outputs, inputs: inputs, channels: channels, enabled: split)
                return (builder.gemv(outputs: shape.outputs, inputs: shape.inputs, channels: channels, readResults: readResults,
                                     baseRow: baseRows[region], distinctInputs: distinct, batch: batch),
                        (shape.split - 1) * outputs * batch)
            case .elementwise(let kind, let elements):
                return (builder.elementwise(kind, elements: elements, channels: channels), 0)
            case .host: return nil
            }
        }, config: architecture.host, memory: memory))
        host.progress = progress
        chip.start(host)
        let outcome = chip.run()
        if let deadlock = outcome.deadlock { throw deadlock }
        let pricing = PIMPricing(architecture: architecture, dataType: units.dataType)
        var costs: [PIMStepCost] = []
        costs.reserveCapacity(program.steps.count)
        var kernel = 0
        for (index, step) in program.steps.enumerated() {
            if let progress, index % 256 == 0 || index == program.steps.count - 1 {
                progress(SimulationProgress(done: index + 1, total: program.steps.count, item: "baselines", unit: "steps"))
            }
            let span = host.spans[index]
            let nanoseconds = Double(span.end - span.start) / 1_000
            var cost = try pricing.baselines(step, workloadName: workloadName)
            cost.pimNanoseconds = nanoseconds
            if case .host = step.work {
                cost.pimEnergyNanojoules = pricing.hostEnergy(nanoseconds: nanoseconds) + pricing.idleDRAMEnergy(nanoseconds: nanoseconds)
            } else {
                let record = memory.kernelStats[kernel]
                kernel += 1
                cost.pimCycles = record.endCycle - record.startCycle
                cost.pimEnergyNanojoules = pricing.kernelEnergy(before: record.before, after: record.after, cycles: cost.pimCycles)
                cost.computeCommands = (record.after.count(.mac) - record.before.count(.mac)
                                        + record.after.count(.elementwise) - record.before.count(.elementwise)
                                        + record.after.count(.activation) - record.before.count(.activation)) * channels
            }
            costs.append(cost)
        }
        let endCycle = Int64(memory.clock.cycles(covering: host.spans.last?.end ?? 0))
        return PIMRunResult(steps: program.steps, costs: costs, cycles: endCycle, stats: memory.channel.stats)
    }

    /// About how many commands one channel issues: MAC steps × command banks per step, per GEMV;
    /// element-wise kernels by their tiles.
    static func estimatedCommands(_ program: PIMProgram, builder: PIMKernelBuilder, architecture: PIMArchitecture) -> Double {
        let channels = architecture.channels, units = builder.pim
        let perStep = Double(builder.commandBanks(parity: 0).count)
        var total = 0.0
        for step in program.steps {
            switch step.work {
            case .gemv(let outputs, let inputs, let distinct, let batch, _):
                let shape = builder.splitShape(outputs: outputs, inputs: inputs, channels: channels, enabled: architecture.splitInputs)
                let tiles = builder.gemvTiles(outputs: shape.outputs, inputs: shape.inputs, channels: channels)
                total += Double(tiles.output) * Double(tiles.input) * Double(batch)
                    * (Double(units.grfA * units.grfB) * perStep + Double(units.grfA * distinct))
            case .elementwise(_, let elements):
                let perTile = Double(builder.banks * channels * units.grf * units.lanes)
                total += (Double(elements) / perTile).rounded(.up) * Double(3 * units.grf) * perStep * Double(builder.parities())
            case .host: break
            }
        }
        return total
    }

    /// The first row of every weight region; throws when they do not fit in a bank (HBM-PIM keeps
    /// rows from 4096 up for its park and mode rows).
    static func placeRegions(_ program: PIMProgram, builder: PIMKernelBuilder, architecture: PIMArchitecture,
                             workloadName: String) throws -> [Int] {
        let organization = architecture.memory.organization
        let usable = builder.pim.protocolKind == .hbmPIM ? PIMKernelBuilder.parkRow : organization.rows
        var next = 0
        var bases: [Int] = []
        for region in program.regions {
            bases.append(next)
            let shape = builder.splitShape(outputs: region.outputs, inputs: region.inputs, channels: architecture.channels,
                                           enabled: architecture.splitInputs)
            next += builder.rowsPerBank(outputs: shape.outputs, inputs: shape.inputs, channels: architecture.channels, batch: 1)
        }
        if next > usable {
            let bytes = program.regions.reduce(0) { $0 + $1.outputs * $1.inputs } * builder.pim.dataType.bytes
            throw InputError(file: workloadName, "the matrices (\(program.regions.count) of them, \(bytes) bytes of "
                             + "\(builder.pim.dataType.rawValue)) need \(next) rows in every bank, but a bank has \(usable) rows "
                             + "for data (\(organization.rows) rows\(usable < organization.rows ? ", rows from \(usable) up reserved by hbm-pim" : "")); "
                             + "use a memory with more channels, banks or rows, or a smaller model")
        }
        return bases
    }
}
