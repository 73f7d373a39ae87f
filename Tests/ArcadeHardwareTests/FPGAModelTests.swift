import ArcadeCore
@testable import ArcadeKernel
import Foundation
import Testing
@testable import ArcadeHardware

/// The FPGA family on cases worked out by hand: the board memory's timing, block-RAM rounding,
/// DSPs per MAC, the attention plan's sizes, resource rejection, and the scaling the issue asks
/// for (window attention linear in the sequence length, dense quadratic, the HBM roofline never
/// exceeded).
@Suite("FPGA: hand-worked cases, resources and scaling")
struct FPGAModelTests {
    static let root = FamilyConformance.repositoryRoot

    /// An architecture beside the shipped ones (so `device: devices/…` resolves).
    /// (`family:` is the registry's to read, so these files leave it out.)
    static func model(_ yaml: String) throws -> FPGAModel {
        try FPGAModel(architecture: try ConfigSection.load(yaml: yaml, file: root + "/Architectures/fpga/test.yaml"), sourceText: yaml)
    }

    static func swat(lanes: Int = 4, pes: Int = 16, vectorWidth: Int = 16, tileRows: Int = 32, reuse: String = "buffer",
                     dataType: String = "fp16", device: String = "alveo-u280") -> String {
        """
        device: devices/\(device).yaml
        clock_mhz: 300
        data_type: \(dataType)
        attention: {heads_parallel: \(lanes), pes: \(pes), vector_width: \(vectorWidth), kv_tile_rows: \(tileRows), \
        kv_reuse: \(reuse), buffer_storage: uram}
        """
    }

    static func attention(n: Int, heads: Int = 4, headDim: Int = 64, window: Int?) -> FPGAWorkload {
        FPGAWorkload(name: "t", sequenceLength: n, heads: heads, headDim: headDim, layers: 1,
                     attention: window.map { .window(size: $0, globalTokens: 0) } ?? .dense,
                     modelDim: nil, projections: false, mlpHidden: nil, moe: nil)
    }

    static func int(_ report: SimulationReport, _ key: String) -> Int64 {
        if case .int(let value)? = report.total(key) { return value }
        Issue.record("no integer total \(key)")
        return -1
    }

    static func double(_ report: SimulationReport, _ key: String) -> Double {
        if case .double(let value)? = report.total(key) { return value }
        Issue.record("no real total \(key)")
        return .nan
    }

    /// 14.375 GB/s = 14,375 bytes/µs: 4,096 bytes take ⌈4,096·10⁶ / 14,375⌉ = 284,940 ps, then the
    /// 120 ns latency; a second transaction on the same channel waits for the first, another
    /// channel does not.
    @Test("channel memory: ⌈bytes·10⁶ / (bytes/µs)⌉ + latency, FIFO per channel, channels independent")
    func channelMemory() throws {
        let memory = ChannelBandwidthMemory(channels: 2, bytesPerMicrosecond: 14_375, latency: 120_000)
        memory.id = 0
        var scheduler = Scheduler<ComponentEvent>()
        let port = MemoryPort(target: memory, initiator: 1)
        for (id, channel) in [(0, 0), (1, 0), (2, 1), (3, 2)] {
            let transaction = MemoryTransaction(id: UInt64(id), address: ChannelBandwidthMemory.address(channel: channel, offset: 64),
                                                bytes: 4_096, isWrite: id == 1)
            #expect(port.send(transaction, at: 0, scheduler: &scheduler))
        }
        var answers: [UInt64: Picoseconds] = [:]
        while let next = scheduler.removeNext(notAfter: .max) { answers[next.event.payload] = next.time }
        #expect(memory.transferTime(bytes: 4_096) == 284_940)
        // Channel 2 of a two-channel memory is channel 0 (addresses wrap): it queues behind ids 0 and 1.
        #expect(answers == [0: 404_940, 1: 689_880, 2: 404_940, 3: 974_820])
        #expect(memory.bytesPerChannel == [12_288, 4_096])
        #expect(memory.busyPerChannel == [854_820, 284_940])
        #expect(memory.transactions == 4)
    }

