import ArcadeCore
import ArcadeWorkloads
import Foundation
import Testing
@testable import ArcadeHardware

/// Issue 11 in the hardware models: architecture files that name each other in a cycle, DRAM
/// settings that livelocked or allocated absurdly, and workloads whose work is estimated up front.
@Suite struct InputLimitsHardwareTests {
    func inputError(_ body: () throws -> Void) -> InputError? {
        do { try body() } catch let error as InputError { return error } catch { return nil }
        return nil
    }

    func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("arcade-limits-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func systolic(memory: String) -> String { "family: systolic\nrows: 8\ncolumns: 8\ndataflow: os\nmemory: \(memory)\n" }

    @Test func memoryNamingItselfIsACycleError() throws {
        let directory = try temporaryDirectory()
        try Self.systolic(memory: "self.yaml").write(toFile: directory + "/self.yaml", atomically: true, encoding: .utf8)
        let error = try #require(inputError { _ = try HardwareRegistry.loadArchitecture(path: directory + "/self.yaml") })
        #expect(error.file == directory + "/self.yaml" && error.line == 5 && error.field == "memory")
        #expect(error.message.contains("cycle of architecture files: \(directory)/self.yaml → \(directory)/self.yaml"))
    }

    @Test func memoryCycleThroughAnotherFileNamesEveryFile() throws {
        let directory = try temporaryDirectory()
        try Self.systolic(memory: "b.yaml").write(toFile: directory + "/a.yaml", atomically: true, encoding: .utf8)
        // Named differently (./ and ..) on the way back: still the same file.
        let folder = URL(fileURLWithPath: directory).lastPathComponent
        try Self.systolic(memory: "../\(folder)/./a.yaml").write(toFile: directory + "/b.yaml", atomically: true, encoding: .utf8)
        let error = try #require(inputError { _ = try HardwareRegistry.loadArchitecture(path: directory + "/a.yaml") })
        #expect(error.file == directory + "/b.yaml" && error.line == 5 && error.field == "memory")
        #expect(error.message.contains("\(directory)/a.yaml → \(directory)/b.yaml → \(directory)/a.yaml"))
    }

    @Test func chainsDeeperThanTheLimitAreRefused() throws {
        let directory = try temporaryDirectory()
        for index in 1...12 {
            try Self.systolic(memory: "s\(index + 1).yaml").write(toFile: directory + "/s\(index).yaml", atomically: true,
                                                                  encoding: .utf8)
        }
        let error = try #require(inputError { _ = try HardwareRegistry.loadArchitecture(path: directory + "/s1.yaml") })
        #expect(error.file == directory + "/s8.yaml" && error.line == 5)
        #expect(error.message.contains("more than 8 architecture files deep"))
    }

    @Test func shippedArrayWithDRAMStillLoads() throws {
        let model = try HardwareRegistry.loadArchitecture(path: "Architectures/systolic/tpu-like-128x128-ws-ddr4.yaml".inRepository)
        #expect((model as? SystolicArrayModel)?.memory != nil)
    }

    /// `write_low_watermark: 0` never left write mode once the writes were drained, so the reads
    /// behind them waited for ever (LD, ST, LD).
    @Test(arguments: [DRAMControllerConfig.Refresh.allBank, .off])
    func lowWatermarkZeroDrainsWritesAndServesTheReads(_ refresh: DRAMControllerConfig.Refresh) throws {
        let config = try DRAMTestSupport.config(controller: { $0.writeLowWatermark = 0; $0.refresh = refresh })
        let requests = [MemoryRequest(address: 0, kind: .read), MemoryRequest(address: 0x40, kind: .write),
                        MemoryRequest(address: 0x80, kind: .read)]
        let result = try DRAMSimulation(config: config).run(requests)
        #expect(result.requests == 3)
        #expect(result.channels.reduce(0) { $0 + $1.reads } == 2)
        #expect(result.cycles > 0 && result.cycles < 1_000)
    }

    @Test func lowWatermarkZeroCompletesAMixedTraceWithEveryWrite() throws {
        let trace = try DRAMTestSupport.trace(.mixed, requests: 2_000)
        let config = try DRAMTestSupport.config(controller: { $0.writeLowWatermark = 0 })
        let result = try DRAMSimulation(config: config).run(trace.requests)
        #expect(result.requests == 2_000)
        #expect(result.channels.reduce(0) { $0 + $1.writes } == trace.requests.filter { $0.kind == .write }.count)
    }

    @Test func inMemoryTraceCyclesAreBoundedToo() throws {
        let config = try DRAMTestSupport.config(controller: { $0.refresh = .off })
        let requests = [MemoryRequest(address: 0, kind: .read, arrivalCycle: 0),
                        MemoryRequest(address: 0x40, kind: .read, arrivalCycle: Int64.max)]
        let error = try #require(inputError { _ = try DRAMSimulation(config: config).run(requests, traceName: "t.trace") })
        #expect(error.file == "t.trace")
        #expect(error.message.contains("request 2: arrival cycle 9223372036854775807 is too large; cycles must be ≤ 2^50"))
    }

    @Test(arguments: [
        ("organization:\n  channels: 2048\n  rows: 16\n", 4, "organization.channels", "channels must be ≤ 2^10 (1024)"),
        ("organization:\n  bank_groups: 65536\n  banks_per_group: 65536\n  rows: 1\n  columns: 8\n", 5,
         "organization.banks_per_group", "more than 2^20 (1048576) banks in all"),
    ])
    func organisationsAreBoundedBeforeAnyTableIsAllocated(_ yaml: String, _ line: Int, _ field: String,
                                                          _ message: String) throws {
        let text = "family: dram\nstandard: DDR4-2400\n" + yaml
        let error = try #require(inputError {
            _ = try DRAMModel(architecture: try ConfigSection.load(yaml: text, file: "d.yaml"), sourceText: text)
        })
        #expect(error.file == "d.yaml" && error.line == line && error.field == field)
        #expect(error.message.contains(message), "\(error)")
    }

    static let array = SystolicArrayConfig(rows: 32, columns: 32, dataflow: .outputStationary)

    @Test func absurdWorkIsRefusedUnlessAllowed() throws {
        var topology = Topology(name: "g", kind: .gemm, layers: [.gemm(GEMMLayer(name: "Cube", m: 100_000, n: 100_000, k: 100_000))])
        topology.layerLines = [2]
        let error = try #require(inputError {
            try SystolicWorkEstimate.check(topology, config: Self.array, file: "g.csv", allowHuge: false)
        })
        #expect(error.file == "g.csv" && error.line == 2)
        #expect(error.message.contains("layer 'Cube' needs about"))
        #expect(error.message.contains("the limit is 2.0e9 steps; pass --allow-huge"))
        let estimate = try SystolicWorkEstimate.check(topology, config: Self.array, file: "g.csv", allowHuge: true)
        #expect(estimate.steps > SystolicWorkEstimate.maxSteps)
    }

    @Test func foldsBeyondTheTablesAreRefusedEvenWithAllowHuge() throws {
        let one = SystolicArrayConfig(rows: 1, columns: 1, dataflow: .outputStationary)
        let topology = Topology(name: "g", kind: .gemm, layers: [.gemm(GEMMLayer(name: "Flat", m: 1 << 20, n: 1 << 20, k: 1))])
        let error = try #require(inputError { try SystolicWorkEstimate.check(topology, config: one, file: "g.csv", allowHuge: true) })
        #expect(error.message.contains("folds 1099511627776 times onto the 1×1 os array; at most 2^28"))
        // 2^26 folds: 2 GiB of tables, only when asked for.
        let wide = Topology(name: "g", kind: .gemm, layers: [.gemm(GEMMLayer(name: "Wide", m: 1 << 13, n: 1 << 13, k: 1))])
        let refused = try #require(inputError { try SystolicWorkEstimate.check(wide, config: one, file: "g.csv", allowHuge: false) })
        #expect(refused.message.contains("folds 67108864 times onto the 1×1 os array, about 2 GiB of fold tables; at most 2^25"))
        try SystolicWorkEstimate.check(wide, config: one, file: "g.csv", allowHuge: true)
    }

    @Test func shippedWorkloadsAreWellWithinTheEstimate() throws {
        for workload in ["conv/resnet18.csv", "conv/alexnet.csv", "conv/mobilenet.csv", "gemm/bert_base_layer.csv"] {
            let topology = try TopologyReader.read(path: "Workloads/\(workload)".inRepository)
            for config in [Self.array, SystolicArrayConfig(rows: 12, columns: 14, dataflow: .inputStationary)] {
                let estimate = try SystolicWorkEstimate.check(topology, config: config, file: workload, allowHuge: false)
                #expect(estimate.steps < SystolicWorkEstimate.maxSteps / 10, "\(workload)")
            }
        }
    }

    @Test func progressNamesEveryLayerInOrder() throws {
        final class Steps: @unchecked Sendable {
            let lock = NSLock()
            var seen: [SimulationProgress] = []
        }
        let steps = Steps()
        var options = SimulationOptions()
        options.progress = { step in steps.lock.withLock { steps.seen.append(step) } }
        let model = SystolicArrayModel(config: Self.array, sourceText: "")
        _ = try model.simulate(workloadPath: "Workloads/gemm/mlp_small.csv".inRepository, options: options)
        let topology = try TopologyReader.read(path: "Workloads/gemm/mlp_small.csv".inRepository)
        #expect(steps.seen.map(\.item) == topology.layers.map { "'\($0.name)'" })
        #expect(steps.seen.map(\.done) == Array(0..<topology.layers.count))
    }
}

