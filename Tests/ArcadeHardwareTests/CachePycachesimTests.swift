import ArcadeCore
import ArcadeWorkloads
import Foundation
import Testing
@testable import ArcadeHardware

/// `--compat pycachesim` against pycachesim 0.3.1's own counts (fixtures written by
/// bench/cache/pycachesim-fixtures.sh): every shipped real-program trace (Workloads/traces, valgrind
/// lackey) on 1-, 2- and 3-level hierarchies, LRU and FIFO, write-back and write-through, and the
/// unit cases (line-crossing accesses, write policies, pycachesim's own tests/test.py cases).
@Suite("Cache: exact against pycachesim")
struct CachePycachesimTests {
    static let root = FamilyConformance.repositoryRoot
    static let folder = root + "/Tests/ArcadeHardwareTests/Fixtures/cache/pycachesim"
    static let counters = ["LOAD_count", "LOAD_byte", "STORE_count", "STORE_byte", "HIT_count", "HIT_byte",
                           "MISS_count", "MISS_byte", "EVICT_count", "EVICT_byte"]
    /// The report's `levels` column of each pycachesim counter in compat mode.
    static let columns = ["loads", "load_bytes", "stores", "store_bytes", "hits", "hit_bytes", "misses", "miss_bytes",
                          "evictions", "evict_bytes"]

