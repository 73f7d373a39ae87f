import ArcadeCore

/// How a level chooses the entry to replace.
enum CacheReplacement: String, Sendable, CaseIterable {
    case lru, fifo, random
    /// Static re-reference interval prediction (Jaleel et al., ISCA 2010), 2-bit RRPVs: insert at 2,
    /// promote to 0 on a hit, evict the first entry at 3 (ageing the set until one is).
    case srrip
    /// Dynamic RRIP: set dueling between SRRIP and bimodal RRIP (insert at 3, at 2 one time in 32),
    /// 32 leader sets each and a 10-bit policy selector (the same paper).
    case drrip

    /// LRU and FIFO keep entries in order (pycachesim's placement queue); the others replace in place.
    var isOrdered: Bool { self == .lru || self == .fifo }
}

/// Whether a level holds copies of the lines of the levels above it.
enum CacheInclusion: String, Sendable, CaseIterable {
    /// Neither enforced (pycachesim's only behaviour): no back-invalidation, fills go to every level.
    case nonInclusive = "non_inclusive"
    /// Every line above is also here: evicting a line here removes it above (back-invalidation).
    case inclusive
    /// A line is here or in the level above, never both: a hit here moves the line up, and lines
    /// the level above evicts (clean or dirty) are put here (a victim cache, as Zen's L3).
    case exclusive
}

/// Where a stacked level keeps its tags.
enum StackedTagPlacement: String, Sendable, CaseIterable {
    /// On the base die: a lookup knows hit or miss after the tag latency, only hits cross layers.
    case base
    /// With the data in each layer: every lookup crosses to the farthest layer that may hold the line.
    case withData = "with_data"
}

/// How a stacked level's lines are spread over its layers.
enum StackedLineMapping: String, Sendable, CaseIterable {
    /// Consecutive sets go to consecutive layers (set mod layers), then to banks.
    case bySet = "by_set"
    /// A set's ways are split across layers (the stacked die adds ways to each set, as AMD's
    /// V-Cache adds capacity to each L3 slice); the bank is set mod banks.
    case byWay = "by_way"
}

/// A level made of SRAM layers stacked on the logic die (AMD 3D V-Cache, LARC): the level's
/// capacity is spread over `dataLayers` layers of `banksPerLayer` banks; reaching layer k costs
/// k × `verticalLatencyCycles` through the TSVs / hybrid bonds, each layer's vertical link moves
/// `verticalBytesPerCycle`, and a bank is busy `bankBusyCycles` per access, so accesses queue on a
/// busy bank or link.
struct StackedLayout: Sendable, Equatable {
    /// Stacked SRAM layers above the base die.
    var layers: Int
    /// Whether the base die holds data too (V-Cache: 32 MiB on the CCD, 64 MiB stacked).
    var baseHoldsData: Bool
    var banksPerLayer: Int
    var verticalLatencyCycles: Int
    var horizontalLatencyCycles: Int
    var verticalBytesPerCycle: Int
    var bankBusyCycles: Int
    var tags: StackedTagPlacement
    var mapping: StackedLineMapping
    /// Relative capacity of each data layer, base die first when it holds data (V-Cache: [1, 2],
    /// 32 MiB on the CCD and 64 MiB stacked); equal when not given.
    var shares: [Int]
    /// Each stacked layer's capacity when the level's size follows from its layers (`layer_kib`).
    var layerBytes: Int? = nil

    /// Layers that hold lines (layer 0 is the base die when it holds data).
    var dataLayers: Int { layers + (baseHoldsData ? 1 : 0) }
    var totalShares: Int { shares.reduce(0, +) }

    /// The data layer of a line in `set` at physical way `frame` of a level with `ways` ways:
    /// `by_set` deals sets out to layers in proportion to their shares (set mod Σshares), `by_way`
    /// gives each layer its share of the ways.
    @inline(__always)
    func layer(set: Int, frame: Int, ways: Int) -> Int {
        var slot = mapping == .bySet ? set % totalShares : frame * totalShares / ways
        for (layer, share) in shares.enumerated() {
            if slot < share { return layer }
            slot -= share
        }
        return shares.count - 1
    }

