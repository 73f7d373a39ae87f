import ArcadeCore
import ArcadeWorkloads

/// The systolic array's operand traffic run through the cycle-level DRAM model, so stall cycles
/// come from real DRAM timing instead of a fixed bandwidth (architecture key `memory:`).
///
/// Granularity: one layer. The layer's DRAM traffic (ifmap and filter reads, ofmap writes, in
/// `accessBytes` requests over each operand's address region, reads and writes interleaved in
/// proportion) is offered to the DRAM at the pace the compute demands: request i arrives at
/// i/count of the layer's compute time. The double-buffered SRAMs let transfers overlap compute
/// (SCALE-Sim's assumption too), so the layer takes max(compute, memory) and the excess is stall:
/// stall = max(0, ceil(DRAM completion time / array clock) − compute cycles).
/// What this leaves out: per-fold burstiness inside a layer (a fold that needs more than its share
/// early would stall in reality), so the stalls are a lower bound when a layer is near balance.
public struct SystolicMemoryCoupling: Sendable {
    public var memory: DRAMSystemConfig
    /// The memory file as given, stored with results.
    public var sourceText: String

    public init(memory: DRAMSystemConfig, sourceText: String) {
        self.memory = memory
        self.sourceText = sourceText
    }

    /// Stall cycles of `layer` (native or compat counts alike) on `config`'s array clock.
    public func stallCycles(for layer: SystolicLayerResult, config: SystolicArrayConfig) throws -> (stalls: Int, memoryCycles: Int64) {
        let requests = self.requests(for: layer, config: config)
        guard !requests.isEmpty else { return (0, 0) }
        let run = try DRAMSimulation(config: memory).run(requests, traceName: "layer \(layer.name)")
        let memoryPicoseconds = run.cycles * Int64(memory.timing.tCKPicoseconds)
        let arrayCycles = (memoryPicoseconds + config.clockPeriodPicoseconds - 1) / config.clockPeriodPicoseconds
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
        let computePicoseconds = Double(layer.cycles - layer.stallCycles) * Double(config.clockPeriodPicoseconds)
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