    /// UG573's RAMB18E2 shapes: 256 bits × 600 words is cheapest as 15 blocks of 1K×18 (16 as
    /// 512×36); a URAM288 is 4K×72 only, so 256 × 5,000 takes ⌈256/72⌉ × ⌈5000/4096⌉ = 8.
    @Test("block RAM and URAM round up to whole blocks in the cheapest shape")
    func blockRounding() {
        #expect(FPGAMemoryBlocks.bram18(widthBits: 256, depth: 600) == 15)
        #expect(FPGAMemoryBlocks.bram18(widthBits: 36, depth: 512) == 1)
        #expect(FPGAMemoryBlocks.bram18(widthBits: 37, depth: 512) == 2)
        #expect(FPGAMemoryBlocks.bram18(widthBits: 1, depth: 16_385) == 2)
        #expect(FPGAMemoryBlocks.urams(widthBits: 256, depth: 5_000) == 8)
        #expect(FPGAMemoryBlocks.urams(widthBits: 72, depth: 4_096) == 1)
        #expect(FPGAMemoryBlocks.resources(storage: .uram, banks: 2, widthBits: 256, depth: 5_000) == FPGAResources(urams: 16))
        // At most 1 Kb per bank goes to LUTRAM, 64 bits per LUT.
        #expect(FPGAResourceModel.buffer(storage: .bram, banks: 2, widthBits: 16, depth: 64) == FPGAResources(luts: 32))
    }

    @Test("DSP slices per MAC: fixed16 one, INT8 two per slice, fp16 two, fp32 five")
    func dspsPerMAC() {
        #expect(FPGADataType.fixed16.dsps(macs: 256) == 256)
        #expect(FPGADataType.int8.dsps(macs: 3) == 2)
        #expect(FPGADataType.fixed32x16.dsps(macs: 10) == 20)
        #expect(FPGADataType.fp16.dsps(macs: 10) == 20)
        #expect(FPGADataType.fp32.dsps(macs: 10) == 50)
    }

    /// A block of P query rows sees the union of its windows: min(n, w + P − 1) keys plus the
    /// global ones; with the window buffer every K/V row is read once per head.
    @Test("attention plan: keys per block, and each K/V row read once with the window buffer",
          arguments: [(4_096, 512, 0, 16, 527), (4_096, 512, 2, 16, 529), (256, 512, 0, 16, 256), (1_000, 64, 0, 7, 70)])
    func attentionPlan(n: Int, window: Int, global: Int, pes: Int, keys: Int) throws {
        let architecture = try FPGAArchitecture.parse(try ConfigSection.load(yaml: Self.swat(pes: pes), file: Self.root + "/Architectures/fpga/t.yaml"))
        let workload = FPGAWorkload(name: "t", sequenceLength: n, heads: 1, headDim: 64, layers: 1,
                                    attention: .window(size: window, globalTokens: global), modelDim: nil, projections: false,
                                    mlpHidden: nil, moe: nil)
        let plan = FPGAAttentionPlan.main(workload, kernel: architecture.attention)
        #expect(plan.keysPerBlock == keys)
        #expect(plan.blocksPerHead == (n + pes - 1) / pes)
        #expect((0..<plan.blocksPerHead).map { plan.bufferRows(block: $0) }.reduce(0, +) == n + global)
    }

    @Test("a design bigger than its board is refused naming the resource, the need and what is available")
    func infeasibleDesign() throws {
        let model = try Self.model(Self.swat(lanes: 12, pes: 64))
        do {
            _ = try model.simulate(Self.attention(n: 1_024, heads: 12, window: 256))
            Issue.record("12 lanes × 64 PEs of fp16 fit a U280")
        } catch let error as InputError {
            #expect(error.description.contains("resources.lut"))
            #expect(error.description.contains("needs 3,541,520 LUTs"))
            #expect(error.description.contains("1,173,312 available on alveo-u280"))
        }
        // Per SLR: four lanes of 1,600 DSPs fit the board's 8,121 but two of them share SLR0's 2,707.
        let perSLR = try Self.model(Self.swat(lanes: 4, pes: 50, vectorWidth: 16, dataType: "fixed16"))
        do {
            _ = try perSLR.simulate(Self.attention(n: 1_024, heads: 4, window: 256))
            Issue.record("two 1,600-DSP lanes fit one U280 SLR")
        } catch let error as InputError {
            #expect(error.description.contains("resources.slr0.dsp"))
            #expect(error.description.contains("per SLR"))
        }
    }

