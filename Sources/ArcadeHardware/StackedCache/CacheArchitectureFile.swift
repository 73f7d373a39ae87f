import ArcadeCore
import ArcadeKernel

/// What the last level's misses go to.
enum CacheMemory: Sendable {
    /// A `family: dram` file: the DRAM component on the same kernel.
    case dram(DRAMModel, path: String)
    /// A memory answering every transaction `latencyCycles` core cycles after its interface (of
    /// `bytesPerCycle`, nil = unlimited) has moved it.
    case fixed(latencyCycles: Int, bytesPerCycle: Int?)
}

/// A cache hierarchy as its architecture file describes it:
///
/// ```yaml
/// family: cache
/// clock_ghz: 4.0                   # the core's and the levels' clock (latencies are in its cycles)
/// outstanding_accesses: 16         # the core's window of accesses in flight
/// levels:
///   - {name: L1, sets: 64, ways: 8, line_bytes: 64, replacement: lru, hit_latency_cycles: 4}
///   - {name: L2, sets: 1024, ways: 16, line_bytes: 64, replacement: lru, hit_latency_cycles: 14}
///   - {name: L3, sets: 8192, ways: 16, line_bytes: 64, replacement: lru, hit_latency_cycles: 40,
///      stacked: {layers: 2, banks_per_layer: 8, vertical_latency_cycles: 2}}
/// l1i: {sets: 64, ways: 8, hit_latency_cycles: 4}   # optional: instruction fetches go here
/// memory: ../dram/ddr4-3200.yaml   # or {latency_cycles: 200, bytes_per_cycle: 32}
/// ```
struct CacheArchitecture: Sendable {
    var name: String
    var clockKilohertz: UInt64
    var outstandingAccesses: Int
    var levels: [CacheLevelConfig]
    var instructionLevel: CacheLevelConfig?
    var memory: CacheMemory

    static let keys = ["family", "name", "description", "clock_ghz", "outstanding_accesses", "levels", "l1i", "memory"]
    static let maxLevels = 8

    static func parse(_ document: ConfigSection) throws -> CacheArchitecture {
        document.markRead("family")
        _ = try document.optionalString("description")
        let name = try document.string("name", default: "cache")
        let clock = try document.double("clock_ghz", default: 4.0, range: 0.001...100)
        let outstanding = try document.int("outstanding_accesses", default: 1, range: 1...4096)
        guard let levelSections = try document.sectionList("levels") else {
            throw document.error("levels", "is required: a list of levels, first (closest to the core) to last, "
                                     + "e.g. '- {name: L1, sets: 64, ways: 8, line_bytes: 64, hit_latency_cycles: 4}'")
        }
        guard levelSections.count <= maxLevels else {
            throw document.error("levels", "\(levelSections.count) levels; allowed: 1...\(maxLevels)")
        }
        var levels: [CacheLevelConfig] = []
        for (index, section) in levelSections.enumerated() {
            let level = try CacheLevelConfig.parse(section, index: index, defaultLatency: [4, 14, 40, 60][min(index, 3)])
            if levels.contains(where: { $0.name == level.name }) {
                throw section.error("name", "'\(level.name)' names two levels; level names must differ")
            }
            if level.inclusion != .nonInclusive {
                guard index > 0 else {
                    throw section.error("inclusion", "the first level has no level above it; inclusive and exclusive "
                                            + "describe a level's relation to the one above")
                }
                guard level.lineBytes == levels[index - 1].lineBytes else {
                    throw section.error("inclusion", "\(level.inclusion.rawValue) needs the same line_bytes as the level "
                                            + "above (\(levels[index - 1].lineBytes)); this level has \(level.lineBytes)")
                }
            }
            levels.append(level)
        }
        var instructionLevel: CacheLevelConfig? = nil
        if let section = try document.section("l1i") {
            var level = try CacheLevelConfig.parse(section, index: 0, defaultLatency: 4)
            if !section.has("name") { level.name = "L1I" }
            guard level.inclusion == .nonInclusive, level.stacked == nil else {
                throw document.error("l1i", "an L1I is a plain level: no inclusion or stacked keys")
            }
            if levels.count > 1 && levels[1].inclusion == .exclusive {
                throw document.error("l1i", "the second level is exclusive of the first; with an L1I beside it the line "
                                         + "could be in both L1s, so an exclusive second level is not allowed with l1i")
            }
            guard !levels.contains(where: { $0.name == level.name }) else {
                throw document.error("l1i", "'\(level.name)' is also a data level's name; level names must differ")
            }
            instructionLevel = level
        }
        let memory = try parseMemory(document)
        try document.finish(allowedHint: keys)
        return CacheArchitecture(name: name, clockKilohertz: UInt64((clock * 1e6).rounded()), outstandingAccesses: outstanding,
                                 levels: levels, instructionLevel: instructionLevel, memory: memory)
    }

    static func parseMemory(_ document: ConfigSection) throws -> CacheMemory {
        guard document.has("memory") else { return .fixed(latencyCycles: 200, bytesPerCycle: nil) }
        if let path = try? document.optionalString("memory") {
            let dram = try ArchitectureReferences.dram(path, key: "memory", from: document)
            return .dram(dram, path: path)
        }
        guard let section = try document.section("memory") else { preconditionFailure("has() said it is there") }
        let latency = try section.int("latency_cycles", range: 0...1_000_000)
        let width = section.has("bytes_per_cycle") ? try section.int("bytes_per_cycle", range: 1...1_048_576) : nil
        try section.finish(allowedHint: ["latency_cycles", "bytes_per_cycle"])
        return .fixed(latencyCycles: latency, bytesPerCycle: width)
    }

    var clock: ClockDomain { ClockDomain(frequencyKilohertz: clockKilohertz) }

    /// Throws unless pycachesim can build this hierarchy: LRU or FIFO, non-inclusive, its write
    /// policy combinations, no L1I (its `CacheSimulator` has one chain).
    func checkPycachesimCompatible(file: String) throws {
        for level in levels {
            let field = "levels.\(level.name)"
            guard level.replacement == .lru || level.replacement == .fifo else {
                throw InputError(file: file, field: field + ".replacement",
                                 "'\(level.replacement.rawValue)' has no pycachesim equivalent in --compat pycachesim; allowed: lru, fifo "
                                     + "(pycachesim's RR is unseeded rand(), MRU is broken upstream)")
            }
            guard level.inclusion == .nonInclusive else {
                throw InputError(file: file, field: field + ".inclusion",
                                 "pycachesim is non-inclusive only; allowed with --compat pycachesim: non_inclusive")
            }
            guard level.writeBack || !level.writeAllocate else {
                throw InputError(file: file, field: field + ".write_allocate",
                                 "pycachesim refuses write_through with write_allocate; allowed with --compat pycachesim: "
                                     + "write_back (with or without write_allocate) or write_through with write_allocate: false")
            }
        }
        if instructionLevel != nil {
            throw InputError(file: file, field: "l1i", "pycachesim simulates one chain of levels; remove l1i for --compat pycachesim")
        }
    }
}
