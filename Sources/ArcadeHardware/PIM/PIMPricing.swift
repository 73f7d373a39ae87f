import ArcadeCore
import ArcadeWorkloads

/// Energy of PIM steps, and every step's time and energy on the baselines: the same DRAM without
/// PIM (simulated by the DRAM family's controller on the kernel), a GPU and a CPU (rooflines).
final class PIMPricing {
    let architecture: PIMArchitecture
    let dataType: PIMDataType
    let power: DRAMPowerSpec
    let timing: DRAMTiming
    let organization: DRAMOrganization
    /// Weight streams already simulated, by (read bytes, write bytes): the decode's layers share shapes.
    private var streams: [String: (cycles: Int64, energy: Double)] = [:]

    init(architecture: PIMArchitecture, dataType: PIMDataType) {
        self.architecture = architecture
        self.dataType = dataType
        power = architecture.memory.standard.power
        timing = architecture.memory.timing
        organization = architecture.memory.organization
    }

    var tCK: Double { Double(timing.tCKPicoseconds) / 1_000 }
    var devices: Double { Double(organization.devicesPerRank) }

    // MARK: PIM energy

    /// One channel's kernel, scaled to all channels: DRAM commands (an ACT in a PIM kernel opens the
    /// row in every unit's bank), I/O bursts, refresh and background from the DRAM energy model; the
    /// units' in-bank bursts and MACs from the PIM configuration.
    func kernelEnergy(before: PIMChannelStats, after: PIMChannelStats, cycles: Int64) -> Double {
        let units = architecture.units
        // An ACT or step of a compute command reaches the units of its scope (all-bank: every unit).
        let perChannelUnits = units.unitsPerCommand(organization)
        func delta(_ command: DRAMCommand) -> Int { after.count(command) - before.count(command) }
        func delta(_ op: PIMOp) -> Int { after.count(op) - before.count(op) }
        var counts = [Int](repeating: 0, count: DRAMCommand.count)
        counts[DRAMCommand.activate.rawValue] = delta(.activate) * perChannelUnits
        // Bursts over the pins: every read but the units' in-bank ones, every write but the write-backs.
        counts[DRAMCommand.read.rawValue] = delta(.read) - delta(.mac) - delta(.fill) - delta(.elementwise) - delta(.activation)
        counts[DRAMCommand.write.rawValue] = delta(.write) - delta(.writeBack)
        counts[DRAMCommand.refreshAllBank.rawValue] = delta(.refreshAllBank)
        let dram = DRAMEnergy.estimate(power: power, timing: timing, organization: organization, commandCounts: counts,
                                       cycles: cycles, activeRankCycles: after.activeCycles - before.activeCycles, ranks: 1)
        let inBank = Double((delta(.mac) + delta(.fill) + delta(.elementwise) + delta(.activation) + delta(.writeBack))
                            * perChannelUnits) * bankAccessPicojoules
        let macs = Double((delta(.mac) + delta(.elementwise) + delta(.activation)) * perChannelUnits * units.lanes)
            * units.macPicojoules
        return (dram.totalNanojoules + (inBank + macs) / 1_000) * Double(architecture.channels)
    }

    /// pJ per in-bank burst read of a PIM step: the configured value, or 0.32 pJ/bit (CENT's in-bank
    /// access energy for GDDR6-AiM, cent_power_calculator.py, about 1/17 of a burst over the pins).
    var bankAccessPicojoules: Double {
        let configured = architecture.units.bankAccessPicojoules
        return configured > 0 ? configured : 0.32 * Double(organization.accessBytes * 8)
    }

    func hostEnergy(nanoseconds: Double) -> Double { architecture.host.powerWatts * nanoseconds }

    /// Precharged-standby background of every channel for `nanoseconds` (the DRAM waits for the host).
    func idleDRAMEnergy(nanoseconds: Double) -> Double {
        power.vdd * power.idd2n * nanoseconds * devices * Double(architecture.channels) / 1_000
    }

    // MARK: Baselines