    static let traceFixtures: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(".json") && $0.contains("--") }.sorted()
    }()

    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func int(_ value: Any?) -> Int64 { (value as? NSNumber)?.int64Value ?? -1 }

    @Test func everyTraceAndHierarchyHasAFixture() {
        // 4 traces × 8 hierarchies (1, 2 and 3 levels).
        #expect(Self.traceFixtures.count == 32)
        for levels in ["l1-", "l2-", "l3-"] { #expect(Self.traceFixtures.contains { $0.contains("--" + levels) }) }
    }

    @Test(arguments: traceFixtures)
    func realProgramTrace(_ fixture: String) throws {
        let expected = try Self.json(Self.folder + "/" + fixture)
        let tracePath = Self.root + "/" + (expected["trace"] as! String)
        let model = try HardwareRegistry.loadArchitecture(path: Self.root + "/" + (expected["hierarchy"] as! String))
        let report = try model.simulate(workloadPath: tracePath, options: SimulationOptions(compatibility: "pycachesim"))
        let trace = try AddressTraceReader.read(path: tracePath)
        let lines = try #require(expected["lines"] as? [String: Any])
        #expect(Int64(trace.instructions) == Self.int(lines["instructions"]))
        #expect(Int64(trace.loads) == Self.int(lines["loads"]))
        #expect(Int64(trace.stores) == Self.int(lines["stores"]))
        #expect(Int64(trace.modifies) == Self.int(lines["modifies"]))
        let levels = try #require(report.tables.first { $0.name == "levels" })
        let expectedLevels = try #require(expected["levels"] as? [[String: Any]])
        #expect(levels.rowCount == expectedLevels.count)
        for (row, level) in expectedLevels.enumerated() where row < levels.rowCount {
            for (counter, column) in zip(Self.counters, Self.columns) {
                let value = levels.column(column)?[row]
                #expect(value == .int(Self.int(level[counter])), "\(fixture) \(level["name"]!) \(counter)")
            }
        }
        let memory = try #require(expected["memory"] as? [String: Any])
        #expect(report.total("memory_reads") == .int(Self.int(memory["LOAD_count"])))
        #expect(report.total("memory_writes") == .int(Self.int(memory["STORE_count"])))
    }

    // MARK: - Unit cases

    static let unitCases: [String] = {
        guard let data = FileManager.default.contents(atPath: folder + "/unit-cases.json"),
              let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cases = document["cases"] as? [[String: Any]] else { return [] }
        return cases.compactMap { $0["name"] as? String }
    }()

    static func unitCase(_ name: String) throws -> [String: Any] {
        let document = try json(folder + "/unit-cases.json")
        let cases = try #require(document["cases"] as? [[String: Any]])
        return try #require(cases.first { $0["name"] as? String == name })
    }

    /// The hierarchy of a unit case's inline levels.
    static func hierarchy(_ levels: [[String: Any]]) throws -> CacheHierarchy {
        var yaml = "family: cache\nlevels:\n"
        for level in levels {
            let sets = int(level["sets"])
            yaml += "  - {name: \(level["name"]!), sets: \(sets), ways: \(int(level["ways"])), "
                + "line_bytes: \(int(level["line_bytes"])), replacement: \(level["replacement"]!), "
                + "write_policy: \(level["write_policy"] ?? "write_back"), "
                + "write_allocate: \((level["write_allocate"] as? Bool ?? true) ? "true" : "false")"
                + (sets & (sets - 1) != 0 ? ", set_index: modulo" : "") + "}\n"
        }
        let architecture = try CacheArchitecture.parse(ConfigSection.load(yaml: yaml, file: "unit-case.yaml"))
        return CacheHierarchy(levels: architecture.levels, instructionLevel: nil, compat: true)
    }

    static func check(_ hierarchy: CacheHierarchy, against expected: [String: Any], _ label: String) throws {
        let levels = try #require(expected["levels"] as? [[String: Any]])
        for (level, counts) in zip(hierarchy.levels, levels) {
            let c = level.pycachesim
            let values = [c.loadCount, c.loadBytes, c.storeCount, c.storeBytes, c.hitCount, c.hitBytes, c.missCount,
                          c.missBytes, c.evictCount, c.evictBytes]
            for (counter, value) in zip(counters, values) {
                #expect(value == int(counts[counter]), "\(label) \(level.name) \(counter)")
            }
        }
    }

    @Test(arguments: unitCases)
    func unitCase(_ name: String) throws {
        let unit = try Self.unitCase(name)
        let hierarchy = try Self.hierarchy(try #require(unit["levels"] as? [[String: Any]]))
        let snapshots = unit["snapshots"] as? [[String: Any]] ?? []
        let first = hierarchy.levels[0]
        for (index, op) in try #require(unit["ops"] as? [[String: Any]]).enumerated() {
            let address = UInt64(max(0, Self.int(op["addr"]))), length = UInt64(max(1, Self.int(op["length"])))
            switch op["op"] as? String {
            case "load": _ = first.load(address, length, counted: true)
            case "store": _ = first.store(address, length, counted: true)
            case "modify":
                _ = first.load(address, length, counted: true)
                _ = first.store(address, length, counted: true)
            case "load_each", "store_each":
                let isLoad = op["op"] as? String == "load_each"
                for a in stride(from: Self.int(op["start"]), to: Self.int(op["stop"]), by: Int(Self.int(op["step"]))) {
                    if isLoad { _ = first.load(UInt64(a), length, counted: true) } else { _ = first.store(UInt64(a), length, counted: true) }
                }
            case "force_write_back": hierarchy.forceWriteBack()
            case "reset_stats":
                for level in hierarchy.levels { level.pycachesim = PycachesimCounters() }
            case "snapshot":
                let snapshot = try #require(snapshots.first { Self.int($0["after_op"]) == Int64(index) })
                try Self.check(hierarchy, against: snapshot, "\(name) after op \(index)")
            default:
                Issue.record("unknown op \(op)")
            }
        }
        try Self.check(hierarchy, against: try #require(unit["expected"] as? [String: Any]), name)
        if let contents = unit["contents"] as? [String: [NSNumber]] {
            for level in hierarchy.levels {
                var held: [Int64] = []
                for entry in 0..<(level.config.sets * level.ways) where level.storage.entries[entry].tag != CacheSetStorage.invalid {
                    held.append(Int64(level.storage.entries[entry].tag << level.lineBits))
                }
                #expect(held.sorted() == (contents[level.name] ?? []).map(\.int64Value), "\(name) \(level.name) contents")
            }
        }
    }
}
