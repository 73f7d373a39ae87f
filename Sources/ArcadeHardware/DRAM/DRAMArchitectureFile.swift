import ArcadeCore
import ArcadeKernel

/// Reads the `family: dram` architecture YAML.
///
/// ```yaml
/// family: dram
/// name: ddr4-2400-peers
/// standard: DDR4-2400          # a preset: DDR4-2400, DDR4-3200, DDR5-4800, LPDDR5-6400, HBM2, HBM3, GDDR6
/// organization:                # optional: override any organisation field
///   channels: 1                # channels, pseudo_channels, ranks, bank_groups, banks_per_group,
///   ranks: 1                   # rows, columns, device_width, bus_width, burst_length
/// timing:                      # optional: override any timing field, in cycles (tCK_ps in ps):
///   nRFC: 433                  # nBL nCL nCWL nRCD nRCDWR nRP nRAS nRC nWR nRTP nCCD_S nCCD_L nRRD_S
///                              # nRRD_L nWTR_S nWTR_L nFAW nRFC nREFI nRFCpb nREFIpb nRREFD nCS
/// controller:
///   scheduler: frfcfs          # frfcfs | fcfs
///   row_policy: open           # open | closed
///   read_queue: 32
///   write_queue: 32
///   write_high_watermark: 0.8
///   write_low_watermark: 0.2
///   refresh: all-bank          # all-bank | per-bank | off
///   address_mapping: RoBaRaCoCh   # MSB→LSB fields: Ro Ba Bg Ra Pc Co Ch (see DRAMAddressMapping)
/// frontend:
///   requests_per_cycle: 1
/// ```
/// Unknown keys anywhere are errors; inconsistent organisations and timings that break a JEDEC
/// relation are errors naming the file, line and field.
enum DRAMArchitectureFile {
    static let maxCycles = 100_000_000

    static func config(from document: ConfigSection) throws -> DRAMSystemConfig {
        let names = DRAMStandards.all.map(\.name)
        let standardName = try document.choice("standard", names)
        let standard = DRAMStandards.named(standardName)!
        let name = try document.string("name", default: standard.name)

        var organization = standard.organization
        let organizationSection = try document.section("organization")
        if let section = organizationSection {
            for (field, keyPath) in DRAMOrganization.fields where section.has(field) {
                organization[keyPath: keyPath] = try section.int(field, range: 1...(1 << 30))
            }
            try section.finish(allowedHint: DRAMOrganization.fields.map(\.name))
        }
        var timing = standard.timing
        let timingSection = try document.section("timing")
        if let section = timingSection {
            if section.has(DRAMTiming.clockPeriodField) {
                timing.tCKPicoseconds = Picoseconds(try section.int(DRAMTiming.clockPeriodField, range: 1...1_000_000))
            }
            for (field, keyPath) in DRAMTiming.fields where section.has(field) {
                timing[keyPath: keyPath] = try section.int(field, range: 0...maxCycles)
            }
            try section.finish(allowedHint: [DRAMTiming.clockPeriodField] + DRAMTiming.fields.map(\.name))
        }

        var controller = DRAMControllerConfig()
        let controllerSection = try document.section("controller")
        if let section = controllerSection {
            controller.scheduler = .init(rawValue: try section.choice("scheduler", DRAMControllerConfig.Scheduler.allCases.map(\.rawValue), default: "frfcfs"))!
            controller.rowPolicy = .init(rawValue: try section.choice("row_policy", DRAMControllerConfig.RowPolicy.allCases.map(\.rawValue), default: "open"))!
            controller.readQueueSize = try section.int("read_queue", default: 32, range: 1...65_536)
            controller.writeQueueSize = try section.int("write_queue", default: 32, range: 1...65_536)
            controller.writeHighWatermark = try section.double("write_high_watermark", default: 0.8, range: 0...1)
            controller.writeLowWatermark = try section.double("write_low_watermark", default: 0.2, range: 0...1)
            if controller.writeLowWatermark > controller.writeHighWatermark {
                throw section.error("write_low_watermark", "\(controller.writeLowWatermark) is above write_high_watermark "
                                    + "\(controller.writeHighWatermark); the low watermark must not exceed the high one")
            }
            controller.refresh = .init(rawValue: try section.choice("refresh", DRAMControllerConfig.Refresh.allCases.map(\.rawValue), default: "all-bank"))!
            controller.addressMapping = try section.string("address_mapping", default: "RoBaRaCoCh")
            try section.finish(allowedHint: ["scheduler", "row_policy", "read_queue", "write_queue", "write_high_watermark",
                                             "write_low_watermark", "refresh", "address_mapping"])
        }
        if let section = try document.section("frontend") {
            controller.requestsPerCycle = try section.int("requests_per_cycle", default: 1, range: 1...1_024)
            try section.finish(allowedHint: ["requests_per_cycle"])
        }
        document.markRead("family")
        try document.finish(allowedHint: ["family", "name", "standard", "organization", "timing", "controller", "frontend"])

        do {
            return try DRAMSystemConfig(name: name, standard: standard, organization: organization, timing: timing,
                                        controller: controller)
        } catch let error as InputError {
            throw place(error, document: document, sections: ["organization": organizationSection,
                                                              "timing": timingSection, "controller": controllerSection])
        }
    }

    /// Puts a validation error on the line of the field it names, or of `standard:` when the bad value
    /// came from the preset.
    static func place(_ error: InputError, document: ConfigSection, sections: [String: ConfigSection?]) -> InputError {
        guard let field = error.field, let dot = field.firstIndex(of: ".") else { return error.located(inFile: document.file) }
        let sectionName = String(field[..<dot])
        let key = String(field[field.index(after: dot)...])
        if let section = sections[sectionName] ?? nil, section.has(key) {
            return section.error(key, error.message)
        }
        var placed = document.error("standard", error.message + " (value from the \(sectionName) of the preset)")
        placed.field = field
        return placed
    }
}
