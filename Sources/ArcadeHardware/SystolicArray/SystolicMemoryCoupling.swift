import ArcadeCore
import ArcadeKernel
import ArcadeWorkloads

/// The systolic array on a cycle-level DRAM (architecture key `memory:`), as two components on one
/// kernel: a `SystolicArrayComponent` whose memory port goes to a `DRAMMemoryComponent`. The array
/// fetches each fold's operands before the fold starts (prefetched during the previous fold) and
/// writes its outputs after it; a fold whose data is late waits, and the waiting is the layer's
/// stall. One DRAM serves the whole network, so its row buffers, queues and refresh carry from
/// layer to layer, and its energy is the DRAM model's own.
///
/// `layerPacedStallCycles` is the earlier coupling, kept as the reference the tests compare with:
/// a fresh DRAM per layer, the layer's traffic paced evenly over its compute time, stall =
/// max(0, memory − compute) — a lower bound that cannot see per-fold bursts.
public struct SystolicMemoryCoupling: Sendable {
    public var memory: DRAMSystemConfig
    /// The memory file as given, stored with results.
    public var sourceText: String

    public init(memory: DRAMSystemConfig, sourceText: String) {
        self.memory = memory
        self.sourceText = sourceText
    }

    /// What the chip run gives: per-layer cycles (stalls included) and the DRAM's totals.
    public struct Outcome: Sendable {
        public var layerCycles: [Int]
        /// Memory cycles until the last transaction completed.
        public var dramCycles: Int64
        public var dramEnergyNanojoules: Double
        public var dramRequests: Int
        public var dramRowHitRate: Double
    }

    /// Runs `plans` (one list of traffic plans per reported layer, in order) on the array and the DRAM.
    func run(_ plans: [[SystolicFoldTraffic]], config: SystolicArrayConfig) throws -> Outcome {
        let dram = DRAMMemoryComponent(config: memory)
        let cycles = try Self.layerCycles(plans, config: config, memory: dram, lineBytes: memory.organization.accessBytes,
                                          capacityBytes: UInt64(memory.organization.capacityBytes ?? Int.max))
        let dramCycles = dram.lastCompletionCycle
        let result = DRAMRunResult(cycles: dramCycles, lastAcceptCycle: dram.lastAcceptCycle, requests: dram.accepted,
                                   channels: dram.finish(at: dramCycles))
        let report = DRAMReport.make(result: result, config: memory, traceName: "array", architectureText: "",
                                     workloadText: "")
        func total(_ key: String) -> Double {
            switch report.totals.first(where: { $0.key == key })?.value {
            case .double(let value): return value
            case .int(let value): return Double(value)
            default: return 0
            }
        }
        return Outcome(layerCycles: cycles, dramCycles: dramCycles, dramEnergyNanojoules: total("energy_nj"),
                       dramRequests: dram.accepted, dramRowHitRate: total("row_hit_percent") / 100)
    }

    /// Array cycles of each reported layer, stalls included, with `memory` behind the array's port.
    static func layerCycles(_ plans: [[SystolicFoldTraffic]], config: SystolicArrayConfig, memory: any MemoryTarget,
                            lineBytes: Int, capacityBytes: UInt64) throws -> [Int] {
        let chip = Chip()
        chip.add(memory)
        let array = chip.add(SystolicArrayComponent(layers: plans.flatMap { $0 }, config: config, lineBytes: lineBytes,
                                                    capacityBytes: capacityBytes))
        array.port = MemoryPort(target: memory, initiator: array.id)
        chip.start(array)
        let outcome = chip.run()
        if let deadlock = outcome.deadlock { throw deadlock }
        // Per reported layer: from the previous layer's end to its own last fold's end.
        var cycles: [Int] = []
        var previous: Picoseconds = 0
        var index = 0
        for plan in plans {
            index += plan.count
            let end = array.layerEnd[index - 1]
            cycles.append(Int(array.clock.cycles(covering: end - previous)))
            previous = array.clock.nextEdge(atOrAfter: end)
        }
        return cycles
    }

    /// Reference (tests): the layer-paced lower bound, a fresh DRAM per layer.
    public func layerPacedStallCycles(for layer: SystolicLayerResult, config: SystolicArrayConfig) throws -> (stalls: Int, memoryCycles: Int64) {
        let requests = self.requests(for: layer, config: config)
        guard !requests.isEmpty else { return (0, 0) }
        let run = try DRAMSimulation(config: memory).run(requests, traceName: "layer \(layer.name)")
        let memoryPicoseconds = Picoseconds(run.cycles) * Picoseconds(memory.timing.tCKPicoseconds)
        let arrayCycles = Int64(config.clock.cycles(covering: memoryPicoseconds))
        let compute = Int64(layer.cycles - layer.stallCycles)
        return (Int(max(0, arrayCycles - compute)), run.cycles)
    }

    /// The layer's DRAM traffic as line-sized requests, demand-paced over its compute time.
    func requests(for layer: SystolicLayerResult, config: SystolicArrayConfig) -> [MemoryRequest] {
        let line = UInt64(memory.organization.accessBytes)
        let word = UInt64(config.wordBytes)
        func lines(_ words: Int) -> Int { Int((UInt64(words) * word + line - 1) / line) }
        let streams: [(base: UInt64, count: Int, kind: MemoryRequest.Kind)] = [
            (UInt64(config.ifmapOffset) * word, lines(layer.dramReadsIfmap), .read),
            (UInt64(config.filterOffset) * word, lines(layer.dramReadsFilter), .read),
            (UInt64(config.ofmapOffset) * word, lines(layer.dramWritesOfmap), .write),
        ]
        let total = streams.reduce(0) { $0 + $1.count }
        guard total > 0 else { return [] }
        let capacity = UInt64(memory.organization.capacityBytes ?? Int.max)
        let computePicoseconds = Double(config.clock.time(ofCycle: UInt64(layer.cycles - layer.stallCycles)))
        let memoryCyclesOfCompute = computePicoseconds / Double(memory.timing.tCKPicoseconds)
        var requests: [MemoryRequest] = []
        requests.reserveCapacity(total)
        var issued = [Int](repeating: 0, count: streams.count)
        // Interleave in proportion: at each step take from the stream furthest behind its share.
        for index in 0..<total {
            var pick = 0
            var worst = Double.infinity
            for (stream, entry) in streams.enumerated() where issued[stream] < entry.count {
                let progress = Double(issued[stream]) / Double(entry.count)
                if progress < worst { worst = progress; pick = stream }
            }
            let address = (streams[pick].base + UInt64(issued[pick]) * line) % capacity
            let arrival = Int64(memoryCyclesOfCompute * Double(index) / Double(total))
            requests.append(MemoryRequest(address: address - address % line, kind: streams[pick].kind, arrivalCycle: arrival))
            issued[pick] += 1
        }
        return requests
    }
}