private extension String {
    var inRepository: String { #filePath.components(separatedBy: "/Tests/")[0] + "/" + self }
}

/// Floating-point fields are checked for NaN, infinity and their range before any conversion.
@Suite struct FloatingPointFieldTests {
    @Test(arguments: [("nan", "is not a finite number"), (".inf", "is not a finite number"), ("-inf", "is not a finite number"),
                      ("1e400", "is not a finite number"), ("1e-400", "out of range"), ("100001", "out of range")])
    func clockIsFiniteAndInRangeBeforeItBecomesKilohertz(_ value: String, _ message: String) throws {
        let text = "family: systolic\nrows: 8\ncolumns: 8\ndataflow: os\nclock_mhz: \(value)\n"
        do {
            _ = try SystolicArrayModel(architecture: try ConfigSection.load(yaml: text, file: "a.yaml"), sourceText: text)
            Issue.record("clock_mhz: \(value) was accepted")
        } catch let error as InputError {
            #expect(error.file == "a.yaml" && error.line == 5 && error.field == "clock_mhz")
            #expect(error.message.contains(message) && error.message.contains("1.0...100000.0"), "\(error)")
        }
    }

    @Test(arguments: ["nan", ".inf", "-0.5", "1.5"])
    func watermarksAreFiniteAndInZeroToOne(_ value: String) throws {
        let text = "family: dram\nstandard: DDR4-2400\ncontroller:\n  write_high_watermark: \(value)\n"
        do {
            _ = try DRAMModel(architecture: try ConfigSection.load(yaml: text, file: "d.yaml"), sourceText: text)
            Issue.record("write_high_watermark: \(value) was accepted")
        } catch let error as InputError {
            #expect(error.line == 4 && error.field == "controller.write_high_watermark")
            #expect(error.message.contains("0.0...1.0"), "\(error)")
        }
    }
}
