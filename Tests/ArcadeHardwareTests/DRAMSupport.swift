import ArcadeWorkloads
@testable import ArcadeHardware

/// Small helpers shared by the DRAM tests.
enum DRAMTestSupport {
    /// DDR4-2400 with the peers' settings, or with `adjust` applied to the controller.
    static func config(_ standard: DRAMStandard = .ddr4_2400,
                       timing adjustTiming: (inout DRAMTiming) -> Void = { _ in },
                       controller adjust: (inout DRAMControllerConfig) -> Void = { _ in }) throws -> DRAMSystemConfig {
        var controller = DRAMControllerConfig()
        adjust(&controller)
        var timing = standard.timing
        adjustTiming(&timing)
        return try DRAMSystemConfig(standard: standard, timing: timing, controller: controller)
    }

    static func address(_ config: DRAMSystemConfig, bankGroup: Int = 0, bank: Int = 0, row: Int, column: Int = 0) -> UInt64 {
        config.mapping.encode(DRAMLocation(bankGroup: bankGroup, bank: bank, row: row, column: column))
    }

    static func reads(_ addresses: [UInt64]) -> [MemoryRequest] { addresses.map { MemoryRequest(address: $0, kind: .read) } }

    /// Stream / random / mixed, as the peers' generator makes them (small sizes for tests).
    static func trace(_ pattern: MemoryTraceGenerator.Pattern, requests: Int, seed: UInt64 = 1) throws -> MemoryTrace {
        try MemoryTraceGenerator.generate(pattern: pattern, requests: requests, seed: seed)
    }
}
