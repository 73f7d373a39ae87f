import ArcadeCore

/// An FPGA board as its data sheet gives it: the device's resources (in all and per super logic
/// region), the off-chip memory, the clock range, the platform shell's reserve and the static
/// power. Device files live in `Architectures/fpga/devices/`, each value with its source.
///
/// ```yaml
/// device: alveo-u280
/// part: xcu280-fsvh2892-2L-e
/// resources: {luts: 1303680, ffs: 2607360, dsps: 9024, bram18: 4032, urams: 960}
/// slrs: 3                       # per-SLR limits = resources / slrs unless per_slr: is given
/// shell_reserve_percent: 10     # of every resource, kept for the platform shell (static region)
/// memory: {kind: HBM2, channels: 32, channel_gb_per_s: 14.375, latency_ns: 120, capacity_gib: 8}
/// clock_mhz: {min: 50, max: 500}
/// static_power_w: 18
/// ```
public struct FPGADevice: Sendable, Equatable {
    public var name: String
    public var part: String
    public var resources: FPGAResources
    public var slrs: Int
    public var perSLR: FPGAResources
    public var shellReservePercent: Double
    public var memoryKind: String
    public var memoryChannels: Int
    public var channelGigabytesPerSecond: Double
    public var memoryLatencyNanoseconds: Double
    public var memoryCapacityGiB: Double
    public var clockRangeMegahertz: ClosedRange<Double>
    public var staticPowerWatts: Double

    /// What designs may use: the device less the shell's reserve.
    public var available: FPGAResources { resources.scaled(by: 1 - shellReservePercent / 100) }
    /// Per SLR, less the same reserve.
    public var availablePerSLR: FPGAResources { perSLR.scaled(by: 1 - shellReservePercent / 100) }
    /// The off-chip roofline: channels × GB/s.
    public var memoryGigabytesPerSecond: Double { Double(memoryChannels) * channelGigabytesPerSecond }

    static let keys = ["device", "part", "resources", "slrs", "per_slr", "shell_reserve_percent", "memory", "clock_mhz",
                       "static_power_w", "sources"]

    /// Reads a device file (`path` for messages).
    public static func load(path: String) throws -> FPGADevice {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw InputError(file: path, "cannot read the FPGA device file (missing, or not UTF-8 text); shipped devices are in "
                             + "Architectures/fpga/devices/")
        }
        return try parse(try ConfigSection.load(yaml: text, file: path))
    }

    public static func parse(_ section: ConfigSection) throws -> FPGADevice {
        let name = try section.string("device")
        let part = try section.string("part", default: name)
        guard let resourceSection = try section.section("resources") else {
            throw section.error("resources", "missing: the device's totals {luts, ffs, dsps, bram18, urams}")
        }
        let resources = try parseResources(resourceSection)
        let slrs = try section.int("slrs", default: 1, range: 1...8)
        var perSLR = FPGAResources()
        if let perSection = try section.section("per_slr") {
            perSLR = try parseResources(perSection)
            for kind in FPGAResources.Kind.allCases where perSLR[kind] * slrs < resources[kind] {
                throw perSection.error(kind.rawValue + "s", "\(perSLR[kind]) per SLR × \(slrs) SLRs is less than the device's "
                                       + "\(resources[kind]) \(kind.label)")
            }
        } else {
            for kind in FPGAResources.Kind.allCases { perSLR[kind] = resources[kind] / slrs }
        }
        let reserve = try section.double("shell_reserve_percent", default: 10, range: 0...90)
        guard let memory = try section.section("memory") else {
            throw section.error("memory", "missing: the off-chip memory {kind, channels, channel_gb_per_s, latency_ns}")
        }
        let kind = try memory.string("kind")
        let channels = try memory.int("channels", range: 1...256)
        let bandwidth = try memory.double("channel_gb_per_s", range: 0.01...1_000)
        let latency = try memory.double("latency_ns", default: 100, range: 0...100_000)
        let capacity = try memory.double("capacity_gib", default: 0, range: 0...1_024)
        try memory.finish()
        var clock: ClosedRange<Double> = 10...1_000
        if let clockSection = try section.section("clock_mhz") {
            let low = try clockSection.double("min", range: 1...2_000)
            let high = try clockSection.double("max", range: 1...2_000)
            guard low <= high else { throw clockSection.error("max", "\(high) is below min \(low)") }
            clock = low...high
            try clockSection.finish()
        }
        let staticPower = try section.double("static_power_w", range: 0...1_000)
        if section.has("sources") { section.markRead("sources") }
        try section.finish(allowedHint: keys)
        return FPGADevice(name: name, part: part, resources: resources, slrs: slrs, perSLR: perSLR, shellReservePercent: reserve,
                          memoryKind: kind, memoryChannels: channels, channelGigabytesPerSecond: bandwidth,
                          memoryLatencyNanoseconds: latency, memoryCapacityGiB: capacity, clockRangeMegahertz: clock,
                          staticPowerWatts: staticPower)
    }

    static func parseResources(_ section: ConfigSection) throws -> FPGAResources {
        let resources = FPGAResources(
            luts: try section.int("luts", range: 1...100_000_000), ffs: try section.int("ffs", range: 1...200_000_000),
            dsps: try section.int("dsps", range: 0...1_000_000), bram18: try section.int("bram18", range: 0...1_000_000),
            urams: try section.int("urams", default: 0, range: 0...100_000))
        try section.finish()
        return resources
    }
}