    /// Compute bound: a lane's PEs take kv_tile_rows × ⌈d / vector_width⌉ cycles per tile, so a
    /// lane with h heads takes h × blocks × tiles × 32 × 4 cycles plus a fill of under a few
    /// thousand. Window keys per block are fixed (w + P − 1), so the cycles are linear in n;
    /// dense keys are n, so quadratic. 1k … 16k tokens, one head per lane.
    @Test("window attention is linear in the sequence length, dense quadratic (1k … 16k tokens)")
    func scaling() throws {
        let model = try Self.model(Self.swat())
        var window: [Int64] = [], dense: [Int64] = []
        for n in [1_024, 2_048, 4_096, 8_192, 16_384] {
            let blocks = Int64(n / 16)
            let windowed = try model.simulate(Self.attention(n: n, window: 512))
            let full = try model.simulate(Self.attention(n: n, window: nil))
            let windowCompute = blocks * Int64((527 + 31) / 32) * 32 * 4
            let denseCompute = blocks * Int64(n / 32) * 32 * 4
            for (report, compute) in [(windowed, windowCompute), (full, denseCompute)] {
                let cycles = Self.int(report, "cycles")
                #expect(cycles >= compute && cycles <= compute + compute / 50 + 4_000, "n = \(n): \(cycles) cycles, compute alone \(compute)")
                #expect(Self.double(report, "memory_bandwidth_gb_per_s") <= 460)
                #expect(Self.double(report, "busiest_channel_percent") <= 100)
            }
            window.append(Self.int(windowed, "cycles"))
            dense.append(Self.int(full, "cycles"))
        }
        for i in 1..<window.count {
            let windowRatio = Double(window[i]) / Double(window[i - 1]), denseRatio = Double(dense[i]) / Double(dense[i - 1])
            #expect(abs(windowRatio - 2) < 0.02, "window ×\(windowRatio) from \(window[i - 1]) to \(window[i])")
            #expect(abs(denseRatio - 4) < 0.04, "dense ×\(denseRatio) from \(dense[i - 1]) to \(dense[i])")
        }
    }

    /// Streaming K/V again for every block with wide vectors makes the engine memory bound: its
    /// bandwidth comes to the channels it uses, never past them or the board's 460 GB/s.
    @Test("memory bound: K/V streamed per block runs at the channels' rate and never above the roofline")
    func rooflineNeverExceeded() throws {
        let model = try Self.model(Self.swat(lanes: 8, pes: 4, vectorWidth: 64, tileRows: 64, reuse: "stream", dataType: "int8"))
        let report = try model.simulate(Self.attention(n: 4_096, heads: 8, window: 512))
        let bandwidth = Self.double(report, "memory_bandwidth_gb_per_s")
        #expect(bandwidth <= 460)
        #expect(Self.double(report, "busiest_channel_percent") <= 100)
        // Each lane's K and V streams have their own channel: 16 of the 32 are busy most of the time.
        #expect(Self.double(report, "busiest_channel_percent") > 80, "not memory bound: \(report.totals)")
        #expect(bandwidth > 0.5 * 16 * 14.375 && bandwidth < 24 * 14.375)
    }

    @Test("the shipped designs fit their boards, in all and per SLR")
    func shippedDesignsFit() throws {
        let cases = [("swat-u280", "longformer-attention-4k"), ("swat-u280", "window-attention-n256"), ("ubimoe-u280", "m3vit")]
        for (architecture, workload) in cases {
            let path = Self.root + "/Architectures/fpga/\(architecture).yaml"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let model = try FPGAModel(architecture: try ConfigSection.load(yaml: text.replacingOccurrences(of: "family: fpga\n", with: ""),
                                                                           file: path), sourceText: text)
            let report = try model.simulate(workloadPath: Self.root + "/Workloads/fpga/\(workload).yaml", options: SimulationOptions())
            for kind in FPGAResources.Kind.allCases {
                #expect(Self.double(report, "\(kind.rawValue)_percent") <= 90, "\(architecture): \(kind) over the 90% past the shell")
            }
            #expect(Self.double(report, "memory_roofline_percent") <= 100)
        }
    }

    @Test("workload overrides: dense on a windowed workload, window on a dense one needs a size")
    func overrides() throws {
        let dense = try Self.model(Self.swat() + "\nworkload_overrides: {attention: dense, sequence_length: 1024}")
        let windowed = try Self.model(Self.swat())
        let asDense = try dense.simulate(Self.attention(n: 4_096, window: 512))
        let plain = try windowed.simulate(Self.attention(n: 1_024, window: nil))
        #expect(Self.int(asDense, "cycles") == Self.int(plain, "cycles"))
        let needsSize = try Self.model(Self.swat() + "\nworkload_overrides: {attention: window}")
        #expect(throws: InputError.self) { _ = try needsSize.simulate(Self.attention(n: 1_024, window: nil)) }
        let given = try Self.model(Self.swat() + "\nworkload_overrides: {attention: window, window: 512}")
        #expect(Self.int(try given.simulate(Self.attention(n: 1_024, window: nil)), "cycles")
                == Self.int(try windowed.simulate(Self.attention(n: 1_024, window: 512)), "cycles"))
    }
}