    /// Vertical crossings to reach data layer `index`.
    func crossings(toLayer index: Int) -> Int { baseHoldsData ? index : index + 1 }

    static let keys = ["layers", "base_holds_data", "banks_per_layer", "vertical_latency_cycles",
                       "horizontal_latency_cycles", "vertical_bytes_per_cycle", "bank_busy_cycles", "tags", "mapping", "shares", "layer_kib"]

    static func parse(_ section: ConfigSection) throws -> StackedLayout {
        guard section.has("layers") else {
            throw section.error("layers", "is required: a stacked level needs its number of SRAM layers (0...16)")
        }
        var layout = StackedLayout(
            layers: try section.int("layers", range: 0...16),
            baseHoldsData: try section.bool("base_holds_data", default: false),
            banksPerLayer: try section.int("banks_per_layer", default: 8, range: 1...1024),
            verticalLatencyCycles: try section.int("vertical_latency_cycles", default: 1, range: 0...1000),
            horizontalLatencyCycles: try section.int("horizontal_latency_cycles", default: 0, range: 0...1000),
            verticalBytesPerCycle: try section.int("vertical_bytes_per_cycle", default: 64, range: 1...1_048_576),
            bankBusyCycles: try section.int("bank_busy_cycles", default: 1, range: 1...1000),
            tags: StackedTagPlacement(rawValue: try section.choice("tags", StackedTagPlacement.allCases.map(\.rawValue),
                                                                   default: "base"))!,
            mapping: StackedLineMapping(rawValue: try section.choice("mapping", StackedLineMapping.allCases.map(\.rawValue),
                                                                     default: "by_set"))!,
            shares: [])
        guard layout.dataLayers > 0 else {
            throw section.error("layers", "0 layers and no data on the base die leave the level without capacity; allowed: 1...16 "
                                    + "layers, or 0 with base_holds_data: true")
        }
        layout.shares = Array(repeating: 1, count: layout.dataLayers)
        if section.has("layer_kib") {
            layout.layerBytes = try section.int("layer_kib", range: 1...(1 << 22)) << 10
            guard !section.has("shares") else {
                throw section.error("shares", "follow from layer_kib and the base die's sets; give one or the other")
            }
        }
        if let shares = try section.intList("shares", range: 1...64) {
            guard shares.count == layout.dataLayers else {
                throw section.error("shares", "\(shares.count) shares for \(layout.dataLayers) data layers; expected one per data "
                                        + "layer (the base die first when base_holds_data), e.g. [1, 2]")
            }
            layout.shares = shares
        }
        try section.finish(allowedHint: keys)
        return layout
    }
}

/// One level of the hierarchy as its architecture file describes it.
struct CacheLevelConfig: Sendable, Equatable {
    var name: String
    var sets: Int
    var ways: Int
    var lineBytes: Int
    var replacement: CacheReplacement
    var writeBack: Bool
    var writeAllocate: Bool
    var hitLatencyCycles: Int
    /// Misses the level can have outstanding at once (its miss status holding registers).
    var mshrs: Int
    var inclusion: CacheInclusion
    var stacked: StackedLayout?
    /// The set is line mod sets (`set_index: modulo`) rather than the line's low bits.
    var setIndexModulo: Bool = false
    /// Seed of `random` replacement and of DRRIP's bimodal insertion.
    var seed: UInt64

    var capacityBytes: Int { sets * ways * lineBytes }
    var lineBits: Int { lineBytes.trailingZeroBitCount }

    static let keys = ["name", "sets", "ways", "line_bytes", "replacement", "write_policy", "write_allocate",
                       "hit_latency_cycles", "mshrs", "inclusion", "stacked", "set_index", "seed"]