    /// The step on the no-PIM DRAM, the GPU and the CPU (PIM fields left 0).
    func baselines(_ step: PIMStep, workloadName: String) throws -> PIMStepCost {
        let bytes = Double(dataType.bytes)
        var cost = PIMStepCost(pimNanoseconds: 0, pimEnergyNanojoules: 0, noPIMNanoseconds: 0, noPIMEnergyNanojoules: 0,
                               gpuNanoseconds: 0, cpuNanoseconds: 0, pimCycles: 0, noPIMCycles: 0, macs: 0, computeCommands: 0)
        let host = architecture.host
        switch step.work {
        case .gemv(let outputs, let inputs, _, let batch, _):
            let weightBytes = outputs * inputs * dataType.bytes
            let stream = try self.stream(readBytes: weightBytes + inputs * batch * dataType.bytes,
                                         writeBytes: outputs * batch * dataType.bytes, workloadName: workloadName)
            let macs = outputs * inputs * batch
            cost.macs = macs
            var nanoseconds = Double(stream.cycles) * tCK
            if architecture.noPIM == .host {
                let compute = Double((macs + host.macsPerCycle - 1) / host.macsPerCycle + host.opOverheadCycles) * 1 / host.clockGHz
                nanoseconds = max(nanoseconds, compute)
            }
            cost.noPIMCycles = Int64((nanoseconds / tCK).rounded(.up))
            cost.noPIMNanoseconds = nanoseconds
            cost.noPIMEnergyNanojoules = stream.energy + hostEnergy(nanoseconds: nanoseconds)
            let flops = 2 * Double(macs), traffic = Double(weightBytes) + Double((inputs + outputs) * batch) * bytes
            cost.gpuNanoseconds = architecture.gpu.kernelNanoseconds(flops: flops, bytes: traffic)
            cost.cpuNanoseconds = architecture.cpu.kernelNanoseconds(flops: flops, bytes: traffic)
        case .elementwise(let kind, let elements):
            let operands = kind == .relu ? 1 : 2
            let stream = try self.stream(readBytes: operands * elements * dataType.bytes, writeBytes: elements * dataType.bytes,
                                         workloadName: workloadName)
            cost.noPIMCycles = stream.cycles
            cost.noPIMNanoseconds = Double(stream.cycles) * tCK
            cost.noPIMEnergyNanojoules = stream.energy + hostEnergy(nanoseconds: cost.noPIMNanoseconds)
            let traffic = Double((operands + 1) * elements) * bytes
            cost.gpuNanoseconds = architecture.gpu.kernelNanoseconds(flops: Double(elements), bytes: traffic)
            cost.cpuNanoseconds = architecture.cpu.kernelNanoseconds(flops: Double(elements), bytes: traffic)
        case .host(_, let elements):
            let nanoseconds = Double(PIMHost.hostPicoseconds(host, elements: elements)) / 1_000
            cost.noPIMNanoseconds = nanoseconds
            cost.noPIMEnergyNanojoules = hostEnergy(nanoseconds: nanoseconds) + idleDRAMEnergy(nanoseconds: nanoseconds)
            let flops = 5 * Double(elements), traffic = 2 * Double(elements) * bytes
            cost.gpuNanoseconds = architecture.gpu.kernelNanoseconds(flops: flops, bytes: traffic)
            cost.cpuNanoseconds = architecture.cpu.kernelNanoseconds(flops: flops, bytes: traffic)
        }
        return cost
    }

    /// PIMSimulator's baseline traffic on the DRAM model: `readBytes` as sequential access-size reads
    /// offered at once, drained, then `writeBytes` of writes (src/tests/PIMBenchTestCases.h:124-150),
    /// through the DRAM family's FR-FCFS controller on the kernel. Memory cycles and DRAM energy.
    func stream(readBytes: Int, writeBytes: Int, workloadName: String) throws -> (cycles: Int64, energy: Double) {
        let key = "\(readBytes)/\(writeBytes)"
        if let known = streams[key] { return known }
        let access = organization.accessBytes
        let simulation = DRAMSimulation(config: architecture.memory)
        var cycles: Int64 = 0
        var energy = 0.0
        for (bytes, kind) in [(readBytes, MemoryRequest.Kind.read), (writeBytes, .write)] where bytes > 0 {
            let count = (bytes + access - 1) / access
            if count * access > architecture.capacityBytes {
                throw InputError(file: workloadName, "the no-PIM baseline streams \(count * access) bytes, more than the memory's "
                                 + "\(architecture.capacityBytes)")
            }
            let requests = (0..<count).map { MemoryRequest(address: UInt64($0 * access), kind: kind) }
            let result = try simulation.runOnKernel(requests, traceName: "no-PIM stream")
            cycles += result.cycles
            for stats in result.channels {
                energy += DRAMEnergy.estimate(power: power, timing: timing, organization: organization,
                                              commandCounts: stats.commandCounts, cycles: result.cycles,
                                              activeRankCycles: stats.activeRankCycles, ranks: 1).totalNanojoules
            }
        }
        streams[key] = (cycles, energy)
        return (cycles, energy)
    }
}
