import Testing
import ArcadeKernel
import ArcadeWorkloads
@testable import ArcadeHardware

/// The DRAM as a component on the kernel (a trace-source component on its memory port) must give
/// exactly what the fused loop gives: every counter of every channel, the end cycle and the last
/// accept cycle — on every scheduler, row policy, refresh mode, queue size and request rate the
/// scheduler tests use, and on traces with arrival times (idle gaps the component skips).
struct DRAMComponentTests {
    typealias S = DRAMTestSupport

    func requests(_ config: DRAMSystemConfig, _ pattern: MemoryTraceGenerator.Pattern, seed: UInt64,
                  gaps: Bool) throws -> [MemoryRequest] {
        let trace = try MemoryTraceGenerator.generate(pattern: pattern, requests: 1_500, seed: seed, spanBytes: 1 << 22)
        let capacity = UInt64(config.organization.capacityBytes!)
        var cycle: Int64 = 0
        var random = SplitMix64(seed: seed)
        return trace.requests.map { request in
            // Bursts and gaps longer than the refresh interval, so idle refreshes are replayed.
            if gaps { cycle += random.next(below: 50) == 0 ? Int64(random.next(below: 20_000)) : Int64(random.next(below: 3)) }
            return MemoryRequest(address: request.address % capacity, kind: request.kind, arrivalCycle: gaps ? cycle : nil)
        }
    }

    @Test("kernel path = fused loop, every counter", arguments: [false, true])
    func kernelPathMatchesFusedLoop(gaps: Bool) throws {
        var configs = try DRAMSchedulerDifferentialTests.configs()
        configs.append(("hbm2 8 channels", try S.config(.hbm2_2Gbps)))
        for (name, config) in configs {
            for pattern in [MemoryTraceGenerator.Pattern.random, .mixed, .stream] {
                let trace = try requests(config, pattern, seed: 3, gaps: gaps)
                let fused = try DRAMSimulation(config: config).run(trace)
                let kernel = try DRAMSimulation(config: config).runOnKernel(trace)
                #expect(kernel.cycles == fused.cycles, "\(name) \(pattern)")
                #expect(kernel.lastAcceptCycle == fused.lastAcceptCycle, "\(name) \(pattern)")
                let same = kernel.channels == fused.channels
                #expect(same, "\(name) \(pattern): counters differ")
            }
        }
    }

    /// Every transaction gets exactly one response, with its own id, on the edge its data ends.
    @Test func everyTransactionGetsItsResponse() throws {
        let config = try S.config()
        let chip = Chip()
        let memory = chip.add(DRAMMemoryComponent(config: config))
        let addresses = [S.address(config, row: 0), S.address(config, row: 0, column: 1), S.address(config, row: 1)]
        final class Recorder: Component {
            let name = "recorder"
            var id: Int32 = -1
            var port: MemoryPort!
            var responses: [(id: UInt64, time: Picoseconds)] = []
            var sent = false
            var addresses: [UInt64] = []
            func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
                if event.kind == .response { responses.append((event.payload, now)); return }
                guard !sent else { return }
                sent = true
                // Two reads of one row, then one of another row in the same bank.
                for (offset, address) in addresses.enumerated() {
                    let id = UInt64(10 + offset)
                    #expect(port.send(MemoryTransaction(id: id, address: address, bytes: 64, isWrite: false),
                                      at: now, scheduler: &scheduler))
                }
            }
            var isFinished: Bool { responses.count == 3 }
            var status: String { "\(responses.count) responses" }
        }
        let recorder = chip.add(Recorder())
        recorder.addresses = addresses
        recorder.port = MemoryPort(target: memory, initiator: recorder.id)
        chip.start(recorder)
        let outcome = chip.run()
        #expect(outcome.deadlock == nil)
        #expect(Set(recorder.responses.map(\.id)) == [10, 11, 12])
        let tCK = Picoseconds(config.timing.tCKPicoseconds)
        for response in recorder.responses { #expect(response.time % tCK == 0) }
        // The first read: ACT at cycle 0, RD at nRCD, data back nCL + nBL later.
        let t = config.timing
        let first = recorder.responses.first { $0.id == 10 }!
        #expect(first.time == Picoseconds(t.nRCD + t.nCL + t.nBL) * tCK)
    }

    /// One request in flight at a time — each arriving when the one before completed, on DDR4 — then
    /// that trace on HBM2's eight channels: the memory is idle at every accept, and another channel's
    /// refresh can fall due before the accepting channel's first legal command. The kernel path once
    /// scheduled its step at the accepting channel's wake only, leaving that refresh behind ("event
    /// scheduled in the past"; found replaying through SystemC/TLM, `TLMPlatformTests`).
    @Test func serializedTrafficOnEightChannels() throws {
        let root = FamilyConformance.repositoryRoot
        let ddr4 = try #require(try HardwareRegistry.loadArchitecture(path: root + "/Architectures/dram/ddr4-2400.yaml") as? DRAMModel)
        let hbm2 = try #require(try HardwareRegistry.loadArchitecture(path: root + "/Architectures/dram/hbm2.yaml") as? DRAMModel)
        let trace = try MemoryTraceReader.read(path: root + "/Workloads/dram/mixed-2k.ramulator2.trace")
        final class ClosedLoop: Component {
            let name = "closed-loop"
            var id: Int32 = -1
            var port: MemoryPort!
            let requests: [MemoryRequest]
            let clock: ClockDomain
            var offers: [Int64] = []
            init(_ requests: [MemoryRequest], clock: ClockDomain) { self.requests = requests; self.clock = clock }
            // Offers the next request at the start and at each response.
            func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
                guard offers.count < requests.count else { return }
                let request = requests[offers.count]
                offers.append(Int64(clock.cycles(covering: now)))
                let sent = port.send(MemoryTransaction(id: UInt64(offers.count), address: request.address, bytes: 64,
                                                       isWrite: request.kind == .write), at: now, scheduler: &scheduler)
                #expect(sent, "an idle memory refused a request")
            }
            var isFinished: Bool { offers.count == requests.count }
            var status: String { "\(offers.count) offered" }
        }
        let chip = Chip()
        let memory = chip.add(DRAMMemoryComponent(config: ddr4.config))
        let loop = chip.add(ClosedLoop(trace.requests, clock: memory.clock))
        loop.port = MemoryPort(target: memory, initiator: loop.id)
        chip.start(loop)
        #expect(chip.run().deadlock == nil)
        let serialized = zip(trace.requests, loop.offers).map { MemoryRequest(address: $0.address, kind: $0.kind, arrivalCycle: $1) }
        let fused = try DRAMSimulation(config: hbm2.config).run(serialized)
        let kernel = try DRAMSimulation(config: hbm2.config).runOnKernel(serialized)
        #expect(kernel.cycles == fused.cycles && kernel.lastAcceptCycle == fused.lastAcceptCycle)
        let same = kernel.channels == fused.channels
        #expect(same, "counters differ")
    }
}