    static func parse(_ section: ConfigSection, index: Int, defaultLatency: Int) throws -> CacheLevelConfig {
        let name = try section.string("name", default: "L\(index + 1)")
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            throw section.error("name", "'\(name)' is not a level name; allowed: letters, digits, _ and -")
        }
        let ways = try section.int("ways", range: 1...256)
        let lineBytes = try section.int("line_bytes", default: 64, range: 1...4096)
        guard lineBytes & (lineBytes - 1) == 0 else {
            throw section.error("line_bytes", "\(lineBytes) is not a power of two; allowed: 1, 2, 4, … 4096")
        }
        var stacked: StackedLayout? = nil
        if section.has("stacked") {
            guard let stackedSection = try section.section("stacked") else { preconditionFailure("has() said it is there") }
            stacked = try StackedLayout.parse(stackedSection)
        }
        let sets: Int
        if var layout = stacked, let layerBytes = layout.layerBytes {
            // Capacity from the layers: the base die's sets (when it holds data) plus layer_kib per layer.
            let entryBytes = ways * lineBytes
            var baseBytes = 0
            if layout.baseHoldsData {
                baseBytes = try section.int("sets", range: 1...(1 << 24)) * entryBytes
            } else if section.has("sets") {
                throw section.error("sets", "with stacked.layer_kib and no data on the base die the sets follow from the layers "
                                        + "(layers × layer_kib / (ways × line_bytes)); remove sets, or set base_holds_data: true "
                                        + "to give the base die's sets")
            }
            let total = baseBytes + layout.layers * layerBytes
            guard total % entryBytes == 0, total / entryBytes <= 1 << 24, total > 0 else {
                throw section.error("stacked", "\(total) bytes (\(layout.layers) layers × \(layerBytes >> 10) KiB"
                                        + (baseBytes > 0 ? " + \(baseBytes >> 10) KiB on the base die" : "")
                                        + ") is not a whole number of sets of \(ways) ways × \(lineBytes) B, or more than 2^24 sets")
            }
            sets = total / entryBytes
            let unit = (baseBytes > 0 ? [baseBytes, layerBytes] : [layerBytes]).reduce(0) { gcd($0, $1) }
            layout.shares = (baseBytes > 0 ? [baseBytes / unit] : []) + Array(repeating: layerBytes / unit, count: layout.layers)
            stacked = layout
        } else {
            sets = try section.int("sets", range: 1...(1 << 24))
        }
        let modulo = try section.choice("set_index", ["bits", "modulo"], default: "bits") == "modulo"
        guard modulo || sets & (sets - 1) == 0 else {
            throw section.error("sets", "\(sets) \(stacked?.layerBytes != nil ? "(from the layers) " : "")is not a power of two; "
                                    + "allowed: 1, 2, 4, … 16777216 (the set index is line address bits), or any count with "
                                    + "'set_index: modulo' (the set is line mod sets, as pycachesim indexes and as parts with hashed "
                                    + "indices such as 20480 or 98304 sets behave)")
        }
        let replacement = CacheReplacement(rawValue: try section.choice("replacement", CacheReplacement.allCases.map(\.rawValue),
                                                                        default: "lru"))!
        let writePolicy = try section.choice("write_policy", ["write_back", "write_through"], default: "write_back")
        let inclusion = CacheInclusion(rawValue: try section.choice("inclusion", CacheInclusion.allCases.map(\.rawValue),
                                                                    default: "non_inclusive"))!
        let config = CacheLevelConfig(
            name: name, sets: sets, ways: ways, lineBytes: lineBytes, replacement: replacement,
            writeBack: writePolicy == "write_back", writeAllocate: try section.bool("write_allocate", default: true),
            hitLatencyCycles: try section.int("hit_latency_cycles", default: defaultLatency, range: 1...100_000),
            mshrs: try section.int("mshrs", default: 16, range: 1...4096), inclusion: inclusion, stacked: stacked,
            setIndexModulo: modulo,
            seed: UInt64(try section.int("seed", default: 1, range: 0...Int.max)))
        if let stacked, stacked.mapping == .byWay ? ways % stacked.totalShares != 0 : sets % stacked.totalShares != 0 {
            throw section.error("stacked", "the layers' shares (Σ = \(stacked.totalShares)) do not divide the level's "
                                    + (stacked.mapping == .byWay ? "\(ways) ways (mapping: by_way splits the ways across layers)"
                                                                 : "\(sets) sets (mapping: by_set deals sets out to layers)"))
        }
        try section.finish(allowedHint: keys)
        return config
    }
}

private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
